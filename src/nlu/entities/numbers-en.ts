/**
 * English number phrases as an ASR writes them (lower case, no punctuation, numbers often as words):
 * "two hundred and fifty", "fifteen hundred", "one point five", "three k", "2.5k", "1,200",
 * "1.2 million", the colloquial pairs "two fifty" (250) and "five twenty five" (525), digit strings
 * ("one two three four", "five five five oh one") and ordinals ("fifteenth", "twenty first", "3rd").
 * Vague quantities ("a couple hundred", "hundreds") are not numbers.
 */
import {
  addDecimal,
  compareDecimal,
  DECIMAL_ZERO,
  decimalFromString,
  decimalOf,
  formatDecimal,
  isWhole,
  mulDecimal,
  shiftDecimal,
  toSafeInteger,
  withFraction,
  type Decimal,
  type NumberKind,
  type NumberMatch,
} from './decimal.ts';
import { foldText, tokenizeEn, type Token } from './tokens.ts';

const UNIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
// prettier-ignore
const TEEN_WORDS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS_WORDS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
// prettier-ignore
const ORDINAL_WORDS = [
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth',
  'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth',
];
// prettier-ignore
const TENS_ORDINALS = ['twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'];

/** zero … nine. */
export const EN_UNITS: ReadonlyMap<string, number> = new Map(UNIT_WORDS.map((w, i) => [w, i]));
/** ten … nineteen. */
export const EN_TEENS: ReadonlyMap<string, number> = new Map(TEEN_WORDS.map((w, i) => [w, i + 10]));
/** twenty … ninety. */
export const EN_TENS: ReadonlyMap<string, number> = new Map(TENS_WORDS.map((w, i) => [w, (i + 2) * 10]));
/** first … nineteenth, twentieth … ninetieth. */
export const EN_ORDINALS: ReadonlyMap<string, number> = new Map([
  ...ORDINAL_WORDS.map((w, i) => [w, i + 1] as const),
  ...TENS_ORDINALS.map((w, i) => [w, (i + 2) * 10] as const),
]);

// "grand" and "k" only ever follow a number, which is the only place scales are read.
const SCALES: ReadonlyMap<string, bigint> = new Map([
  ['thousand', 1000n],
  ['k', 1000n],
  ['grand', 1000n],
  ['million', 1_000_000n],
  ['billion', 1_000_000_000n],
]);

/** Words before "hundred" or "thousand" that make a vague quantity ("a couple hundred"), not a number. */
// "to hundred", "for hundred": as ASR writes "two hundred", "four hundred"; no number is better
// than the wrong one.
const VAGUE = new Set([
  'couple',
  'few',
  'several',
  'many',
  'some',
  'hundreds',
  'thousands',
  'the',
  'per',
  'to',
  'too',
  'for',
  'fore',
]);

const DIGIT_TOKEN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(k|st|nd|rd|th)?$/;

type Typed =
  | { readonly kind: 'cardinal'; readonly value: Decimal }
  | { readonly kind: 'ordinal'; readonly value: Decimal }
  | { readonly kind: 'digits'; readonly digits: string };

/** Reads a typed number token: "1,200.50", ".50", "2.5k", "15th", "0123" (digits). Undefined for "3pm", "3:30", "1e3". */
export function readTypedNumber(text: string): Typed | undefined {
  const m = DIGIT_TOKEN.exec(text.startsWith('.') ? `0${text}` : text);
  if (!m) return undefined;
  const [, whole = '', fraction, suffix] = m;
  if (suffix !== undefined && suffix !== 'k') {
    return fraction === undefined && !whole.includes(',')
      ? { kind: 'ordinal', value: decimalOf(Number(whole)) }
      : undefined;
  }
  if (fraction === undefined && suffix === undefined && whole.length > 1 && whole.startsWith('0')) {
    return { kind: 'digits', digits: whole };
  }
  const value = decimalFromString(fraction === undefined ? whole : `${whole}.${fraction}`);
  if (value === undefined) return undefined;
  return { kind: 'cardinal', value: suffix === 'k' ? mulDecimal(value, 1000n) : value };
}

interface Below100 {
  readonly value: number;
  readonly next: number;
  readonly shape: 'unit' | 'teen' | 'tens' | 'compound';
}

