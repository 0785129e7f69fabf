import { describe, expect, it } from 'vitest';
import { extractNumbersZh, parseZhInteger } from '../../../src/nlu/entities/numbers-zh.ts';

function numbers(text: string): [string, string, string, string?][] {
  return extractNumbersZh(text).map((m) => {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    return m.currency ? [m.text, m.value, m.kind, m.currency] : [m.text, m.value, m.kind];
  });
}

const CASES: readonly (readonly [string, [string, string, string, string?][]])[] = [
  ['三千五', [['三千五', '3500', 'cardinal']]],
  ['两百', [['两百', '200', 'cardinal']]],
  ['两百五', [['两百五', '250', 'cardinal']]],
  ['一万二', [['一万二', '12000', 'cardinal']]],
  ['一万二千', [['一万二千', '12000', 'cardinal']]],
  ['1万2', [['1万2', '12000', 'cardinal']]],
  ['1万2500', [['1万2500', '12500', 'cardinal']]],
  ['一千零五十', [['一千零五十', '1050', 'cardinal']]],
  ['一千零五', [['一千零五', '1005', 'cardinal']]],
  ['十五', [['十五', '15', 'cardinal']]],
  ['二十', [['二十', '20', 'cardinal']]],
  ['三点五', [['三点五', '3.5', 'cardinal']]],
  ['三点五万', [['三点五万', '35000', 'cardinal']]],
  ['零点五', [['零点五', '0.5', 'cardinal']]],
  ['5千', [['5千', '5000', 'cardinal']]],
  ['3.5万', [['3.5万', '35000', 'cardinal']]],
  ['两万', [['两万', '20000', 'cardinal']]],
  ['一百万', [['一百万', '1000000', 'cardinal']]],
  ['三千五百万', [['三千五百万', '35000000', 'cardinal']]],
  ['一亿五', [['一亿五', '150000000', 'cardinal']]],
  ['二十万零五百', [['二十万零五百', '200500', 'cardinal']]],
  ['壹仟贰佰', [['壹仟贰佰', '1200', 'cardinal']]],
  ['零', [['零', '0', 'cardinal']]],
  ['〇', [['〇', '0', 'cardinal']]],
  ['５００', [['５００', '500', 'cardinal']]],
  ['三块五', [['三块五', '3.5', 'cardinal', 'CNY']]],
  ['三块五毛', [['三块五毛', '3.5', 'cardinal', 'CNY']]],
  ['三块五毛二', [['三块五毛二', '3.52', 'cardinal', 'CNY']]],
  ['十块零五分', [['十块零五分', '10.05', 'cardinal', 'CNY']]],
  ['两块半', [['两块半', '2.5', 'cardinal', 'CNY']]],
  ['五毛钱', [['五毛钱', '0.5', 'cardinal', 'CNY']]],
  ['三毛五', [['三毛五', '0.35', 'cardinal', 'CNY']]],
  ['五块零五', [['五块零五', '5.05', 'cardinal', 'CNY']]],
  ['三块五毛二分', [['三块五毛二分', '3.52', 'cardinal', 'CNY']]],
  ['五分钱', [['五分钱', '0.05', 'cardinal', 'CNY']]],
  ['幺三八', [['幺三八', '138', 'digits']]],
  ['二四六八', [['二四六八', '2468', 'digits']]],
  ['一零八', [['一零八', '108', 'digits']]],
  ['第一', [['一', '1', 'ordinal']]],
  [
    '给张三转三千五',
    [
      ['三', '3', 'cardinal'],
      ['三千五', '3500', 'cardinal'],
    ],
  ],
  [
    '一百块五号还',
    [
      ['一百', '100', 'cardinal'],
      ['五', '5', 'cardinal'],
    ],
  ],
];

const NONE: readonly string[] = ['三百多', '七八百', '十几', '零钱', '几百块', '查余额'];

describe('extractNumbersZh', () => {
  it.each(CASES)('%s', (text, expected) => {
    expect(numbers(text)).toEqual(expected);
  });
  it.each(NONE)('no number: %s', (text) => {
    expect(numbers(text)).toEqual([]);
  });
  it('reads 三点 before a time as a plain number, not a decimal', () => {
    expect(numbers('三点十五分')).toEqual([
      ['三', '3', 'cardinal'],
      ['十五', '15', 'cardinal'],
    ]);
    expect(numbers('三点半')).toEqual([['三', '3', 'cardinal']]);
  });
});

describe('parseZhInteger', () => {
  it.each([
    ['十五', 15],
    ['三十一', 31],
    ['二〇二六', 2026],
    ['31', 31],
    ['两', 2],
  ] as const)('%s → %d', (text, n) => {
    expect(parseZhInteger(text)).toBe(n);
  });
  it.each(['三百多', '十五号', '', '三块五'])('not a whole number: %s', (text) => {
    expect(parseZhInteger(text)).toBeUndefined();
  });
});
