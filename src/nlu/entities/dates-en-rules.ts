/**
 * The English date rules used by `dates-en.ts`: each reads one kind of phrase starting at a token
 * and says how far it reaches and what it means (a point or a period, see `date-spec.ts`).
 */
import { civilDate, EN_MONTHS, EN_WEEKDAYS } from './calendar.ts';
import { point, range, type ItemSpec, type PointSpec, type RangeSpec } from './date-spec.ts';
import { isWhole, toSafeInteger } from './decimal.ts';
import { EN_ORDINALS, EN_TEENS, EN_TENS, EN_UNITS, readNumberEn, readTypedNumber } from './numbers-en.ts';
import type { Token } from './tokens.ts';

/** A phrase read from tokens[i, next). */
export interface Found {
  readonly next: number;
  readonly item: ItemSpec;
}
/** Reads one kind of phrase starting at `t[i]`, or returns undefined. */
export type Rule = (t: readonly Token[], i: number, folded: string) => Found | undefined;

/** The word at `i`, or "" past either end. */
export function w(t: readonly Token[], i: number): string {
  return t[i]?.text ?? '';
}

// An ordinal before one of these is not a date: "the second account", "the first one".
// prettier-ignore
const NOT_AFTER_ORDINAL = new Set([
  'account', 'accounts', 'card', 'cards', 'one', 'ones', 'time', 'times', 'payee', 'payees', 'transaction',
  'transactions', 'payment', 'payments', 'transfer', 'transfers', 'option', 'choice', 'item', 'items', 'bill',
  'bills', 'digit', 'digits', 'number', 'numbers', 'person', 'name', 'place', 'line', 'week', 'weeks', 'month',
  'year', 'thing', 'half', 'quarter', 'step', 'page', 'floor', 'branch',
  // "the branch on 5th avenue": a street.
  'avenue', 'ave', 'street', 'st', 'road', 'rd', 'boulevard', 'blvd', 'lane', 'drive', 'place', 'plaza', 'square',
]);
// After a day number said as a cardinal, these make it an amount or a count: "jan 5 dollars".
const NOT_AFTER_DAY = new Set([
  'dollars',
  'dollar',
  'bucks',
  'yuan',
  'euros',
  'pounds',
  'yen',
  'cents',
  'percent',
]);
const QUALIFIED_MONTHS = new Set(['may', 'march']); // also verbs: need "in", "last", a day or a year
const MONTH_CONTEXT = new Set([
  'in',
  'during',
  'for',
  'since',
  'from',
  'of',
  'between',
  'until',
  'till',
  'through',
]);

function count(t: readonly Token[], j: number): { n: number; next: number } | undefined {
  if (w(t, j) === 'a' || w(t, j) === 'an') return { n: 1, next: j + 1 };
  const read = readNumberEn(t, j);
  const n = read?.kind === 'cardinal' && isWhole(read.value) ? toSafeInteger(read.value) : undefined;
  return read && n !== undefined && n >= 1 && n <= 1000 ? { n, next: read.next } : undefined;
}

/** "15th", "fifteenth", "twenty first" (1–31). `typed` for digits, which need no "the". */
function ordinalDay(
  t: readonly Token[],
  j: number,
): { day: number; next: number; typed: boolean } | undefined {
  const read = readNumberEn(t, j);
  const day = read?.kind === 'ordinal' ? toSafeInteger(read.value) : undefined;
  if (!read || day === undefined || day < 1 || day > 31) return undefined;
  return { day, next: read.next, typed: readTypedNumber(w(t, j)) !== undefined };
}

/** "3", or with `words` also "three", "twenty five" (1–31). */
function cardinalDay(
  t: readonly Token[],
  j: number,
  words: boolean,
): { day: number; next: number } | undefined {
  const typed = readTypedNumber(w(t, j));
  if (!words && typed?.kind !== 'cardinal') return undefined;
  const read = readNumberEn(t, j);
  const day = read?.kind === 'cardinal' ? toSafeInteger(read.value) : undefined;
  if (!read || day === undefined || day < 1 || day > 31 || NOT_AFTER_DAY.has(w(t, read.next)))
    return undefined;
  return { day, next: read.next };
}

