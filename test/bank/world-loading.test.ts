import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorld, SqliteBank } from '../../src/bank/index.ts';
import { formatDecimal } from '../../src/shared/index.ts';
import { tempDir } from '../helpers/tmp.ts';
import { exampleWorld } from '../helpers/world.ts';

const dir = tempDir();

const base = () => ({
  customer: { name: 'Alice Chen' },
  accounts: [
    { id: 'checking', name: 'Everyday Checking', type: 'checking', currency: 'USD', balance: '2500.00' },
  ],
});

describe('world loading', () => {
  it('round-trips the convo-format example: every balance reads back exactly from the SQLite file', async () => {
    const world = exampleWorld();
    const bank = SqliteBank.create(world, { path: join(dir, 'roundtrip.sqlite') });
    const reopened = new SqliteBank({ path: join(dir, 'roundtrip.sqlite') });
    const accounts = await reopened.listAccounts('alice-chen');
    expect(
      accounts.map((a) => [a.id, formatDecimal(a.balanceMinor, a.currency), a.currency, a.last4, a.primary]),
    ).toEqual([
      ['checking', '2500.00', 'USD', '1234', true],
      ['savings', '10000.00', 'USD', '5678', false],
    ]);
    const bill = await reopened.getCardBill('alice-chen', 'visa');
    expect(
      bill && [bill.currentBalance, bill.statementBalance, bill.minimumDue, bill.creditLimit, bill.dueDate],
    ).toEqual([
      { amountMinor: 102050, currency: 'USD' },
      { amountMinor: 82050, currency: 'USD' },
      { amountMinor: 3500, currency: 'USD' },
      { amountMinor: 500000, currency: 'USD' },
      '2026-12-15',
    ]);
    expect((await reopened.listPayees('alice-chen')).map((p) => [p.id, p.name, p.last4])).toEqual([
      ['bob', 'Bob Li', '4321'],
    ]);
    expect((await reopened.listBillers('alice-chen')).map((b) => [b.id, b.accountRef])).toEqual([
      ['power', '88-1234'],
    ]);
    const txns = await reopened.searchTransactions('alice-chen', {});
    expect(txns.map((t) => [t.accountId, t.date, t.merchant, t.amountMinor])).toEqual([
      ['checking', '2026-11-24', 'Starbucks', -640],
    ]);
    expect(await reopened.getExchangeRate('USD', 'CNY')).toEqual({ from: 'USD', to: 'CNY', rate: '7.1234' });
    expect((await reopened.getStepUpPolicy('alice-chen')).over).toEqual({
      amountMinor: 100000,
      currency: 'USD',
    });
    // The PIN's length (for the recogniser's digit grammar), never the PIN.
    expect((await reopened.getStepUpPolicy('alice-chen')).pinDigits).toBe(4);
    expect((await reopened.getDailyLimit('alice-chen'))?.limit).toEqual({
      amountMinor: 500000,
      currency: 'USD',
    });
    expect(await reopened.verifyPhonePin('alice-chen', '2468')).toBe('ok');
    expect(await reopened.verifyPhonePin('alice-chen', '2469')).toBe('wrong');
    expect((await reopened.findCustomerByPhone('+15550100'))?.id).toBe('alice-chen');
    expect((await reopened.findPlaces({ kind: 'atm' })).map((m) => m.place.id).sort()).toEqual(['a7', 'b1']);
    expect((await reopened.getCustomer('alice-chen'))?.timeZone).toBe('Etc/GMT-8');
    await reopened.close();
    await bank.close();
  });

  const bad: [string, (w: Record<string, unknown>) => unknown, RegExp][] = [
    ['an unknown top-level key', (w) => ({ ...w, stepUpover: '100.00' }), /world: unknown key "stepUpover"/],
    [
      'an unknown key in an account',
      (w) => ({ ...w, accounts: [{ ...(w.accounts as object[])[0], colour: 'blue' }] }),
      /world\.accounts\[0\]: unknown key "colour"/,
    ],
    [
      'float money',
      (w) => ({ ...w, accounts: [{ ...(w.accounts as object[])[0], balance: 2500.5 }] }),
      /world\.accounts\[0\]\.balance: money must be a decimal string like "2500\.00", got number 2500\.5/,
    ],
    [
      'too many decimals for the currency',
      (w) => ({ ...w, accounts: [{ ...(w.accounts as object[])[0], balance: '2500.005' }] }),
      /world\.accounts\[0\]\.balance: .*more than 2 decimal places for USD/,
    ],
    [
      'an unknown currency',
      (w) => ({ ...w, accounts: [{ ...(w.accounts as object[])[0], currency: 'XYZ' }] }),
      /world\.accounts\[0\]\.currency: unknown currency "XYZ"/,
    ],
    [
      'a duplicate id across kinds',
      (w) => ({ ...w, payees: [{ id: 'checking', name: 'Bob Li' }] }),
      /world\.payees\[0\]\.id: duplicate id "checking" \(already used at world\.accounts\[0\]\)/,
    ],
    [
      'a transaction on an unknown account',
      (w) => ({
        ...w,
        transactions: [{ account: 'nope', date: '2026-11-24', merchant: 'X', amount: '-1.00' }],
      }),
      /world\.transactions\[0\]\.account: unknown account or card "nope"/,
    ],
    [
      'a debit card naming an unknown account',
      (w) => ({
        ...w,
        cards: [{ id: 'd', name: 'Debit', type: 'debit', last4: '1111', currency: 'USD', account: 'ghost' }],
      }),
      /world\.cards\[0\]\.account: unknown account "ghost"/,
    ],
    [
      'a bad date',
      (w) => ({
        ...w,
        transactions: [{ account: 'checking', date: '2026-02-30', merchant: 'X', amount: '-1.00' }],
      }),
      /world\.transactions\[0\]\.date: "2026-02-30" is not a date/,
    ],
    [
      'bad hours',
      (w) => ({ ...w, branches: [{ id: 'b', name: 'B', lat: 1, lon: 1, hours: 'whenever' }] }),
      /world\.branches\[0\]\.hours:/,
    ],
    ['an unparseable clock', (w) => ({ ...w, now: 'tomorrow' }), /world\.now: must be an ISO 8601 date-time/],
    [
      'a negative balance',
      (w) => ({ ...w, accounts: [{ ...(w.accounts as object[])[0], balance: '-1.00' }] }),
      /world\.accounts\[0\]\.balance: is below zero/,
    ],
    [
      'a rate between one currency',
      (w) => ({ ...w, rates: [{ from: 'USD', to: 'USD', rate: '1' }] }),
      /world\.rates\[0\]\.to/,
    ],
    ['a missing customer', (w) => ({ accounts: w.accounts }), /world\.customer/],
    [
      'an unquoted pin',
      (w) => ({ ...w, customer: { name: 'A', pin: 2468 } }),
      /world\.customer\.pin: pin must be a quoted string/,
    ],
  ];
  it.each(bad)('rejects %s, naming the key', (_name, mutate, message) => {
    const result = parseWorld(mutate(base()));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('accepts the minimal world of the convo-format example script and fills defaults', () => {
    const result = parseWorld({ stepUpOver: '200.00', ...base(), payees: [{ id: 'bob', name: 'Bob Li' }] });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.customers[0]?.stepUpOverMinor).toBe(20000);
      expect(result.value.customers[0]?.dailyLimitMinor).toBeUndefined();
    }
  });
});
