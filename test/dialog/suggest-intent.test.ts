import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDialogs, said } from '../helpers/dialog.ts';

/*
 * "Did you mean …?": a request the classifier answered out of scope, whose best banking reading
 * is still at SUGGEST_FLOOR or more, is offered back instead of a flat no-match.
 * "what about the exchange": oos 0.63, fx.exchange 0.28.
 */
const DOUBTED = 'what about the exchange';

describe('did you mean', () => {
  const dialogs = demoDialogs('s-suggest');
  const session = dialogs.session;
  beforeAll(dialogs.load);
  afterAll(dialogs.close);

  it('offers the best reading back, and yes acts on the first utterance', async () => {
    const dialog = await session();
    const asked = await dialog.handle({ type: 'text', text: DOUBTED });
    expect(asked.understanding?.intent).toBe('oos');
    expect(said(asked.outputs)).toMatch(/Did you mean: exchange currency\?/);
    const yes = await dialog.handle({ type: 'text', text: 'yes please' });
    // The exchange runs: Alice's accounts are all in dollars, so it says there is nowhere to
    // exchange into (test/convos/dialog-suggest-yes gives her a euro account and goes on).
    expect(said(yes.outputs)).toMatch(/all in dollars, so there is no account to exchange into/i);
    // The turn log (and so the metrics) says what was offered and that it was taken.
    expect(dialog.turnLog.at(-2)).toMatchObject({ intent: 'oos', offered: 'fx.exchange' });
    expect(dialog.turnLog.at(-1)).toMatchObject({ offerAnswered: 'accepted' });
  });

  it('names the guess in the language the customer switches to, and it still stands', async () => {
    const dialog = await session();
    await dialog.handle({ type: 'text', text: DOUBTED });
    const switched = await dialog.handle({ type: 'text', text: 'can we speak chinese please' });
    expect(said(switched.outputs)).toContain('购汇结汇');
    expect(said(switched.outputs)).not.toMatch(/exchange currency/i);
    const yes = await dialog.handle({ type: 'text', text: '对' });
    expect(said(yes.outputs)).toContain('没有可以换入的账户');
  });

  it('a request instead of yes or no is served as itself, and the guess is forgotten', async () => {
    const dialog = await session();
    await dialog.handle({ type: 'text', text: DOUBTED });
    const other = await dialog.handle({ type: 'text', text: 'what is my checking balance' });
    expect(other.understanding?.intent).toBe('account.balance');
    expect(dialog.turnLog.at(-1)).toMatchObject({ offerAnswered: 'other' });
    expect(dialog.turnLog.at(-1)?.offered).toBeUndefined();
    expect(said(other.outputs)).toMatch(/\$2,500\.00/);
    const yes = await dialog.handle({ type: 'text', text: 'yes' });
    expect(said(yes.outputs)).not.toMatch(/exchange/i);
  });

  it('counts as a no-match: three in a row still hand off', async () => {
    const dialog = await session();
    await dialog.handle({ type: 'text', text: DOUBTED });
    await dialog.handle({ type: 'text', text: 'no' });
    await dialog.handle({ type: 'text', text: 'tell me a story about dragons' });
    const third = await dialog.handle({ type: 'text', text: 'sing me a song about the sea' });
    expect(third.outputs.map((o) => o.type)).toContain('agent.handoff');
  });

  it('offers back words the recogniser stood by, as it does typed text', async () => {
    const dialog = await session();
    const turn = await dialog.handle({ type: 'text', text: DOUBTED, asrConfidence: 0.8 });
    expect(turn.understanding?.intent).toBe('oos');
    expect(said(turn.outputs)).toMatch(/Did you mean: exchange currency\?/);
  });

  it('never offers back speech the recogniser rejected', async () => {
    const dialog = await session();
    const turn = await dialog.handle({ type: 'text', text: DOUBTED, asrConfidence: 0.1 });
    expect(turn.understanding).toMatchObject({ intent: 'oos', confidence: 0 });
    expect(said(turn.outputs)).not.toMatch(/did you mean/i);
    expect(said(turn.outputs)).toMatch(/didn't get that/);
  });

  it('offers nothing for plainly out-of-scope requests', async () => {
    const dialog = await session();
    const turn = await dialog.handle({ type: 'text', text: 'how tall is the eiffel tower' });
    expect(said(turn.outputs)).not.toMatch(/did you mean/i);
  });
});
