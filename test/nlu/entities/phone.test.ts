import { describe, expect, it } from 'vitest';
import { extractPhones } from '../../../src/nlu/entities/phone.ts';
import type { Lang } from '../../../src/shared/index.ts';

function phones(text: string, lang: Lang): [string, string][] {
  return extractPhones(text, lang).map((m) => {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    return [m.text, m.value];
  });
}

describe('extractPhones', () => {
  it.each([
    ['call five five five oh one two three', [['five five five oh one two three', '5550123']]],
    ['555-0123', [['555-0123', '5550123']]],
    ['+1 555 0100', [['+1 555 0100', '+15550100']]],
    [
      'plus one five five five zero one zero zero',
      [['plus one five five five zero one zero zero', '+15550100']],
    ],
    ['(555) 010-0123', [['(555) 010-0123', '5550100123']]],
    ['my number is 5550123', [['5550123', '5550123']]],
    ['top up 4155550123 with 20 dollars', [['4155550123', '4155550123']]],
    [
      'add payee with phone double five five oh one two three',
      [['double five five oh one two three', '5550123']],
    ],
  ] as const)('en: %s', (text, expected) => {
    expect(phones(text, 'en')).toEqual(expected);
  });

  it.each([
    'send 1000000 dollars',
    'transfer 1000000',
    'send 300 to bob',
    'my pin is 2468',
    'card ending in one two three four',
    'transfer 1,200,000',
    'what is my balance',
  ])('en, none: %s', (text) => {
    expect(phones(text, 'en')).toEqual([]);
  });

  it.each([
    ['13812345678', [['13812345678', '13812345678']]],
    ['幺三八一二三四五六七八', [['幺三八一二三四五六七八', '13812345678']]],
    ['139 1234 5678', [['139 1234 5678', '13912345678']]],
    ['+86 138 1234 5678', [['+86 138 1234 5678', '+8613812345678']]],
    ['给13812345678充100块', [['13812345678', '13812345678']]],
    ['打95588', [['95588', '95588']]],
    ['010-12345678', [['010-12345678', '01012345678']]],
    ['手机号是１３８１２３４５６７８', [['１３８１２３４５６７８', '13812345678']]],
  ] as const)('zh: %s', (text, expected) => {
    expect(phones(text, 'zh')).toEqual(expected);
  });

  it.each(['转账5000000', '给张三转三千五', '密码是二四六八', '尾号1234', '转1,200,000'])(
    'zh, none: %s',
    (text) => {
      expect(phones(text, 'zh')).toEqual([]);
    },
  );
});
