/**
 * Amounts of money in an utterance, English or Mandarin: "two hundred and fifty", "2.5k", "$1,200",
 * "a hundred bucks", "usd 300", "三千五", "两百块", "1万2", "五百美元", "100块钱".
 *
 * `value` is a plain decimal string built from the digits said (never through a float), printed with
 * the currency's minor digits ("300.00" for USD and CNY, "5000" for JPY) or two when no currency was
 * said; digits said beyond those are kept, not rounded ("1.005"). `currency` is set only when said.
 */
import { minorDigits, type Lang } from '../../shared/index.ts';
import { findAmountsEn, type RawAmount } from './amount-en.ts';
import { findAmountsZh } from './amount-zh.ts';
import { findCurrencyWords } from './currency-words.ts';
import { formatDecimal } from './decimal.ts';
import { DENIED, takesBack } from './self-repair.ts';
import { foldText } from './tokens.ts';
import type { AmountMatch } from './types.ts';

function toMatch(text: string, raw: RawAmount): AmountMatch {
  const digits = raw.currency === undefined ? 2 : minorDigits(raw.currency);
  return {
    start: raw.start,
    end: raw.end,
    text: text.slice(raw.start, raw.end),
    value: formatDecimal(raw.value, digits),
    ...(raw.currency === undefined ? {} : { currency: raw.currency }),
  };
}

/**
 * A sign before an amount ("minus 500", "negative 200", "-$50", "负五百"): money is never sent in
 * negative, and reading the number without its sign would read back 500 for "minus 500". Such an
 * amount is not one; the dialog asks how much.
 */
// "负的五百", "−500" after Han text, and changes by an amount ("减一百", "再加两百": by how much, not
// to how much) are not an amount to act on: the dialog asks for it.
const NEGATIVE = /(?:\bminus|\bnegative|(?:^|[\s\u4e00-\u9fff，,])[-−]|负(?:的|数)?|减去?|再加|加上)\s*$/;

// "大概一千", "about 500", "一千左右", "50 or so", "三百还是五百", "一千二三百": a guess or a choice. A search
// may use it; a payment asks how much exactly, rather than read back one figure as if it were said.
const APPROX_BEFORE =
  /(?:大概|大约|差不多|将近|接近|约莫|估计|(?<!\bhow |\bwhat )\babout|\baround|\broughly|\bapproximately)\s*(?:是|有)?\s*$/i;
const APPROX_AFTER = /^\s*(?:块钱?|元)?\s*(?:左右|上下|出头|来块|多点|\bor so\b|\bgive or take\b|\bish\b)/i;
const EITHER = /^\s*(?:块钱?|元|dollars?|bucks)?\s*(?:还是|或者|或是|\bor\b)\s*$/i;
/** "between 50 and 60", "from 50 to 60": a range, not one figure. */
const BETWEEN = /\bbetween\s*$/i;

function approximate(
  folded: string,
  r: RawAmount,
  prev: RawAmount | undefined,
  next: RawAmount | undefined,
): boolean {
  if (APPROX_BEFORE.test(folded.slice(0, r.start)) || APPROX_AFTER.test(folded.slice(r.end))) return true;
  if (
    BETWEEN.test(folded.slice(0, r.start)) &&
    next &&
    /^\s*(?:dollars?|bucks)?\s*and\s*$/i.test(folded.slice(r.end, next.start))
  )
    return true;
  if (prev && BETWEEN.test(folded.slice(0, prev.start))) return true;
  if (next && (next.start === r.end || EITHER.test(folded.slice(r.end, next.start)))) return true;
  return prev !== undefined && (prev.end === r.start || EITHER.test(folded.slice(prev.end, r.start)));
}

/**
 * Every amount in `text`, left to right. An amount with a minus sign is left out (see NEGATIVE). Dates, times, counts, ordinals, phone numbers, PINs and
 * card last-four digits are not amounts (see `amount-en.ts` and `amount-zh.ts` for the rules).
 */
export function extractAmounts(text: string, lang: Lang): AmountMatch[] {
  const folded = foldText(text);
  const currencies = findCurrencyWords(text);
  const raw = lang === 'zh' ? findAmountsZh(folded, currencies) : findAmountsEn(folded, currencies);
  const signed = raw.filter((r) => !NEGATIVE.test(folded.slice(0, r.start)));
  return signed.map((r, i) => {
    const match = toMatch(text, r);
    return approximate(folded, r, signed[i - 1], signed[i + 1]) ? { ...match, approximate: true } : match;
  });
}

/** Between two amounts, a change to the second ("提醒金额从一百改成五百") also takes the first back. */
const CHANGED_TO = /改成|改为|换成|\bchange (it )?to\b/;

/**
 * The amount the customer means, of those `extractAmounts` found: the first, unless the customer
 * took it back on the spot ("fifty no sorry sixty dollars", "fifty i mean sixty", "一百 不对 两百",
 * "不是五十，是六十"), then the one said instead. "Sixty, not fifty" and "五十块，不是六十块" keep
 * the first; so does "fifty to bob and sixty to maria" (no taking back between them).
 */
export function meantAmount(text: string, amounts: readonly AmountMatch[]): AmountMatch | undefined {
  let meant = amounts[0];
  for (let i = 1; i < amounts.length; i++) {
    const said = amounts[i - 1];
    const instead = amounts[i];
    if (!said || !instead || meant !== said) continue;
    const between = text.slice(said.end, instead.start).toLowerCase();
    const before = text.slice(0, said.start).toLowerCase();
    if (takesBack(between, before) || CHANGED_TO.test(between) || DENIED.test(before)) meant = instead;
    // "五千，不要五千，五百": the amount said again to deny it, then the one meant.
    const after = amounts[i + 1];
    if (after && instead.value === said.value && DENIED.test(text.slice(0, instead.start))) meant = after;
  }
  return meant;
}
