import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NLU_SURE_OF_SPEECH, NLU_TRUSTS_SPEECH } from '../../src/dialog/index.ts';
import { demoDialogs } from '../helpers/dialog.ts';

/** Open speech the recogniser doubts (asrDoubtful) is acted on only when the NLU is sure of a banking request. */
describe('doubtful speech', () => {
  const dialogs = demoDialogs('s-doubt');
  const session = dialogs.session;
  beforeAll(dialogs.load);
  afterAll(dialogs.close);
  const doubtful = (text: string) => ({ type: 'text', text, asrConfidence: 0, asrDoubtful: true }) as const;

  it('acts on a request naming the customer’s own payee when the NLU is sure of it', async () => {
    const dialog = await session();
    const turn = await dialog.handle(doubtful('okay send eleven hundred dollars to my mom'));
    expect(turn.understanding).toMatchObject({ intent: 'transfer.money' });
    expect(turn.understanding?.normalized).toMatchObject({ amount: '1100.00', payee: 'mom' });
    expect(turn.awaits).not.toBe('nothing');
  });

  it('reads a biller called by its own name as a bill payment (the classifier never saw "city power")', async () => {
    const dialog = await session();
    const turn = await dialog.handle(doubtful('pay city power ninety dollars'));
    expect(turn.understanding).toMatchObject({ intent: 'bill.pay' });
    expect(turn.understanding?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(turn.understanding?.normalized).toMatchObject({ amount: '90.00', biller: 'power' });
  });

  it('treats the same words as not understood when the recogniser rejected them outright', async () => {
    const dialog = await session();
    const turn = await dialog.handle({
      type: 'text',
      text: 'okay send eleven hundred dollars to my mom',
      asrConfidence: 0,
    });
    expect(turn.understanding).toMatchObject({ intent: 'oos', confidence: 0 });
    expect(turn.awaits).toBe('nothing');
  });

  it('does not take dialog control from doubtful words: a misheard "goodbye" does not end the call', async () => {
    const dialog = await session();
    const turn = await dialog.handle(doubtful('send me hello bye'));
    expect(turn.understanding?.intent).toBe('oos');
    expect(turn.outputs.map((o) => o.type)).not.toContain('agent.end');
  });

  it('rejects banking-sounding word salad the NLU is not sure of', async () => {
    const dialog = await session();
    const turn = await dialog.handle(doubtful('how dollars the i full card'));
    expect(turn.understanding?.intent).toBe('oos');
  });

  it('asks as much of the NLU as the turn says (vouchAt: phone audio asks more)', async () => {
    const text = 'tell me where the branches are';
    const first = await (await session()).handle({ ...doubtful(text), vouchAt: 0 });
    expect(first.understanding?.intent).toBe('branch.find');
    const confidence = first.understanding?.confidence ?? 0;
    const below = await (await session()).handle({ ...doubtful(text), vouchAt: confidence - 0.01 });
    expect(below.understanding?.intent).toBe('branch.find');
    const above = await (
      await session()
    ).handle({ ...doubtful(text), vouchAt: Math.min(1, confidence + 0.01) });
    expect(above.understanding?.intent).toBe('oos');
  });

  it('does not fill a slot from doubtful words', async () => {
    const dialog = await session();
    const ask = await dialog.handle({ type: 'text', text: 'send money to bob li', asrConfidence: 0.9 });
    expect(ask.awaits).toBe('slot:amount');
    const turn = await dialog.handle(doubtful('send fifty dollars to bob li'));
    expect(turn.understanding?.intent).toBe('oos');
    expect(turn.awaits).toBe('slot:amount');
  });

  it('does not act on corroborated words whose other reading is out of scope', async () => {
    // The banking LM's reading of "how deep is the pacific ocean"; the general pass heard it right.
    const misheard = 'how deep is the pacific tuition';
    const spoken = { type: 'text', text: misheard, asrConfidence: 0.5 } as const;
    const plain = await (await session()).handle(spoken);
    expect(plain.understanding?.intent).toBe('bill.tuition');
    // The case under test: a reading the NLU trusts, but is not sure of.
    expect(plain.understanding?.confidence).toBeGreaterThanOrEqual(NLU_TRUSTS_SPEECH);
    expect(plain.understanding?.confidence).toBeLessThan(NLU_SURE_OF_SPEECH);
    const checked = await (
      await session()
    ).handle({ ...spoken, crossCheck: 'how deep is the pacific ocean' });
    expect(checked.understanding?.intent).toBe('oos');
    // A request the general pass heard as a request stands.
    const request = await (
      await session()
    ).handle({
      type: 'text',
      text: 'send six hundred dollars to li applied',
      asrConfidence: 0.5,
      crossCheck: 'send six hundred dollars to leo park',
    });
    expect(request.understanding?.intent).toBe('transfer.money');
    // Words the NLU is sure of stand whatever the general pass heard (NLU_SURE_OF_SPEECH).
    const sure = await (
      await session()
    ).handle({
      type: 'text',
      text: 'sorry could you say that again',
      asrConfidence: 0.5,
      crossCheck: 'so recall you see that again',
    });
    expect(sure.understanding?.intent).toBe('dialog.repeat');
  });

  it('holds open speech to NLU_TRUSTS_SPEECH, and typed text and answers to the model’s own threshold', async () => {
    // "what does the fox say", misheard, in a few forms: the first the model answers above its own
    // threshold but below NLU_TRUSTS_SPEECH is the test's (retraining moves each form's confidence).
    const misheard = [
      'what does the fox fund',
      'what does the stocks fund',
      'how does the fox fund work',
      'what is the growth fund',
      'what fund',
    ];
    let text: string | undefined;
    for (const candidate of misheard) {
      const typed = await (await session()).handle({ type: 'text', text: candidate });
      const confidence = typed.understanding?.confidence ?? 1;
      if (typed.understanding?.intent !== 'oos' && confidence < NLU_TRUSTS_SPEECH) {
        text = candidate;
        break;
      }
    }
    if (text === undefined) throw new Error(`none of ${misheard.join(' | ')} sits between the thresholds`);
    const spoken = await (await session()).handle({ type: 'text', text, asrConfidence: 0.9 });
    expect(spoken.understanding?.intent).toBe('oos');
    // An answer while a slot is open is not held to it.
    const dialog = await session();
    const ask = await dialog.handle({ type: 'text', text: 'send money to bob li', asrConfidence: 0.9 });
    expect(ask.awaits).toBe('slot:amount');
    const answer = await dialog.handle({ type: 'text', text: 'fifty dollars', asrConfidence: 0.9 });
    // Acted on, whatever intent the classifier gives a bare amount: the transfer is read back.
    expect(answer.awaits).toBe('confirmation');
  });
});
