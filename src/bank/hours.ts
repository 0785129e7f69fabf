import type { Parsed } from '../shared/index.ts';

/** Opening intervals per ISO weekday (index 0 = Monday), minutes from local midnight, end exclusive. */
export type WeeklyHours = readonly (readonly (readonly [number, number])[])[];

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function dayIndex(token: string): number {
  return DAYS.indexOf(token.slice(0, 3).toLowerCase() as (typeof DAYS)[number]);
}

function minutes(hhmm: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

/**
 * Parses opening hours as worlds write them: "Mon-Fri 09:00-17:00; Sat 10:00-14:00", "Daily 08:00-20:00",
 * "Mon,Wed 09:00-12:00, 13:00-17:00", "Daily 05:30-02:00" (past midnight), "24/7". Days not mentioned are closed.
 */
export function parseHours(text: string): Parsed<WeeklyHours> {
  const week: [number, number][][] = DAYS.map(() => []);
  const trimmed = text.trim();
  if (/^(24\/7|24h|24 hours|always)$/i.test(trimmed)) {
    return { ok: true, value: DAYS.map(() => [[0, 1440] as const]) };
  }
  for (const rule of trimmed.split(';')) {
    const m =
      /^\s*([A-Za-z,\s-]+?)\s+(\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}(?:\s*,\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2})*)\s*$/.exec(
        rule,
      );
    if (!m) return { ok: false, error: `"${rule.trim()}" is not like "Mon-Fri 09:00-17:00"` };
    const [, dayPart = '', timePart = ''] = m;
    const days = new Set<number>();
    for (const group of dayPart.split(',')) {
      const g = group.trim().toLowerCase();
      if (g === 'daily' || g === 'every day') {
        for (let i = 0; i < 7; i++) days.add(i);
        continue;
      }
      const [a = '', b] = g.split('-').map((s) => s.trim());
      const from = dayIndex(a);
      const to = b === undefined ? from : dayIndex(b);
      if (from < 0 || to < 0)
        return { ok: false, error: `"${group.trim()}" is not a day like Mon or Mon-Fri` };
      for (let i = from; ; i = (i + 1) % 7) {
        days.add(i);
        if (i === to) break;
      }
    }
    for (const span of timePart.split(',')) {
      const [s = '', e = ''] = span.split('-').map((x) => x.trim());
      const start = minutes(s);
      const end = minutes(e);
      if (start === undefined || end === undefined || end === start) {
        return { ok: false, error: `"${span.trim()}" is not a time range like 09:00-17:00` };
      }
      for (const d of days) {
        if (end > start) {
          week[d]?.push([start, end]);
        } else {
          // Past midnight ("18:00-02:00"): the small hours belong to the next day.
          week[d]?.push([start, 1440]);
          week[(d + 1) % 7]?.push([0, end]);
        }
      }
    }
  }
  return { ok: true, value: week };
}

/** Whether the place is open at an ISO weekday (1-7) and minute of the day. */
export function isOpenAt(hours: WeeklyHours, isoWeekday: number, minuteOfDay: number): boolean {
  return (hours[isoWeekday - 1] ?? []).some(([s, e]) => minuteOfDay >= s && minuteOfDay < e);
}

/** The day's hours as "09:00-17:00" (joined with ", "), undefined when closed all day. */
export function hoursOn(hours: WeeklyHours, isoWeekday: number): string | undefined {
  const spans = hours[isoWeekday - 1] ?? [];
  if (spans.length === 0) return undefined;
  const fmt = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return spans.map(([s, e]) => `${fmt(s)}-${fmt(e)}`).join(', ');
}
