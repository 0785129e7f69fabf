/**
 * Currency words and symbols, English and Chinese, to ISO 4217 codes. "¥" is CNY: Teller's customers
 * are in China, where the sign means yuan. Words that only name a currency right after a number
 * (块 "piece", 元 as in 单元, 刀 "knife", "won" the verb, "bucks") are marked `standalone: false`.
 */
import type { CurrencyCode } from '../../shared/index.ts';
import { foldText } from './tokens.ts';
import type { Span } from './types.ts';

interface Entry {
  readonly currency: CurrencyCode;
  readonly standalone: boolean;
  readonly words: readonly string[];
}

/** Adds the plural to English words ending in a letter: "dollar" → "dollar", "dollars". */
function plural(...words: string[]): string[] {
  return words.flatMap((w) => [w, `${w}s`]);
}

const ENTRIES: readonly Entry[] = [
  {
    currency: 'USD',
    standalone: true,
    words: [
      '$',
      'us$',
      'usd',
      ...plural('us dollar', 'u.s. dollar', 'american dollar', 'dollar'),
      '美元',
      '美金',
      '美刀',
    ],
  },
  { currency: 'USD', standalone: false, words: ['bucks', 'buck', '刀'] },
  {
    currency: 'CNY',
    standalone: true,
    words: ['¥', '￥', 'cny', 'rmb', 'renminbi', 'yuan', 'chinese yuan', 'kuai', '人民币'],
  },
  { currency: 'CNY', standalone: false, words: ['块钱', '块', '元'] },
  { currency: 'EUR', standalone: true, words: ['€', 'eur', ...plural('euro'), '欧元'] },
  {
    currency: 'GBP',
    standalone: true,
    words: ['£', 'gbp', 'pounds', ...plural('british pound'), 'pounds sterling', 'sterling', 'quid', '英镑'],
  },
  // "pound" alone is also the # key on a phone.
  { currency: 'GBP', standalone: false, words: ['pound'] },
  { currency: 'JPY', standalone: true, words: ['jpy', 'yen', 'japanese yen', '日元', '日币'] },
  { currency: 'HKD', standalone: true, words: ['hkd', 'hk$', ...plural('hong kong dollar'), '港币', '港元'] },
  { currency: 'KRW', standalone: true, words: ['krw', 'korean won', '韩元', '韩币'] },
  { currency: 'KRW', standalone: false, words: ['won'] },
  {
    currency: 'AUD',
    standalone: true,
    words: ['aud', 'a$', ...plural('australian dollar', 'aussie dollar'), '澳元', '澳币'],
  },
  // "a hundred aussie", "fifty canadian": the country's dollars, right after a number.
  { currency: 'AUD', standalone: false, words: ['aussie', 'australian'] },
  { currency: 'CAD', standalone: true, words: ['cad', 'c$', ...plural('canadian dollar'), '加元', '加币'] },
  { currency: 'CAD', standalone: false, words: ['canadian'] },
  { currency: 'MXN', standalone: true, words: ['mxn', ...plural('mexican peso'), '墨西哥比索'] },
  {
    currency: 'SGD',
    standalone: true,
    words: ['sgd', 's$', ...plural('singapore dollar'), '新加坡元', '新币'],
  },
  {
    currency: 'NZD',
    standalone: true,
    words: ['nzd', 'nz$', ...plural('new zealand dollar'), '纽元', '新西兰元'],
  },
  {
    currency: 'TWD',
    standalone: true,
    words: ['twd', 'nt$', ...plural('new taiwan dollar', 'taiwan dollar'), '新台币', '台币'],
  },
  {
    currency: 'MOP',
    standalone: true,
    words: ['mop', ...plural('pataca', 'macau pataca'), '澳门元', '澳门币'],
  },
  { currency: 'CHF', standalone: true, words: ['chf', ...plural('swiss franc'), '瑞士法郎', '瑞郎'] },
  { currency: 'THB', standalone: true, words: ['thb', 'baht', 'thai baht', '泰铢'] },
  { currency: 'RUB', standalone: true, words: ['rub', ...plural('ruble', 'rouble'), '卢布'] },
  { currency: 'INR', standalone: true, words: ['inr', ...plural('rupee', 'indian rupee'), '印度卢比'] },
  { currency: 'MYR', standalone: true, words: ['myr', 'ringgit', '林吉特', '马币'] },
];