/** "seven", "fifteen", "forty", "forty two" (also "forty-two": hyphens split tokens). */
export function readBelow100(tokens: readonly Token[], i: number): Below100 | undefined {
  const word = tokens[i]?.text;
  if (word === undefined) return undefined;
  const tens = EN_TENS.get(word);
  if (tens !== undefined) {
    const unit = EN_UNITS.get(tokens[i + 1]?.text ?? '');
    return unit !== undefined && unit > 0
      ? { value: tens + unit, next: i + 2, shape: 'compound' }
      : { value: tens, next: i + 1, shape: 'tens' };
  }
  const teen = EN_TEENS.get(word);
  if (teen !== undefined) return { value: teen, next: i + 1, shape: 'teen' };
  const unit = EN_UNITS.get(word);
  return unit === undefined ? undefined : { value: unit, next: i + 1, shape: 'unit' };
}

interface Group {
  readonly value: Decimal;
  readonly next: number;
  /** Set for a bare word group below 100, the only kind that starts a pair ("two fifty"). */
  readonly below100?: Below100;
  /** Set for hundreds with a remainder ("one hundred twelve"), which a cents pair may follow. */
  readonly hundredsAndRest?: boolean;
}

function hundredGroup(tokens: readonly Token[], base: number, j: number): Group {
  const k = tokens[j]?.text === 'and' ? j + 1 : j;
  // "a hundred oh five" is 105, as "five oh five" is 505.
  const oh = tokens[k]?.text === 'oh' ? EN_UNITS.get(tokens[k + 1]?.text ?? '') : undefined;
  if (oh !== undefined && oh > 0) return { value: decimalOf(base + oh), next: k + 2, hundredsAndRest: true };
  // "5 hundred and 50": the rest typed.
  const typed = /^\d{1,2}$/.test(tokens[k]?.text ?? '') ? Number(tokens[k]?.text) : undefined;
  if (typed !== undefined && typed > 0)
    return { value: decimalOf(base + typed), next: k + 1, hundredsAndRest: true };
  const rest = readBelow100(tokens, k);
  return rest && rest.value > 0
    ? { value: decimalOf(base + rest.value), next: rest.next, hundredsAndRest: true }
    : { value: decimalOf(base), next: j };
}

/** A group below a thousand: "three hundred and four", "twelve hundred fifty", "a hundred", "5", "1.2". */
function readGroup(tokens: readonly Token[], i: number): Group | undefined {
  const token = tokens[i];
  if (!token) return undefined;
  const typed = readTypedNumber(token.text);
  if (typed) {
    if (typed.kind !== 'cardinal') return undefined;
    const small = isWhole(typed.value) && compareDecimal(typed.value, decimalOf(100)) < 0;
    if (small && !token.text.endsWith('k') && tokens[i + 1]?.text === 'hundred') {
      // "5 hundred and 50", as "five hundred and fifty".
      const base = toSafeInteger(mulDecimal(typed.value, 100n));
      return base === undefined
        ? { value: mulDecimal(typed.value, 100n), next: i + 2 }
        : hundredGroup(tokens, base, i + 2);
    }
    return { value: typed.value, next: i + 1 };
  }
  // "hundred and fifty", "send mom hundred bucks": "a" left out, as ASR often drops it. Not after a
  // vague quantity ("a couple hundred", "several hundred"), which is no number.
  if (token.text === 'hundred' && !VAGUE.has(tokens[i - 1]?.text ?? ''))
    return hundredGroup(tokens, 100, i + 1);
  if (token.text === 'a' || token.text === 'an') {
    const after = tokens[i + 1]?.text ?? '';
    if (after === 'hundred') return hundredGroup(tokens, 100, i + 2);
    return after !== 'k' && SCALES.has(after) ? { value: decimalOf(1), next: i + 1 } : undefined;
  }
  const below = readBelow100(tokens, i);
  if (!below) return undefined;
  // "twenty five hundred" is 2500, as "fifteen hundred" is 1500.
  if (below.value > 0 && tokens[below.next]?.text === 'hundred') {
    return hundredGroup(tokens, below.value * 100, below.next + 1);
  }
  return { value: decimalOf(below.value), next: below.next, below100: below };
}

function isDigitWord(word: string | undefined): boolean {
  return word !== undefined && (word === 'oh' || EN_UNITS.has(word));
}

