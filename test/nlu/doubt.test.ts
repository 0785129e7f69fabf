import { describe, expect, it } from 'vitest';
import { doubtInAnswer, unclearAnswer } from '../../src/nlu/index.ts';

describe('doubt in an answer to a read-back', () => {
  it.each([
    ["I'm not sure.", 'unsure'],
    ['honestly i do not know', 'unsure'],
    ['我也说不准', 'unsure'],
    ['um are you sure', 'question'],
    ['huh', 'question'],
    ['这样对吗', 'question'],
    ['okay just a second', 'waiting'],
    ['yeah hang on', 'waiting'],
    ['行，稍等', 'waiting'],
    ['sure but not today', 'qualified'],
    ['好，不过先别转', 'waiting'],
    ['i guess', 'hedged'],
    ['大概是吧', 'hedged'],
    ["yeah that can't be right", 'negated'],
    ['勿对', 'negated'],
    ['是另一张卡', 'negated'],
    // Both answers at once: the classifier read "no yes" as yes at 0.95.
    ['no yes', 'negated'],
    ['no no yes', 'negated'],
    // Typed with a question mark: a question back, not a yes.
    ['yes?', 'question'],
    ['嗯？', 'question'],
    ['对，但金额是三百', 'qualified'],
  ])('%s → %s', (text, doubt) => {
    expect(doubtInAnswer(text)).toBe(doubt);
  });

  it.each([
    'yes',
    'go ahead and send it',
    'uh huh correct',
    'i think so yes',
    'hold on let me look yes that is the amount',
    'no problem go ahead',
    'no problem yes',
    'sure why not',
    "yes i know it's a lot but that's what i want",
    '好的',
    '没问题，转吧',
    '没错',
    '稍等我看看 对的 没错',
    'no i am not sure',
    '不对',
  ])('%s is a plain answer', (text) => {
    expect(doubtInAnswer(text)).toBeUndefined();
  });

  it('takes no doubtful reading for consent, and keeps a hedged no a no', () => {
    expect(unclearAnswer({ intent: 'dialog.affirm', text: "i'm not sure" })).toBe(true);
    expect(unclearAnswer({ intent: 'dialog.affirm', text: 'yes' })).toBe(false);
    // A bare "not sure" is asked again rather than cancelled…
    expect(unclearAnswer({ intent: 'dialog.deny', text: 'not sure' })).toBe(true);
    // …while "maybe not" cancels: nothing moves either way.
    expect(unclearAnswer({ intent: 'dialog.deny', text: 'maybe not' })).toBe(false);
  });
});
