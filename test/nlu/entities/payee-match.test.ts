import { describe, expect, it } from 'vitest';
import type { Lang } from '../../../src/shared/index.ts';
import type { PayeeRef } from '../../../src/nlu/entities/payee-match.ts';
import {
  MATCH_THRESHOLD,
  buildPayeeIndex,
  matchPayees,
  resolvePayee,
} from '../../../src/nlu/entities/payee-match.ts';

const PAYEES: readonly PayeeRef[] = [
  { id: 'bob', name: 'Bob Li' },
  { id: 'bobc', name: 'Bob Chen' },
  { id: 'rob', name: 'Rob Stone' },
  { id: 'zhangsan', name: '张三' },
  { id: 'xiaoming', name: '王小明' },
  { id: 'liuyang', name: '刘洋' },
  { id: 'linping', name: '林平' },
  { id: 'chenjing', name: '陈静' },
  { id: 'liwei', name: 'Li Wei' },
  { id: 'mom', name: 'Mom', aliases: ['mother', '妈妈'] },
  { id: 'jose', name: 'José Álvarez' },
];

interface Case {
  readonly text: string;
  readonly lang: Lang;
  /** The payee the utterance resolves to, 'ambiguous' ids, or undefined for none. */
  readonly want: string | readonly string[] | undefined;
  /** The words the mention was read from. */
  readonly span?: string;
}

const CASES: readonly Case[] = [
  // English ASR: lowercase, no punctuation, names misheard.
  { text: 'send three hundred dollars to bob lee tomorrow', lang: 'en', want: 'bob', span: 'bob lee' },
  { text: 'transfer fifty to bob chen', lang: 'en', want: 'bobc', span: 'bob chen' },
  { text: 'pay bob chan twenty dollars', lang: 'en', want: 'bobc', span: 'bob chan' },
  { text: 'send money to bob', lang: 'en', want: ['bob', 'bobc'], span: 'bob' },
  { text: 'send money to rob', lang: 'en', want: 'rob', span: 'rob' },
  { text: 'send a hundred to alice', lang: 'en', want: undefined },
  { text: "what's my balance", lang: 'en', want: undefined },
  { text: 'how much did i spend on groceries last month', lang: 'en', want: undefined },
  { text: 'transfer to my mother', lang: 'en', want: 'mom', span: 'mother' },
  { text: 'pay mom forty dollars', lang: 'en', want: 'mom', span: 'mom' },
  { text: 'send it to jose alvarez', lang: 'en', want: 'jose', span: 'jose alvarez' },
  // An English-speaking customer with Chinese payees: pinyin, as ASR spells it.
  { text: 'send two hundred to zhang san', lang: 'en', want: 'zhangsan', span: 'zhang san' },
  { text: 'send it to jang san', lang: 'en', want: 'zhangsan', span: 'jang san' },
  { text: 'pay wang xiaoming back', lang: 'en', want: 'xiaoming', span: 'wang xiaoming' },
  { text: 'send to xiaoming', lang: 'en', want: 'xiaoming', span: 'xiaoming' },
  { text: 'send it to li wei', lang: 'en', want: 'liwei', span: 'li wei' },
  // Mandarin ASR: homophones and the fuzzy pairs zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing.
  { text: '给章三转五百', lang: 'zh', want: 'zhangsan', span: '章三' },
  { text: '给张三转五百块', lang: 'zh', want: 'zhangsan', span: '张三' },
  { text: '转两百给张山', lang: 'zh', want: 'zhangsan', span: '张山' },
  { text: '给臧三转账', lang: 'zh', want: 'zhangsan', span: '臧三' },
  { text: '给牛洋转一千', lang: 'zh', want: 'liuyang', span: '牛洋' },
  { text: '给刘岩转一千', lang: 'zh', want: 'liuyang', span: '刘岩' },
  { text: '转给凌平三百', lang: 'zh', want: 'linping', span: '凌平' },
  { text: '给岑静转账', lang: 'zh', want: 'chenjing', span: '岑静' },
  { text: '给陈晶转账', lang: 'zh', want: 'chenjing', span: '陈晶' },
  { text: '给小明转两百', lang: 'zh', want: 'xiaoming', span: '小明' },
  { text: '给老王转点钱', lang: 'zh', want: 'xiaoming', span: '老王' },
  { text: '给我妈转一千', lang: 'zh', want: 'mom', span: '我妈' },
  { text: '转五百给妈妈', lang: 'zh', want: 'mom', span: '妈妈' },
  { text: '转给李伟', lang: 'zh', want: 'liwei', span: '李伟' },
  // A Mandarin-speaking customer with English payee names.
  { text: '给bob li转五百', lang: 'zh', want: 'bob', span: 'bob li' },
  { text: '给bob转五百', lang: 'zh', want: ['bob', 'bobc'], span: 'bob' },
  // Not names: both syllables fuzzy (账上 zhang shang ≠ 张三), a lone homophone of an alias (吗 ≠ 妈).
  { text: '我账上还有多少钱', lang: 'zh', want: undefined },
  { text: '查一下余额可以吗', lang: 'zh', want: undefined },
  { text: '我的信用卡账单是多少', lang: 'zh', want: undefined },
];

