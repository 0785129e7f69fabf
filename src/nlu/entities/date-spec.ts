/**
 * What a date phrase means, before it is pinned to a calendar, and how it is pinned. The English and
 * Chinese scanners produce these specs; `dates.ts` resolves them against today in the customer's zone.
 *
 * Reading rules (the choices a banking agent needs made once, the same in both languages):
 * - Points look forward (a transfer is scheduled, not back-dated): "friday", "this friday", 周五 are
 *   the first Friday on or after today (today included); "next friday" and "coming friday" the first
 *   strictly after today; "last friday" the last strictly before. 这周五 / 下周一 / 上周五 and "friday
 *   next week" name a day of a calendar week (weeks start on Monday).
 * - "the 15th", 15号 are the first 15th on or after today (this month, else the next month that has
 *   one); "december 3rd", 12月3日 the first on or after today (this year, else next year).
 * - Ranges look back (they are for searching history): a point said as a range ("on friday", 15号) is
 *   the one day, taken on or before today. "this week" / 本周 and "this month" / 本月 are whole calendar
 *   periods. "the last 7 days" / 最近7天 are 7 days ending today, today included. "november" / 11月 is
 *   the latest November that has begun; "last november" the latest before this month.
 */
import {
  civilDate,
  compareDates,
  isoWeekday,
  monthEnd,
  monthStart,
  plusDays,
  plusMonths,
  weekStart,
  type CivilDate,
} from './calendar.ts';

/** 'onOrAfter': this friday (today counts); 'after': next friday; 'before': last friday. */
export type WeekdayMode = 'onOrAfter' | 'after' | 'before';

/** A single day. */
export type PointSpec =
  | { readonly kind: 'offset'; readonly days: number }
  | { readonly kind: 'offsetMonths'; readonly months: number }
  | { readonly kind: 'weekday'; readonly weekday: number; readonly mode: WeekdayMode }
  | { readonly kind: 'weekdayOfWeek'; readonly weekday: number; readonly weeks: number }
  | { readonly kind: 'dayOfMonth'; readonly day: number; readonly months?: number }
  | {
      readonly kind: 'monthDay';
      readonly month: number;
      readonly day: number;
      readonly year?: number;
      readonly years?: number;
    }
  | { readonly kind: 'monthEnd'; readonly months: number }
  | { readonly kind: 'absolute'; readonly date: CivilDate }
  /**
   * The nth weekday of a month (n = -1: the last): of a named month ("thanksgiving": the 4th
   * Thursday of November), or of the month `months` from this one ("the last friday of the month").
   */
  | {
      readonly kind: 'nthWeekday';
      readonly weekday: number;
      readonly n: number;
      readonly month?: number;
      readonly months?: number;
    }
  /** Days after another point: "a week from friday", "tuesday after next", "a week tomorrow". */
  | { readonly kind: 'shifted'; readonly base: PointSpec; readonly days: number };

/** A period. */
export type RangeSpec =
  | { readonly kind: 'week' | 'weekend' | 'month' | 'year'; readonly offset: number }
  | { readonly kind: 'calendarYear'; readonly year: number }
  | { readonly kind: 'lastDays'; readonly days: number }
  | { readonly kind: 'lastMonths'; readonly months: number }
  | {
      readonly kind: 'namedMonth';
      readonly month: number;
      readonly year?: number;
      readonly years?: number;
      /** 'latest': the latest such month that has begun; 'before': the latest before this month. */
      readonly which: 'latest' | 'before';
    }
  | { readonly kind: 'since'; readonly from: ItemSpec }
  | { readonly kind: 'between'; readonly from: ItemSpec; readonly to: ItemSpec };

/** A date phrase's meaning: a single day or a period. */
export type ItemSpec =
  { readonly type: 'point'; readonly spec: PointSpec } | { readonly type: 'range'; readonly spec: RangeSpec };