/** A year after a date: "2027", or spoken, "twenty twenty seven". */
function yearAt(t: readonly Token[], j: number): { year: number; next: number } | undefined {
  const typed = /^\d{4}$/.test(w(t, j)) ? Number(w(t, j)) : undefined;
  if (typed !== undefined) return typed >= 1900 && typed <= 2100 ? { year: typed, next: j + 1 } : undefined;
  const read = EN_TENS.has(w(t, j)) || EN_TEENS.has(w(t, j)) ? readNumberEn(t, j) : undefined;
  const n = read?.kind === 'cardinal' ? toSafeInteger(read.value) : undefined;
  return read && n !== undefined && n >= 1900 && n <= 2100 ? { year: n, next: read.next } : undefined;
}

const OFFSETS: Readonly<Record<string, number>> = { this: 0, current: 0, next: 1, last: -1, previous: -1 };

const relativeDay: Rule = (t, i) => {
  const days = { today: 0, tonight: 0, tomorrow: 1, tmrw: 1, yesterday: -1 }[w(t, i)];
  if (days !== undefined) return { next: i + 1, item: point({ kind: 'offset', days }) };
  const j = w(t, i) === 'the' ? i + 1 : i;
  if (w(t, j) !== 'day') return undefined;
  if (w(t, j + 1) === 'after' && w(t, j + 2) === 'tomorrow')
    return { next: j + 3, item: point({ kind: 'offset', days: 2 }) };
  if (w(t, j + 1) === 'before' && w(t, j + 2) === 'yesterday') {
    return { next: j + 3, item: point({ kind: 'offset', days: -2 }) };
  }
  return undefined;
};

const WEEKDAY_MODES: Readonly<Record<string, 'onOrAfter' | 'after' | 'before'>> = {
  this: 'onOrAfter',
  next: 'after',
  coming: 'after',
  upcoming: 'after',
  last: 'before',
  past: 'before',
  previous: 'before',
};

const weekday: Rule = (t, i) => {
  // "next week friday", "this week on friday"
  const weekOffset = OFFSETS[w(t, i)];
  if (weekOffset !== undefined && w(t, i + 1) === 'week') {
    const j = w(t, i + 2) === 'on' ? i + 3 : i + 2;
    const day = EN_WEEKDAYS.get(w(t, j));
    return day
      ? { next: j + 1, item: point({ kind: 'weekdayOfWeek', weekday: day, weeks: weekOffset }) }
      : undefined;
  }
  const mode = WEEKDAY_MODES[w(t, i)];
  const j = mode ? i + 1 : i;
  const day = EN_WEEKDAYS.get(w(t, j));
  if (!day) return undefined;
  // "friday the 4th": the day of the month says which Friday.
  const dated = w(t, j + 1) === 'the' ? ordinalDay(t, j + 2) : undefined;
  if (dated && !mode) return { next: dated.next, item: point({ kind: 'dayOfMonth', day: dated.day }) };
  // "tuesday after next": the Tuesday a week after next Tuesday.
  if (!mode && w(t, j + 1) === 'after' && w(t, j + 2) === 'next')
    return {
      next: j + 3,
      item: point({ kind: 'shifted', base: { kind: 'weekday', weekday: day, mode: 'after' }, days: 7 }),
    };
  // "friday next week", "friday of this week"
  const k = w(t, j + 1) === 'of' ? j + 2 : j + 1;
  const weeks = OFFSETS[w(t, k)];
  if (weeks !== undefined && w(t, k + 1) === 'week') {
    return { next: k + 2, item: point({ kind: 'weekdayOfWeek', weekday: day, weeks }) };
  }
  return { next: j + 1, item: point({ kind: 'weekday', weekday: day, mode: mode ?? 'onOrAfter' }) };
};

