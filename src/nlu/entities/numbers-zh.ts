/**
 * Chinese numerals as Mandarin ASR and typing produce them: 三千五 (3500), 两百五 (250), 一万二 (12000),
 * 1万2 (12000), 一千零五十 (1050), 三点五 (3.5), 5千, 一百万, financial numerals (壹贰叁), full-width
 * digits (５００, folded first), digit strings (二四六八, 幺三八), and the spoken yuan forms 三块五 (3.5),
 * 三块五毛二 (3.52), 十块零五分 (10.05), 两块半 (2.5), 五毛 (0.5), which carry currency CNY.
 * Approximations (三百多, 七八百, 十几) are not numbers.
 */
import {
  addDecimal,
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
import { foldText } from './tokens.ts';

const DIGITS: ReadonlyMap<string, number> = new Map([
  ...[...'零〇'].map((c) => [c, 0] as const),
  ...[...'一壹幺'].map((c) => [c, 1] as const),
  // 俩 and 仨 are spoken "two" and "three" (俩百 is 200); 兩 is the traditional 两.
  ...[...'二贰两兩俩'].map((c) => [c, 2] as const),
  ...[...'三叁仨'].map((c) => [c, 3] as const),
  ...[...'四肆'].map((c) => [c, 4] as const),
  ...[...'五伍'].map((c) => [c, 5] as const),
  ...[...'六陆'].map((c) => [c, 6] as const),
  ...[...'七柒'].map((c) => [c, 7] as const),
  ...[...'八捌'].map((c) => [c, 8] as const),
  ...[...'九玖'].map((c) => [c, 9] as const),
]);
const SMALL_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['十', 10n],
  ['拾', 10n],
  ['百', 100n],
  ['佰', 100n],
  ['千', 1000n],
  ['仟', 1000n],
]);
const BIG_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['万', 10_000n],
  ['萬', 10_000n],
  ['亿', 100_000_000n],
  ['億', 100_000_000n],
]);
// A jiao or fen digit followed by one of these belongs to something else: 一百块五号 is "100 yuan, the 5th".
const NOT_A_TAIL = /[\d零〇一二两兩俩三仨四五六七八九十百千万亿号日月天周点个年岁次时分秒期笔张]/;
const ZERO_FOLLOWERS = /^(?:$|[点块元\s,.!?，。！？])/;
const ASCII_NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?(?!\d)/y;

/** The value of one Chinese digit character (零 〇 一 … 九, 两, 幺, 壹 … 玖), or undefined. */
export function zhDigitValue(c: string): number | undefined {
  return DIGITS.get(c);
}

function isAsciiDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** True when `c` is one of `chars` (an empty `c`, past the end of the text, is not). */
function isOneOf(chars: string, c: string): boolean {
  return c !== '' && chars.includes(c);
}

/** A Chinese digit (not 零) or a lone ASCII digit at `r`: the jiao in 三块五, the fen in 五毛二. */
function tailDigitAt(s: string, r: number): number | undefined {
  const c = s.charAt(r);
  if (isAsciiDigit(c)) return isAsciiDigit(s.charAt(r + 1)) ? undefined : Number(c);
  const d = DIGITS.get(c);
  return d === undefined || d === 0 ? undefined : d;
}

interface Minor {
  /** Jiao and fen said, in fen: 五毛二 is 52. */
  readonly fen: number;
  readonly next: number;
}

/** An optional fen digit after the jiao (五毛二, 五毛二分), added to `fen`. */
function readFen(s: string, r: number, fen: number): Minor {
  const digit = tailDigitAt(s, r);
  if (digit === undefined) return { fen, next: r };
  if (s.charAt(r + 1) === '分') return { fen: fen + digit, next: r + 2 };
  return NOT_A_TAIL.test(s.charAt(r + 1)) ? { fen, next: r } : { fen: fen + digit, next: r + 1 };
}

