import { describe, expect, it } from 'vitest';
import type { TransferRequest } from '../../src/bank/index.ts';
import { demoBankAtTen } from '../helpers/world.ts';

describe('removing a payee', () => {
  it("cancels the payee's scheduled transfers and standing orders in the same change, and no one else's", async () => {
    const { bank } = demoBankAtTen();
    const order = (key: string, payee: string, extra: Partial<TransferRequest>): TransferRequest => ({
      customerId: 'alice',
      idempotencyKey: key,
      fromAccountId: 'checking',
      to: { kind: 'payee', id: payee },
      amount: { amountMinor: 50_00, currency: 'USD' },
      ...extra,
    });
    expect(
      (await bank.transfer(order('mom-monthly-1', 'mom', { frequency: 'monthly', date: '2026-12-01' }))).ok,
    ).toBe(true);
    expect((await bank.transfer(order('mom-dated-1', 'mom', { date: '2026-12-05' }))).ok).toBe(true);
    expect(
      (await bank.transfer(order('bob-weekly-1', 'bob', { frequency: 'weekly', date: '2026-12-01' }))).ok,
    ).toBe(true);
    expect(await bank.listScheduled('alice')).toHaveLength(3);

    expect(
      await bank.removePayee({ customerId: 'alice', idempotencyKey: 'remove-mom-1', payeeId: 'mom' }),
    ).toMatchObject({
      ok: true,
    });
    const left = await bank.listScheduled('alice');
    expect(left.map((m) => m.to)).toEqual([expect.objectContaining({ kind: 'payee', id: 'bob' })]);
    // Replayed, nothing more changes.
    expect(
      await bank.removePayee({ customerId: 'alice', idempotencyKey: 'remove-mom-1', payeeId: 'mom' }),
    ).toMatchObject({ ok: true, replayed: true });
    expect(await bank.listScheduled('alice')).toHaveLength(1);
    await bank.close();
  });
});
