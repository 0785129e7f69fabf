/**
 * Chinese date phrases → specs (see `date-spec.ts` for how they resolve): 今天, 明天, 后天, 大后天,
 * 昨天, 前天, 周五, 这周五, 下周一, 下个星期一, 上礼拜五, 15号, 十五日, 下个月5号, 12月3日,
 * 二〇二六年十二月三号, 2026-12-03, 月底, 月初, 下个月底, 三天后, 一个月以后, 两周前, 过三天,
 * fixed-date holidays (元旦, 国庆节, 圣诞节; not lunar ones such as 春节);
 * periods: 本周, 上周, 这个月, 上个月, 周末, 今年, 去年11月, 11月, 最近一周, 近30天, 过去三个月,
 * 周一以来, 从11月1日到11月15日.
 */
import { civilDate } from './calendar.ts';
import { point, range, type DateItem, type ItemSpec, type PointSpec } from './date-spec.ts';
import { parseZhInteger } from './numbers-zh.ts';

interface Rule {
  /** Characters the phrase can start with: rules are only tried where they can match. */
  readonly first: string;
  readonly re: RegExp;
  readonly build: (m: RegExpExecArray) => ItemSpec | undefined;
}

const NUM = '(\\d{1,4}|[零〇一二两三四五六七八九十]{1,4})';
const NUM_FIRST = '0123456789零〇一二两三四五六七八九十';
const YEAR = '(\\d{4}|[零〇一二三四五六七八九]{4})';

const DAY_WORDS: Readonly<Record<string, number>> = {
  大后天: 3,
  后天: 2,
  明天: 1,
  明日: 1,
  明儿: 1,
  今天: 0,
  今日: 0,
  今儿: 0,
  昨天: -1,
  昨日: -1,
  昨儿: -1,
  前天: -2,
  大前天: -3,
};
const WEEKDAY_CHARS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
};
/** 下 / 下个 / 下个月 → 1 and so on: the first character and whether it doubles carry the offset. */
function offsetOf(qualifier: string | undefined): number | undefined {
  if (qualifier === undefined || qualifier === '') return undefined;
  const sign = qualifier.startsWith('下') ? 1 : qualifier.startsWith('上') ? -1 : 0;
  return sign * (qualifier.startsWith('下下') || qualifier.startsWith('上上') ? 2 : 1);
}
const YEAR_WORDS: Readonly<Record<string, number>> = { 今年: 0, 明年: 1, 后年: 2, 去年: -1, 前年: -2 };

function int(s: string | undefined): number | undefined {
  return s === undefined ? undefined : parseZhInteger(s);
}

function inRange(n: number | undefined, min: number, max: number): n is number {
  return n !== undefined && n >= min && n <= max;
}

function monthDay(
  m: RegExpExecArray,
  yearAt: number,
  wordAt: number,
  monthAt: number,
  dayAt: number,
): PointSpec | undefined {
  const month = int(m[monthAt]);
  const day = int(m[dayAt]);
  if (!inRange(month, 1, 12) || !inRange(day, 1, 31)) return undefined;
  const year = int(m[yearAt]);
  const years = m[wordAt] === undefined ? undefined : YEAR_WORDS[m[wordAt]];
  if (year !== undefined) return { kind: 'monthDay', month, day, year };
  return years === undefined ? { kind: 'monthDay', month, day } : { kind: 'monthDay', month, day, years };
}

const MONTH_QUALIFIER = '(下下个月|下个月|下月|这个月|本月|上个月|上月)';
const UNIT_DAYS: Readonly<Record<string, number>> = { 天: 1, 日: 1, 周: 7, 星期: 7, 礼拜: 7 };

function countItem(
  n: number | undefined,
  unit: string | undefined,
  ge: string | undefined,
  sign: number,
): ItemSpec | undefined {
  if (!inRange(n, 1, 1000) || unit === undefined) return undefined;
  if (unit === '月') return ge ? point({ kind: 'offsetMonths', months: sign * n }) : undefined;
  if (unit === '年') return point({ kind: 'offsetMonths', months: sign * n * 12 });
  const days = UNIT_DAYS[unit];
  return days === undefined ? undefined : point({ kind: 'offset', days: sign * n * days });
}

const HOLIDAYS: Readonly<Record<string, readonly [number, number]>> = {
  元旦: [1, 1],
  情人节: [2, 14],
  劳动节: [5, 1],
  国庆节: [10, 1],
  国庆: [10, 1],
  平安夜: [12, 24],
  圣诞节: [12, 25],
  圣诞: [12, 25],
};