/** "of this month", "of next month", "next month", "of the month" after a day: month offset. */
function monthQualifier(t: readonly Token[], j: number): { months?: number; next: number } {
  const k = w(t, j) === 'of' ? j + 1 : j;
  if (w(t, k) === 'the' && w(t, k + 1) === 'month' && k > j) return { next: k + 2 };
  const months = OFFSETS[w(t, k)];
  return months !== undefined && w(t, k + 1) === 'month' ? { months, next: k + 2 } : { next: j };
}

/** Words before a day said as a plain number: "on the 5", "by the 15", "on 15" (not "by 7", "before 9"). */
const DAY_BEFORE = new Set(['on', 'by', 'before', 'until', 'till']);
/** What a plain number after "on" counts instead of days: "on 12 months", "before 10 am". */
const NOT_A_DAY_AFTER = new Set([
  'am',
  'pm',
  'month',
  'months',
  'year',
  'years',
  'week',
  'weeks',
  'days',
  'day',
]);

const dayOfMonth: Rule = (t, i) => {
  const the = w(t, i) === 'the';
  const plain = DAY_BEFORE.has(w(t, i - 1)) && (the || w(t, i - 1) === 'on');
  const cardinal = plain ? cardinalDay(t, the ? i + 1 : i, false) : undefined;
  if (cardinal && NOT_A_DAY_AFTER.has(w(t, cardinal.next))) return undefined;
  const day = ordinalDay(t, the ? i + 1 : i) ?? (cardinal && { ...cardinal, typed: true });
  if (!day || (!the && !day.typed) || NOT_AFTER_ORDINAL.has(w(t, day.next))) return undefined;
  const q = monthQualifier(t, day.next);
  const spec: PointSpec =
    q.months === undefined
      ? { kind: 'dayOfMonth', day: day.day }
      : { kind: 'dayOfMonth', day: day.day, months: q.months };
  return { next: q.next, item: point(spec) };
};

function monthDaySpec(month: number, day: number, year: number | undefined): PointSpec {
  return year === undefined ? { kind: 'monthDay', month, day } : { kind: 'monthDay', month, day, year };
}

const monthDay: Rule = (t, i) => {
  const month = EN_MONTHS.get(w(t, i));
  if (month !== undefined) {
    // december 3rd, december the third, december 3, dec 3 2026, december twenty five
    const j = w(t, i + 1) === 'the' ? i + 2 : i + 1;
    const fullName = w(t, i).length > 4 || w(t, i) === 'june' || w(t, i) === 'july';
    const words = fullName && !QUALIFIED_MONTHS.has(w(t, i));
    const day = ordinalDay(t, j) ?? cardinalDay(t, j, words);
    if (!day) return undefined;
    const year = yearAt(t, day.next);
    return { next: year?.next ?? day.next, item: point(monthDaySpec(month, day.day, year?.year)) };
  }
  // 3rd of december, the third of december, 3 december 2026
  const the = w(t, i) === 'the';
  const day = ordinalDay(t, the ? i + 1 : i) ?? (the ? undefined : cardinalDay(t, i, false));
  if (!day) return undefined;
  const k = w(t, day.next) === 'of' ? day.next + 1 : day.next;
  const m = EN_MONTHS.get(w(t, k));
  if (m === undefined) return undefined;
  const year = yearAt(t, k + 1);
  return { next: year?.next ?? k + 1, item: point(monthDaySpec(m, day.day, year?.year)) };
};

const monthEdge: Rule = (t, i) => {
  let j = w(t, i) === 'the' ? i + 1 : i;
  if (w(t, j) === 'month' && w(t, j + 1) === 'end')
    return { next: j + 2, item: point({ kind: 'monthEnd', months: 0 }) };
  let edge: 'end' | 'start';
  if (w(t, j) === 'end') edge = 'end';
  else if (w(t, j) === 'last' && w(t, j + 1) === 'day') {
    edge = 'end';
    j++;
  } else if (w(t, j) === 'beginning' || w(t, j) === 'start') edge = 'start';
  else return undefined;
  if (w(t, j + 1) !== 'of') return undefined;
  const det = w(t, j + 2);
  const months = OFFSETS[det];
  const k = months !== undefined || det === 'the' ? j + 3 : j + 2;
  if (w(t, k) !== 'month') return undefined;
  if (edge === 'end') return { next: k + 1, item: point({ kind: 'monthEnd', months: months ?? 0 }) };
  const spec: PointSpec =
    months === undefined ? { kind: 'dayOfMonth', day: 1 } : { kind: 'dayOfMonth', day: 1, months };
  return { next: k + 1, item: point(spec) };
};

