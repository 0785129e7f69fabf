import { parseArgs } from 'node:util';
import { checkCore } from '../../bank/http/check.ts';
import { resolveEnv } from '../../config/env.ts';
import { isCurrencyCode, parseDecimal, type Money } from '../../shared/index.ts';
import type { CliIo } from '../io.ts';

export const CORE_CHECK_HELP = `teller core-check --url URL --token TOKEN --customer ID [--other ID]
                  [--from ACCOUNT --to ACCOUNT --amount 0.01 --currency USD] [--json]

Checks a bank's facade against the Teller core API (docs/bank-api.md) before a node runs on it
(TELLER_BANK_URL). It checks that:
- the token is accepted, and a wrong token and an unknown method are refused;
- the test customer is known, with integer minor units, and an unknown customer answers nothing;
- with --other, the test customer cannot move money out of another customer's account (the
  attempt is refused, so nothing moves).
With --from, --to and --amount it moves that amount once between two of the test customer's own
accounts, to check the money contract: the same idempotency key again is a replay of the same
movement, and the key reused for another amount is refused. Use a test customer.
Exit code 0 when every check passes, 1 otherwise.`;

/** `teller core-check`: the facade's report, one line per check. */
export async function coreCheckCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      customer: { type: 'string' },
      other: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      amount: { type: 'string' },
      currency: { type: 'string', default: 'USD' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(CORE_CHECK_HELP);
    return 0;
  }
  const token = resolveEnv('TELLER_BANK_TOKEN', values.token);
  const url = resolveEnv('TELLER_BANK_URL', values.url);
  if (!url || !token || !values.customer) {
    io.err(`usage: ${CORE_CHECK_HELP.split('\n')[0] ?? ''}`);
    return 2;
  }
  let transfer: { fromAccountId: string; toAccountId: string; amount: Money } | undefined;
  if (values.from || values.to || values.amount) {
    const currency = values.currency.toUpperCase();
    const parsed = isCurrencyCode(currency) ? parseDecimal(values.amount, currency) : undefined;
    if (!values.from || !values.to || !parsed?.ok || parsed.value <= 0 || !isCurrencyCode(currency)) {
      io.err('--from, --to and --amount go together: a positive amount such as --amount 0.01 --currency USD');
      return 2;
    }
    transfer = {
      fromAccountId: values.from,
      toAccountId: values.to,
      amount: { amountMinor: parsed.value, currency },
    };
  }
  const checks = await checkCore({
    baseUrl: url,
    token,
    customerId: values.customer,
    ...(values.other ? { otherCustomerId: values.other } : {}),
    ...(transfer ? { transfer } : {}),
  });
  if (values.json) io.out(JSON.stringify(checks));
  else for (const c of checks) io.out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  return checks.every((c) => c.ok) ? 0 : 1;
}
