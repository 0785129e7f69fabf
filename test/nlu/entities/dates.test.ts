import { describe, expect, it } from 'vitest';
import { extractDateRanges, extractDates } from '../../../src/nlu/entities/dates.ts';
import type { Lang } from '../../../src/shared/index.ts';

// Thursday 26 November 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const ZONE = 'Asia/Shanghai';

function dates(text: string, lang: Lang, now = NOW, zone = ZONE): [string, string][] {
  return extractDates(text, lang, now, zone).map((m) => {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    return [m.text, m.value];
  });
}

function ranges(text: string, lang: Lang): [string, string, string][] {
  return extractDateRanges(text, lang, NOW, ZONE).map((m) => {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    return [m.text, m.from, m.to];
  });
}

const EN_POINTS: readonly (readonly [string, [string, string][]])[] = [
  ['send three hundred dollars to bob on the fifteenth', [['the fifteenth', '2026-12-15']]],
  ['pay it today', [['today', '2026-11-26']]],
  ['pay it tomorrow', [['tomorrow', '2026-11-27']]],
  ['the day after tomorrow', [['the day after tomorrow', '2026-11-28']]],
  ['what did i spend yesterday', [['yesterday', '2026-11-25']]],
  ['on friday', [['friday', '2026-11-27']]],
  ['this friday', [['this friday', '2026-11-27']]],
  ['next friday', [['next friday', '2026-11-27']]],
  ['coming friday', [['coming friday', '2026-11-27']]],
  ['on thursday', [['thursday', '2026-11-26']]],
  ['next thursday', [['next thursday', '2026-12-03']]],
  ['last friday', [['last friday', '2026-11-20']]],
  ['friday next week', [['friday next week', '2026-12-04']]],
  ['next week on monday', [['next week on monday', '2026-11-30']]],
  ['on the 15th', [['the 15th', '2026-12-15']]],
  ['on the 26th', [['the 26th', '2026-11-26']]],
  ['on the 31st', [['the 31st', '2026-12-31']]],
  ['the first of next month', [['the first of next month', '2026-12-01']]],
  ['the twenty first', [['the twenty first', '2026-12-21']]],
  ['december 3rd', [['december 3rd', '2026-12-03']]],
  ['3rd of december', [['3rd of december', '2026-12-03']]],
  ['the third of december', [['the third of december', '2026-12-03']]],
  ['dec 3', [['dec 3', '2026-12-03']]],
  ['december twenty fifth', [['december twenty fifth', '2026-12-25']]],
  ['march 1st', [['march 1st', '2027-03-01']]],
  ['december 3 2027', [['december 3 2027', '2027-12-03']]],
  ['2026-12-03', [['2026-12-03', '2026-12-03']]],
  ['in 3 days', [['in 3 days', '2026-11-29']]],
  ['in three days', [['in three days', '2026-11-29']]],
  ['in a week', [['in a week', '2026-12-03']]],
  ['in two weeks', [['in two weeks', '2026-12-10']]],
  ['a week from now', [['a week from now', '2026-12-03']]],
  ['two days ago', [['two days ago', '2026-11-24']]],
  ['in a month', [['in a month', '2026-12-26']]],
  ['end of the month', [['end of the month', '2026-11-30']]],
  ['by end of month', [['end of month', '2026-11-30']]],
  ['end of next month', [['end of next month', '2026-12-31']]],
  ['the last day of the month', [['the last day of the month', '2026-11-30']]],
  ['beginning of next month', [['beginning of next month', '2026-12-01']]],
  ['Tomorrow', [['Tomorrow', '2026-11-27']]],
  ['on christmas day', [['christmas day', '2026-12-25']]],
  ["new year's eve", [["new year's eve", '2026-12-31']]],
  [
    'send 50 dollars tomorrow and 20 on friday',
    [
      ['tomorrow', '2026-11-27'],
      ['friday', '2026-11-27'],
    ],
  ],
];

const EN_NO_POINT: readonly string[] = [
  'send three hundred dollars to bob',
  'the second account',
  'the first one',
  'wait a second',
  'may i pay my bill',
  'last week',
  'this month',
  'the last 7 days',
  'transfer 15 dollars',
  'send jan 5 dollars',
];

