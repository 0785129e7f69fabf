import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_MIN_ASR, type Dialog } from '../../src/dialog/index.ts';
import { demoDialogs, said } from '../helpers/dialog.ts';

/*
 * A read-back moves money on a clear yes only. Each answer below was taken for a yes before
 * (the classifier read "i'm not sure" by its word "sure", "okay hold on" and "huh" as yes, and
 * "that can't be right" as yes at 0.97, "勿对" at 0.98): now none of them sends anything.
 */
describe('consent at a read-back', () => {
  const dialogs = demoDialogs('s-consent');
  beforeAll(dialogs.load);
  afterAll(dialogs.close);

  async function atReadBack(lang: 'en' | 'zh'): Promise<Dialog> {
    const dialog =
      lang === 'en' ? await dialogs.session() : await dialogs.session({ customerId: 'wei', lang: 'zh' });
    const r = await dialog.handle({
      type: 'text',
      text: lang === 'en' ? 'send fifty dollars to bob li' : '给王芳转八百块',
    });
    expect(r.awaits).toBe('confirmation');
    return dialog;
  }
  const sent = async (customerId: string) =>
    (await dialogs.bank().listMovements(customerId, 100)).filter((m) => m.status === 'completed').length;

  it.each([
    ["i'm not sure", /clear yes/],
    ['are you sure', /clear yes/],
    ['huh', /clear yes/],
    ['i guess so', /clear yes/],
    ['yes but not now', /clear yes/],
    ["that can't be right", /clear yes/],
    ['probably', /clear yes/],
    ['okay hold on', /take your time/],
  ])('"%s" sends nothing and the read-back waits', async (answer, reply) => {
    const dialog = await atReadBack('en');
    const r = await dialog.handle({ type: 'text', text: answer });
    expect(r.awaits).toBe('confirmation');
    expect(said(r.outputs)).toMatch(reply);
    expect(await sent('alice')).toBe(0);
    // A plain yes afterwards still sends it, once.
    const yes = await dialog.handle({ type: 'text', text: 'yes' });
    expect(said(yes.outputs)).toMatch(/sent \$50\.00 to Bob Li/);
    expect(await sent('alice')).toBe(1);
  });

  it.each(['我不确定', '你确定吗', '可能吧', '好，等一下', '勿对', '是另外那张'])(
    '"%s" sends nothing',
    async (answer) => {
      const dialog = await atReadBack('zh');
      const r = await dialog.handle({ type: 'text', text: answer });
      expect(r.awaits).toBe('confirmation');
      expect(await sent('wei')).toBe(0);
    },
  );

  it('keeps a hedged no a no, and a bare "not sure" is asked again rather than cancelled', async () => {
    const maybeNot = await atReadBack('en');
    expect((await maybeNot.handle({ type: 'text', text: 'maybe not' })).awaits).toBe('nothing');
    const notSure = await atReadBack('en');
    expect((await notSure.handle({ type: 'text', text: 'not sure' })).awaits).toBe('confirmation');
    expect(await sent('alice')).toBe(0);
  });

  it('asks a spoken yes the recogniser doubts again (CONSENT_MIN_ASR)', async () => {
    const dialog = await atReadBack('en');
    const doubted = await dialog.handle({ type: 'text', text: 'yes', asrConfidence: CONSENT_MIN_ASR - 0.05 });
    expect(doubted.awaits).toBe('confirmation');
    expect(said(doubted.outputs)).toMatch(/please say yes or no/i);
    expect(await sent('alice')).toBe(0);
    const heard = await dialog.handle({ type: 'text', text: 'yes', asrConfidence: CONSENT_MIN_ASR + 0.05 });
    expect(heard.awaits).toBe('nothing');
    expect(await sent('alice')).toBe(1);
  });

  it('takes key 1 for yes and 2 for no, and no other key for an amount', async () => {
    const keyed = await atReadBack('en');
    const other = await keyed.handle({ type: 'dtmf', digits: '7' });
    expect(other.awaits).toBe('confirmation');
    expect(said(other.outputs)).toMatch(/\$50\.00/);
    expect(said(other.outputs)).not.toMatch(/\$7\.00/);
    await keyed.handle({ type: 'dtmf', digits: '1' });
    expect(await sent('alice')).toBe(1);
    const no = await atReadBack('zh');
    expect((await no.handle({ type: 'dtmf', digits: '2' })).awaits).toBe('nothing');
    expect(await sent('wei')).toBe(0);
  });

  it('logs how each turn answered the read-back (TurnRecord readBack, for the metric)', async () => {
    const dialog = await atReadBack('en');
    await dialog.handle({ type: 'text', text: "i'm not sure" });
    await dialog.handle({ type: 'text', text: 'yes', asrConfidence: CONSENT_MIN_ASR - 0.1 });
    await dialog.handle({ type: 'text', text: 'make it sixty' });
    await dialog.handle({ type: 'text', text: 'banana' });
    await dialog.handle({ type: 'text', text: 'yes' });
    expect(dialog.turnLog.slice(-5).map((t) => t.readBack)).toEqual([
      'doubted',
      'unsure_speech',
      'changed',
      'asked_again',
      'consent',
    ]);
    const declined = await atReadBack('en');
    await declined.handle({ type: 'text', text: 'no' });
    expect(declined.turnLog.at(-1)?.readBack).toBe('declined');
    expect(declined.turnLog.at(-2)?.readBack).toBeUndefined();
  });

  it('does not hang up on a task for an unsure goodbye', async () => {
    // "that's too much" reads as dialog.goodbye at 0.54.
    const dialog = await atReadBack('en');
    const r = await dialog.handle({ type: 'text', text: "that's too much" });
    expect(r.outputs.some((o) => o.type === 'agent.end')).toBe(false);
    expect(r.awaits).toBe('confirmation');
  });
});

describe('a yes to an offer that takes itself back', () => {
  const dialogs = demoDialogs('s-offer');
  beforeAll(dialogs.load);
  afterAll(dialogs.close);

  it.each(['好，等一下', '好，不过我先查下余额'])(
    '"%s" to "shall I connect you to a colleague?" hands nothing off',
    async (answer) => {
      const dialog = await dialogs.session({ customerId: 'wei', lang: 'zh' });
      await dialog.handle({ type: 'text', text: '我想办个贷款装修房子' });
      const r = await dialog.handle({ type: 'text', text: answer });
      expect(r.outputs.some((o) => o.type === 'agent.handoff')).toBe(false);
    },
  );
});
