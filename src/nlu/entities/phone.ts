/**
 * Phone numbers, typed or spoken: "555-0123", "+1 555 0100", "(555) 010-0123", "five five five oh one
 * two three", "plus one five five five …", 13812345678, 139 1234 5678, 幺三八一二三四五六七八,
 * +86 138 1234 5678. `value` is the digits, with a leading "+" when one was said or typed.
 *
 * Seven to fifteen digits (E.164 allows at most 15). A number typed in one piece must have ten or
 * more digits, or follow a word like "phone" or 电话, so that typed amounts ("1000000") stay amounts;
 * short service numbers (95588, 10086) count after such a word.
 */
import type { Lang } from '../../shared/index.ts';
import { readDigitRuns, type DigitRun } from './digits.ts';
import { foldText } from './tokens.ts';
import type { DigitsMatch } from './types.ts';

const EN_CUE = /\b(?:phone|mobile|cell|call|dial|ring|text|number|hotline)\b[^\d]{0,20}$/;
const ZH_CUE = /(?:电话|手机|拨打|打|热线|客服|号码|联系)[^\d零〇一二两三四五六七八九幺]{0,6}$/;
const EN_PLUS = /(?:\+|\bplus)\s*$/;
const EN_CURRENCY_AFTER = /^\s*(?:dollars?|bucks|usd|yuan|rmb|euros?|pounds?|yen|块|元)/;

function isPhone(run: DigitRun, folded: string, lang: Lang, plus: boolean): boolean {
  const n = run.digits.length;
  if (n > 15 || n < 5) return false;
  const before = folded.slice(Math.max(0, run.start - 30), run.start).replace(/[+(]\s*$/, '');
  const cue = (lang === 'zh' ? ZH_CUE : EN_CUE).test(
    lang === 'zh' ? before : before.replace(/\bplus\s*$/, ''),
  );
  if (/[$¥￥€£]\s*$/.test(before) || EN_CURRENCY_AFTER.test(folded.slice(run.end, run.end + 8))) return false;
  if (n < 7) return cue;
  const onePiece = run.pieces === 1 && !run.spoken;
  return !onePiece || n >= 10 || cue || plus;
}

/** Every phone number in `text`, left to right. */
export function extractPhones(text: string, lang: Lang): DigitsMatch[] {
  const folded = foldText(text);
  const found: DigitsMatch[] = [];
  for (const run of readDigitRuns(folded, lang, 'phone')) {
    const before = folded.slice(Math.max(0, run.start - 6), run.start);
    const plus = EN_PLUS.exec(before);
    if (!isPhone(run, folded, lang, plus !== null)) continue;
    let start = plus ? run.start - plus[0].length : run.start;
    if (!plus && folded.charAt(run.start - 1) === '(') start--;
    found.push({
      start,
      end: run.end,
      text: text.slice(start, run.end),
      value: `${plus ? '+' : ''}${run.digits}`,
    });
  }
  return found;
}
