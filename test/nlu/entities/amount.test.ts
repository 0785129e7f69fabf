import { describe, expect, it } from 'vitest';
import { extractAmounts, meantAmount } from '../../../src/nlu/entities/amount.ts';
import type { Lang } from '../../../src/shared/index.ts';

/** [utterance, [text, value, currency?][]] */
type Case = readonly [string, readonly (readonly [string, string, string?])[]];

function amounts(text: string, lang: Lang): (readonly [string, string, string?])[] {
  return extractAmounts(text, lang).map((m) => {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    return m.currency === undefined ? ([m.text, m.value] as const) : ([m.text, m.value, m.currency] as const);
  });
}

const EN: readonly Case[] = [
  ['send three hundred dollars to bob on the fifteenth', [['three hundred dollars', '300.00', 'USD']]],
  ['pay two fifty to mom', [['two fifty', '250.00']]],
  ['transfer 1,200.50', [['1,200.50', '1200.50']]],
  ['two hundred and fifty', [['two hundred and fifty', '250.00']]],
  ['move 2.5k to savings', [['2.5k', '2500.00']]],
  ['send $1,200 to bob', [['$1,200', '1200.00', 'USD']]],
  ['give him a hundred bucks', [['a hundred bucks', '100.00', 'USD']]],
  ['500 dollars to alice', [['500 dollars', '500.00', 'USD']]],
  ['usd 300 please', [['usd 300', '300.00', 'USD']]],
  ['pay a hundred and fifty bucks', [['a hundred and fifty bucks', '150.00', 'USD']]],
  ['send five dollars and twenty cents', [['five dollars and twenty cents', '5.20', 'USD']]],
  // Cents said with their unit count however many: not 500 with the 999 dropped.
  ['send 500 dollars and 999 cents', [['500 dollars and 999 cents', '509.99', 'USD']]],
  // A decimal point first: fifty cents, not fifty dollars.
  ['send bob li $.50', [['$.50', '0.50', 'USD']]],
  ['send bob .50', [['.50', '0.50']]],
  ['ten dollars fifty to bob', [['ten dollars fifty', '10.50', 'USD']]],
  ['it costs fifty cents', [['fifty cents', '0.50', 'USD']]],
  ['send fifteen hundred', [['fifteen hundred', '1500.00']]],
  ['twelve hundred fifty to the landlord', [['twelve hundred fifty', '1250.00']]],
  ['pay five twenty five', [['five twenty five', '525.00']]],
  ['one point five million dollars', [['one point five million dollars', '1500000.00', 'USD']]],
  ['2304 exactly', [['2304', '2304.00']]],
  ['two thousand three hundred and four', [['two thousand three hundred and four', '2304.00']]],
  ['three k to savings', [['three k', '3000.00']]],
  ['1.2 million', [['1.2 million', '1200000.00']]],
  ['two grand', [['two grand', '2000.00']]],
  ['pay 5000 yen', [['5000 yen', '5000', 'JPY']]],
  ['send 300 euros to anna', [['300 euros', '300.00', 'EUR']]],
  ['£20 to mum', [['£20', '20.00', 'GBP']]],
  ['twenty quid', [['twenty quid', '20.00', 'GBP']]],
  ['300 hong kong dollars', [['300 hong kong dollars', '300.00', 'HKD']]],
  ['HK$300', [['HK$300', '300.00', 'HKD']]],
  ['¥500 to my mother', [['¥500', '500.00', 'CNY']]],
  ['send 200 rmb', [['200 rmb', '200.00', 'CNY']]],
  ['exchange 100 usd to yuan', [['100 usd', '100.00', 'USD']]],
  ['no make it two hundred and fifty', [['two hundred and fifty', '250.00']]],
  ['send one dollar', [['one dollar', '1.00', 'USD']]],
  ['pay 500 to my visa ending in 9876', [['500', '500.00']]],
  ['top up my phone with 50', [['50', '50.00']]],
  ['send 20 dollars 2 days from now', [['20 dollars', '20.00', 'USD']]],
  ['send 300 on december 3', [['300', '300.00']]],
  ['transfer 15 dollars on the 15th', [['15 dollars', '15.00', 'USD']]],
  ['i spent 6.40 at starbucks', [['6.40', '6.40']]],
  ['two and a half thousand', [['two and a half thousand', '2500.00']]],
  ['pay 1.005 dollars', [['1.005 dollars', '1.005', 'USD']]],
  ['Send Three Hundred Dollars', [['Three Hundred Dollars', '300.00', 'USD']]],
  ['send ＄３００', [['＄３００', '300.00', 'USD']]],
  [
    'pay 100 dollars and then 200 euros',
    [
      ['100 dollars', '100.00', 'USD'],
      ['200 euros', '200.00', 'EUR'],
    ],
  ],
];

