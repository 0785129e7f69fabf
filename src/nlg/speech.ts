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

function speakMoney(whole: string, currency: CurrencyCode, lang: Lang): string {
  const parsed = parseDecimal(whole.replace(/,/g, ''), currency);
  return parsed.ok ? moneyForSpeech({ amountMinor: parsed.value, currency }, lang) : whole;
}

/**
 * Turns display text into what the synthesizer should say: amounts as words ("$2,500.00" → "two
 * thousand five hundred dollars"), last-four digits and references one by one. Engines read "$2,500.00"
 * and "TX61D6" unpredictably; a bank cannot have a TTS voice guess at an amount.
 */
export function toSpeech(text: string, lang: Lang): string {
  return text
    .replace(/-?\$(\d[\d,]*(?:\.\d+)?)/g, (_m, n: string) => speakMoney(n, 'USD', lang))
    .replace(/[¥￥](\d[\d,]*(?:\.\d+)?)/g, (_m, n: string) => speakMoney(n, 'CNY', lang))
    .replace(/\b([A-Z]{3}) (\d[\d,]*(?:\.\d+)?)/g, (m, code: string, n: string) =>
      isCurrencyCode(code) ? speakMoney(n, code, lang) : m,
    )
    .replace(/(\d[\d,]*\.\d{2})元/g, (_m, n: string) => speakMoney(n, 'CNY', lang))
    .replace(
      /(ending|ends in|尾号) ?(\d{4})/g,
      (_m, cue: string, d: string) => `${cue} ${spellDigits(d, lang)}`,
    )
    .replace(/\bTX([0-9A-F]{10})\b/g, (_m, ref: string) => `T X ${[...ref].join(' ')}`);
}
