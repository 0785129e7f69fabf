/**
 * Dates and periods in an utterance, English or Mandarin, pinned to the calendar of the customer's
 * time zone: `value`, `from` and `to` are YYYY-MM-DD there. How open references are read ("friday",
 * "next friday", "the 15th", "november", "the last 7 days") is set out in `date-spec.ts`: in short,
 * points look forward (scheduling) and periods look back (searching history); weeks start on Monday.
 */
import type { Lang } from '../../shared/index.ts';
import { formatDate, todayIn, type CivilDate } from './calendar.ts';
import { resolveItemRange, resolvePoint, type DateItem, type Direction } from './date-spec.ts';
import { scanDatesEn } from './dates-en.ts';
import { scanDatesZh } from './dates-zh.ts';
import { foldText } from './tokens.ts';
import type { DateMatch, DateRangeMatch } from './types.ts';

function scan(text: string, lang: Lang): DateItem[] {
  const folded = foldText(text);
  return lang === 'zh' ? scanDatesZh(folded) : scanDatesEn(folded);
}

/**
 * Every single day named in `text` (today, tomorrow, friday, next friday, the 15th, december 3rd,
 * in 3 days, end of the month; 明天, 下周一, 15号, 12月3日, 月底, 三天后), resolved forward from
 * today in `timeZone` (IANA, e.g. "Asia/Shanghai"). Days inside "since X" (resolved back: X is
 * past) and "from X to Y" (Y on or after X) are included; periods ("last week") are not: see
 * `extractDateRanges`.
 */
export function extractDates(text: string, lang: Lang, now: Date, timeZone: string): DateMatch[] {
  const today = todayIn(now, timeZone);
  const found: DateMatch[] = [];
  const add = (item: DateItem | undefined, dir: Direction, anchor?: CivilDate): CivilDate | undefined => {
    if (item?.item.type !== 'point') return undefined;
    const date = resolvePoint(item.item.spec, today, dir, anchor);
    if (date)
      found.push({
        start: item.start,
        end: item.end,
        text: text.slice(item.start, item.end),
        value: formatDate(date),
      });
    return date;
  };
  for (const item of scan(text, lang)) {
    const [first, second] = item.parts ?? [];
    if (item.item.type === 'point') add(item, 'forward');
    // "since monday" is a past Monday; in "from monday to friday" the Friday follows the Monday.
    // 从X开始 / X起 also schedules ("每月转两千，从12月1号开始"): a point said that way looks forward.
    else if (item.item.spec.kind === 'since')
      add(first, /(开始|起)$/.test(text.slice(item.start, item.end)) ? 'forward' : 'back');
    else if (item.item.spec.kind === 'between') add(second, 'forward', add(first, 'forward'));
  }
  return found;
}

/**
 * Every period named in `text` (this week, last month, the last 7 days, november, since monday,
 * from december 1st to the 15th; 本周, 上个月, 最近一周, 11月, 周一以来), as inclusive bounds in
 * `timeZone`. A single day said where a period is expected ("on friday", 15号, yesterday) is a
 * one-day period, resolved back from today: history is searched, not scheduled.
 */
export function extractDateRanges(text: string, lang: Lang, now: Date, timeZone: string): DateRangeMatch[] {
  const today = todayIn(now, timeZone);
  const found: DateRangeMatch[] = [];
  for (const item of scan(text, lang)) {
    const bounds = resolveItemRange(item.item, today);
    if (!bounds) continue;
    found.push({
      start: item.start,
      end: item.end,
      text: text.slice(item.start, item.end),
      from: formatDate(bounds.from),
      to: formatDate(bounds.to),
    });
  }
  return found;
}