const EN_NONE: readonly string[] = [
  'what is my balance',
  // A sign is not dropped to read 500: no amount, and the dialog asks how much.
  'transfer minus 500 dollars to bob',
  'send negative 200 to bob',
  'transfer -$50 to bob',
  // Not a number anyone says (was 308), nor an error code (was 12).
  'transfer 1e308 dollars to bob',
  'the app shows error 0x12',
  'my pin is 2468',
  'card ending in 1234',
  'the account ending with 5678',
  'last four digits are one two three four',
  'show me the last 5 transactions',
  'in 3 days',
  'at 3 pm',
  'meet me at 3',
  'december 3',
  'december 3rd',
  'on the 15th',
  'pay my bill on the 15',
  'call 555-0123',
  'call me on +1 555 0100',
  'five five five oh one two three',
  'twenty percent',
  'the one from savings',
  'transactions in 2025',
  'option two',
  'the second account',
  'a couple hundred',
  'i want to check my card 1234',
  'freeze two cards',
  'my card number is 6222 0212 3456 7890',
];

const ZH: readonly Case[] = [
  ['给张三转三千五', [['三千五', '3500.00']]],
  ['还信用卡两千块', [['两千块', '2000.00', 'CNY']]],
  ['明天给妈妈转500', [['500', '500.00']]],
  ['两百块', [['两百块', '200.00', 'CNY']]],
  ['转1万2', [['1万2', '12000.00']]],
  ['一千零五十元', [['一千零五十元', '1050.00', 'CNY']]],
  ['五百美元', [['五百美元', '500.00', 'USD']]],
  ['100块钱', [['100块钱', '100.00', 'CNY']]],
  ['转账5000元到尾号1234的账户', [['5000元', '5000.00', 'CNY']]],
  ['三块五', [['三块五', '3.50', 'CNY']]],
  ['三块五毛', [['三块五毛', '3.50', 'CNY']]],
  ['十块零五分', [['十块零五分', '10.05', 'CNY']]],
  ['二十块零五毛', [['二十块零五毛', '20.50', 'CNY']]],
  ['五百块美金', [['五百块美金', '500.00', 'USD']]],
  ['一百块港币', [['一百块港币', '100.00', 'HKD']]],
  ['俩百', [['俩百', '200.00']]],
  ['转仨百块', [['仨百块', '300.00', 'CNY']]],
  ['兩千', [['兩千', '2000.00']]],
  ['一万亿', [['一万亿', '1000000000000.00']]],
  ['一万一万', [['一万一万', '10000.00']]],
  ['五百五百块', [['五百五百块', '500.00', 'CNY']]],
  ['五百五', [['五百五', '550.00']]],
  ['人民币五百元', [['人民币五百元', '500.00', 'CNY']]],
  ['¥500', [['¥500', '500.00', 'CNY']]],
  ['转５００元', [['５００元', '500.00', 'CNY']]],
  ['两百刀', [['两百刀', '200.00', 'USD']]],
  ['给李四转一万', [['一万', '10000.00']]],
  ['五毛钱', [['五毛钱', '0.50', 'CNY']]],
  ['三千五百万日元', [['三千五百万日元', '35000000', 'JPY']]],
  ['一百块五号还', [['一百块', '100.00', 'CNY']]],
  ['转一百二十块五', [['一百二十块五', '120.50', 'CNY']]],
  ['给13812345678充100块', [['100块', '100.00', 'CNY']]],
  ['三点五万', [['三点五万', '35000.00']]],
  ['还款两万五', [['两万五', '25000.00']]],
  ['五百欧元', [['五百欧元', '500.00', 'EUR']]],
];

