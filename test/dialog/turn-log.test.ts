import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialog, DIALOG_DEFAULTS } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { demoBankAtTen } from '../helpers/world.ts';

describe('the turn log', () => {
  let nlu: Nlu;
  beforeAll(async () => {
    nlu = await Nlu.load();
  });
  afterAll(async () => nlu.close());

  it('records each turn: input kind, reading, what was awaited before and after, what the agent did', async () => {
    const { clock, bank } = demoBankAtTen();
    const dialog = await createDialog({
      bank,
      nlu,
      clock,
      sessionId: 's-log',
      customerId: 'alice',
      channel: 'phone',
      lang: 'en',
    });
    await dialog.handle({ type: 'text', text: 'send fifty dollars to maria garcia', asrConfidence: 0.9 });
    await dialog.handle({ type: 'dtmf', digits: '2468' });
    await dialog.handle({ type: 'text', text: 'yes' });
    clock.increment(DIALOG_DEFAULTS.noInputMs + 100);
    await dialog.settle();

    const log = dialog.turnLog;
    expect(log.map((t) => [t.seq, t.input, t.awaitsBefore, t.awaits])).toEqual([
      [1, 'start', 'nothing', 'nothing'],
      [2, 'speech', 'nothing', 'stepup'],
      [3, 'dtmf', 'stepup', 'confirmation'],
      [4, 'text', 'confirmation', 'nothing'],
      [5, 'timer', 'nothing', 'nothing'],
    ]);
    expect(log[1]).toMatchObject({
      intent: 'transfer.money',
      entities: expect.arrayContaining(['amount', 'payee']) as unknown,
      outputs: expect.arrayContaining(['stepup', 'say']) as unknown,
    });
    // The PIN turn keeps no reading, and no record holds what the customer said.
    expect(log[2]).toMatchObject({ intent: undefined, entities: [] });
    expect(JSON.stringify(log)).not.toMatch(/2468|fifty/);
    expect(log[3]?.said.join(' ')).toMatch(/\$50\.00/);
    expect(log[4]?.outputs).toEqual(['say']);
    expect(log.every((t) => t.at >= (log[0]?.at ?? 0) && t.durationMs >= 0)).toBe(true);
    dialog.stop();
    await bank.close();
  });
});
