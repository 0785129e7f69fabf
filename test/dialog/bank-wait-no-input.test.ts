import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialog, type AgentOutput } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { said } from '../helpers/dialog.ts';
import { demoBankAtTen, gatedTransfers } from '../helpers/world.ts';

/*
 * A voice session's no-input timer kept running while the bank worked on a transfer the customer
 * had said yes to: with a slow core (up to 3 attempts of 5 s) the agent asked "Are you still
 * there? To confirm: send $50.00 to Bob Li… Shall I go ahead?" about money already on its way, and
 * the third silence hung up before the answer: the money moved and the customer was never told.
 */
describe('silence while the bank moves money', () => {
  let nlu: Nlu;
  beforeAll(async () => {
    nlu = await Nlu.load();
  });
  afterAll(async () => nlu.close());

  it('is the customer waiting: no read-back again, no hang-up, then "done"', async () => {
    const { clock, bank } = demoBankAtTen();
    const { bank: slow, called: inFlight, release } = gatedTransfers(bank);
    const dialog = await createDialog({
      bank: slow,
      nlu,
      clock,
      sessionId: 's-bank-wait',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
      noInputMs: 6_000,
    });
    const readBack = await dialog.handle({ type: 'text', text: 'send fifty dollars to bob li' });
    expect(readBack.awaits).toBe('confirmation');
    const heard: AgentOutput[] = [];
    dialog.onOutput((o) => heard.push(o));

    const yes = dialog.handle({ type: 'text', text: 'yes' });
    await inFlight;
    for (let i = 0; i < 3; i++) clock.increment(7_000);
    expect(said(heard)).not.toMatch(/still there|go ahead/i);
    expect(dialog.ended).toBe(false);

    release();
    const done = await yes;
    expect(said(done.outputs)).toMatch(/sent \$50\.00 to Bob Li/);
    expect(dialog.ended).toBe(false);
    expect(await bank.listMovements('alice')).toHaveLength(1);

    // After the answer, silence counts again.
    clock.increment(7_000);
    await dialog.settle();
    expect(said(heard)).toMatch(/still there/i);
    dialog.stop();
    await bank.close();
  });
});
