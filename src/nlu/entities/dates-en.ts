/**
 * English date phrases → specs (see `date-spec.ts` for how they resolve): today, tomorrow, the day
 * after tomorrow, yesterday, (this|next|coming|last) friday, friday next week, the 15th, the fifteenth
 * of next month, december 3rd, 3rd of december, dec 3 2026, 2026-12-03, in 3 days, a week from now,
 * two days ago, end of the month, beginning of next month; periods: this week, last month, this
 * weekend, the last 7 days, the past month, november, last november, november 2025, since monday,
 * from december 1st to december 15th, between the 1st and the 10th; fixed-date holidays (christmas,
 * new year's day, halloween).
 */
import { range, type DateItem, type ItemSpec } from './date-spec.ts';
import { EN_DATE_RULES, mayOpenDate, w, type Found } from './dates-en-rules.ts';
import { tokenizeEn, type Token } from './tokens.ts';

interface Raw {
  readonly first: number;
  readonly next: number;
  readonly item: ItemSpec;
}

const BETWEEN_WORDS = new Set(['to', 'until', 'till', 'through', 'thru']);

/** Joins "since X", "from X to Y", "between X and Y", "X through Y" into one period. */
function combine(t: readonly Token[], raws: readonly Raw[], folded: string): DateItem[] {
  const items: DateItem[] = [];
  const span = (first: number, next: number): { start: number; end: number } => ({
    start: t[first]?.start ?? 0,
    end: t[next - 1]?.end ?? 0,
  });
  for (let k = 0; k < raws.length; k++) {
    const a = raws[k];
    if (!a) continue;
    const b = raws[k + 1];
    const opener = w(t, a.first - 1);
    if (b) {
      const link = b.first === a.next + 1 ? w(t, a.next) : undefined;
      const dash =
        b.first === a.next &&
        /^\s*[-–]\s*$/.test(folded.slice(t[a.next - 1]?.end ?? 0, t[b.first]?.start ?? 0));
      const linked =
        dash ||
        (link !== undefined &&
          (opener === 'between'
            ? link === 'and'
            : opener === 'from'
              ? BETWEEN_WORDS.has(link)
              : BETWEEN_WORDS.has(link) && link !== 'to'));
      if (linked) {
        const first = opener === 'from' || opener === 'between' ? a.first - 1 : a.first;
        items.push({
          ...span(first, b.next),
          item: range({ kind: 'between', from: a.item, to: b.item }),
          parts: [
            { ...span(a.first, a.next), item: a.item },
            { ...span(b.first, b.next), item: b.item },
          ],
        });
        k++;
        continue;
      }
    }
    if (opener === 'since') {
      items.push({
        ...span(a.first - 1, a.next),
        item: range({ kind: 'since', from: a.item }),
        parts: [{ ...span(a.first, a.next), item: a.item }],
      });
      continue;
    }
    items.push({ ...span(a.first, a.next), item: a.item });
  }
  return items;
}

/** Date phrases in folded English text, longest first, left to right. */
export function scanDatesEn(folded: string): DateItem[] {
  const t = tokenizeEn(folded);
  const raws: Raw[] = [];
  for (let i = 0; i < t.length;) {
    let best: Found | undefined;
    for (const rule of mayOpenDate(w(t, i)) ? EN_DATE_RULES : []) {
      const found = rule(t, i, folded);
      if (found && found.next > i && (!best || found.next > best.next)) best = found;
    }
    if (!best) {
      i++;
      continue;
    }
    raws.push({ first: i, next: best.next, item: best.item });
    i = best.next;
  }
  return combine(t, raws, folded);
}
