/**
 * Calendar helpers in a customer's time zone. Dates are `YYYY-MM-DD` strings in that zone; the clock
 * is epoch ms. Time zones are IANA names ("Asia/Shanghai"); see `timeZoneForOffset` for worlds that
 * only give an offset.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is a name Intl knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

// Non-whole-hour offsets have no Etc/ zone: pick the zone that uses them (without DST, where one exists).
const ODD_OFFSETS: Readonly<Record<string, string>> = {
  '+03:30': 'Asia/Tehran',
  '+04:30': 'Asia/Kabul',
  '+05:30': 'Asia/Kolkata',
  '+05:45': 'Asia/Kathmandu',
  '+06:30': 'Asia/Yangon',
  '+09:30': 'Australia/Darwin',
  '-03:30': 'America/St_Johns',
  '-09:30': 'Pacific/Marquesas',
};

/**
 * An IANA zone for a UTC offset ("+08:00" → "Etc/GMT-8": POSIX signs are inverted in Etc names).
 * Returns undefined for offsets no zone has.
 */
export function timeZoneForOffset(offset: string): string | undefined {
  if (offset === 'Z' || offset === '+00:00' || offset === '-00:00') return 'UTC';
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) return undefined;
  const [, sign, hh = '0', mm = '0'] = m;
  if (mm !== '00') return ODD_OFFSETS[offset];
  const hours = Number(hh);
  if (hours > 14) return undefined;
  return `Etc/GMT${sign === '+' ? '-' : '+'}${hours}`;
}

export interface LocalTime {
  /** YYYY-MM-DD */
  readonly date: string;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  readonly isoWeekday: number;
  readonly minuteOfDay: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock date, weekday and minute of `epochMs` in `timeZone`. */
export function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(epochMs)) parts[p.type] = p.value;
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    isoWeekday: WEEKDAYS[parts['weekday'] ?? ''] ?? 1,
    minuteOfDay: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

/** The calendar date of `epochMs` in `timeZone`. */
export function localDate(epochMs: number, timeZone: string): string {
  return localTime(epochMs, timeZone).date;
}

/** Adds days to a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

/** Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === date;
}
