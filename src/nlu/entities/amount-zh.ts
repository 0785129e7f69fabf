/**
 * Chinese amounts: a number with an optional currency before or after it (五百美元, 人民币三千,
 * 两百块, 100块钱, ¥500) and the spoken yuan forms (三块五). Without a currency, numbers that read as
 * something else are left out: dates and times (15号, 12月, 三点), counts (三天, 五笔, 两张), ordinals
 * and weekdays (第一, 周三), identifiers (尾号1234, 密码二四六八, 手机号…), percentages (百分之五),
 * and single numerals, which are mostly parts of words and names (一下, 张三, 万一).
 */
import { currencyAfter, currencyBefore, type CurrencyMatch } from './currency-words.ts';
import type { RawAmount } from './amount-en.ts';
import { toSafeInteger } from './decimal.ts';
import { readNumberZh, startsZhNumber } from './numbers-zh.ts';

// After a number: dates, times, counts and units that are not money.
const COUNTED_AFTER = /^(?:[月号日天周年岁次个点时秒笔张位楼层期倍人%礼星]|分钟|小时)/;
// Just before a number (after stripping 是/为/: and spaces): identifiers, ordinals, weekdays, times.
const CUES_BEFORE =
  /(?:尾号|末四位|后四位|尾数|卡号|账号|帐号|手机号|手机|电话|号码|密码|验证码|编号|结尾|拨打|第|上午|下午|晚上|早上|凌晨|中午|傍晚|百分之)$/;

function notMoney(s: string, start: number, end: number): boolean {
  const span = s.slice(start, end);
  // 十二月二十三, 腊月二十三: the day of a month (每月三千 is money).
  if (/[\d一二三四五六七八九十〇零两腊正冬]月$/.test(s.slice(Math.max(0, start - 3), start))) return true;
  if (COUNTED_AFTER.test(s.slice(end, end + 2))) return true;
  if (CUES_BEFORE.test(s.slice(Math.max(0, start - 6), start).replace(/[是为:\s]+$/, ''))) return true;
  // A lone numeral is usually part of a word or a name: 一下, 一起, 张三, 李四.
  if (span.length === 1 && !/\d/.test(span)) return true;
  // 0123: a code. Nine digits or more: a phone or account number. 010-1234: a phone number.
  if (/^0\d/.test(span) || /^\d{9,}$/.test(span.replaceAll(',', ''))) return true;
  return /^-\d/.test(s.slice(end, end + 2)) || /[-+]$/.test(s.slice(Math.max(0, start - 1), start));
}

/** The first of a number said twice in a row, ending after the second. */
function readTwice(s: string, p: number, half: number): ReturnType<typeof readNumberZh> {
  const once = readNumberZh(s.slice(0, p + half), p);
  return once && once.next === p + half ? { ...once, next: p + 2 * half } : readNumberZh(s, p);
}

/** Amounts in Chinese text; `s` is `foldText(text)`, `currencies` its currency words. */
export function findAmountsZh(folded: string, currencies: readonly CurrencyMatch[]): RawAmount[] {
  // 1k and 2w as typed and as ASR writes them: 1千, 2万 (one character each, so spans stay put).
  const s = folded.replace(/(?<=\d)[kK](?![a-zA-Z])/g, '千').replace(/(?<=\d)[wW](?![a-zA-Z])/g, '万');
  const found: RawAmount[] = [];
  let lastEnd = 0;
  for (let p = 0; p < s.length;) {
    // "一万一万", "五百五百": a number said twice with nothing between (an ASR stutter) is said once;
    // read whole, 五百五百 would be 550 and 一万一万 11000.
    const run = /^[零〇一二两兩俩三仨四五六七八九十百千万亿]+/.exec(s.slice(p))?.[0] ?? '';
    const half = run.length / 2;
    const twice =
      run.length >= 4 &&
      Number.isInteger(half) &&
      run.slice(0, half) === run.slice(half) &&
      /[十百千万亿]/.test(run.slice(0, half)); // not a digit string: 一二一二 is 1212
    const read = startsZhNumber(s.charAt(p))
      ? twice
        ? readTwice(s, p, half)
        : readNumberZh(s, p)
      : undefined;
    if (!read) {
      p++;
      continue;
    }
    if (read.vague || read.kind !== 'cardinal') {
      p = read.next;
      continue;
    }
    let start = p;
    let end = read.next;
    const prefix = currencyBefore(currencies, s, start, lastEnd);
    let currency = read.yuan ? 'CNY' : prefix?.currency;
    if (prefix && (currency === prefix.currency || currency === undefined)) start = prefix.start;
    if (!read.yuan) {
      const suffix = currencyAfter(currencies, s, end);
      if (suffix && (currency === undefined || currency === suffix.currency)) {
        currency = suffix.currency;
        end = suffix.end;
        // 块 is any "unit of money" before a currency word: 五百块美金 is 500 dollars, not yuan.
        const named = suffix.text.startsWith('块') ? currencyAfter(currencies, s, suffix.end) : undefined;
        if (named && named.currency !== 'CNY') {
          currency = named.currency;
          end = named.end;
        }
      }
    }
    const value = read.value;
    if (currency !== undefined || (toSafeInteger(value) !== 0 && !notMoney(s, p, read.next))) {
      found.push({ start, end, value, ...(currency ? { currency } : {}) });
    }
    lastEnd = end;
    p = Math.max(end, read.next);
  }
  return found;
}
