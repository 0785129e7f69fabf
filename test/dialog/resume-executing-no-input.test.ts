import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialog } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { said } from '../helpers/dialog.ts';
import { demoBankAtTen, gatedTransfers } from '../helpers/world.ts';

/*
 * A session resumed while a payment the customer had said yes to was with the bank re-armed its
 * no-input timer: while the restored task replayed the bank call, silence asked "Are you still
 * there? To confirm: send $50.00 to Bob Li… Shall I go ahead?" about money already on its way, and
 * the third silence hung up before the answer. A resumed in-flight payment waits like a live one.
 */
describe('a session resumed while the bank moves money', () => {
  let nlu: Nlu;
  beforeAll(async () => {
    nlu = await Nlu.load();
  });
  afterAll(async () => nlu.close());

  it('waits for the replayed bank call: no read-back again, no hang-up, then "done"', async () => {
    const { clock, bank } = demoBankAtTen();
    const common = {
      nlu,
      clock,
      sessionId: 's-resume-executing',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
      noInputMs: 6_000,
    } as const;
    const lost = gatedTransfers(bank);
    const first = await createDialog({ ...common, bank: lost.bank });
    const readBack = await first.handle({ type: 'text', text: 'send fifty dollars to bob li' });
    expect(readBack.awaits).toBe('confirmation');
    const pending = first.handle({ type: 'text', text: 'yes' });
    await lost.called;
    const inFlight = JSON.parse(JSON.stringify(first.persist())) as unknown;
    first.stop();
    lost.release();
    await pending;

    const slow = gatedTransfers(bank);
    const resuming = createDialog({ ...common, bank: slow.bank, snapshot: inFlight });
    await slow.called;
    for (let i = 0; i < 3; i++) clock.increment(7_000);
    slow.release();
    const resumed = await resuming;
    const heard = said(resumed.drainOutputs());
    expect(heard).not.toMatch(/still there|go ahead/i);
    expect(heard).toMatch(/sent \$50\.00 to Bob Li/);
    expect(resumed.ended).toBe(false);
    expect(await bank.listMovements('alice')).toHaveLength(1);

    // After the answer, silence counts again.
    clock.increment(7_000);
    await resumed.settle();
    expect(said(resumed.drainOutputs())).toMatch(/still there/i);
    resumed.stop();
    await bank.close();
  });
});
