/**
 * Digit strings for PINs, card and account last-four digits and codes, typed or spoken:
 * "two four six eight", "2 4 6 8", "2468", "five five five oh one" (oh is zero), "double five" (55),
 * "triple seven", digits said in pairs ("twenty four sixty eight" is 2468); 二四六八, 幺三八 (幺 is
 * one), 一二三四, 2468. A single number word ("twenty four") is a number, not a digit string, except
 * when it is the whole answer (`spokenDigits`).
 */
import type { Lang } from '../../shared/index.ts';
import { EN_UNITS, readBelow100 } from './numbers-en.ts';
import { zhDigitValue } from './numbers-zh.ts';
import { foldText, tokenizeEn, type Token } from './tokens.ts';
import type { DigitsMatch } from './types.ts';

/** A run of digits read from `text[start, end)`. */
export interface DigitRun {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
  /** How many pieces it was said or typed in ("555-0123" is two, "two four six eight" four). */
  readonly pieces: number;
  /** True when any piece was words or Chinese numerals. */
  readonly spoken: boolean;
}

function digitWord(word: string): string | undefined {
  if (word === 'oh' || word === 'o') return '0';
  const unit = EN_UNITS.get(word);
  if (unit !== undefined) return String(unit);
  return /^\d$/.test(word) ? word : undefined;
}

/** One piece of a spoken or typed digit string: "five", "oh", "double five", "twenty four", "2468". */
function readPieceEn(
  t: readonly Token[],
  i: number,
): { digits: string; next: number; spoken: boolean } | undefined {
  const word = t[i]?.text ?? '';
  const times = word === 'double' ? 2 : word === 'triple' ? 3 : 0;
  if (times > 0) {
    const d = digitWord(t[i + 1]?.text ?? '');
    return d === undefined ? undefined : { digits: d.repeat(times), next: i + 2, spoken: true };
  }
  if (/^\d+$/.test(word)) return { digits: word, next: i + 1, spoken: false };
  if (word === 'oh') return { digits: '0', next: i + 1, spoken: true };
  const below = readBelow100(t, i);
  return below && { digits: String(below.value), next: below.next, spoken: true };
}

// What may separate the pieces of one digit string.
const GAPS = { digits: /^[\s,-]*$/, phone: /^[\s.()-]*$/ } as const;

/** Digit runs in English text. `mode` widens the separators for phone numbers ("(555) 010-0123"). */
export function readDigitRunsEn(folded: string, mode: keyof typeof GAPS): DigitRun[] {
  const t = tokenizeEn(folded);
  const runs: DigitRun[] = [];
  for (let i = 0; i < t.length;) {
    let piece = readPieceEn(t, i);
    if (!piece) {
      i++;
      continue;
    }
    let digits = '';
    let pieces = 0;
    let spoken = false;
    let next = i;
    while (piece) {
      digits += piece.digits;
      pieces++;
      spoken ||= piece.spoken;
      next = piece.next;
      const a = t[next - 1];
      const b = t[next];
      piece = a && b && GAPS[mode].test(folded.slice(a.end, b.start)) ? readPieceEn(t, next) : undefined;
    }
    const single = pieces === 1 && !/^(double|triple)$/.test(t[i]?.text ?? '');
    // A lone number word is a number; "oh" opens a digit string only when more digits follow.
    const ok = digits.length >= 2 && (!single || !spoken) && (t[i]?.text !== 'oh' || digits.length >= 3);
    if (ok) runs.push({ start: t[i]?.start ?? 0, end: t[next - 1]?.end ?? 0, digits, pieces, spoken });
    i = next;
  }
  return runs;
}

// 1,200 and 3.5 are numbers, not digit strings (phone numbers may use dots: 010.1234.5678).
const GROUPED = { digits: /\d+(?:[.,]\d+)+/y, phone: /\d+(?:,\d+)+/y } as const;
// After a Chinese digit run, these make it part of a number, a price, a time or a count: 两百, 三五天.
const NOT_AFTER_ZH = /[十百千万亿点块元毛角分天个年月号日次岁周拾佰仟]/;