const BY_WORD: ReadonlyMap<string, Entry> = new Map(
  ENTRIES.flatMap((e) => e.words.map((w) => [w, e] as const)),
);

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(' ', '\\s+');
}

// One alternation, longest words first so "hong kong dollars" wins over "dollars" and 美元 over 元;
// ASCII words must not be part of a longer word ("won" in "wonder", "rub" in "rubber").
const CURRENCY = new RegExp(
  [...BY_WORD.keys()]
    .sort((a, b) => b.length - a.length)
    .map((w) => `${/^[a-z]/.test(w) ? '(?<![a-z])' : ''}${escape(w)}${/[a-z]$/.test(w) ? '(?![a-z])' : ''}`)
    .join('|'),
  'g',
);

/** A currency word or symbol found in text. */
export interface CurrencyMatch extends Span {
  readonly currency: CurrencyCode;
  /** False for words that name a currency only right after a number (块, 元, 刀, "bucks", "won"). */
  readonly standalone: boolean;
}

/** The currency a single word or symbol names ("Dollars" → USD, "块" → CNY), or undefined. */
export function currencyOfWord(word: string): CurrencyCode | undefined {
  return BY_WORD.get(foldText(word.trim()).replace(/\s+/g, ' '))?.currency;
}

/** Every currency word or symbol in `text`, standalone or not; offsets index `text`. */
export function findCurrencyWords(text: string): CurrencyMatch[] {
  const folded = foldText(text);
  const found: CurrencyMatch[] = [];
  CURRENCY.lastIndex = 0;
  for (let m = CURRENCY.exec(folded); m !== null; m = CURRENCY.exec(folded)) {
    const entry = BY_WORD.get(m[0].replace(/\s+/g, ' '));
    if (!entry) continue;
    const end = m.index + m[0].length;
    found.push({ start: m.index, end, text: text.slice(m.index, end), ...entry });
  }
  return found;
}

/**
 * Currencies named in `text` on their own, for requests like "dollar to yuan rate" or "美元兑人民币":
 * the words that need a number before them (块, 元, "won") are left out.
 */
export function extractCurrencies(text: string): CurrencyMatch[] {
  return findCurrencyWords(text).filter((m) => m.standalone);
}

/**
 * The currency said before an amount, ending at `pos` with only white space between: a symbol, a
 * code or a Chinese name ("$300", "usd 300", "人民币五百"), not a word that goes after the number
 * ("dollars 2" in "20 dollars 2 days from now") nor one that cannot stand alone (块). `notBefore`
 * is where the previous amount ended, so its currency is not taken twice.
 */
export function currencyBefore(
  found: readonly CurrencyMatch[],
  folded: string,
  pos: number,
  notBefore = 0,
): CurrencyMatch | undefined {
  let p = pos;
  while (p > 0 && /\s/.test(folded.charAt(p - 1))) p--;
  const m = found.find((c) => c.end === p && c.start >= notBefore);
  if (!m?.standalone) return undefined;
  const word = folded.slice(m.start, m.end);
  return /^[a-z]{3}$/.test(word) || !/[a-z]$/.test(word) ? m : undefined;
}

/** The currency word starting at `pos`, white space between allowed: "dollars" or 块 after "300". */
export function currencyAfter(
  found: readonly CurrencyMatch[],
  folded: string,
  pos: number,
): CurrencyMatch | undefined {
  let p = pos;
  while (p < folded.length && /\s/.test(folded.charAt(p))) p++;
  return found.find((m) => m.start === p);
}