/** What follows 块/元 at `r`: 五, 五毛, 五毛二, 零五, 零五分, 零五毛, 半; undefined when no jiao or fen was said. */
function readAfterYuan(s: string, r: number): Minor | undefined {
  const c = s.charAt(r);
  if (c === '半') return { fen: 50, next: r + 1 };
  if (c === '零' || c === '〇') {
    // 零五毛 is five jiao (.50), said with the 零 that bridges the missing units: not five fen.
    const jiao = tailDigitAt(s, r + 1);
    if (jiao !== undefined && isOneOf('毛角', s.charAt(r + 2))) return readFen(s, r + 3, jiao * 10);
    const minor = readFen(s, r + 1, 0);
    return minor.next > r + 1 ? minor : undefined;
  }
  const jiao = tailDigitAt(s, r);
  if (jiao === undefined) return undefined;
  if (isOneOf('毛角', s.charAt(r + 1))) return readFen(s, r + 2, jiao * 10);
  return NOT_A_TAIL.test(s.charAt(r + 1)) ? undefined : { fen: jiao * 10, next: r + 1 };
}

/** A number read from `s[start, next)`. */
export interface ZhNumberRead {
  readonly value: Decimal;
  readonly kind: NumberKind;
  readonly next: number;
  readonly digits?: string;
  /** 三块五: the yuan/jiao/fen words were part of the number. */
  readonly yuan?: boolean;
  /** 三百多, 七八百: an approximation, not a number; skip to `next`. */
  readonly vague?: boolean;
}

function readDigitString(s: string, p: number): ZhNumberRead {
  let digits = '';
  let q = p;
  for (let d = DIGITS.get(s.charAt(q)); d !== undefined; d = DIGITS.get(s.charAt(++q))) digits += String(d);
  // 七八百, 三四千: two neighbouring digits before a unit are a range, not a number.
  const vague = SMALL_UNITS.has(s.charAt(q)) || BIG_UNITS.has(s.charAt(q)) || isOneOf('多几', s.charAt(q));
  return { value: decimalFromString(digits) ?? DECIMAL_ZERO, kind: 'digits', next: q, digits, vague };
}

/** Reads the number starting at `s[p]` (folded text), if one does. */
export function readNumberZh(s: string, p: number): ZhNumberRead | undefined {
  const c0 = s.charAt(p);
  if (DIGITS.has(c0) && DIGITS.has(s.charAt(p + 1))) return readDigitString(s, p);
  let big = DECIMAL_ZERO;
  let section = DECIMAL_ZERO;
  let pending: Decimal | undefined;
  let pendingSingle = false;
  let lastSmall = 10_000n;
  let lastBig = 10n ** 16n;
  let lastUnit = 1n;
  let zeroGap = false;
  let anyUnit = false;
  let fraction = false;
  let q = p;
  let end = p;
  while (q < s.length) {
    const c = s.charAt(q);
    if (isAsciiDigit(c)) {
      if (pending !== undefined) break;
      ASCII_NUMBER.lastIndex = q;
      const m = ASCII_NUMBER.exec(s);
      if (!m) break;
      pending = decimalFromString(m[0]);
      pendingSingle = m[0].length === 1;
      fraction = m[0].includes('.');
      q = end = q + m[0].length;
      continue;
    }
    const d = DIGITS.get(c);
    if (d === 0) {
      // 零 opens a number only on its own or as 零点五 (零钱 is small change); inside a number it
      // marks a gap: 一千零五 is 1005.
      if (q === p && !ZERO_FOLLOWERS.test(s.charAt(q + 1))) return undefined;
      if (q === p) {
        pending = DECIMAL_ZERO;
        pendingSingle = true;
        end = q + 1;
      } else if (pending !== undefined) break;
      else zeroGap = true;
      q++;
      continue;
    }
    if (d !== undefined) {
      if (pending !== undefined) break;
      pending = decimalOf(d);
      pendingSingle = true;
      q = end = q + 1;
      continue;
    }
    const small = SMALL_UNITS.get(c);
    if (small !== undefined) {
      if (small >= lastSmall) break;
      const times = pending ?? (small === 10n && (q === p || zeroGap) ? decimalOf(1) : undefined);
      if (times === undefined) break;
      section = addDecimal(section, mulDecimal(times, small));
      pending = undefined;
      lastSmall = lastUnit = small;
      zeroGap = false;
      anyUnit = true;
      q = end = q + 1;
      continue;
    }
    const bigUnit = BIG_UNITS.get(c);
    if (bigUnit !== undefined) {
      const part = addDecimal(section, pending ?? DECIMAL_ZERO);
      // 万亿 is 10^12: a big unit right after another multiplies the whole (one 万亿, not 一万 and 亿).
      if (bigUnit >= lastBig && part.units === 0n && BIG_UNITS.has(s.charAt(q - 1))) {
        big = mulDecimal(big, bigUnit);
        lastBig = lastUnit = lastBig * bigUnit;
        q = end = q + 1;
        continue;
      }
      if (bigUnit >= lastBig || part.units === 0n) break;
      big = addDecimal(big, mulDecimal(part, bigUnit));
      section = DECIMAL_ZERO;
      pending = undefined;
      lastBig = lastUnit = bigUnit;
      lastSmall = 10_000n;
      zeroGap = false;
      anyUnit = true;
      q = end = q + 1;
      continue;
    }
    if (c === '点' && pending !== undefined && !fraction) {
      let digits = '';
      let r = q + 1;
      for (let f = DIGITS.get(s.charAt(r)); f !== undefined; f = DIGITS.get(s.charAt(++r)))
        digits += String(f);
      // 三点十五分, 三点五十, 三点半: a time of day, not a decimal.
      if (digits === '' || /[十分刻半钟]/.test(s.charAt(r))) break;
      pending = withFraction(pending, digits);
      pendingSingle = false;
      fraction = true;
      q = end = r;
      continue;
    }
    break;
  }
  if (end === p) return undefined;
  if (pending !== undefined) {
    // 三千五 is 3500 and 一万二 is 12000: a last bare digit counts in the unit below the last one.
    const abbreviated = pendingSingle && lastUnit > 10n && !zeroGap;
    section = addDecimal(section, abbreviated ? mulDecimal(pending, lastUnit / 10n) : pending);
  }
  const value = addDecimal(big, section);
  const after = s.charAt(end);
  if ((after === '多' && s.charAt(end + 1) !== '少') || after === '几' || after === '余') {
    return { value, kind: 'cardinal', next: end + 1, vague: true };
  }
  if (isWhole(value) && isOneOf('块元圆', after)) {
    const minor = readAfterYuan(s, end + 1);
    if (minor) return yuanRead(value, minor, s);
  }
  const single = !anyUnit && pendingSingle && value.units > 0n && value.units < 10n;
  // 五角场, 三角形, 角落: a place or a shape, not five jiao.
  if (single && isOneOf('毛角', after) && !isOneOf('场形落度星楼', s.charAt(end + 1)))
    return yuanRead(DECIMAL_ZERO, readFen(s, end + 1, Number(value.units) * 10), s);
  if (single && after === '分' && s.charAt(end + 1) === '钱') {
    return { value: shiftDecimal(value, 2), kind: 'cardinal', next: end + 2, yuan: true };
  }
  const kind = p > 0 && s.charAt(p - 1) === '第' ? 'ordinal' : 'cardinal';
  return { value, kind, next: end };
}