const ZH_POINTS: readonly (readonly [string, [string, string][]])[] = [
  ['今天', [['今天', '2026-11-26']]],
  ['明天给妈妈转500', [['明天', '2026-11-27']]],
  ['后天', [['后天', '2026-11-28']]],
  ['大后天', [['大后天', '2026-11-29']]],
  ['昨天', [['昨天', '2026-11-25']]],
  ['前天', [['前天', '2026-11-24']]],
  ['下周一', [['下周一', '2026-11-30']]],
  ['下星期一', [['下星期一', '2026-11-30']]],
  ['下礼拜一', [['下礼拜一', '2026-11-30']]],
  ['下个星期五', [['下个星期五', '2026-12-04']]],
  ['周五', [['周五', '2026-11-27']]],
  ['这周五', [['这周五', '2026-11-27']]],
  ['这周二', [['这周二', '2026-11-24']]],
  ['上周五', [['上周五', '2026-11-20']]],
  ['星期天', [['星期天', '2026-11-29']]],
  ['周日', [['周日', '2026-11-29']]],
  ['15号还款', [['15号', '2026-12-15']]],
  ['十五号', [['十五号', '2026-12-15']]],
  ['30日', [['30日', '2026-11-30']]],
  ['12月3日', [['12月3日', '2026-12-03']]],
  ['十二月三号', [['十二月三号', '2026-12-03']]],
  ['2027年1月5日', [['2027年1月5日', '2027-01-05']]],
  ['二〇二七年一月五日', [['二〇二七年一月五日', '2027-01-05']]],
  ['月底', [['月底', '2026-11-30']]],
  ['月初', [['月初', '2026-12-01']]],
  ['下个月底', [['下个月底', '2026-12-31']]],
  ['下个月5号', [['下个月5号', '2026-12-05']]],
  ['下月初', [['下月初', '2026-12-01']]],
  ['三天后', [['三天后', '2026-11-29']]],
  ['3天以后', [['3天以后', '2026-11-29']]],
  ['两周后', [['两周后', '2026-12-10']]],
  ['一个月后', [['一个月后', '2026-12-26']]],
  ['过两天', [['过两天', '2026-11-28']]],
  ['三天前', [['三天前', '2026-11-23']]],
  ['元旦', [['元旦', '2027-01-01']]],
  ['下下周一', [['下下周一', '2026-12-07']]],
  ['本月15号', [['本月15号', '2026-11-15']]],
];

const ZH_NO_POINT: readonly string[] = [
  '给张三转三千五',
  '三个月',
  '本周',
  '上个月',
  '去3号线附近的网点',
  '我要转账',
  '三十二号',
];

describe('extractDates', () => {
  it.each(EN_POINTS)('en: %s', (text, expected) => {
    expect(dates(text, 'en')).toEqual(expected);
  });
  it.each(EN_NO_POINT)('en, no date: %s', (text) => {
    expect(dates(text, 'en')).toEqual([]);
  });
  it.each(ZH_POINTS)('zh: %s', (text, expected) => {
    expect(dates(text, 'zh')).toEqual(expected);
  });
  it.each(ZH_NO_POINT)('zh, no date: %s', (text) => {
    expect(dates(text, 'zh')).toEqual([]);
  });

  it('reads "today" in the customer time zone', () => {
    // 2026-11-26T20:00 in New York is already the 27th in Shanghai.
    const now = new Date('2026-11-26T20:00:00-05:00');
    expect(dates('today', 'en', now, 'America/New_York')).toEqual([['today', '2026-11-26']]);
    expect(dates('today', 'en', now, 'Asia/Shanghai')).toEqual([['today', '2026-11-27']]);
    expect(dates('明天', 'zh', now, 'Asia/Shanghai')).toEqual([['明天', '2026-11-28']]);
  });

  it('crosses month and year ends', () => {
    const now = new Date('2026-12-31T12:00:00Z');
    expect(dates('tomorrow', 'en', now, 'UTC')).toEqual([['tomorrow', '2027-01-01']]);
    // A month and day gone by less than 90 days ago is that day, which the dialog says has passed;
    // one further back is next year's.
    expect(dates('december 3rd', 'en', now, 'UTC')).toEqual([['december 3rd', '2026-12-03']]);
    expect(dates('march 3rd', 'en', now, 'UTC')).toEqual([['march 3rd', '2027-03-03']]);
    expect(dates('10月3号', 'zh', now, 'UTC')).toEqual([['10月3号', '2026-10-03']]);
    expect(dates('the 5th', 'en', now, 'UTC')).toEqual([['the 5th', '2027-01-05']]);
    expect(dates('february 29th', 'en', now, 'UTC')).toEqual([['february 29th', '2028-02-29']]);
  });

  it('gives the days inside "since" (looking back) and "from … to" (in order) too', () => {
    expect(dates('from monday to friday', 'en')).toEqual([
      ['monday', '2026-11-30'],
      ['friday', '2026-12-04'],
    ]);
    expect(dates('since november 1st', 'en')).toEqual([['november 1st', '2026-11-01']]);
    expect(dates('从明天开始每月还两千', 'zh')).toEqual([['明天', '2026-11-27']]);
  });
});