const UNIT_DAYS: Readonly<Record<string, number>> = { day: 1, days: 1, week: 7, weeks: 7, fortnight: 14 };
const UNIT_MONTHS: Readonly<Record<string, number>> = { month: 1, months: 1, year: 12, years: 12 };

function offsetItem(n: number, unit: string, sign: number): ItemSpec | undefined {
  const days = UNIT_DAYS[unit];
  if (days !== undefined) return point({ kind: 'offset', days: sign * n * days });
  const months = UNIT_MONTHS[unit];
  return months === undefined ? undefined : point({ kind: 'offsetMonths', months: sign * n * months });
}

/** "a week from friday", "two weeks from tomorrow", "a week tomorrow", "a fortnight after monday". */
const weeksFrom: Rule = (t, i, folded) => {
  const n = w(t, i) === 'a' || w(t, i) === 'an' ? { n: 1, next: i + 1 } : count(t, i);
  if (!n || n.n > 52) return undefined;
  const unit = w(t, n.next);
  const days = unit === 'week' || unit === 'weeks' ? 7 * n.n : unit === 'fortnight' ? 14 * n.n : 0;
  if (days === 0) return undefined;
  const k = ['from', 'after'].includes(w(t, n.next + 1)) ? n.next + 2 : n.next + 1;
  const base = relativeDay(t, k, folded) ?? weekday(t, k, folded);
  // "a week from today" is "in a week", which relativeCount reads.
  if (!base || base.item.type !== 'point' || w(t, k) === 'today') return undefined;
  return { next: base.next, item: point({ kind: 'shifted', base: base.item.spec, days }) };
};

const relativeCount: Rule = (t, i) => {
  const inForm = w(t, i) === 'in';
  const c = count(t, inForm ? i + 1 : i);
  if (!c) return undefined;
  const unit = w(t, c.next);
  if (inForm) {
    const item = offsetItem(c.n, unit, 1);
    return item && { next: c.next + 1, item };
  }
  const after = w(t, c.next + 1);
  const from = after === 'from' && ['now', 'today'].includes(w(t, c.next + 2));
  const sign = from || after === 'later' ? 1 : after === 'ago' ? -1 : 0;
  const item = sign === 0 ? undefined : offsetItem(c.n, unit, sign);
  return item && { next: c.next + (from ? 3 : 2), item };
};

const isoDate: Rule = (t, i, folded) => {
  const [a, b, c] = [t[i], t[i + 1], t[i + 2]];
  if (!a || !b || !c || !/^\d{4}$/.test(a.text) || !/^\d{1,2}$/.test(b.text) || !/^\d{1,2}$/.test(c.text))
    return undefined;
  if (folded.slice(a.end, b.start) !== '-' || folded.slice(b.end, c.start) !== '-') return undefined;
  const date = civilDate(Number(a.text), Number(b.text), Number(c.text));
  return date && { next: i + 3, item: point({ kind: 'absolute', date }) };
};

const period: Rule = (t, i) => {
  const the = w(t, i) === 'the';
  const j = the ? i + 1 : i;
  const q = w(t, j);
  const unit = w(t, j + 1);
  if (unit !== 'week' && unit !== 'month' && unit !== 'year' && unit !== 'weekend') return undefined;
  // "last week" is the calendar week before this one; "the last week", "the past week" the 7 days to today.
  const rolling = q === 'past' || (the && q === 'last');
  if (rolling && unit !== 'weekend') {
    const spec: RangeSpec =
      unit === 'week'
        ? { kind: 'lastDays', days: 7 }
        : { kind: 'lastMonths', months: unit === 'year' ? 12 : 1 };
    return { next: j + 2, item: range(spec) };
  }
  const offset = rolling ? -1 : OFFSETS[q];
  return offset === undefined ? undefined : { next: j + 2, item: range({ kind: unit, offset }) };
};