/** Digit runs in Chinese text: 二四六八, 幺三八, 139 1234 5678, 2468. */
export function readDigitRunsZh(s: string, mode: keyof typeof GAPS): DigitRun[] {
  const runs: DigitRun[] = [];
  for (let p = 0; p < s.length;) {
    GROUPED[mode].lastIndex = p;
    const grouped = GROUPED[mode].exec(s);
    if (grouped) {
      p += grouped[0].length;
      continue;
    }
    if (zhDigitValue(s.charAt(p)) === undefined && !/\d/.test(s.charAt(p))) {
      p++;
      continue;
    }
    let digits = '';
    let pieces = 1;
    let spoken = false;
    let q = p;
    let end = p;
    while (q < s.length) {
      const c = s.charAt(q);
      const d = /\d/.test(c) ? c : zhDigitValue(c)?.toString();
      if (d !== undefined) {
        digits += d;
        spoken ||= !/\d/.test(c);
        end = ++q;
        continue;
      }
      let r = q;
      while (r < s.length && GAPS[mode].test(s.charAt(r))) r++;
      if (r === q || r >= s.length || (zhDigitValue(s.charAt(r)) === undefined && !/\d/.test(s.charAt(r))))
        break;
      pieces++;
      q = r;
    }
    const unitBefore = /[十百千万亿拾佰仟]/.test(s.charAt(p - 1));
    if (digits.length >= 2 && !NOT_AFTER_ZH.test(s.charAt(end)) && !unitBefore) {
      runs.push({ start: p, end, digits, pieces, spoken });
    }
    p = end;
  }
  return runs;
}

/** Runs for `lang` over folded text. */
export function readDigitRuns(folded: string, lang: Lang, mode: keyof typeof GAPS): DigitRun[] {
  return lang === 'zh' ? readDigitRunsZh(folded, mode) : readDigitRunsEn(folded, mode);
}

/** Every digit string in `text` (two digits or more), left to right; `value` is the digits. */
export function extractDigits(text: string, lang: Lang): DigitsMatch[] {
  return readDigitRuns(foldText(text), lang, 'digits').map((r) => ({
    start: r.start,
    end: r.end,
    text: text.slice(r.start, r.end),
    value: r.digits,
  }));
}

// prettier-ignore
const EN_FILLERS = new Set([
  'um', 'umm', 'uh', 'uhh', 'er', 'erm', 'ah', 'hmm', 'mm', 'so', 'well', 'ok', 'okay', 'yeah', 'yes', 'sure', 'it',
  "it's", 'its', 'is', 'was', 'are', 'my', 'the', 'pin', 'code', 'number', 'passcode', 'password', 'digits', 'i',
  'think', "that's", 'thats', 'please', 'security', 'verification',
]);
const EN_FILLER_PAIRS = new Set(['last four', 'last 4', 'ending in', 'ends in', 'ends with']);
const ZH_FILLERS =
  /我的|那个|就是|密码|验证码|卡号|尾号|号码|好的|[嗯呃额啊哦噢我的是为吧呢啦了好对呀\s,，。.!！?？:：、-]/g;
const ZH_DIGITS_ONLY = /^[\d零〇一二两三四五六七八九幺]+$/;

/**
 * The digits when the whole utterance is a digit string, as when answering "what is your PIN?":
 * "two four six eight", "um my pin is 2468", "twenty four sixty eight", "密码是二四六八", "幺三八".
 * Fillers are ignored; any other word means it is not a digit answer (undefined).
 */
export function spokenDigits(text: string, lang: Lang): string | undefined {
  const folded = foldText(text);
  if (lang === 'zh') {
    const rest = folded.replace(ZH_FILLERS, '');
    if (!ZH_DIGITS_ONLY.test(rest)) return undefined;
    return [...rest].map((c) => (/\d/.test(c) ? c : String(zhDigitValue(c)))).join('');
  }
  const all = tokenizeEn(folded);
  const kept: Token[] = [];
  for (let i = 0; i < all.length; i++) {
    const pair = `${all[i]?.text ?? ''} ${all[i + 1]?.text ?? ''}`;
    if (EN_FILLER_PAIRS.has(pair)) i++;
    else if (!EN_FILLERS.has(all[i]?.text ?? '')) kept.push(all[i] as Token);
  }
  let digits = '';
  for (let i = 0; i < kept.length;) {
    const piece = readPieceEn(kept, i);
    if (!piece) return undefined;
    digits += piece.digits;
    i = piece.next;
  }
  return digits === '' ? undefined : digits;
}
