import { describe, expect, it } from 'vitest';
import type { Lang } from '../../../src/shared/index.ts';
import type { BillerCategory, BillerRef } from '../../../src/nlu/entities/biller-match.ts';
import {
  billerByName,
  buildBillerIndex,
  extractBillerCategory,
  matchBillers,
  resolveBiller,
} from '../../../src/nlu/entities/biller-match.ts';

const BILLERS: readonly BillerRef[] = [
  { id: 'power', name: 'City Power', category: 'electricity' },
  { id: 'water', name: 'City Water' },
  { id: 'gas', name: '上海燃气', category: 'gas' },
  { id: 'cmcc', name: '中国移动' },
  { id: 'broadband', name: 'FastNet Broadband' },
  { id: 'uni', name: 'State University', category: 'tuition' },
  { id: 'pm', name: '绿城物业' },
  { id: 'si', name: '上海社保', category: 'social-insurance' },
  { id: 'tax', name: 'Tax Bureau', category: 'tax' },
];

interface Case {
  readonly text: string;
  readonly lang: Lang;
  readonly want: string | readonly string[] | undefined;
  readonly span?: string;
}

const CASES: readonly Case[] = [
  { text: 'pay city power', lang: 'en', want: 'power', span: 'city power' },
  { text: 'pay two hundred to city power from checking', lang: 'en', want: 'power', span: 'city power' },
  { text: 'pay the electricity', lang: 'en', want: 'power', span: 'electricity' },
  { text: 'pay my power bill', lang: 'en', want: 'power', span: 'power bill' },
  { text: 'pay the light bill', lang: 'en', want: 'power', span: 'light bill' },
  { text: 'pay the water bill', lang: 'en', want: 'water', span: 'water bill' },
  { text: 'pay the gas', lang: 'en', want: 'gas', span: 'gas' },
  { text: 'pay my internet bill', lang: 'en', want: 'broadband', span: 'internet bill' },
  { text: 'pay fastnet', lang: 'en', want: 'broadband', span: 'fastnet' },
  { text: 'pay my phone bill', lang: 'en', want: 'cmcc', span: 'phone bill' },
  { text: 'pay tuition', lang: 'en', want: 'uni', span: 'tuition' },
  { text: 'pay my property fees', lang: 'en', want: 'pm', span: 'property fees' },
  { text: 'pay social insurance', lang: 'en', want: 'si', span: 'social insurance' },
  { text: 'pay my taxes', lang: 'en', want: 'tax', span: 'taxes' },
  // "city" is in two billers' names: ask which.
  { text: 'pay the city', lang: 'en', want: ['power', 'water'], span: 'city' },
  { text: "what's my balance", lang: 'en', want: undefined },
  { text: '交电费', lang: 'zh', want: 'power', span: '交电费' },
  { text: '交一下水费', lang: 'zh', want: 'water', span: '水费' },
  { text: '交燃气费', lang: 'zh', want: 'gas' },
  { text: '煤气费交一下', lang: 'zh', want: 'gas', span: '煤气费' },
  { text: '缴宽带费', lang: 'zh', want: 'broadband', span: '宽带费' },
  { text: '交话费', lang: 'zh', want: 'cmcc', span: '话费' },
  { text: '交一下移动的话费', lang: 'zh', want: 'cmcc' },
  { text: '交学费', lang: 'zh', want: 'uni', span: '学费' },
  { text: '交物业费', lang: 'zh', want: 'pm', span: '物业费' },
  { text: '交社保', lang: 'zh', want: 'si', span: '社保' },
  { text: '交税', lang: 'zh', want: 'tax', span: '交税' },
  { text: '我的余额是多少', lang: 'zh', want: undefined },
];

