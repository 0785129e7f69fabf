import { describe, expect, it } from 'vitest';
import { extractDigits, spokenDigits } from '../../../src/nlu/entities/digits.ts';
import type { Lang } from '../../../src/shared/index.ts';

function digits(text: string, lang: Lang): [string, string][] {
  return extractDigits(text, lang).map((m) => {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    return [m.text, m.value];
  });
}

describe('extractDigits', () => {
  it.each([
    ['two four six eight', [['two four six eight', '2468']]],
    ['2 4 6 8', [['2 4 6 8', '2468']]],
    ['2468', [['2468', '2468']]],
    ['one two three four', [['one two three four', '1234']]],
    ['ending in oh one two three', [['oh one two three', '0123']]],
    ['zero zero seven', [['zero zero seven', '007']]],
    ['double five', [['double five', '55']]],
    ['triple seven', [['triple seven', '777']]],
    ['double oh seven', [['double oh seven', '007']]],
    ['twenty four sixty eight', [['twenty four sixty eight', '2468']]],
    ['card ending in one two three four please', [['one two three four', '1234']]],
    ['my pin is two four six eight', [['two four six eight', '2468']]],
    ['1234-5678', [['1234-5678', '12345678']]],
    [
      'from 1234 to 5678',
      [
        ['1234', '1234'],
        ['5678', '5678'],
      ],
    ],
  ] as const)('en: %s', (text, expected) => {
    expect(digits(text, 'en')).toEqual(expected);
  });

  it.each([
    'send twenty four dollars',
    'oh ok',
    'five dollars',
    'transfer 1,200',
    'pay 2.5k',
    'what is my balance',
  ])('en, none: %s', (text) => {
    expect(digits(text, 'en')).toEqual([]);
  });

  it.each([
    ['二四六八', [['二四六八', '2468']]],
    ['两四六八', [['两四六八', '2468']]],
    ['幺三八', [['幺三八', '138']]],
    ['一二三四', [['一二三四', '1234']]],
    ['2468', [['2468', '2468']]],
    ['尾号1234', [['1234', '1234']]],
    ['密码是 二 四 六 八', [['二 四 六 八', '2468']]],
    ['零一二三', [['零一二三', '0123']]],
    ['２４６８', [['２４６８', '2468']]],
  ] as const)('zh: %s', (text, expected) => {
    expect(digits(text, 'zh')).toEqual(expected);
  });

  it.each(['三千五', '两百', '三五天', '转1,200', '一万二三', '三点五', '查余额'])('zh, none: %s', (text) => {
    expect(digits(text, 'zh')).toEqual([]);
  });
});

describe('spokenDigits', () => {
  it.each([
    ['two four six eight', '2468'],
    ['um my pin is 2468', '2468'],
    ['twenty four sixty eight', '2468'],
    ['my last four are one two three four', '1234'],
    ['five', '5'],
    ['uh double five triple seven', '55777'],
    ['2 4 6 8', '2468'],
    ['oh one two three', '0123'],
  ] as const)('en: %s → %s', (text, value) => {
    expect(spokenDigits(text, 'en')).toBe(value);
  });
  it.each([
    ['密码是二四六八', '2468'],
    ['幺三八', '138'],
    ['嗯 2468', '2468'],
    ['我的密码是 一 二 三 四', '1234'],
    ['２４６８', '2468'],
  ] as const)('zh: %s → %s', (text, value) => {
    expect(spokenDigits(text, 'zh')).toBe(value);
  });
  it.each([
    ['send money to bob', 'en'],
    ['cancel', 'en'],
    ['um', 'en'],
    ['two four six eight please cancel', 'en'],
    ['1,200', 'en'],
    ['我要转账', 'zh'],
    ['取消', 'zh'],
    ['三千五', 'zh'],
  ] as const)('not a digit answer: %s', (text, lang) => {
    expect(spokenDigits(text, lang)).toBeUndefined();
  });
});
