import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoWorld, SqliteBank, verifyAuditChain } from '../../src/bank/index.ts';
import { tempDir } from '../helpers/tmp.ts';
import { TestClock } from '../helpers/world.ts';

const dir = tempDir();
const TRANSIT_CARD = '6214830012345678';
const PHONE = '+15551234567';

/*
 * The audit log is append-only: what it holds stays. A top-up's transit card number and phone
 * number went into it whole, in the movement's target and in a refused request; AuditRecord allows
 * last-four digits only.
 */
describe('audit log of top-ups', () => {
  it('keeps the last four digits of a transit card or phone number, never the whole number', async () => {
    const clock = new TestClock(Date.parse('2026-11-26T15:00:00Z'));
    const bank = SqliteBank.create(demoWorld(), { path: join(dir, 'audit.sqlite'), clock });
    const topUp = (idempotencyKey: string, service: 'mobile' | 'transit', reference: string, minor: number) =>
      bank.topUp({
        customerId: 'alice',
        idempotencyKey,
        fromId: 'checking',
        service,
        reference,
        amount: { amountMinor: minor, currency: 'USD' },
      });
    expect((await topUp('audit-test-1', 'transit', TRANSIT_CARD, 2_000)).ok).toBe(true);
    expect((await topUp('audit-test-2', 'mobile', PHONE, 2_000)).ok).toBe(true);
    expect((await topUp('audit-test-3', 'transit', TRANSIT_CARD, 2_000_000)).ok).toBe(false);

    const audit = await bank.listAudit('alice', 10);
    const text = JSON.stringify(audit);
    expect(text).not.toContain(TRANSIT_CARD);
    expect(text).not.toContain('15551234567');
    expect(audit.filter((e) => e.action === 'movement.topup').map((e) => e.details['to'])).toEqual([
      { kind: 'topup', service: 'mobile', last4: '4567' },
      { kind: 'topup', service: 'transit', last4: '5678' },
    ]);
    const refused = audit.find((e) => e.outcome === 'refused');
    expect(refused?.details['request']).toMatchObject({ service: 'transit', last4: '5678' });
    // The movement itself still names where the money went.
    const [latest] = (await bank.listMovements('alice', 5)).filter((m) => m.to.kind === 'topup');
    expect(latest?.to).toEqual({ kind: 'topup', service: 'mobile', reference: PHONE });
    expect(verifyAuditChain(bank.db)).toBeUndefined();
    await bank.close();
  });
});