const RULES: readonly Rule[] = [
  {
    first: '元情劳国平圣',
    re: /元旦|情人节|劳动节|国庆节?|平安夜|圣诞节?/y,
    build: (m) => {
      const [month, day] = HOLIDAYS[m[0]] ?? [1, 1];
      return point({ kind: 'monthDay', month, day });
    },
  },
  {
    first: '大后明今前昨',
    re: /大后天|后天|明天|明日|明儿|今天|今日|今儿|大前天|前天|昨天|昨日|昨儿/y,
    build: (m) => point({ kind: 'offset', days: DAY_WORDS[m[0]] ?? 0 }),
  },
  {
    first: '下上这本周星礼',
    re: /(下下个?|下个?|上上个?|上个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天1-7])/y,
    build: (m) => {
      const weekday = WEEKDAY_CHARS[m[2] ?? ''] ?? Number(m[2]);
      const weeks = offsetOf(m[1]);
      return point(
        weeks === undefined
          ? { kind: 'weekday', weekday, mode: 'onOrAfter' }
          : { kind: 'weekdayOfWeek', weekday, weeks },
      );
    },
  },
  {
    first: `下这本上${NUM_FIRST}`,
    re: new RegExp(`${MONTH_QUALIFIER}?的?${NUM}(?:号|日)(?![线楼门])`, 'y'),
    build: (m) => {
      const day = int(m[2]);
      const months = offsetOf(m[1]);
      if (!inRange(day, 1, 31)) return undefined;
      return point(months === undefined ? { kind: 'dayOfMonth', day } : { kind: 'dayOfMonth', day, months });
    },
  },
  {
    first: `今明去后前${NUM_FIRST}`,
    re: new RegExp(`(?:${YEAR}年|(今年|明年|后年|去年|前年))?${NUM}月份?${NUM}(?:号|日)?`, 'y'),
    build: (m) => {
      const spec = monthDay(m, 1, 2, 3, 4);
      return spec && point(spec);
    },
  },
  {
    // 年底, 今年年底, 明年年末: December 31.
    first: '今明去年',
    re: /(今年|明年|去年)?(?:的)?(?:年底|年末)/y,
    build: (m) =>
      point({ kind: 'monthDay', month: 12, day: 31, years: m[1] === '明年' ? 1 : m[1] === '去年' ? -1 : 0 }),
  },
  {
    first: '下这本上月',
    re: /(下下个|下个|下|这个|本|上个|上)?(?:月的?)?(月底|月末|月初|月中)/y,
    build: (m) => {
      const months = offsetOf(m[1]) ?? (m[1] ? 0 : undefined);
      if (m[2] === '月底' || m[2] === '月末') return point({ kind: 'monthEnd', months: months ?? 0 });
      const day = m[2] === '月中' ? 15 : 1;
      return point(months === undefined ? { kind: 'dayOfMonth', day } : { kind: 'dayOfMonth', day, months });
    },
  },
  {
    first: NUM_FIRST,
    re: new RegExp(`${NUM}(个)?(天|日|周|星期|礼拜|月|年)(以后|之后|后|以前|之前|前)`, 'y'),
    build: (m) => countItem(int(m[1]), m[3], m[2], m[4]?.endsWith('后') ? 1 : -1),
  },
  {
    first: '过',
    re: new RegExp(`过${NUM}(个)?(天|日|周|星期|礼拜|月|年)`, 'y'),
    build: (m) => countItem(int(m[1]), m[3], m[2], 1),
  },
  {
    first: '0123456789',
    re: /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/y,
    build: (m) => {
      const date = civilDate(Number(m[1]), Number(m[2]), Number(m[3]));
      return date && point({ kind: 'absolute', date });
    },
  },
  {
    first: '上下这本',
    re: /(上上|上|下下|下|这|本)个?(?:周|星期|礼拜)(?!末)/y,
    build: (m) => range({ kind: 'week', offset: offsetOf(m[1]) ?? 0 }),
  },
  {
    first: '上下这本周',
    re: /(上上|上|下下|下|这|本)?个?周末/y,
    build: (m) => range({ kind: 'weekend', offset: offsetOf(m[1]) ?? 0 }),
  },
  {
    first: '上下这本当',
    re: /(上上个|上个|上|下下个|下个|下|这个|本|当)月(?![底末初中])/y,
    build: (m) => range({ kind: 'month', offset: offsetOf(m[1]) ?? 0 }),
  },
  {
    first: `今去前明后${NUM_FIRST}`,
    re: new RegExp(`(?:(今年|去年|前年|明年|后年)|${YEAR}年)(?:${NUM}月份?)?`, 'y'),
    build: (m) => {
      const years = m[1] === undefined ? undefined : YEAR_WORDS[m[1]];
      const year = int(m[2]);
      const month = int(m[3]);
      if (m[3] !== undefined && !inRange(month, 1, 12)) return undefined;
      if (month !== undefined) {
        if (year !== undefined) return range({ kind: 'namedMonth', month, year, which: 'latest' });
        return range({ kind: 'namedMonth', month, years: years ?? 0, which: 'latest' });
      }
      if (year !== undefined) return range({ kind: 'calendarYear', year });
      return range({ kind: 'year', offset: years ?? 0 });
    },
  },
  {
    first: NUM_FIRST,
    re: new RegExp(`${NUM}月份?(?![底末初中])`, 'y'),
    build: (m) => {
      const month = int(m[1]);
      return inRange(month, 1, 12) ? range({ kind: 'namedMonth', month, which: 'latest' }) : undefined;
    },
  },
  {
    first: '最近过',
    re: new RegExp(`(?:最近|近|过去)的?${NUM}(个)?(天|日|周|星期|礼拜|月|年)`, 'y'),
    build: (m) => {
      const n = int(m[1]);
      const unit = m[3] ?? '';
      if (!inRange(n, 1, 1000)) return undefined;
      if (unit === '月') return range({ kind: 'lastMonths', months: n });
      if (unit === '年') return range({ kind: 'lastMonths', months: n * 12 });
      return range({ kind: 'lastDays', days: n * (UNIT_DAYS[unit] ?? 1) });
    },
  },
];

