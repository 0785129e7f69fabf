/**
 * English amounts: a number phrase with an optional currency before or after it ("$1,200",
 * "usd 300", "500 dollars", "a hundred bucks"), major and minor units ("five dollars and twenty
 * cents", "ten dollars fifty"), and minor units alone ("fifty cents"). Without a currency, numbers
 * that read as something else are left out: dates ("december 3", "on the 15"), times ("at 3"),
 * counts ("3 days", "last 5 transactions"), percentages, years ("in 2025"), PINs, phone numbers and
 * last-four digits ("ending in 1234"), and a bare "one" ("the one from savings").
 */
import { minorDigits, type CurrencyCode } from '../../shared/index.ts';
import { EN_MONTHS } from './calendar.ts';
import { currencyAfter, currencyBefore, type CurrencyMatch } from './currency-words.ts';
import {
  addDecimal,
  compareDecimal,
  decimalOf,
  isWhole,
  shiftDecimal,
  toSafeInteger,
  type Decimal,
} from './decimal.ts';
import { readNumberEn, type NumberRead } from './numbers-en.ts';
import { tokenizeEn, type Token } from './tokens.ts';

/** An amount before formatting: offsets into the text, the exact value and the currency when said. */
export interface RawAmount {
  readonly start: number;
  readonly end: number;
  readonly value: Decimal;
  readonly currency?: CurrencyCode;
}

const MINOR_UNITS: ReadonlyMap<string, CurrencyCode> = new Map([
  ['cent', 'USD'],
  ['cents', 'USD'],
  ['penny', 'GBP'],
  ['pence', 'GBP'],
]);

// A number followed by one of these counts or times something: "3 days", "2 transactions", "5 pm".
// prettier-ignore
const COUNTED = new Set([
  'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'hour', 'hours', 'hr', 'hrs', 'minute',
  'minutes', 'min', 'mins', 'second', 'seconds', 'am', 'pm', "o'clock", 'oclock', 'percent', 'per', '%', 'time',
  'times', 'transaction', 'transactions', 'payment', 'payments', 'transfer', 'transfers', 'item', 'items',
  'people', 'person', 'digit', 'digits', 'card', 'cards', 'account', 'accounts', 'statement', 'statements',
  'installment', 'installments', 'bills', 'payees', 'cheques', 'checks', 'of', 'x', 'twenties', 'fifties',
  'tens', 'fives', 'hundreds', 'ones', 'notes', 'bills',
]);
const COUNT_ADJECTIVES = new Set([
  'new',
  'more',
  'other',
  'different',
  'separate',
  'extra',
  'additional',
  'recent',
]);

// Words just before a number (or before "is"/"are" and the number) that make it an identifier, not
// money: "pin 2468", "my pin is 2468", "option two", "the last four digits are 1234".
// prettier-ignore
const IDENTIFIER_CUES = new Set([
  'pin', 'code', 'number', 'extension', 'ext', 'option', 'press', 'otp', 'passcode', 'password', 'zip', 'postcode',
  'reference', 'ref', 'id', 'apartment', 'apt', 'room', 'flight', 'suite', 'plus', '+', '#', 'digits',
]);
const IS = new Set(['is', 'are', 'was', "it's", 'its']);
// Cues for phone numbers: they only rule out long numbers ("top up my phone with 50" is money).
const PHONE_CUES = new Set(['phone', 'mobile', 'cell', 'call', 'dial']);

/** "pin 2468", "code is 1234", "ending in 1234", "last four 1234", "phone 5550123". */
function identifierBefore(tokens: readonly Token[], i: number, typedDigits: number): boolean {
  let k = i - 1;
  if (IS.has(word(tokens, k))) k--;
  const cue = word(tokens, k);
  if (IDENTIFIER_CUES.has(cue) || cue === 'ending' || cue === 'ends') return true;
  if ((cue === 'in' || cue === 'with') && ['ending', 'ends', 'end'].includes(word(tokens, k - 1)))
    return true;
  if ((cue === 'four' || cue === '4') && ['last', 'final'].includes(word(tokens, k - 1))) return true;
  return typedDigits >= 5 && PHONE_CUES.has(cue);
}
/** "At least 50", "at most 200", "at about 30": after "at", an amount all the same. */
const AT_QUANTIFIERS = new Set([
  'least',
  'most',
  'about',
  'around',
  'roughly',
  'approximately',
  'maybe',
  'like',
  'a',
  'an',
  'only',
  'just',
]);

/** Words a card's or account's last four follow ("visa 9876", "ending 1234"). */
// prettier-ignore
const LAST_FOUR_OF = new Set([
  'visa', 'mastercard', 'amex', 'discover', 'ending', 'ends',
]);
const COUNT_CUES = new Set(['last', 'past', 'next', 'first', 'top', 'previous', 'recent', 'latest']);
const YEAR_CUES = new Set([
  'in',
  'since',
  'of',
  'year',
  'until',
  'till',
  'from',
  'before',
  'after',
  'during',
]);
const DAY_CUES = new Set(['on', 'by', 'before', 'after', 'until', 'till']);