/** Digits after "point": "point five", "point two five", "point twenty five"; or "and a half". */
function readFraction(tokens: readonly Token[], j: number): { digits: string; next: number } | undefined {
  if (tokens[j]?.text === 'and' && tokens[j + 1]?.text === 'a' && tokens[j + 2]?.text === 'half') {
    return { digits: '5', next: j + 3 };
  }
  if (tokens[j]?.text !== 'point') return undefined;
  const pair = readBelow100(tokens, j + 1);
  if (pair && pair.shape !== 'unit') return { digits: String(pair.value), next: pair.next };
  let digits = '';
  let k = j + 1;
  for (; isDigitWord(tokens[k]?.text); k++) digits += String(EN_UNITS.get(tokens[k]?.text ?? '') ?? 0);
  return digits === '' ? undefined : { digits, next: k };
}

/** The second half of a pair: "fifty" in "two fifty", "twenty five" in "five twenty five", "oh five". */
function readPairTail(tokens: readonly Token[], j: number): Below100 | undefined {
  if (tokens[j]?.text === 'oh') {
    const unit = EN_UNITS.get(tokens[j + 1]?.text ?? '');
    return unit !== undefined && unit > 0 ? { value: unit, next: j + 2, shape: 'unit' } : undefined;
  }
  const tail = readBelow100(tokens, j);
  return tail && tail.value >= 10 ? tail : undefined;
}

/** A number read from `tokens[start, next)`. */
export interface NumberRead {
  readonly value: Decimal;
  readonly kind: NumberKind;
  readonly next: number;
  readonly spoken: boolean;
  /** Digit strings only: the digits as said, leading zeros kept. */
  readonly digits?: string;
}

function readCardinal(tokens: readonly Token[], i: number): NumberRead | undefined {
  const first = readGroup(tokens, i);
  if (!first) return undefined;
  let group = first.value;
  let next = first.next;
  let closed = false; // a pair or a fraction takes a scale but no further groups
  if (first.below100) {
    // A run of digit words is a digit string, except "five oh five" which is said as 505.
    let k = i;
    let digits = '';
    for (; isDigitWord(tokens[k]?.text); k++) digits += String(EN_UNITS.get(tokens[k]?.text ?? '') ?? 0);
    if (first.below100.shape === 'unit' && digits.length >= 2) {
      if (digits.length !== 3 || tokens[i + 1]?.text !== 'oh') {
        return {
          value: decimalFromString(digits) ?? DECIMAL_ZERO,
          kind: 'digits',
          next: k,
          spoken: true,
          digits,
        };
      }
    }
    // After "not", two numbers are a denial and what is meant ("not fifty sixty"), never a pair.
    const denied = tokens[i - 1]?.text === 'not';
    const tail = first.below100.value > 0 && !denied ? readPairTail(tokens, next) : undefined;
    if (tail) {
      group = decimalOf(first.below100.value * 100 + tail.value);
      next = tail.next;
      closed = true;
    }
  }
  if (first.hundredsAndRest) {
    // "one hundred twelve forty" is $112.40 said as a price, as "twelve fifty" is the pair 1250:
    // the whole number is complete, so a second group of ten or more is its cents.
    const cents = readPairTail(tokens, next);
    if (cents && !SCALES.has(tokens[cents.next]?.text ?? '') && tokens[cents.next]?.text !== 'hundred') {
      group = withFraction(group, String(cents.value).padStart(2, '0'));
      next = cents.next;
      closed = true;
    }
  }
  if (!closed) {
    const fraction = readFraction(tokens, next);
    if (fraction && isWhole(group)) {
      group = withFraction(group, fraction.digits);
      next = fraction.next;
      closed = true;
    }
  }
  let total = DECIMAL_ZERO;
  let lastScale: bigint | undefined;
  for (;;) {
    const scale = SCALES.get(tokens[next]?.text ?? '');
    if (scale === undefined || (lastScale !== undefined && scale >= lastScale)) break;
    total = addDecimal(total, mulDecimal(group, scale));
    group = DECIMAL_ZERO;
    lastScale = scale;
    next++;
    if (closed) break;
    const j = tokens[next]?.text === 'and' ? next + 1 : next;
    const g = readGroup(tokens, j);
    if (!g || !isWhole(g.value) || compareDecimal(g.value, decimalOf(scale)) >= 0) break;
    group = g.value;
    next = g.next;
  }
  // "a grand and a half", "two million and a half": half of the last scale more.
  const half = readFraction(tokens, next);
  if (
    lastScale !== undefined &&
    compareDecimal(group, DECIMAL_ZERO) === 0 &&
    half?.digits === '5' &&
    tokens[next]?.text === 'and'
  ) {
    total = addDecimal(total, shiftDecimal(decimalOf(lastScale * 5n), 1));
    next = half.next;
  }
  const spoken = next - i > 1 || readTypedNumber(tokens[i]?.text ?? '') === undefined;
  return { value: addDecimal(total, group), kind: 'cardinal', next, spoken };
}

