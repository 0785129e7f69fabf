import type { Account, Card } from '../../bank/index.ts';
import { formatDate, formatMoney, render, type Params } from '../../nlg/index.ts';
import { hasCjk, type Ref } from '../../nlu/index.ts';
import {
  addDays,
  addMonths,
  localDate,
  type CurrencyCode,
  type Lang,
  type Money,
} from '../../shared/index.ts';
import type { CustomerSnapshot } from '../customer.ts';
import { accountLabel } from '../labels.ts';
import type { Say } from '../types.ts';
import type { AnswerInput } from './types.ts';

/** Longest list read aloud: a caller cannot hold more than a handful of items (brief: at most 5). */
export const MAX_SPOKEN_ITEMS = 5;

/** A Say that names account data: on the phone the session asks for the PIN before speaking it. */
export function accountSay(key: string, params: Params = {}): Say {
  return { key, params, accountData: true };
}

/** A Say that names nothing private (places, rates, FAQ). */
export function publicSay(key: string, params: Params = {}): Say {
  return { key, params };
}

/** A fragment (list item, scope phrase) rendered now, to go into another message's params. */
export function phrase(key: string, params: Params, lang: Lang): string {
  return render(key, params, lang);
}

/** Short names joined for speech: "A, B and C" / "A、B和C"; past the limit "..., and 3 more" / "...等". */
export function joinNames(names: readonly string[], lang: Lang): string {
  const shown = names.slice(0, MAX_SPOKEN_ITEMS);
  const rest = names.length - shown.length;
  if (lang === 'zh') {
    if (rest > 0) return `${shown.join('、')}等`;
    return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join('、')}和${shown.at(-1) ?? ''}`;
  }
  if (rest > 0) return `${shown.join(', ')}, and ${rest} more`;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
}

/** Items that carry their own commas, joined with semicolons ("Nov 25, Starbucks, $6.40; ..."). */
export function joinItems(items: readonly string[], lang: Lang): string {
  return items.slice(0, MAX_SPOKEN_ITEMS).join(lang === 'zh' ? '；' : '; ');
}

export function moneyText(amountMinor: number, currency: CurrencyCode): string {
  return formatMoney({ amountMinor, currency });
}

/** Several totals in different currencies: "$12.00 and ¥30.00". */
export function moneyList(amounts: readonly Money[], lang: Lang): string {
  return joinNames(amounts.map(formatMoney), lang);
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A date without its weekday, for lists: "November 25" / "11月25日"; the year only when it is not
 * this year, since a voice answer is about recent activity.
 */
export function shortDate(date: string, lang: Lang, today: string): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const otherYear = year !== today.slice(0, 4);
  if (lang === 'zh') return `${otherYear ? `${year}年` : ''}${month}月${day}日`;
  return `${MONTHS_EN[month - 1] ?? ''} ${day}${otherYear ? `, ${year}` : ''}`;
}

/**
 * A date with its weekday, for due dates and schedules: "Tuesday, December 15" / "12月15日（周二）",
 * with the year when it is not this year ("Friday, November 26, 2027" / "2027年11月26日（周五）").
 */
export function longDate(date: string, lang: Lang, today: string): string {
  const text = formatDate(date, lang);
  if (date.slice(0, 4) === today.slice(0, 4)) return text;
  return lang === 'zh' ? `${date.slice(0, 4)}年${text}` : `${text}, ${date.slice(0, 4)}`;
}

function monthName(date: string, lang: Lang, today: string): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  const otherYear = year !== today.slice(0, 4);
  if (lang === 'zh') return `${otherYear ? `${year}年` : ''}${month}月`;
  return `${MONTHS_EN[month - 1] ?? ''}${otherYear ? ` ${year}` : ''}`;
}

/**
 * A date range as a spoken period: "today", "in November", "this month", "from November 1 to
 * November 15" / "今天", "11月", "本月", "11月1日至11月15日".
 */
export function periodPhrase(
  range: { readonly from: string; readonly to: string },
  lang: Lang,
  today: string,
): string {
  const zh = lang === 'zh';
  if (range.from === range.to) {
    if (range.from === today) return zh ? '今天' : 'today';
    if (range.from === addDays(today, -1)) return zh ? '昨天' : 'yesterday';
    return zh ? shortDate(range.from, lang, today) : `on ${shortDate(range.from, lang, today)}`;
  }
  const wholeMonth = range.from.endsWith('-01') && addDays(range.to, 1) === addMonths(range.from, 1);
  if (wholeMonth) {
    if (range.from.slice(0, 7) === today.slice(0, 7)) return zh ? '本月' : 'this month';
    return zh ? monthName(range.from, lang, today) : `in ${monthName(range.from, lang, today)}`;
  }
  const from = shortDate(range.from, lang, today);
  const to = shortDate(range.to, lang, today);
  return zh ? `${from}至${to}` : `from ${from} to ${to}`;
}

/** The calendar month of `today` as a range: the default period of a spending question. */
export function monthOf(today: string): { readonly from: string; readonly to: string } {
  const from = `${today.slice(0, 8)}01`;
  return { from, to: addDays(addMonths(from, 1), -1) };
}

/** A clock time for speech: "9 AM", "5:30 PM", "noon" / "上午9点", "下午5点半"; past 24:00 is the next day's. */
export function spokenTime(minuteOfDay: number, lang: Lang): string {
  if (minuteOfDay > 1440) return `${lang === 'zh' ? '次日' : ''}${spokenTime(minuteOfDay - 1440, lang)}`;
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  if (lang === 'zh') {
    if (minuteOfDay === 0 || minuteOfDay === 1440) return '午夜12点';
    const part = h < 6 ? '凌晨' : h < 12 ? '上午' : h < 13 ? '中午' : h < 18 ? '下午' : '晚上';
    const h12 = h > 12 ? h - 12 : h;
    return `${part}${h12}点${m === 0 ? '' : m === 30 ? '半' : `${m}分`}`;
  }
  if (minuteOfDay === 0 || minuteOfDay === 1440) return 'midnight';
  if (minuteOfDay === 720) return 'noon';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`} ${h < 12 ? 'AM' : 'PM'}`;
}

function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.trim().split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * A day's opening hours ("09:00-17:00, 18:00-20:00", as `hoursOn` gives them) for speech:
 * "from 9 AM to 5 PM" / "上午9点到下午5点"; a whole day is "24 hours" / "24小时".
 */
export function spokenHours(hours: string, lang: Lang): string {
  let spans = hours.split(',').map((span) => {
    const [from = '', to = ''] = span.split('-');
    return [minutesOf(from), minutesOf(to)] as const;
  });
  const first = spans[0];
  const last = spans.at(-1);
  // "Daily 05:30-02:00" gives the day 00:00-02:00 and 05:30-24:00: said as one span past midnight.
  if (spans.length > 1 && first && last && first[0] === 0 && last[1] === 1440) {
    spans = [...spans.slice(1, -1), [last[0], 1440 + first[1]] as const];
  }
  const spoken = spans.map(([start, end]) => {
    if (start === 0 && end === 1440) return lang === 'zh' ? '24小时' : '24 hours';
    return lang === 'zh'
      ? `${spokenTime(start, lang)}到${spokenTime(end, lang)}`
      : `from ${spokenTime(start, lang)} to ${spokenTime(end, lang)}`;
  });
  return spoken.join(lang === 'zh' ? '和' : ' and ');
}

/** A place the customer named, as a name: ASR and typing give "times square", speech wants "Times Square". */
export function placeName(text: string): string {
  return /^[a-z0-9\s'-]+$/.test(text)
    ? text.replace(/(^|\s)([a-z])/g, (_m, s: string, c: string) => s + c.toUpperCase())
    : text;
}

/** The ids a reference names: one, or every equally likely one ("my accounts" names them all). */
export function refIds(ref: Ref | undefined): readonly string[] {
  if (!ref) return [];
  return ref.kind === 'one' ? [ref.id] : ref.ids;
}

/** The customer's base currency: the primary account's, else the first account's (docs/worlds.md). */
export function baseCurrency(s: CustomerSnapshot): CurrencyCode {
  return (s.accounts.find((a) => a.primary) ?? s.accounts[0])?.currency ?? 'USD';
}

/** The items a reference names, in the bank's order (fresh lists, so balances are current). */
export function named<T extends Account | Card>(items: readonly T[], ref: Ref | undefined): T[] {
  const ids = refIds(ref);
  return items.filter((x) => ids.includes(x.id));
}

/** The account a question is about, whichever role its cue gave it ("what's in savings", 还房贷). */
export function askedAccount(e: AnswerInput['utterance']['entities']): Ref | undefined {
  return e.account ?? e.toAccount;
}

/** The customer's calendar date at the agent's clock. */
export function todayOf(input: AnswerInput): string {
  return localDate(input.nowMs, input.snapshot.customer.timeZone);
}

/**
 * An account's name for an answer, with its last four. The bank names a time deposit it opens in
 * English ("3-month Time Deposit"); a Mandarin answer says it in Mandarin ("3个月定期存款").
 */
export function spokenAccount(a: Account, lang: Lang): string {
  if (lang !== 'zh' || a.type !== 'deposit' || hasCjk(a.name)) return accountLabel(a, lang);
  const months = /(\d+)[\s-]*months?\b/i.exec(a.name)?.[1];
  const years = /(\d+)[\s-]*years?\b/i.exec(a.name)?.[1];
  const name =
    months !== undefined ? `${months}个月定期存款` : years !== undefined ? `${years}年定期存款` : '定期存款';
  return accountLabel({ ...a, name }, lang);
}