const lastN: Rule = (t, i) => {
  const j = w(t, i) === 'the' ? i + 1 : i;
  if (!['last', 'past', 'previous'].includes(w(t, j))) return undefined;
  const c = count(t, j + 1);
  if (!c || w(t, j + 1) === 'a') return undefined;
  const unit = w(t, c.next);
  const days = UNIT_DAYS[unit];
  const months = UNIT_MONTHS[unit];
  if (days !== undefined) return { next: c.next + 1, item: range({ kind: 'lastDays', days: c.n * days }) };
  return months === undefined
    ? undefined
    : { next: c.next + 1, item: range({ kind: 'lastMonths', months: c.n * months }) };
};

const namedMonth: Rule = (t, i) => {
  const q = w(t, i) === 'last' || w(t, i) === 'this' ? w(t, i) : undefined;
  const j = q ? i + 1 : i;
  const name = w(t, j);
  const month = name.length > 3 && name !== 'sept' ? EN_MONTHS.get(name) : name === 'may' ? 5 : undefined;
  if (month === undefined) return undefined;
  const year = yearAt(t, j + 1);
  const years =
    OFFSETS[w(t, j + 1)] !== undefined && w(t, j + 2) === 'year' ? OFFSETS[w(t, j + 1)] : undefined;
  if (QUALIFIED_MONTHS.has(name) && !q && !year && years === undefined && !MONTH_CONTEXT.has(w(t, i - 1))) {
    return undefined;
  }
  const which = q === 'last' ? 'before' : 'latest';
  if (year !== undefined)
    return { next: year.next, item: range({ kind: 'namedMonth', month, year: year.year, which }) };
  if (years !== undefined) return { next: j + 3, item: range({ kind: 'namedMonth', month, years, which }) };
  const spec =
    q === 'this'
      ? ({ kind: 'namedMonth', month, years: 0, which } as const)
      : ({ kind: 'namedMonth', month, which } as const);
  return { next: j + 1, item: range(spec) };
};

/** Holidays that fall on the nth weekday of a month (US): [month, ISO weekday, n, words]. */
const FLOATING_HOLIDAYS: Readonly<Record<string, readonly [number, number, number]>> = {
  thanksgiving: [11, 4, 4],
  'memorial day': [5, 1, -1],
  'labor day': [9, 1, 1],
  "mother's day": [5, 7, 2],
  'mothers day': [5, 7, 2],
  "father's day": [6, 7, 3],
  'fathers day': [6, 7, 3],
  'martin luther king day': [1, 1, 3],
  'mlk day': [1, 1, 3],
};

const NTH: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  last: -1,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
};

/**
 * "the last friday of the month", "the first monday of next month", "the second tuesday of december",
 * and the holidays that fall that way ("thanksgiving", "labor day").
 */
const nthWeekday: Rule = (t, i) => {
  for (const [name, [month, weekday, n]] of Object.entries(FLOATING_HOLIDAYS)) {
    const words = name.split(' ');
    if (words.every((x, k) => w(t, i + k) === x)) {
      const k = i + words.length;
      return {
        next: w(t, k) === 'day' && name === 'thanksgiving' ? k + 1 : k,
        item: point({ kind: 'nthWeekday', weekday, n, month }),
      };
    }
  }
  const j = w(t, i) === 'the' ? i + 1 : i;
  const n = NTH[w(t, j)];
  const weekday = EN_WEEKDAYS.get(w(t, j + 1));
  if (n === undefined || !weekday || (w(t, j + 2) !== 'of' && w(t, j + 2) !== 'in')) return undefined;
  const k = j + 3;
  const named = EN_MONTHS.get(w(t, k));
  if (named !== undefined && w(t, k).length > 2)
    return { next: k + 1, item: point({ kind: 'nthWeekday', weekday, n, month: named }) };
  const q = w(t, k);
  if (
    w(t, k + 1) !== 'month' ||
    (q !== 'next' && q !== 'the' && q !== 'this' && q !== 'each' && q !== 'every')
  )
    return undefined;
  // "of the month" / "of each month": this month's, or next month's once it has gone by.
  const spec: PointSpec =
    q === 'next' || q === 'this'
      ? { kind: 'nthWeekday', weekday, n, months: q === 'next' ? 1 : 0 }
      : { kind: 'nthWeekday', weekday, n };
  return { next: k + 2, item: point(spec) };
};