describe('resolveBiller', () => {
  const index = buildBillerIndex(BILLERS);

  it.each(CASES)('$lang "$text"', ({ text, lang, want, span }) => {
    const result = resolveBiller(text, index, lang);
    if (want === undefined) expect(result).toEqual({ kind: 'none' });
    else if (typeof want === 'string') expect(result).toMatchObject({ kind: 'one', id: want });
    else {
      expect(result.kind).toBe('ambiguous');
      if (result.kind === 'ambiguous') expect([...result.ids].sort()).toEqual([...want].sort());
    }
    if (result.kind !== 'none') {
      expect(text.slice(result.span.start, result.span.end)).toBe(result.span.text);
      if (span !== undefined) expect(result.span.text).toBe(span);
    }
    for (const c of matchBillers(text, index, lang)) expect(text.slice(c.start, c.end)).toBe(c.text);
  });

  it('is ambiguous when two billers share the category named', () => {
    const billers: BillerRef[] = [
      { id: 'sgcc', name: '国家电网' },
      { id: 'power', name: 'City Power' },
    ];
    const result = resolveBiller('电费', billers, 'zh');
    expect(result.kind).toBe('ambiguous');
    expect(resolveBiller('国家电网的电费', billers, 'zh')).toMatchObject({ kind: 'one', id: 'sgcc' });
  });

  it('finds no biller for a category the customer has none of', () => {
    expect(resolveBiller('pay the heating bill', BILLERS, 'en')).toEqual({ kind: 'none' });
  });

  it('resolves "my bill" only when there is one biller', () => {
    expect(resolveBiller('pay my bill', BILLERS.slice(0, 1), 'en')).toMatchObject({
      kind: 'one',
      id: 'power',
    });
    expect(resolveBiller('pay my bill', BILLERS, 'en').kind).toBe('ambiguous');
  });
});

describe('extractBillerCategory', () => {
  it.each<[string, BillerCategory | undefined]>([
    ['pay the light bill', 'electricity'],
    ['电费', 'electricity'],
    ['water', 'water'],
    ['燃气', 'gas'],
    ['broadband', 'internet'],
    ['话费', 'phone'],
    ['学费', 'tuition'],
    ['物业', 'property'],
    ['社保', 'social-insurance'],
    ['个人所得税', 'tax'],
    ['property tax', 'tax'],
    ['transfer money', undefined],
  ])('"%s" → %s', (text, want) => {
    expect(extractBillerCategory(text)).toBe(want);
  });
});

describe('hostile input', () => {
  const HOSTILE = ['', 'bill '.repeat(2_000), '电'.repeat(10_000), '🔌💡 power 💡', '$^.*+?()[]{}|\\'];
  it.each(HOSTILE.map((text) => ({ text, label: text.slice(0, 20) })))(
    '"$label" is handled without throwing, offsets intact',
    ({ text }) => {
      for (const lang of ['en', 'zh'] as const) {
        for (const c of matchBillers(text, BILLERS, lang)) expect(text.slice(c.start, c.end)).toBe(c.text);
      }
    },
  );
});

describe('billerByName', () => {
  it('finds a biller called by its own name, with the words for its kind of bill', () => {
    expect(billerByName('pay city power ninety dollars', BILLERS, 'en')).toEqual({
      span: { start: 4, end: 14, text: 'city power' },
      categoryWords: 'electric bill',
    });
    expect(billerByName('pay state university two thousand', BILLERS, 'en')?.categoryWords).toBe('tuition');
    expect(billerByName('交绿城物业三百', BILLERS, 'zh')).toMatchObject({
      span: { text: '绿城物业' },
      categoryWords: '物业费',
    });
  });

  it('leaves utterances that already say the kind of bill, or name no single biller', () => {
    expect(billerByName('pay my electricity bill', BILLERS, 'en')).toBeUndefined();
    expect(billerByName('帮我把这个月的个税交了', BILLERS, 'zh')).toBeUndefined();
    expect(billerByName('pay the city bill', BILLERS, 'en')).toBeUndefined();
    expect(billerByName('send fifty dollars to bob', BILLERS, 'en')).toBeUndefined();
  });
});
