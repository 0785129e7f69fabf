import type { CurrencyCode, Lang } from '../shared/index.ts';
import { isCurrencyCode, parseDecimal } from '../shared/index.ts';
import { moneyForSpeech } from './format.ts';

const DIGIT_WORDS = {
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
  zh: ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
} as const;

function spellDigits(digits: string, lang: Lang): string {
  const words = [...digits].map((d) => DIGIT_WORDS[lang][Number(d)] ?? d);
  return lang === 'zh' ? words.join('') : words.join(' ');
}

/**
 * Whole amounts whose last two digits English says with a word a phone line blurs into another:
 * thirteen … nineteen against thirty … ninety ("fourteen" and "forty" differ in a final "n" and
 * a stress that 8 kHz audio keeps badly; the recogniser confuses them there, and so do people).
 */
function teenOrTens(whole: bigint): boolean {
  const last = Number(whole % 100n);
  return (last >= 13 && last <= 19) || (last >= 30 && last % 10 === 0);
}

function speakMoney(whole: string, currency: CurrencyCode, lang: Lang, digits: boolean): string {
  const plain = whole.replace(/,/g, '');
  const parsed = parseDecimal(plain, currency);
  if (!parsed.ok) return whole;
  const words = moneyForSpeech({ amountMinor: parsed.value, currency }, lang);
  const units = plain.split('.')[0] ?? '';
  if (!digits || lang !== 'en' || !/^\d+$/.test(units) || !teenOrTens(BigInt(units))) return words;
  return `${words}, ${spellDigits(units, lang)},`;
}

/** How {@link toSpeech} says things. */
export interface SpeechOptions {
  /**
   * English amounts that end in a teen or a round ten are followed by their digits ("forty
   * dollars, four zero,"): for read-backs on phone lines, where "fourteen" and "forty" blur.
   */
  readonly amountDigits?: boolean;
}

/**
 * Turns display text into what the synthesizer should say: amounts as words ("$2,500.00" → "two
 * thousand five hundred dollars"), last-four digits and references one by one. Engines read "$2,500.00"
 * and "TX61D6" unpredictably; a bank cannot have a TTS voice guess at an amount.
 */
export function toSpeech(text: string, lang: Lang, options: SpeechOptions = {}): string {
  const digits = options.amountDigits === true;
  return text
    .replace(/-?\$(\d[\d,]*(?:\.\d+)?)/g, (_m, n: string) => speakMoney(n, 'USD', lang, digits))
    .replace(/[¥￥](\d[\d,]*(?:\.\d+)?)/g, (_m, n: string) => speakMoney(n, 'CNY', lang, digits))
    .replace(/\b([A-Z]{3}) (\d[\d,]*(?:\.\d+)?)/g, (m, code: string, n: string) =>
      isCurrencyCode(code) ? speakMoney(n, code, lang, digits) : m,
    )
    .replace(/(\d[\d,]*\.\d{2})元/g, (_m, n: string) => speakMoney(n, 'CNY', lang, digits))
    .replace(
      /(ending|ends in|尾号) ?(\d{4})/g,
      (_m, cue: string, d: string) => `${cue} ${spellDigits(d, lang)}`,
    )
    .replace(/\bTX([0-9A-F]{10})\b/g, (_m, ref: string) => `T X ${[...ref].join(' ')}`);
}

/** Pieces shorter than this are joined to the next one: every synthesis call has a fixed cost. */
const MIN_CHUNK_CHARS = 40;

/**
 * Splits speech text into sentence-sized pieces, so a long answer (a list of transactions) can be
 * synthesized and played piece by piece: the caller hears the first sentence while the rest is
 * synthesized, and a barge-in stops synthesis of what was not heard. Splits after `.`, `!`, `?`
 * or `;` followed by a space and a capital or digit, and after Chinese full stops; short pieces
 * are kept with the next.
 */
export function speechChunks(text: string): string[] {
  const pieces = text
    .split(/(?<=[.!?;])\s+(?=["'A-Z0-9])|(?<=[。！？；])\s*/u)
    .map((p) => p.trim())
    .filter(Boolean);
  const join = (a: string, b: string): string => (/[。！？；]$/u.test(a) ? `${a}${b}` : `${a} ${b}`);
  const chunks: string[] = [];
  let pending = '';
  for (const piece of pieces) {
    pending = pending ? join(pending, piece) : piece;
    if (pending.length >= MIN_CHUNK_CHARS) {
      chunks.push(pending);
      pending = '';
    }
  }
  const last = chunks.length - 1;
  if (pending && last >= 0 && pending.length < MIN_CHUNK_CHARS / 2)
    chunks[last] = join(chunks[last] as string, pending);
  else if (pending) chunks.push(pending);
  return chunks;
}
