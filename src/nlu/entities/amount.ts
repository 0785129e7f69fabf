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
 * Every amount in `text`, left to right. Dates, times, counts, ordinals, phone numbers, PINs and
 * card last-four digits are not amounts (see `amount-en.ts` and `amount-zh.ts` for the rules).
 */
export function extractAmounts(text: string, lang: Lang): AmountMatch[] {
  const folded = foldText(text);
  const currencies = findCurrencyWords(text);
  const raw = lang === 'zh' ? findAmountsZh(folded, currencies) : findAmountsEn(folded, currencies);
  return raw.map((r) => toMatch(text, r));
}