function yuanRead(major: Decimal, minor: Minor, s: string): ZhNumberRead {
  const next = s.charAt(minor.next) === '钱' ? minor.next + 1 : minor.next;
  const value = addDecimal(major, shiftDecimal(decimalOf(minor.fen), 2));
  return { value, kind: 'cardinal', next, yuan: true };
}

/** True when a number can start with `c`: a digit (ASCII or Chinese) or 十. */
export function startsZhNumber(c: string): boolean {
  return isAsciiDigit(c) || DIGITS.has(c) || c === '十' || c === '拾';
}

/** Every number in `text`, left to right, not overlapping. Offsets index `text` itself. */
export function extractNumbersZh(text: string): NumberMatch[] {
  const s = foldText(text);
  const found: NumberMatch[] = [];
  for (let p = 0; p < s.length;) {
    const read = startsZhNumber(s.charAt(p)) ? readNumberZh(s, p) : undefined;
    if (!read) {
      p++;
      continue;
    }
    if (!read.vague) {
      found.push({
        start: p,
        end: read.next,
        text: text.slice(p, read.next),
        value: read.digits ?? formatDecimal(read.value),
        kind: read.kind,
        spoken: !/^[\d.,]+$/.test(s.slice(p, read.next)),
        ...(read.yuan ? { currency: 'CNY' as const } : {}),
      });
    }
    p = read.next;
  }
  return found;
}

/** The whole of `s` as a whole number (十五 → 15, 二〇二六 → 2026, 31 → 31), else undefined. */
export function parseZhInteger(s: string): number | undefined {
  const folded = foldText(s);
  const read = readNumberZh(folded, 0);
  if (!read || read.vague || read.yuan || read.next !== folded.length) return undefined;
  return read.digits === undefined ? toSafeInteger(read.value) : Number(read.digits);
}
