import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  SqliteBank,
  verifyAuditChain,
  type BankingCore,
  type Idempotent,
  type Party,
} from '../../src/bank/index.ts';
import { tempDir } from '../helpers/tmp.ts';
import { world } from '../helpers/world.ts';
import { CUSTOMER, randomMovements } from './fixtures/random-movements.ts';

const run = promisify(execFile);

/** The request with the proof a node issues after the customer's biometric step-up for it. */
function steppedUp<R extends Idempotent>(bank: BankingCore, request: R): R {
  return { ...request, stepUp: bank.stepUpProofs.issue({ request, method: 'webauthn' }, bank.now()) };
}
const dir = tempDir();
const WORKER = fileURLToPath(new URL('./fixtures/random-movements.ts', import.meta.url));

const WORLD = world({
  now: '2026-11-26T10:00:00+08:00',
  customer: { name: 'Alice Chen' },
  accounts: [
    {
      id: 'checking',
      name: 'Everyday Checking',
      type: 'checking',
      currency: 'USD',
      balance: '2500.00',
      last4: '1234',
    },
    {
      id: 'savings',
      name: 'Savings',
      type: 'savings',
      currency: 'USD',
      balance: '10000.00',
      last4: '5678',
      overdraft: '100.00',
    },
  ],
  cards: [
    {
      id: 'visa',
      name: 'Platinum Visa',
      type: 'credit',
      last4: '9876',
      currency: 'USD',
      balance: '1020.50',
      statementBalance: '820.50',
      minimumDue: '35.00',
      creditLimit: '5000.00',
    },
  ],
  payees: [
    { id: 'bob', name: 'Bob Li' },
    { id: 'carol', name: 'Carol Wu' },
  ],
  billers: [{ id: 'power', name: 'City Power', accountRef: '88-1234' }],
});

/** Customer's net worth at the bank plus everything paid out to third parties: constant under any movement. */
async function ledgerTotal(bank: SqliteBank): Promise<number> {
  const accounts = await bank.listAccounts(CUSTOMER);
  const cards = await bank.listCards(CUSTOMER);
  const movements = await bank.listMovements(CUSTOMER, 1000);
  const outside = (p: Party) => p.kind === 'payee' || p.kind === 'biller' || p.kind === 'topup';
  const paidOut = movements
    .filter((m) => m.status === 'completed' && outside(m.to))
    .reduce((s, m) => s + m.amount.amountMinor, 0);
  return (
    accounts.reduce((s, a) => s + a.balanceMinor, 0) - cards.reduce((s, c) => s + c.balanceMinor, 0) + paidOut
  );
}

async function expectNothingNegative(bank: SqliteBank): Promise<void> {
  for (const a of await bank.listAccounts(CUSTOMER))
    expect(a.balanceMinor).toBeGreaterThanOrEqual(-a.overdraftMinor);
  for (const c of await bank.listCards(CUSTOMER)) {
    expect(c.balanceMinor).toBeGreaterThanOrEqual(0);
    expect(c.balanceMinor).toBeLessThanOrEqual(c.creditLimitMinor);
  }
}

