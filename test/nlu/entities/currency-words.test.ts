import { describe, expect, it } from 'vitest';
import {
  currencyOfWord,
  extractCurrencies,
  findCurrencyWords,
} from '../../../src/nlu/entities/currency-words.ts';

function found(text: string): [string, string][] {
  return findCurrencyWords(text).map((m) => {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    return [m.text, m.currency];
  });
}

describe('findCurrencyWords', () => {
  it.each([
    ['send $300', [['$', 'USD']]],
    ['five hundred dollars', [['dollars', 'USD']]],
    ['a hundred bucks', [['bucks', 'USD']]],
    ['usd 300', [['usd', 'USD']]],
    ['300 US Dollars', [['US Dollars', 'USD']]],
    ['五百美元', [['美元', 'USD']]],
    ['五百美金', [['美金', 'USD']]],
    ['两百刀', [['刀', 'USD']]],
    ['¥500', [['¥', 'CNY']]],
    ['￥500', [['￥', 'CNY']]],
    ['200 yuan', [['yuan', 'CNY']]],
    ['200 rmb', [['rmb', 'CNY']]],
    ['200 renminbi', [['renminbi', 'CNY']]],
    ['50 kuai', [['kuai', 'CNY']]],
    ['一百元', [['元', 'CNY']]],
    ['两百块钱', [['块钱', 'CNY']]],
    ['人民币五百', [['人民币', 'CNY']]],
    ['€20', [['€', 'EUR']]],
    ['20 euros', [['euros', 'EUR']]],
    ['二十欧元', [['欧元', 'EUR']]],
    ['£5', [['£', 'GBP']]],
    ['five quid', [['quid', 'GBP']]],
    ['10 pounds', [['pounds', 'GBP']]],
    ['十英镑', [['英镑', 'GBP']]],
    ['5000 yen', [['yen', 'JPY']]],
    ['五千日元', [['日元', 'JPY']]],
    ['300 hong kong dollars', [['hong kong dollars', 'HKD']]],
    ['三百港币', [['港币', 'HKD']]],
    ['三百港元', [['港元', 'HKD']]],
    ['10000 won', [['won', 'KRW']]],
    ['一万韩元', [['韩元', 'KRW']]],
    ['100 canadian dollars', [['canadian dollars', 'CAD']]],
    ['一百澳元', [['澳元', 'AUD']]],
    [
      '美元兑人民币',
      [
        ['美元', 'USD'],
        ['人民币', 'CNY'],
      ],
    ],
  ] as const)('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each(['i wonder', 'rubber duck', 'send it to bob', 'dollarama', 'pay my bill'])(
    'none in: %s',
    (text) => {
      expect(found(text)).toEqual([]);
    },
  );
});

describe('extractCurrencies', () => {
  it('keeps only words that name a currency on their own', () => {
    expect(extractCurrencies('dollar to yuan rate').map((m) => m.currency)).toEqual(['USD', 'CNY']);
    expect(extractCurrencies('i won a prize')).toEqual([]);
    expect(extractCurrencies('单元楼')).toEqual([]);
    expect(extractCurrencies('press pound')).toEqual([]);
  });
});

describe('currencyOfWord', () => {
  it.each([
    ['Dollars', 'USD'],
    ['块', 'CNY'],
    ['hong  kong dollar', 'HKD'],
    ['¥', 'CNY'],
    ['ＵＳＤ', 'USD'],
  ])('%s → %s', (word, code) => {
    expect(currencyOfWord(word)).toBe(code);
  });
  it('is undefined for other words', () => {
    expect(currencyOfWord('bob')).toBeUndefined();
  });
});