const QUARTER_COUNTS: ReadonlyMap<string, bigint> = new Map([
  ['a', 1n],
  ['one', 1n],
  ['two', 2n],
  ['three', 3n],
]);

/** "a quarter of a million", "quarter million", "three quarters of a million": quarters of a scale. */
function readQuarters(tokens: readonly Token[], i: number): NumberRead | undefined {
  const count = QUARTER_COUNTS.get(tokens[i]?.text ?? '');
  let k = count === undefined ? i : i + 1;
  if (!/^quarters?$/.test(tokens[k]?.text ?? '')) return undefined;
  k++;
  if (tokens[k]?.text === 'of') k++;
  if (tokens[k]?.text === 'a' || tokens[k]?.text === 'an') k++;
  const scale = SCALES.get(tokens[k]?.text ?? '');
  if (scale === undefined || scale < 1000n) return undefined;
  return { value: decimalOf(((count ?? 1n) * scale) / 4n), kind: 'cardinal', next: k + 1, spoken: true };
}

/** Reads the number phrase starting at `tokens[i]`, if one does. */
export function readNumberEn(tokens: readonly Token[], i: number): NumberRead | undefined {
  const token = tokens[i];
  if (!token) return undefined;
  const ordinal = EN_ORDINALS.get(token.text);
  if (ordinal !== undefined) return { value: decimalOf(ordinal), kind: 'ordinal', next: i + 1, spoken: true };
  const tens = EN_TENS.get(token.text);
  if (tens !== undefined) {
    const unitOrdinal = EN_ORDINALS.get(tokens[i + 1]?.text ?? '');
    if (unitOrdinal !== undefined && unitOrdinal < 10) {
      return { value: decimalOf(tens + unitOrdinal), kind: 'ordinal', next: i + 2, spoken: true };
    }
  }
  const quarters = readQuarters(tokens, i);
  if (quarters) return quarters;
  if (token.text === 'half' && (tokens[i + 1]?.text === 'a' || tokens[i + 1]?.text === 'an')) {
    // "half a million": half of the scale that follows.
    const scale = SCALES.get(tokens[i + 2]?.text ?? '');
    if (scale !== undefined) {
      return { value: shiftDecimal(decimalOf(scale * 5n), 1), kind: 'cardinal', next: i + 3, spoken: true };
    }
  }
  if (token.text === 'point') {
    // "point five" on its own is 0.5.
    const fraction = readFraction(tokens, i);
    if (fraction)
      return {
        value: withFraction(DECIMAL_ZERO, fraction.digits),
        kind: 'cardinal',
        next: fraction.next,
        spoken: true,
      };
  }
  const typed = readTypedNumber(token.text);
  if (typed?.kind === 'ordinal') return { value: typed.value, kind: 'ordinal', next: i + 1, spoken: false };
  if (typed?.kind === 'digits') {
    const value = decimalFromString(typed.digits) ?? DECIMAL_ZERO;
    return { value, kind: 'digits', next: i + 1, spoken: false, digits: typed.digits };
  }
  return readCardinal(tokens, i);
}

/** Converts a read to a match over the original text. */
export function toNumberMatch(
  text: string,
  tokens: readonly Token[],
  i: number,
  read: NumberRead,
): NumberMatch {
  const start = tokens[i]?.start ?? 0;
  const end = tokens[read.next - 1]?.end ?? start;
  return {
    start,
    end,
    text: text.slice(start, end),
    value: read.digits ?? formatDecimal(read.value),
    kind: read.kind,
    spoken: read.spoken,
  };
}

/** Every number phrase in `text`, left to right, longest first, not overlapping. */
export function extractNumbersEn(text: string): NumberMatch[] {
  const tokens = tokenizeEn(foldText(text));
  const found: NumberMatch[] = [];
  for (let i = 0; i < tokens.length;) {
    const read = readNumberEn(tokens, i);
    if (!read) {
      i++;
      continue;
    }
    found.push(toNumberMatch(text, tokens, i, read));
    i = read.next;
  }
  return found;
}