/** A date phrase found in text: offsets into the text and what it means. */
export interface DateItem {
  readonly start: number;
  readonly end: number;
  readonly item: ItemSpec;
  /** For "since X" and "from X to Y": X and Y on their own. */
  readonly parts?: readonly DateItem[];
}

/** Which way open references look: forward to schedule, back to search history. */
export type Direction = 'forward' | 'back';

/** Wraps a point spec. */
export function point(spec: PointSpec): ItemSpec {
  return { type: 'point', spec };
}

/** Wraps a period spec. */
export function range(spec: RangeSpec): ItemSpec {
  return { type: 'range', spec };
}

/** The first (forward) or last (back) date from `anchor`, inclusive, among `candidates(k)`, k = 0, ±1, … */
/** How far back a month and day said without a year still means this year's, gone by. */
const RECENTLY_GONE_DAYS = 90;

function nearest(
  anchor: CivilDate,
  dir: Direction,
  candidate: (step: number) => CivilDate | undefined,
  steps: number,
): CivilDate | undefined {
  for (let k = 0; k <= steps; k++) {
    const d = candidate(dir === 'forward' ? k : -k);
    if (d && (dir === 'forward' ? compareDates(d, anchor) >= 0 : compareDates(d, anchor) <= 0)) return d;
  }
  return undefined;
}

/** The nth `weekday` (ISO, Monday 1) of a month; n = -1 is the last. */
function nthWeekdayOf(year: number, month: number, weekday: number, n: number): CivilDate | undefined {
  const first = civilDate(year, month, 1);
  if (!first) return undefined;
  if (n > 0) {
    const d = plusDays(first, ((weekday - isoWeekday(first) + 7) % 7) + 7 * (n - 1));
    return d.month === month ? d : undefined;
  }
  const last = monthEnd(first);
  return plusDays(last, -((isoWeekday(last) - weekday + 7) % 7));
}

/**
 * Pins a point to a date. `dir` says which way open references ("friday", "the 15th") look from
 * `anchor`; explicit ones ("next friday", "tomorrow", 下周一) are relative to `today` whatever `dir`.
 */
export function resolvePoint(
  spec: PointSpec,
  today: CivilDate,
  dir: Direction,
  anchor: CivilDate = today,
): CivilDate | undefined {
  switch (spec.kind) {
    case 'offset':
      return plusDays(today, spec.days);
    case 'offsetMonths':
      return plusMonths(today, spec.months);
    case 'weekday': {
      if (spec.mode === 'after') return plusDays(today, (spec.weekday - isoWeekday(today) + 7) % 7 || 7);
      if (spec.mode === 'before') return plusDays(today, -((isoWeekday(today) - spec.weekday + 7) % 7 || 7));
      const forward = (spec.weekday - isoWeekday(anchor) + 7) % 7;
      const back = (isoWeekday(anchor) - spec.weekday + 7) % 7;
      return plusDays(anchor, dir === 'forward' ? forward : -back);
    }
    case 'weekdayOfWeek':
      return plusDays(weekStart(today, spec.weeks), spec.weekday - 1);
    case 'dayOfMonth': {
      const inMonth = (base: CivilDate, months: number): CivilDate | undefined => {
        const first = monthStart(base, months);
        return civilDate(first.year, first.month, spec.day);
      };
      if (spec.months !== undefined) return inMonth(today, spec.months);
      // Within three months there is always one with the day: no two months in a row lack a 31st.
      return nearest(anchor, dir, (k) => inMonth(anchor, k), 3);
    }
    case 'monthDay': {
      const { month, day } = spec;
      if (spec.year !== undefined) return civilDate(spec.year, month, day);
      if (spec.years !== undefined) return civilDate(today.year + spec.years, month, day);
      // Eight years reach the next February 29th.
      const ahead = nearest(anchor, dir, (k) => civilDate(anchor.year + k, month, day), 8);
      // "on october 3" said on November 26 is the day gone by, not next year's (which the
      // dialog would schedule): a bare month and day names the past one up to 90 days back.
      const gone =
        dir === 'forward'
          ? nearest(today, 'back', (k) => civilDate(today.year + k, month, day), 1)
          : undefined;
      return gone && compareDates(plusDays(gone, RECENTLY_GONE_DAYS), today) >= 0 ? gone : ahead;
    }
    case 'monthEnd':
      return monthEnd(today, spec.months);
    case 'absolute':
      return spec.date;
    case 'nthWeekday': {
      const { month, weekday, n } = spec;
      if (month === undefined) {
        const first = monthStart(today, spec.months ?? 0);
        const day = nthWeekdayOf(first.year, first.month, weekday, n);
        // "The first monday of the month" gone by this month is next month's.
        if (spec.months !== undefined || !day || compareDates(day, today) >= 0) return day;
        const next = monthStart(today, 1);
        return nthWeekdayOf(next.year, next.month, weekday, n);
      }
      return nearest(anchor, dir, (k) => nthWeekdayOf(anchor.year + k, month, weekday, n), 1);
    }
    case 'shifted': {
      const base = resolvePoint(spec.base, today, dir, anchor);
      return base && plusDays(base, spec.days);
    }
  }
}