const BY_FIRST: ReadonlyMap<string, readonly Rule[]> = (() => {
  const map = new Map<string, Rule[]>();
  for (const rule of RULES) for (const c of rule.first) map.set(c, [...(map.get(c) ?? []), rule]);
  return map;
})();

const LINK = /^\s*(?:到|至|-|~|～|—|–)\s*$/;
const OPENER = /(?:自从|从|自|由)$/;
const SINCE_SUFFIX = /^(?:以来|开始|起|至今|到现在|到今天|到目前为止|到目前)/;

/** Joins 从X到Y / X至Y into one period, and X以来 / 从X开始 / 自从X into "since X". */
function combine(s: string, raws: readonly DateItem[]): DateItem[] {
  const items: DateItem[] = [];
  for (let k = 0; k < raws.length; k++) {
    const a = raws[k];
    if (!a) continue;
    const opener = OPENER.exec(s.slice(Math.max(0, a.start - 2), a.start));
    const start = opener ? a.start - opener[0].length : a.start;
    const b = raws[k + 1];
    if (b && LINK.test(s.slice(a.end, b.start))) {
      items.push({
        start,
        end: b.end,
        item: range({ kind: 'between', from: a.item, to: b.item }),
        parts: [a, b],
      });
      k++;
      continue;
    }
    const suffix = SINCE_SUFFIX.exec(s.slice(a.end, a.end + 5));
    if (suffix || opener?.[0] === '自从') {
      const end = a.end + (suffix?.[0].length ?? 0);
      items.push({ start, end, item: range({ kind: 'since', from: a.item }), parts: [a] });
      continue;
    }
    items.push(a);
  }
  return items;
}

/** Date phrases in folded Chinese text, longest first, left to right. */
export function scanDatesZh(s: string): DateItem[] {
  const raws: DateItem[] = [];
  for (let p = 0; p < s.length;) {
    let best: { end: number; item: ItemSpec } | undefined;
    // Never start inside a number: 三十二号 is not 十二号.
    const inNumber = NUM_FIRST.includes(s.charAt(p)) && p > 0 && NUM_FIRST.includes(s.charAt(p - 1));
    for (const rule of inNumber ? [] : (BY_FIRST.get(s.charAt(p)) ?? [])) {
      rule.re.lastIndex = p;
      const m = rule.re.exec(s);
      if (!m || (best && p + m[0].length <= best.end)) continue;
      const item = rule.build(m);
      if (item) best = { end: p + m[0].length, item };
    }
    if (!best) {
      p++;
      continue;
    }
    raws.push({ start: p, end: best.end, item: best.item });
    p = best.end;
  }
  return combine(s, raws);
}