function word(tokens: readonly Token[], i: number): string {
  return tokens[i]?.text ?? '';
}

/** True when the number at tokens[i, next) reads as something other than money (no currency said). */
function notMoney(
  folded: string,
  tokens: readonly Token[],
  i: number,
  next: number,
  value: Decimal,
): boolean {
  const prev = word(tokens, i - 1);
  // "2 new cards", "3 more payments": look past one adjective for the counted thing.
  const after = COUNT_ADJECTIVES.has(word(tokens, next)) ? word(tokens, next + 1) : word(tokens, next);
  const n = toSafeInteger(value);
  // "15 december", "december 15": a day, not $15 ("50 december 3rd" is still $50).
  const day = n !== undefined && n >= 1 && n <= 31;
  if (COUNTED.has(after) || ((EN_MONTHS.has(after) || EN_MONTHS.has(prev)) && day)) return true;
  // "half of 500", "10 percent of 500": a share of an amount, which is not the amount.
  if (
    prev === 'of' &&
    ['half', 'percent', '%', 'quarter', 'third', 'fraction', 'part'].includes(word(tokens, i - 2))
  )
    return true;
  if (prev === 'at' || COUNT_CUES.has(prev)) return true;
  // "at 7 eleven", "at forever 21": a shop's name after "at" ("at least 50" is money).
  if (word(tokens, i - 2) === 'at' && !AT_QUANTIFIERS.has(prev)) return true;
  if (next - i === 1 && word(tokens, i) === 'one') return true;
  if (n !== undefined && n >= 1 && n <= 31) {
    if (DAY_CUES.has(prev) || (prev === 'the' && DAY_CUES.has(word(tokens, i - 2)))) return true;
  }
  if (n !== undefined && n >= 1900 && n <= 2099 && YEAR_CUES.has(prev)) return true;
  const first = tokens[i];
  const last = tokens[next - 1];
  if (!first || !last) return true;
  const typed = /^\d/.test(first.text) && next - i === 1;
  if (identifierBefore(tokens, i, typed ? first.text.replace(/\D/g, '').length : 0)) return true;
  if (typed && /^\d{4}$/.test(first.text) && (prev === 'card' || prev === 'account')) return true;
  // A retirement plan ("my 401k", "a 403b"), not $401,000.
  if (typed && /^40[13][kb]$/.test(first.text)) return true;
  // "december third twenty twenty seven": the year of a date.
  if (n !== undefined && n >= 1900 && n <= 2099 && EN_MONTHS.has(word(tokens, i - 2))) return true;
  if (typed && (first.text.replaceAll(',', '').split('.')[0] ?? '').length > 8) return true;
  // "+1 555 0100", "6222 0212 3456": one of several typed digit groups is a phone or account number.
  const neighbours = [tokens[i - 1], tokens[next]];
  // Not after "not": "not 500 50" denies one amount and says another.
  const denial = prev === 'not' || word(tokens, i - 2) === 'not';
  // "Pay my visa 9876 200": a card's last four after its name, then the amount.
  const afterLastFour = /^\d{4}$/.test(prev) && LAST_FOUR_OF.has(word(tokens, i - 2));
  if (typed && !denial && !afterLastFour && neighbours.some((t) => t !== undefined && /^\d+$/.test(t.text))) {
    const gapBefore = folded.slice(tokens[i - 1]?.end ?? 0, first.start);
    const gapAfter = folded.slice(last.end, tokens[next]?.start ?? last.end);
    if ((/^\d+$/.test(prev) && /^\s+$/.test(gapBefore)) || (/^\d+$/.test(after) && /^\s+$/.test(gapAfter)))
      return true;
  }
  // 555-0123, 1234-5678: parts of a phone or account number.
  const before = folded.slice(Math.max(0, first.start - 2), first.start);
  const following = folded.slice(last.end, last.end + 2);
  return /[-+]$/.test(before) || /^-\d/.test(following) || (typed && /\d[-.]$/.test(before));
}

function tokenIndexFrom(tokens: readonly Token[], offset: number, from: number): number {
  let j = from;
  while (j < tokens.length && (tokens[j]?.start ?? 0) < offset) j++;
  return j;
}