const ZH_NONE: readonly string[] = [
  '我要查一下上个月的账单',
  '给张三转负五百块',
  '给张三转负的五百',
  '负数五百',
  '给张三转−500',
  '对，减一百',
  '对，再加两百',
  '十五号',
  '12月3日',
  '下午三点',
  '密码是二四六八',
  '三个月',
  '最近五笔交易',
  '百分之五',
  '手机号13812345678',
  '第一笔',
  '尾号1234',
  '一起去吧',
  '转给张三',
  '三百多块',
  '七八百',
  '零钱',
  '两张卡',
  '2026年',
];

describe('extractAmounts', () => {
  it.each(EN)('en: %s', (text, expected) => {
    expect(amounts(text, 'en')).toEqual(expected);
  });
  it.each(EN_NONE)('en, no amount: %s', (text) => {
    expect(amounts(text, 'en')).toEqual([]);
  });
  it.each(ZH)('zh: %s', (text, expected) => {
    expect(amounts(text, 'zh')).toEqual(expected);
  });
  it.each(ZH_NONE)('zh, no amount: %s', (text) => {
    expect(amounts(text, 'zh')).toEqual([]);
  });

  it('builds values from digits, not floats', () => {
    expect(extractAmounts('0.1 k and 0.2 k', 'en').map((m) => m.value)).toEqual(['100.00', '200.00']);
    expect(extractAmounts('9007199254740993 dollars', 'en')[0]?.value).toBe('9007199254740993.00');
  });
});

describe('approximate amounts', () => {
  it.each([
    ['大概一千', 'zh'],
    ['一千左右', 'zh'],
    ['三百还是五百', 'zh'],
    ['一千二三百', 'zh'],
    ['about 50 dollars', 'en'],
    ['fifty or so', 'en'],
    ['300 or 500', 'en'],
  ] as const)('%s is approximate', (text, lang) => {
    const found = extractAmounts(text, lang);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((a) => a.approximate)).toBe(true);
  });

  it.each([
    ['预约五千日元现钞', 'zh'],
    ['五百五', 'zh'],
    ['how about 500', 'en'],
    ['send 50 dollars to bob', 'en'],
  ] as const)('%s is exact', (text, lang) => {
    expect(extractAmounts(text, lang).map((a) => a.approximate)).toEqual([undefined]);
  });
});

describe('meantAmount: an amount taken back on the spot', () => {
  it.each([
    ['fifty no sorry sixty dollars', 'en', '60.00'],
    ['fifty dollars wait i mean sixty', 'en', '60.00'],
    ['fifty or rather sixty', 'en', '60.00'],
    ['send 100 actually make it 120', 'en', '120.00'],
    ['not forty but fifty', 'en', '50.00'],
    ['sixty not fifty', 'en', '60.00'],
    ['sixty instead of fifty', 'en', '60.00'],
    ['fifty to bob and sixty to maria', 'en', '50.00'],
    ['一百 不对 两百', 'zh', '200.00'],
    ['三百，哦不，四百', 'zh', '400.00'],
    ['不是一百，是两百', 'zh', '200.00'],
    ['五十块，不是六十块', 'zh', '50.00'],
    ['五千，不，五百', 'zh', '500.00'],
    ['五千 呃 不 五百', 'zh', '500.00'],
    ['一百…不…两百', 'zh', '200.00'],
  ] as const)('%s → %s', (text, lang, value) => {
    expect(meantAmount(text, extractAmounts(text, lang))?.value).toBe(value);
  });
});