/** "The day after thanksgiving", "the day before christmas": a holiday's neighbour. */
const dayAroundHoliday: Rule = (t, i, folded) => {
  const j = w(t, i) === 'the' ? i + 1 : i;
  const dir = w(t, j + 1);
  if (w(t, j) !== 'day' || (dir !== 'after' && dir !== 'before')) return undefined;
  const base = holiday(t, j + 2, folded) ?? nthWeekday(t, j + 2, folded);
  if (!base || base.item.type !== 'point') return undefined;
  return {
    next: base.next,
    item: point({ kind: 'shifted', base: base.item.spec, days: dir === 'after' ? 1 : -1 }),
  };
};

/** christmas (day), christmas eve, new year's day, new year's eve, valentine's day, halloween. */
const holiday: Rule = (t, i) => {
  const [a, b, c] = [w(t, i), w(t, i + 1), w(t, i + 2)];
  let found: readonly [month: number, day: number, words: number] | undefined;
  if (a === 'christmas') found = b === 'eve' ? [12, 24, 2] : [12, 25, b === 'day' ? 2 : 1];
  else if (a === 'halloween') found = [10, 31, 1];
  else if ((a === 'independence' && b === 'day') || (a === 'fourth' && b === 'of' && c === 'july'))
    found = [7, 4, a === 'fourth' ? 3 : 2];
  else if ((a === "valentine's" || a === 'valentines') && b === 'day') found = [2, 14, 2];
  else if (a === 'new' && (b === "year's" || b === 'years') && (c === 'day' || c === 'eve')) {
    found = c === 'day' ? [1, 1, 3] : [12, 31, 3];
  }
  return found && { next: i + found[2], item: point({ kind: 'monthDay', month: found[0], day: found[1] }) };
};

/** Every rule; at each token the longest match wins. */
export const EN_DATE_RULES: readonly Rule[] = [
  holiday,
  nthWeekday,
  dayAroundHoliday,
  weeksFrom,
  relativeDay,
  weekday,
  dayOfMonth,
  monthDay,
  monthEdge,
  relativeCount,
  isoDate,
  period,
  lastN,
  namedMonth,
];

// prettier-ignore
const OPENERS = new Set([
  'today', 'tonight', 'tomorrow', 'tmrw', 'yesterday', 'the', 'day', 'this', 'next', 'coming', 'upcoming', 'last',
  'past', 'previous', 'current', 'end', 'beginning', 'start', 'month', 'in', 'a', 'an', 'christmas', 'halloween',
  "valentine's", 'valentines', 'new', 'thanksgiving', 'memorial', 'labor', "mother's", 'mothers', "father's", 'fathers',
  'martin', 'mlk', 'independence', 'first', 'second', 'third', 'fourth', 'fifth',
]);

/** True when some rule can start at this word: most words of an utterance start none, and are skipped. */
export function mayOpenDate(word: string): boolean {
  return (
    OPENERS.has(word) ||
    EN_WEEKDAYS.has(word) ||
    EN_MONTHS.has(word) ||
    EN_UNITS.has(word) ||
    EN_TEENS.has(word) ||
    EN_TENS.has(word) ||
    EN_ORDINALS.has(word) ||
    /^\d/.test(word)
  );
}