function expectSpansExact(
  text: string,
  spans: readonly { start: number; end: number; text: string }[],
): void {
  for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
}

describe('resolvePayee', () => {
  const index = buildPayeeIndex(PAYEES);

  it.each(CASES)('$lang "$text"', ({ text, lang, want, span }) => {
    const result = resolvePayee(text, index, lang);
    if (want === undefined) {
      expect(result).toEqual({ kind: 'none' });
    } else if (typeof want === 'string') {
      expect(result).toMatchObject({ kind: 'one', id: want, span: { text: span } });
    } else {
      expect(result.kind).toBe('ambiguous');
      if (result.kind === 'ambiguous') expect([...result.ids].sort()).toEqual([...want].sort());
      if (result.kind === 'ambiguous') expect(result.span.text).toBe(span);
    }
    const candidates = matchPayees(text, index, lang);
    expectSpansExact(text, candidates);
    if (result.kind !== 'none') expectSpansExact(text, [result.span]);
  });

  it('gives first-name-only mentions equal scores, so the caller sees the ambiguity', () => {
    const [a, b] = matchPayees('send money to bob', PAYEES, 'en');
    expect(a?.score).toBe(b?.score);
    expect(a?.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('prefers the full name over a first-name-only match of another payee', () => {
    const [top, second] = matchPayees('bob chen', PAYEES, 'en');
    expect(top).toMatchObject({ id: 'bobc', score: 1 });
    expect(second?.id).toBe('bob');
    expect((top?.score ?? 0) - (second?.score ?? 0)).toBeGreaterThan(0.1);
  });

  it('does not read "bob" as Rob Stone, even when Rob is the only payee', () => {
    // A b/r confusion is rare in ASR, and sending money to the wrong person is worse than asking.
    expect(resolvePayee('send fifty to bob', [{ id: 'rob', name: 'Rob Stone' }], 'en')).toEqual({
      kind: 'none',
    });
  });

  it('returns candidates best first with scores in (threshold, 1]', () => {
    const candidates = matchPayees('send three hundred dollars to bob lee tomorrow', index, 'en');
    expect(candidates.slice(0, 2).map((c) => c.id)).toEqual(['bob', 'bobc']);
    expect(candidates.map((c) => c.score)).toEqual(candidates.map((c) => c.score).sort((x, y) => y - x));
    for (const c of candidates) {
      expect(c.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
      expect(c.score).toBeLessThanOrEqual(1);
    }
  });

  it('treats two different people in one utterance as two mentions, not an ambiguity', () => {
    expect(resolvePayee('split it between bob chen and li wei', index, 'en')).toMatchObject({
      kind: 'one',
      id: 'bobc',
    });
  });

  it('gives the same answer for a plain list and a prebuilt index', () => {
    for (const { text, lang } of CASES)
      expect(matchPayees(text, PAYEES, lang)).toEqual(matchPayees(text, index, lang));
  });

  it('sees a payee added to the same array in place', () => {
    const payees: PayeeRef[] = [{ id: 'bob', name: 'Bob Li' }];
    expect(resolvePayee('send to carol', payees, 'en').kind).toBe('none');
    payees.push({ id: 'carol', name: 'Carol King' });
    expect(resolvePayee('send to carol', payees, 'en')).toMatchObject({ kind: 'one', id: 'carol' });
  });

  it('finds nothing when the customer has no payees', () => {
    expect(matchPayees('send money to bob', [], 'en')).toEqual([]);
  });
});

describe('utterances that name no payee', () => {
  const payees: readonly PayeeRef[] = [
    ...PAYEES,
    { id: 'will', name: 'Will Smith' },
    { id: 'dan', name: 'Dan Brown' },
    { id: 'anna', name: 'Anna Wang' },
  ];
  const EN = [
    "what's my balance",
    'pay my credit card bill',
    'what do i owe on my card',
    'freeze my card i lost it',
    'apply for a loan',
    'top up my phone',
    'move five hundred to savings',
    'find the nearest branch',
    'is there an atm near times square',
    'i will pay later',
    'will you send it now',
    'done',
    'low balance alert',
    'the line is busy',
    'lay it on me',
    'say that again',
    'talk to an agent',
    'show my transactions from last week',
  ];
  const ZH = [
    '我的余额是多少',
    '帮我转账',
    '我要还信用卡',
    '信用卡账单是多少',
    '最近的网点在哪里',
    '把我的卡冻结一下',
    '美元兑人民币汇率是多少',
    '我要申请贷款',
    '交电费',
    '充话费一百块',
    '从活期转到定期',
    '不对是三百',
    '账上钱够不够',
    '今天天气怎么样',
    '平平安安',
    '老板好',
  ];
  it.each([
    ...EN.map((text) => ({ text, lang: 'en' as const })),
    ...ZH.map((text) => ({ text, lang: 'zh' as const })),
  ])('$lang "$text"', ({ text, lang }) => {
    expect(matchPayees(text, payees, lang)).toEqual([]);
  });
});

describe('Latin names in Mandarin text', () => {
  const payees: readonly PayeeRef[] = [
    { id: 'lisi', name: '李四' },
    { id: 'wangfang', name: '王芳' },
  ];
  // Latin words side by side are one name: "bob li" is Bob Li, not 李四 by its surname.
  it.each([
    ['转给bob li一百块', undefined],
    ['邮箱更新成 mike 点 wang at gmail 点 com', undefined],
    ['转给li si一百块', 'lisi'],
    ['转给wang fang', 'wangfang'],
    ['转给li一百块', 'lisi'],
    ['给mr li转五百', 'lisi'],
  ])('"%s" → %s', (text, want) => {
    expect(matchPayees(text, payees, 'zh')[0]?.id).toBe(want);
  });
});

describe('hostile input', () => {
  const HOSTILE = [
    '',
    '   ',
    'a'.repeat(10_000),
    'bob '.repeat(2_500),
    '张'.repeat(10_000),
    '😀🏦💸 send 💰 to bob 🙂',
    '.*+?^${}()|[]\\ bob (lee) [chen]',
    '\u0000\uFFFF\uD800 bob',
    'ｂｏｂ　ｌｅｅ',
  ];

  it.each(HOSTILE.map((text) => ({ text, label: text.slice(0, 24) })))(
    '"$label" is handled without throwing, offsets intact',
    ({ text }) => {
      for (const lang of ['en', 'zh'] as const) {
        const candidates = matchPayees(text, PAYEES, lang);
        expectSpansExact(text, candidates);
        resolvePayee(text, PAYEES, lang);
      }
    },
  );
});