const EN_RANGES: readonly (readonly [string, [string, string, string][]])[] = [
  ['show transactions from today', [['today', '2026-11-26', '2026-11-26']]],
  ['what did i spend yesterday', [['yesterday', '2026-11-25', '2026-11-25']]],
  ['this week', [['this week', '2026-11-23', '2026-11-29']]],
  ['last week', [['last week', '2026-11-16', '2026-11-22']]],
  ['this month', [['this month', '2026-11-01', '2026-11-30']]],
  ['last month', [['last month', '2026-10-01', '2026-10-31']]],
  ['last year', [['last year', '2025-01-01', '2025-12-31']]],
  ['the last 7 days', [['the last 7 days', '2026-11-20', '2026-11-26']]],
  ['the past week', [['the past week', '2026-11-20', '2026-11-26']]],
  ['past 30 days', [['past 30 days', '2026-10-28', '2026-11-26']]],
  ['the last two weeks', [['the last two weeks', '2026-11-13', '2026-11-26']]],
  ['the past month', [['the past month', '2026-10-27', '2026-11-26']]],
  ['in november', [['november', '2026-11-01', '2026-11-30']]],
  ['in december', [['december', '2025-12-01', '2025-12-31']]],
  ['last november', [['last november', '2025-11-01', '2025-11-30']]],
  ['november 2024', [['november 2024', '2024-11-01', '2024-11-30']]],
  ['in march', [['march', '2026-03-01', '2026-03-31']]],
  ['since monday', [['since monday', '2026-11-23', '2026-11-26']]],
  ['since the 1st', [['since the 1st', '2026-11-01', '2026-11-26']]],
  [
    'from november 1st to november 15th',
    [['from november 1st to november 15th', '2026-11-01', '2026-11-15']],
  ],
  ['between the 1st and the 10th', [['between the 1st and the 10th', '2026-11-01', '2026-11-10']]],
  ['this weekend', [['this weekend', '2026-11-28', '2026-11-29']]],
  ['last weekend', [['last weekend', '2026-11-21', '2026-11-22']]],
  ['what did i spend on friday', [['friday', '2026-11-20', '2026-11-20']]],
  ['on the 15th', [['the 15th', '2026-11-15', '2026-11-15']]],
];

const ZH_RANGES: readonly (readonly [string, [string, string, string][]])[] = [
  ['本周', [['本周', '2026-11-23', '2026-11-29']]],
  ['上周的交易', [['上周', '2026-11-16', '2026-11-22']]],
  ['这个月', [['这个月', '2026-11-01', '2026-11-30']]],
  ['本月', [['本月', '2026-11-01', '2026-11-30']]],
  ['上个月花了多少', [['上个月', '2026-10-01', '2026-10-31']]],
  ['最近一周', [['最近一周', '2026-11-20', '2026-11-26']]],
  ['最近三十天', [['最近三十天', '2026-10-28', '2026-11-26']]],
  ['近7天', [['近7天', '2026-11-20', '2026-11-26']]],
  ['过去三个月', [['过去三个月', '2026-08-27', '2026-11-26']]],
  ['11月', [['11月', '2026-11-01', '2026-11-30']]],
  ['十二月份', [['十二月份', '2025-12-01', '2025-12-31']]],
  ['去年11月', [['去年11月', '2025-11-01', '2025-11-30']]],
  ['今年', [['今年', '2026-01-01', '2026-12-31']]],
  ['周一以来', [['周一以来', '2026-11-23', '2026-11-26']]],
  ['从上周开始', [['从上周开始', '2026-11-16', '2026-11-26']]],
  ['从11月1日到11月15日', [['从11月1日到11月15日', '2026-11-01', '2026-11-15']]],
  ['上周末', [['上周末', '2026-11-21', '2026-11-22']]],
  ['昨天', [['昨天', '2026-11-25', '2026-11-25']]],
  ['15号', [['15号', '2026-11-15', '2026-11-15']]],
];

describe('extractDateRanges', () => {
  it.each(EN_RANGES)('en: %s', (text, expected) => {
    expect(ranges(text, 'en')).toEqual(expected);
  });
  it.each(ZH_RANGES)('zh: %s', (text, expected) => {
    expect(ranges(text, 'zh')).toEqual(expected);
  });
  it.each([
    ['en', 'send three hundred dollars to bob'],
    ['en', 'what is my balance'],
    ['zh', '给张三转三千五'],
    ['zh', '查余额'],
  ] as const)('%s, no period: %s', (lang, text) => {
    expect(ranges(text, lang)).toEqual([]);
  });
  it('drops "since" a day still to come', () => {
    expect(ranges('since tomorrow', 'en')).toEqual([]);
  });
});