describe('money safety on a real SQLite file', () => {
  it('conserves money and keeps every balance within limits over 1,000 random movements', async () => {
    const bank = SqliteBank.create(WORLD, { path: join(dir, 'random.sqlite') });
    const before = await ledgerTotal(bank);
    const { committed, refused } = await randomMovements(bank, 42, 1000);
    expect(committed + refused).toBe(1000);
    expect(committed).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(50);
    expect(await ledgerTotal(bank)).toBe(before);
    await expectNothingNegative(bank);
    expect((await bank.listMovements(CUSTOMER, 1000)).length).toBe(committed);
    expect(verifyAuditChain(bank.db)).toBeUndefined();
    await bank.close();
  });

  it('loses no movement and corrupts nothing when two processes write the same file at once', async () => {
    const path = join(dir, 'two-processes.sqlite');
    const bank = SqliteBank.create(WORLD, { path });
    const before = await ledgerTotal(bank);
    const args = (seed: number) => ['--import', 'tsx', WORKER, path, String(seed), '500'];
    const results = await Promise.all([run(process.execPath, args(1)), run(process.execPath, args(2))]);
    const counts = results.map((r) => JSON.parse(r.stdout) as { committed: number; refused: number });
    const committed = counts.reduce((s, c) => s + c.committed, 0);
    expect(counts.reduce((s, c) => s + c.committed + c.refused, 0)).toBe(1000);
    expect((await bank.listMovements(CUSTOMER, 1000)).length).toBe(committed);
    expect(await ledgerTotal(bank)).toBe(before);
    await expectNothingNegative(bank);
    expect(bank.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyAuditChain(bank.db)).toBeUndefined();
    await bank.close();
  }, 120_000);

  it('replays an idempotency key without moving money again, and refuses its reuse for another request', async () => {
    const bank = SqliteBank.create(WORLD, { path: join(dir, 'replay.sqlite') });
    const request = {
      customerId: CUSTOMER,
      idempotencyKey: 'dialog-123:transfer:1',
      fromAccountId: 'checking',
      to: { kind: 'payee', id: 'bob' },
      amount: { amountMinor: 25_000, currency: 'USD' },
    } as const;
    const first = await bank.transfer(request);
    const second = await bank.transfer(request);
    expect(first.ok && second.ok).toBe(true);
    if (first.ok && second.ok) {
      expect(second.replayed).toBe(true);
      expect(second.movement.id).toBe(first.movement.id);
    }
    const checking = (await bank.listAccounts(CUSTOMER)).find((a) => a.id === 'checking');
    expect(checking?.balanceMinor).toBe(250_000 - 25_000);
    expect((await bank.listMovements(CUSTOMER)).length).toBe(1);
    const conflict = await bank.transfer({ ...request, amount: { amountMinor: 30_000, currency: 'USD' } });
    expect(conflict).toMatchObject({ ok: false, refusal: { code: 'TELLER_ERR_IDEMPOTENCY_CONFLICT' } });
    expect((await bank.listAccounts(CUSTOMER)).find((a) => a.id === 'checking')?.balanceMinor).toBe(225_000);
    await bank.close();
  });

  it('changes nothing on a refusal and audits each one with its code', async () => {
    const limited = world({
      ...{ now: '2026-11-26T10:00:00+08:00', dailyLimit: '300.00' },
      customer: { name: 'Alice Chen' },
      accounts: [
        { id: 'checking', name: 'Everyday Checking', type: 'checking', currency: 'USD', balance: '2500.00' },
      ],
      cards: [
        {
          id: 'visa',
          name: 'Platinum Visa',
          type: 'credit',
          last4: '9876',
          currency: 'USD',
          balance: '100.00',
          creditLimit: '5000.00',
          status: 'frozen',
        },
      ],
      payees: [{ id: 'bob', name: 'Bob Li' }],
      billers: [{ id: 'power', name: 'City Power', accountRef: '88-1234' }],
    });
    const bank = SqliteBank.create(limited, { path: join(dir, 'refusals.sqlite') });
    const snapshot = async () =>
      JSON.stringify([
        await bank.listAccounts(CUSTOMER),
        await bank.listCards(CUSTOMER),
        await bank.listMovements(CUSTOMER),
      ]);
    const before = await snapshot();
    const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });
    const key = (n: number) => `refusal-test-${n}`;
    const refusals = [
      [
        await bank.transfer(
          // Over the step-up threshold too: the customer passed it, and the limit still holds.
          steppedUp(bank, {
            customerId: CUSTOMER,
            idempotencyKey: key(1),
            fromAccountId: 'checking',
            to: { kind: 'payee', id: 'bob' },
            amount: usd(2_600_00),
          }),
        ),
        'TELLER_ERR_DAILY_LIMIT',
      ],
      [
        await bank.transfer({
          customerId: CUSTOMER,
          idempotencyKey: key(2),
          fromAccountId: 'checking',
          to: { kind: 'payee', id: 'zed' },
          amount: usd(10_00),
        }),
        'TELLER_ERR_UNKNOWN_PAYEE',
      ],
      [
        await bank.payBill({
          customerId: CUSTOMER,
          idempotencyKey: key(3),
          fromId: 'visa',
          billerId: 'power',
          amount: usd(50_00),
        }),
        'TELLER_ERR_CARD_NOT_ACTIVE',
      ],
      [
        await bank.changeCardPin(
          // A new PIN needs a step-up: the customer passed it, and the card's state still refuses.
          steppedUp(bank, { customerId: CUSTOMER, idempotencyKey: key(4), cardId: 'visa', newPin: '8531' }),
        ),
        'TELLER_ERR_CARD_NOT_ACTIVE',
      ],
      [
        await bank.repayCard({
          customerId: CUSTOMER,
          idempotencyKey: key(5),
          fromAccountId: 'checking',
          cardId: 'visa',
          amount: usd(200_00),
        }),
        'TELLER_ERR_INVALID_AMOUNT',
      ],
      [
        await bank.transfer({
          customerId: CUSTOMER,
          idempotencyKey: key(6),
          fromAccountId: 'checking',
          to: { kind: 'payee', id: 'bob' },
          amount: usd(-5),
        }),
        'TELLER_ERR_INVALID_AMOUNT',
      ],
      [
        await bank.transfer({
          customerId: 'someone-else',
          idempotencyKey: key(7),
          fromAccountId: 'checking',
          to: { kind: 'payee', id: 'bob' },
          amount: usd(5),
        }),
        'TELLER_ERR_NOT_FOUND',
      ],
      [
        await bank.changeCard({
          customerId: CUSTOMER,
          idempotencyKey: key(8),
          cardId: 'visa',
          action: 'activate',
        }),
        'TELLER_ERR_CARD_STATE',
      ],
    ] as const;
    for (const [result, code] of refusals) expect(result).toMatchObject({ ok: false, refusal: { code } });
    expect(await snapshot()).toBe(before);
    const big = await bank.transfer({
      customerId: CUSTOMER,
      idempotencyKey: key(9),
      fromAccountId: 'checking',
      to: { kind: 'account', id: 'checking' },
      amount: usd(1),
    });
    expect(big.ok).toBe(false);
    const audit = await bank.listAudit(undefined, 100);
    const refused = audit.filter((e) => e.outcome === 'refused').map((e) => e.code);
    for (const [, code] of refusals) expect(refused).toContain(code);
    // The new PIN never reaches the audit log. The chain's hex hashes are left out of the search:
    // one in ten thousand of them contains any four given digits (a flaky failure, seen in CI).
    expect(JSON.stringify(audit.map(({ hash: _hash, ...entry }) => entry))).not.toContain('8531');
    expect(verifyAuditChain(bank.db)).toBeUndefined();
    await bank.close();
  });

  it('keeps the audit log append-only at the database level', async () => {
    const bank = SqliteBank.create(WORLD, { path: join(dir, 'audit.sqlite') });
    expect(() => bank.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() => bank.db.prepare(`UPDATE audit SET action = 'x'`).run()).toThrow(/append-only/);
    await bank.close();
  });

  it('never lets one customer touch another customer’s accounts', async () => {
    const two = world({
      customers: [
        {
          customer: { id: 'a', name: 'A' },
          accounts: [{ id: 'a1', name: 'A1', type: 'checking', currency: 'USD', balance: '100.00' }],
          payees: [{ id: 'pa', name: 'P' }],
        },
        {
          customer: { id: 'b', name: 'B' },
          accounts: [{ id: 'b1', name: 'B1', type: 'checking', currency: 'USD', balance: '100.00' }],
        },
      ],
    });
    const bank = SqliteBank.create(two, { path: ':memory:' });
    const usd = { amountMinor: 100, currency: 'USD' as const };
    expect(
      await bank.transfer({
        customerId: 'b',
        idempotencyKey: 'cross-1-abc',
        fromAccountId: 'a1',
        to: { kind: 'account', id: 'b1' },
        amount: usd,
      }),
    ).toMatchObject({ ok: false, refusal: { code: 'TELLER_ERR_UNKNOWN_ACCOUNT' } });
    expect(
      await bank.transfer({
        customerId: 'b',
        idempotencyKey: 'cross-2-abc',
        fromAccountId: 'b1',
        to: { kind: 'payee', id: 'pa' },
        amount: usd,
      }),
    ).toMatchObject({ ok: false, refusal: { code: 'TELLER_ERR_UNKNOWN_PAYEE' } });
    expect(await bank.listAccounts('b')).toHaveLength(1);
    expect(await bank.searchTransactions('b', { accountId: 'a1' })).toEqual([]);
    await bank.close();
  });
});