/** Amounts in English text; `folded` is `foldText(text)`, `currencies` its currency words. */
export function findAmountsEn(folded: string, currencies: readonly CurrencyMatch[]): RawAmount[] {
  const tokens = tokenizeEn(folded);
  const found: RawAmount[] = [];
  let lastEnd = 0;
  for (let i = 0; i < tokens.length;) {
    const read =
      aHalf(folded, tokens, i, currencies) ??
      readNumberEn(tokens, i) ??
      aSingle(folded, tokens, i, currencies);
    if (!read) {
      i++;
      continue;
    }
    if (read.kind !== 'cardinal') {
      i = read.next;
      continue;
    }
    let start = tokens[i]?.start ?? 0;
    let end = tokens[read.next - 1]?.end ?? start;
    let next = read.next;
    let value = read.value;
    const prefix = currencyBefore(currencies, folded, start, lastEnd);
    let currency = prefix?.currency;
    if (prefix) start = prefix.start;
    const suffix = currencyAfter(currencies, folded, end);
    if (suffix && (currency === undefined || currency === suffix.currency)) {
      currency = suffix.currency;
      end = suffix.end;
      next = tokenIndexFrom(tokens, end, next);
      const cents = minorDigits(currency) === 2 ? readCents(folded, tokens, next, currencies) : undefined;
      if (cents) {
        value = addDecimal(value, shiftDecimal(cents.value, 2));
        end = tokens[cents.next - 1]?.end ?? end;
        next = cents.next;
      } else if (andAHalf(tokens, next) && isWhole(value)) {
        // "a dollar and a half", "ten bucks and a half".
        value = addDecimal(value, shiftDecimal(decimalOf(5), 1));
        end = tokens[next + 2]?.end ?? end;
        next += 3;
      }
    } else if (currency === undefined && word(tokens, next) === 'and' && isWhole(value)) {
      // "300 and 25 cents": the whole units, then the cents with theirs.
      const cents = readNumberEn(tokens, next + 1);
      const unit = cents && MINOR_UNITS.get(word(tokens, cents.next));
      if (cents?.kind === 'cardinal' && unit && compareDecimal(cents.value, decimalOf(100)) < 0) {
        currency = unit;
        value = addDecimal(value, shiftDecimal(cents.value, 2));
        end = tokens[cents.next]?.end ?? end;
        next = cents.next + 1;
      }
    } else if (currency === undefined && MINOR_UNITS.has(word(tokens, next))) {
      currency = MINOR_UNITS.get(word(tokens, next));
      value = shiftDecimal(value, 2);
      end = tokens[next]?.end ?? end;
      next++;
    }
    const counted = currency === undefined && notMoney(folded, tokens, i, read.next, value);
    if (!counted) found.push({ start, end, value, ...(currency ? { currency } : {}) });
    lastEnd = end;
    i = next;
  }
  return found;
}

/** "half a dollar", "half a buck": half of one. */
function aHalf(
  folded: string,
  tokens: readonly Token[],
  i: number,
  currencies: readonly CurrencyMatch[],
): NumberRead | undefined {
  const a = tokens[i + 1];
  if (word(tokens, i) !== 'half' || !a || (a.text !== 'a' && a.text !== 'an')) return undefined;
  if (!currencyAfter(currencies, folded, a.end)) return undefined;
  return { value: shiftDecimal(decimalOf(5), 1), kind: 'cardinal', next: i + 2, spoken: true };
}

/** "a dollar", "a buck" (and "a dollar fifty"): "a" before a currency word is one. */
function aSingle(
  folded: string,
  tokens: readonly Token[],
  i: number,
  currencies: readonly CurrencyMatch[],
): NumberRead | undefined {
  const a = tokens[i];
  if (!a || (a.text !== 'a' && a.text !== 'an') || !currencyAfter(currencies, folded, a.end))
    return undefined;
  return { value: decimalOf(1), kind: 'cardinal', next: i + 1, spoken: true };
}

function andAHalf(tokens: readonly Token[], j: number): boolean {
  return word(tokens, j) === 'and' && word(tokens, j + 1) === 'a' && word(tokens, j + 2) === 'half';
}

/**
 * "and twenty cents", "twenty cents", or a bare number after the major unit ("ten dollars fifty",
 * "two dollars and fifty").
 */
function readCents(
  folded: string,
  tokens: readonly Token[],
  j: number,
  currencies: readonly CurrencyMatch[],
): { value: Decimal; next: number } | undefined {
  const and = word(tokens, j) === 'and';
  const read = readNumberEn(tokens, and ? j + 1 : j);
  if (!read || read.kind !== 'cardinal' || !isWhole(read.value)) return undefined;
  if (compareDecimal(read.value, decimalOf(0)) <= 0) return undefined;
  const after = word(tokens, read.next);
  // Said with their unit, cents count whatever their number: "500 dollars and 999 cents" is 509.99,
  // not 500 with the cents dropped.
  if (MINOR_UNITS.has(after)) return { value: read.value, next: read.next + 1 };
  if (compareDecimal(read.value, decimalOf(100)) >= 0) return undefined;
  // "ten dollars fifty" and "two dollars and fifty" are cents unless a count, a month, another
  // number or a currency follows ("5 dollars and 20 dollars", "20 dollars and 3 days").
  if (COUNTED.has(after) || EN_MONTHS.has(after) || read.next - (and ? j + 1 : j) > 2) return undefined;
  if (/^\d/.test(after) || currencyAfter(currencies, folded, tokens[read.next - 1]?.end ?? 0))
    return undefined;
  return { value: read.value, next: read.next };
}
