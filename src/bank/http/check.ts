import { randomUUID } from 'node:crypto';
import type { Money } from '../../shared/index.ts';
import { HttpBankingCore } from './http-core.ts';

export interface CoreCheckOptions {
  readonly baseUrl: string;
  readonly token: string;
  /** A test customer the core knows. */
  readonly customerId: string;
  /** Another customer: checks that the first cannot reach their accounts (moves nothing). */
  readonly otherCustomerId?: string;
  /** Moves `amount` from `fromAccountId` to the own account `toAccountId` once, to check idempotency. */
  readonly transfer?: {
    readonly fromAccountId: string;
    readonly toAccountId: string;
    readonly amount: Money;
  };
  readonly fetch?: typeof fetch;
}

export interface CoreCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Checks a bank's facade against the Teller core API contract (docs/bank-api.md) before Teller
 * runs on it: the token and unknown methods are refused, the test customer is known, customers are
 * kept apart, and, if asked to move a small amount, an idempotency key is honoured: a repeat
 * answers `replayed` with the same movement and moves nothing more, and the key reused for another
 * amount is refused. `teller core-check` prints the report.
 */
export async function checkCore(options: CoreCheckOptions): Promise<CoreCheck[]> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const core = new HttpBankingCore({ baseUrl: base, token: options.token, retries: 0 });
  const checks: CoreCheck[] = [];
  const check = async (name: string, run: () => Promise<string>): Promise<boolean> => {
    try {
      checks.push({ name, ok: true, detail: await run() });
      return true;
    } catch (error) {
      checks.push({ name, ok: false, detail: (error as Error).message });
      return false;
    }
  };
  const fail = (message: string): never => {
    throw new Error(message);
  };
  const raw = (method: string, token: string) =>
    fetch(`${base}/v1/core/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"args":[]}',
      signal: AbortSignal.timeout(5000),
    });

  await check('answers with the token', async () => {
    const rates = await core.listExchangeRates();
    return `listExchangeRates: ${rates.length} rates`;
  });
  await check('refuses a wrong token (401)', async () => {
    const res = await raw('listExchangeRates', `${options.token}-wrong`);
    return res.status === 401 ? 'HTTP 401' : fail(`HTTP ${res.status}`);
  });
  await check('refuses an unknown method (404)', async () => {
    const res = await raw('dropEverything', options.token);
    return res.status === 404 ? 'HTTP 404' : fail(`HTTP ${res.status}`);
  });
  const known = await check('knows the test customer', async () => {
    const customer = await core.getCustomer(options.customerId);
    if (!customer) fail(`getCustomer("${options.customerId}") answered nothing`);
    const accounts = await core.listAccounts(options.customerId);
    if (accounts.length === 0) fail('no accounts');
    for (const a of accounts)
      if (!Number.isSafeInteger(a.balanceMinor))
        fail(`account ${a.id}: balanceMinor ${a.balanceMinor} is not an integer`);
    return `${accounts.length} accounts, integer minor units`;
  });
  await check('answers nothing for an unknown customer', async () => {
    const nobody = await core.getCustomer(`no-such-customer-${randomUUID()}`);
    return nobody === undefined ? 'getCustomer: {}' : fail('answered a customer');
  });
  const other = options.otherCustomerId;
  if (known && other)
    await check("keeps customers apart (another customer's account is unknown)", async () => {
      const theirs = (await core.listAccounts(other))[0];
      if (!theirs) return fail(`the other customer "${other}" has no accounts`);
      const mine = (await core.listAccounts(options.customerId))[0];
      const tried = await core.transfer({
        customerId: options.customerId,
        idempotencyKey: `teller-core-check:${randomUUID()}`,
        fromAccountId: theirs.id,
        to: { kind: 'account', id: mine?.id ?? theirs.id },
        amount: { amountMinor: 1, currency: theirs.currency },
      });
      return tried.ok
        ? fail(`moved money from ${other}'s account ${theirs.id}`)
        : `refused: ${tried.refusal.code}`;
    });
  const move = options.transfer;
  if (known && move)
    await check('honours an idempotency key (one movement, a replay, a conflict refused)', async () => {
      const balance = async () =>
        (await core.listAccounts(options.customerId)).find((a) => a.id === move.fromAccountId)?.balanceMinor;
      const before = await balance();
      const request = {
        customerId: options.customerId,
        idempotencyKey: `teller-core-check:${randomUUID()}`,
        fromAccountId: move.fromAccountId,
        to: { kind: 'account' as const, id: move.toAccountId },
        amount: move.amount,
      };
      const first = await core.transfer(request);
      if (!first.ok) return fail(`the transfer was refused: ${first.refusal.code} ${first.refusal.message}`);
      const again = await core.transfer(request);
      if (!again.ok || !again.replayed) return fail('the same key again was not answered as a replay');
      if (again.movement.id !== first.movement.id) return fail('the replay names another movement');
      const conflict = await core.transfer({
        ...request,
        amount: { ...move.amount, amountMinor: move.amount.amountMinor + 1 },
      });
      if (conflict.ok) return fail('the key reused for another amount was accepted');
      const after = await balance();
      if (before !== undefined && after !== undefined && before - after !== move.amount.amountMinor)
        return fail(`the source moved by ${before - after} minor units, not ${move.amount.amountMinor}`);
      return `movement ${first.movement.id}, replayed, conflict refused (${conflict.refusal.code}), moved once`;
    });
  return checks;
}
