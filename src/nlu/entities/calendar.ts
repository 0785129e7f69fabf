/**
 * Zone-free calendar arithmetic for date entities, plus the English month and weekday words. A date is
 * a proleptic Gregorian `CivilDate`; the only time-zone step is finding today's date in the
 * customer's zone (shared `localTime`, which caches its `Intl.DateTimeFormat`).
 */
import { localTime } from '../../shared/index.ts';

/** A calendar date with no zone; `month` is 1–12. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01. */
export function dayNumber(d: CivilDate): number {
  return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
}

/** The date `n` days after 1970-01-01. */
export function fromDayNumber(n: number): CivilDate {
  const t = new Date(n * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** `d` moved by `days` (negative: back). */
export function plusDays(d: CivilDate, days: number): CivilDate {
  return fromDayNumber(dayNumber(d) + days);
}

/** 28–31 (`month` 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The first day of the month `months` away from `d`'s month. */
export function monthStart(d: CivilDate, months = 0): CivilDate {
  const index = d.year * 12 + (d.month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 };
}

/** The last day of the month `months` away from `d`'s month. */
export function monthEnd(d: CivilDate, months = 0): CivilDate {
  const first = monthStart(d, months);
  return { ...first, day: daysInMonth(first.year, first.month) };
}

/** Adds calendar months, clamping the day: Jan 31 + 1 month is the last day of February. */
export function plusMonths(d: CivilDate, months: number): CivilDate {
  const first = monthStart(d, months);
  return { ...first, day: Math.min(d.day, daysInMonth(first.year, first.month)) };
}

/** A real date, or undefined for February 30th and the like. */
export function civilDate(year: number, month: number, day: number): CivilDate | undefined {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return undefined;
  return day <= daysInMonth(year, month) ? { year, month, day } : undefined;
}

/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(d: CivilDate): number {
  return ((((dayNumber(d) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday of `d`'s week, `weeks` weeks away (weeks start on Monday). */
export function weekStart(d: CivilDate, weeks = 0): CivilDate {
  return plusDays(d, 1 - isoWeekday(d) + 7 * weeks);
}

/** Days from `b` to `a`: negative when `a` is earlier. */
export function compareDates(a: CivilDate, b: CivilDate): number {
  return dayNumber(a) - dayNumber(b);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** YYYY-MM-DD. */
export function formatDate(d: CivilDate): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

/** Today's date in `timeZone` (IANA) at the instant `now`. */
export function todayIn(now: Date, timeZone: string): CivilDate {
  const date = localTime(now.getTime(), timeZone).date;
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

// prettier-ignore
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
  'october', 'november', 'december'];
const MONTH_ABBREVIATIONS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
];

/** English month names (and common abbreviations) → 1–12. */
export const EN_MONTHS: ReadonlyMap<string, number> = new Map([
  ...MONTH_NAMES.map((m, i) => [m, i + 1] as const),
  ...MONTH_ABBREVIATIONS.map(
    (m) => [m, MONTH_NAMES.findIndex((n) => n.startsWith(m.slice(0, 3))) + 1] as const,
  ),
]);

/** English weekday names → ISO weekday (Monday 1 … Sunday 7). */
export const EN_WEEKDAYS: ReadonlyMap<string, number> = new Map(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d, i) => [d, i + 1]),
);
