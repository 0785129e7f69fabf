import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, PHONE_PIN_LOCKOUT, SqliteBank } from '../../src/bank/index.ts';
import { createDialog, type AgentOutput } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { tempDir } from '../helpers/tmp.ts';
import { demoBankAtTen } from '../helpers/world.ts';

/** alice's phone PIN in the demo world. */
const PIN = '2468';

describe('phone PIN lockout across calls', () => {
  let nlu: Nlu;
  beforeAll(async () => {
    nlu = await Nlu.load();
  });
  afterAll(async () => nlu.close());

  it('locks after five wrong PINs in a row, checks no PIN while locked, and unlocks after a day', async () => {
    const { clock, bank } = demoBankAtTen();
    for (let i = 1; i < PHONE_PIN_LOCKOUT.failures; i++)
      expect(await bank.verifyPhonePin('alice', '1111')).toBe('wrong');
    expect(await bank.verifyPhonePin('alice', '1111')).toBe('locked');
    // The right PIN is not even checked now.
    expect(await bank.verifyPhonePin('alice', PIN)).toBe('locked');
    clock.increment(PHONE_PIN_LOCKOUT.lockMs - 1000);
    expect(await bank.verifyPhonePin('alice', PIN)).toBe('locked');
    clock.increment(2000);
    // The lock has ended: the count starts again from nothing.
    expect(await bank.verifyPhonePin('alice', '1111')).toBe('wrong');
    expect(await bank.verifyPhonePin('alice', PIN)).toBe('ok');

    // listAudit gives the newest first.
    const audit = (await bank.listAudit('alice', 100))
      .filter((a) => a.action === 'phone_pin.verify')
      .reverse();
    expect(audit.map((a) => [a.outcome, a.code ?? null])).toEqual([
      ...Array.from({ length: PHONE_PIN_LOCKOUT.failures - 1 }, () => [
        'refused',
        'TELLER_ERR_STEPUP_FAILED',
      ]),
      ['refused', 'TELLER_ERR_STEPUP_LOCKED'],
      ['refused', 'TELLER_ERR_STEPUP_LOCKED'],
      ['refused', 'TELLER_ERR_STEPUP_LOCKED'],
      ['refused', 'TELLER_ERR_STEPUP_FAILED'],
      ['ok', null],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/1111|2468/);
    await bank.close();
  });

  it('clears the count on a right PIN, and counts per customer', async () => {
    const { bank } = demoBankAtTen();
    for (let i = 0; i < PHONE_PIN_LOCKOUT.failures - 1; i++) await bank.verifyPhonePin('alice', '1111');
    expect(await bank.verifyPhonePin('alice', PIN)).toBe('ok');
    for (let i = 1; i < PHONE_PIN_LOCKOUT.failures; i++)
      expect(await bank.verifyPhonePin('alice', '1111')).toBe('wrong');
    // Another customer's wrong PINs are theirs.
    expect(await bank.verifyPhonePin('wei', '0000')).toBe('wrong');
    expect(await bank.verifyPhonePin('alice', PIN)).toBe('ok');
    await bank.close();
  });

  it('holds across nodes: two banks on one database file share the count', async () => {
    const path = join(tempDir(), 'bank.sqlite');
    const nodeA = SqliteBank.create(demoWorld(), { path });
    const nodeB = new SqliteBank({ path });
    try {
      for (let i = 0; i < PHONE_PIN_LOCKOUT.failures - 1; i++)
        await (i % 2 === 0 ? nodeA : nodeB).verifyPhonePin('alice', '1111');
      expect(await nodeB.verifyPhonePin('alice', '1111')).toBe('locked');
      expect(await nodeA.verifyPhonePin('alice', PIN)).toBe('locked');
    } finally {
      await nodeA.close();
      await nodeB.close();
    }
  });

  it('hands a caller whose PIN is locked to a person, in a new call', async () => {
    const { clock, bank } = demoBankAtTen();
    // Earlier calls: two of three wrong PINs, then three more (two calls' worth).
    for (let i = 0; i < PHONE_PIN_LOCKOUT.failures - 1; i++) await bank.verifyPhonePin('alice', '1111');
    const call = await createDialog({
      bank,
      nlu,
      clock,
      sessionId: 'call-6',
      customerId: 'alice',
      channel: 'phone',
      lang: 'en',
    });
    const asked = await call.handle({ type: 'text', text: "what's my checking balance", asrConfidence: 0.9 });
    expect(asked.awaits).toBe('stepup');
    const outputs: AgentOutput[] = [...(await call.handle({ type: 'dtmf', digits: '1111' })).outputs];
    const said = outputs.flatMap((o) => (o.type === 'agent.say' ? [o.text] : [])).join(' ');
    expect(said).toMatch(/too many wrong/i);
    expect(said).not.toMatch(/\$/); // no balance
    expect(outputs).toContainEqual(expect.objectContaining({ type: 'agent.handoff', reason: 'pin_locked' }));
    call.stop();
    await bank.close();
  });
});