/** Inclusive bounds of a period. */
export interface DateBounds {
  readonly from: CivilDate;
  readonly to: CivilDate;
}

function bounds(
  item: ItemSpec,
  today: CivilDate,
  dir: Direction,
  anchor?: CivilDate,
): DateBounds | undefined {
  if (item.type === 'range') return resolveRange(item.spec, today);
  const d = resolvePoint(item.spec, today, dir, anchor);
  return d && { from: d, to: d };
}

/** Pins a period (or a point said as a period, looking back) to inclusive bounds. */
export function resolveItemRange(item: ItemSpec, today: CivilDate): DateBounds | undefined {
  return bounds(item, today, 'back');
}

/** Pins a period to inclusive bounds; undefined when it names no real days ("since tomorrow"). */
export function resolveRange(spec: RangeSpec, today: CivilDate): DateBounds | undefined {
  switch (spec.kind) {
    case 'week':
      return { from: weekStart(today, spec.offset), to: plusDays(weekStart(today, spec.offset), 6) };
    case 'weekend':
      return {
        from: plusDays(weekStart(today, spec.offset), 5),
        to: plusDays(weekStart(today, spec.offset), 6),
      };
    case 'month':
      return { from: monthStart(today, spec.offset), to: monthEnd(today, spec.offset) };
    case 'year': {
      const year = today.year + spec.offset;
      return { from: { year, month: 1, day: 1 }, to: { year, month: 12, day: 31 } };
    }
    case 'calendarYear':
      return { from: { year: spec.year, month: 1, day: 1 }, to: { year: spec.year, month: 12, day: 31 } };
    case 'lastDays':
      return { from: plusDays(today, 1 - spec.days), to: today };
    case 'lastMonths':
      return { from: plusDays(plusMonths(today, -spec.months), 1), to: today };
    case 'namedMonth': {
      let year = spec.year ?? today.year + (spec.years ?? 0);
      if (spec.year === undefined && spec.years === undefined) {
        const begun = spec.which === 'latest' ? spec.month <= today.month : spec.month < today.month;
        if (!begun) year--;
      }
      const first = { year, month: spec.month, day: 1 };
      return { from: first, to: monthEnd(first) };
    }
    case 'since': {
      const from = bounds(spec.from, today, 'back')?.from;
      return from && compareDates(from, today) <= 0 ? { from, to: today } : undefined;
    }
    case 'between': {
      const from = bounds(spec.from, today, 'back')?.from;
      const to = from && bounds(spec.to, today, 'forward', from)?.to;
      return from && to && compareDates(from, to) <= 0 ? { from, to } : undefined;
    }
  }
}
