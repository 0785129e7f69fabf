import { describe, expect, it } from 'vitest';
import { extractNumbersEn } from '../../../src/nlu/entities/numbers-en.ts';

function numbers(text: string): [string, string, string][] {
  return extractNumbersEn(text).map((m) => {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    return [m.text, m.value, m.kind];
  });
}

const CASES: readonly (readonly [string, [string, string, string][]])[] = [
  ['two hundred and fifty', [['two hundred and fifty', '250', 'cardinal']]],
  ['a hundred', [['a hundred', '100', 'cardinal']]],
  ['fifteen hundred', [['fifteen hundred', '1500', 'cardinal']]],
  ['twelve hundred fifty', [['twelve hundred fifty', '1250', 'cardinal']]],
  ['twenty five hundred', [['twenty five hundred', '2500', 'cardinal']]],
  ['one point five', [['one point five', '1.5', 'cardinal']]],
  ['three point one four', [['three point one four', '3.14', 'cardinal']]],
  ['one point twenty five', [['one point twenty five', '1.25', 'cardinal']]],
  ['point five', [['point five', '0.5', 'cardinal']]],
  ['two thousand three hundred and four', [['two thousand three hundred and four', '2304', 'cardinal']]],
  ['one thousand and five', [['one thousand and five', '1005', 'cardinal']]],
  ['one million two hundred thousand', [['one million two hundred thousand', '1200000', 'cardinal']]],
  ['three k', [['three k', '3000', 'cardinal']]],
  ['2.5k', [['2.5k', '2500', 'cardinal']]],
  ['1,200', [['1,200', '1200', 'cardinal']]],
  ['1,200.50', [['1,200.50', '1200.5', 'cardinal']]],
  ['1.2 million', [['1.2 million', '1200000', 'cardinal']]],
  ['3 thousand 500', [['3 thousand 500', '3500', 'cardinal']]],
  ['five hundred', [['five hundred', '500', 'cardinal']]],
  ['5 hundred', [['5 hundred', '500', 'cardinal']]],
  ['two grand', [['two grand', '2000', 'cardinal']]],
  ['a thousand', [['a thousand', '1000', 'cardinal']]],
  ['two and a half million', [['two and a half million', '2500000', 'cardinal']]],
  ['two fifty', [['two fifty', '250', 'cardinal']]],
  ['five twenty five', [['five twenty five', '525', 'cardinal']]],
  ['twelve fifty', [['twelve fifty', '1250', 'cardinal']]],
  ['five oh five', [['five oh five', '505', 'cardinal']]],
  ['one hundred twelve forty', [['one hundred twelve forty', '112.4', 'cardinal']]],
  ['a hundred and twelve oh five', [['a hundred and twelve oh five', '112.05', 'cardinal']]],
  ['twelve hundred fifty twenty', [['twelve hundred fifty twenty', '1250.2', 'cardinal']]],
  ['nineteen ninety nine', [['nineteen ninety nine', '1999', 'cardinal']]],
  ['twenty-five', [['twenty-five', '25', 'cardinal']]],
  ['zero', [['zero', '0', 'cardinal']]],
  ['one two three four', [['one two three four', '1234', 'digits']]],
  ['five five five oh one two three', [['five five five oh one two three', '5550123', 'digits']]],
  ['0123', [['0123', '0123', 'digits']]],
  ['the fifteenth', [['fifteenth', '15', 'ordinal']]],
  ['twenty first', [['twenty first', '21', 'ordinal']]],
  ['the 3rd', [['3rd', '3', 'ordinal']]],
  [
    'send 300 to bob and 200 to alice',
    [
      ['300', '300', 'cardinal'],
      ['200', '200', 'cardinal'],
    ],
  ],
  ['Two Hundred', [['Two Hundred', '200', 'cardinal']]],
];

const NONE: readonly string[] = [
  'a couple hundred',
  'hundreds of dollars',
  'oh i see',
  'at 3pm',
  'at 3:30',
  'send money to bob',
  'a few thousand',
  'what is my balance',
];

describe('extractNumbersEn', () => {
  it.each(CASES)('%s', (text, expected) => {
    expect(numbers(text)).toEqual(expected);
  });
  it.each(NONE)('no number: %s', (text) => {
    expect(numbers(text)).toEqual([]);
  });
  it('is exact for huge values', () => {
    expect(numbers('9,007,199,254,740,993.01')).toEqual([
      ['9,007,199,254,740,993.01', '9007199254740993.01', 'cardinal'],
    ]);
  });
});
