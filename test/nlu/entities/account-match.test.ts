import { describe, expect, it } from 'vitest';
import type { Lang } from '../../../src/shared/index.ts';
import type { AccountRef, CardRef } from '../../../src/nlu/entities/account-match.ts';
import {
  buildAccountIndex,
  buildCardIndex,
  matchAccounts,
  matchCards,
  resolveAccount,
  resolveCard,
} from '../../../src/nlu/entities/account-match.ts';
import type { Resolution } from '../../../src/nlu/entities/payee-match.ts';

const ACCOUNTS: readonly AccountRef[] = [
  { id: 'checking', name: 'Everyday Checking', type: 'checking', currency: 'USD', last4: '1234' },
  { id: 'savings', name: 'Savings', type: 'savings', currency: 'USD', last4: '5678' },
  { id: 'salary', name: '工资账户', type: 'checking', currency: 'CNY', last4: '8888', nickname: '工资卡' },
  { id: 'fixed', name: '三年定期', type: 'deposit', currency: 'CNY', last4: '5512' },
  { id: 'home', name: 'Home Mortgage', type: 'mortgage', currency: 'USD', last4: '0042' },
];

const CARDS: readonly CardRef[] = [
  { id: 'visa', name: 'Platinum Visa', type: 'credit', last4: '9876' },
  { id: 'cmb', name: '招商银行信用卡', type: 'credit', last4: '4321', network: 'UnionPay' },
  { id: 'debit', name: 'Everyday Debit', type: 'debit', last4: '1111', network: 'Mastercard' },
];

interface Case {
  readonly text: string;
  readonly lang: Lang;
  /** One id, several (ambiguous), or undefined (none). */
  readonly want: string | readonly string[] | undefined;
  readonly span?: string;
}

function expectResolution(result: Resolution, text: string, want: Case['want'], span?: string): void {
  if (want === undefined) {
    expect(result).toEqual({ kind: 'none' });
    return;
  }
  if (typeof want === 'string') expect(result).toMatchObject({ kind: 'one', id: want });
  else {
    expect(result.kind).toBe('ambiguous');
    if (result.kind === 'ambiguous') expect([...result.ids].sort()).toEqual([...want].sort());
  }
  if (result.kind !== 'none') {
    expect(text.slice(result.span.start, result.span.end)).toBe(result.span.text);
    if (span !== undefined) expect(result.span.text).toBe(span);
  }
}

const ACCOUNT_CASES: readonly Case[] = [
  { text: 'what is in my savings', lang: 'en', want: 'savings', span: 'savings' },
  { text: "what's my savings account balance", lang: 'en', want: 'savings', span: 'savings account' },
  { text: 'pay from everyday checking', lang: 'en', want: 'checking', span: 'everyday checking' },
  { text: 'use my everyday account', lang: 'en', want: 'checking', span: 'everyday' },
  // Two accounts are of type checking: the type alone does not choose.
  { text: 'from checking', lang: 'en', want: ['checking', 'salary'], span: 'checking' },
  { text: 'the account ending in 5678', lang: 'en', want: 'savings', span: 'ending in 5678' },
  {
    text: 'the one ending one two three four',
    lang: 'en',
    want: 'checking',
    span: 'ending one two three four',
  },
  { text: 'account ending in double five one two', lang: 'en', want: 'fixed' },
  { text: 'ending in oh oh four two', lang: 'en', want: 'home' },
  { text: 'last four digits are 8888', lang: 'en', want: 'salary' },
  { text: 'my dollar account', lang: 'en', want: ['checking', 'savings', 'home'], span: 'dollar account' },
  { text: 'how much do i owe on my mortgage', lang: 'en', want: 'home', span: 'mortgage' },
  { text: 'time deposit', lang: 'en', want: 'fixed' },
  { text: 'what is my balance', lang: 'en', want: undefined },
  // An amount is not a last four, even when the digits agree.
  { text: 'send 1234 dollars to bob', lang: 'en', want: undefined },
  { text: '尾号1234的账户', lang: 'zh', want: 'checking', span: '尾号1234' },
  { text: '尾号幺二三四', lang: 'zh', want: 'checking', span: '尾号幺二三四' },
  { text: '尾号是五六七八的那个', lang: 'zh', want: 'savings', span: '尾号是五六七八' },
  { text: '储蓄账户还有多少钱', lang: 'zh', want: 'savings', span: '储蓄账户' },
  { text: '支票账户', lang: 'zh', want: ['checking', 'salary'] },
  // 活期 prefers a checking account; with two it is ambiguous between them, not savings.
  { text: '活期余额', lang: 'zh', want: ['checking', 'salary'], span: '活期' },
  { text: '定期存款到期了吗', lang: 'zh', want: 'fixed' },
  { text: '工资卡里还有多少钱', lang: 'zh', want: 'salary', span: '工资卡' },
  { text: '从工资账户转出', lang: 'zh', want: 'salary', span: '工资账户' },
  { text: '美元账户', lang: 'zh', want: ['checking', 'savings', 'home'] },
  { text: '人民币账户', lang: 'zh', want: ['salary', 'fixed'] },
  { text: '房贷还剩多少', lang: 'zh', want: 'home' },
  { text: '我的余额是多少', lang: 'zh', want: undefined },
];

describe('resolveAccount', () => {
  const index = buildAccountIndex(ACCOUNTS);

  it.each(ACCOUNT_CASES)('$lang "$text"', ({ text, lang, want, span }) => {
    expectResolution(resolveAccount(text, index, lang), text, want, span);
    for (const c of matchAccounts(text, index, lang)) expect(text.slice(c.start, c.end)).toBe(c.text);
  });

  it('reports each account of a transfer with its own span', () => {
    const text = 'transfer 500 from everyday checking to savings';
    const candidates = matchAccounts(text, ACCOUNTS, 'en');
    expect(candidates.find((c) => c.id === 'checking')).toMatchObject({
      text: 'everyday checking',
      score: 1,
    });
    expect(candidates.find((c) => c.id === 'savings')).toMatchObject({ text: 'savings' });
  });

  it('resolves "my savings" to the only savings account', () => {
    expectResolution(resolveAccount('my savings', ACCOUNTS, 'en'), 'my savings', 'savings');
  });

  it('resolves a bare "my account" only when the customer has one account', () => {
    const one = ACCOUNTS.slice(0, 1);
    expectResolution(resolveAccount('from my account', one, 'en'), 'from my account', 'checking');
    expect(resolveAccount('from my account', ACCOUNTS, 'en').kind).toBe('ambiguous');
  });

  it('prefers a name plus last four over the type alone', () => {
    const [top] = matchAccounts('checking ending in 1234', ACCOUNTS, 'en');
    expect(top).toMatchObject({ id: 'checking', text: 'checking ending in 1234' });
    expect(top?.score).toBe(1);
  });

  it('finds savings for 活期 when the customer has no checking account', () => {
    const accounts = ACCOUNTS.filter((a) => a.type !== 'checking');
    expectResolution(resolveAccount('活期', accounts, 'zh'), '活期', 'savings');
  });

  it('reads the bank\'s type synonyms ("current", "saving")', () => {
    const accounts: AccountRef[] = [
      { id: 'cur', name: 'Main', type: 'current' },
      { id: 'sav', name: 'Rainy Day', type: 'saving' },
    ];
    expectResolution(resolveAccount('from my checking', accounts, 'en'), 'from my checking', 'cur');
    expectResolution(
      resolveAccount('to the rainy day account', accounts, 'en'),
      'to the rainy day account',
      'sav',
    );
  });
});

const CARD_CASES: readonly Case[] = [
  { text: 'pay off my visa', lang: 'en', want: 'visa', span: 'visa' },
  { text: 'freeze the mastercard', lang: 'en', want: 'debit', span: 'mastercard' },
  { text: 'freeze my debit card', lang: 'en', want: 'debit', span: 'debit card' },
  { text: 'what do i owe on my credit card', lang: 'en', want: ['visa', 'cmb'], span: 'credit card' },
  { text: 'card ending in 9876', lang: 'en', want: 'visa' },
  { text: 'the platinum card', lang: 'en', want: 'visa', span: 'platinum' },
  { text: 'my card', lang: 'en', want: ['visa', 'cmb', 'debit'], span: 'card' },
  { text: 'what is my balance', lang: 'en', want: undefined },
  { text: '信用卡还款', lang: 'zh', want: ['visa', 'cmb'], span: '信用卡' },
  { text: '招商银行信用卡的账单', lang: 'zh', want: 'cmb', span: '招商银行信用卡' },
  { text: '还招商的信用卡', lang: 'zh', want: 'cmb' },
  { text: '银联卡', lang: 'zh', want: 'cmb' },
  { text: '借记卡冻结', lang: 'zh', want: 'debit', span: '借记卡' },
  { text: '尾号四三二一的卡', lang: 'zh', want: 'cmb', span: '尾号四三二一' },
];

describe('resolveCard', () => {
  const index = buildCardIndex(CARDS);

  it.each(CARD_CASES)('$lang "$text"', ({ text, lang, want, span }) => {
    expectResolution(resolveCard(text, index, lang), text, want, span);
    for (const c of matchCards(text, index, lang)) expect(text.slice(c.start, c.end)).toBe(c.text);
  });

  it.each([
    { text: 'pay my credit card', lang: 'en' as const },
    { text: '信用卡', lang: 'zh' as const },
    { text: '我的卡', lang: 'zh' as const },
  ])('$lang "$text" is the only credit card when there is one', ({ text, lang }) => {
    const cards = CARDS.filter((c) => c.id !== 'cmb' && c.id !== 'debit');
    expectResolution(resolveCard(text, cards, lang), text, 'visa');
  });

  it('uses type and network together: "visa credit card" with a Visa debit card too', () => {
    const cards: CardRef[] = [
      { id: 'vc', name: 'Rewards Visa', type: 'credit' },
      { id: 'vd', name: 'Visa Debit', type: 'debit' },
    ];
    expect(resolveCard('my visa', cards, 'en').kind).toBe('ambiguous');
    expectResolution(
      resolveCard('my visa credit card', cards, 'en'),
      'my visa credit card',
      'vc',
      'visa credit card',
    );
    expectResolution(resolveCard('my visa debit card', cards, 'en'), 'my visa debit card', 'vd');
  });
});

describe('hostile input', () => {
  const HOSTILE = [
    '',
    ' ',
    'x'.repeat(10_000),
    '1'.repeat(10_000),
    '一'.repeat(10_000),
    '💳💳 ending 💳 1234',
    '(.*)+$ [a-z]{1,}\\d',
  ];
  it.each(HOSTILE.map((text) => ({ text, label: text.slice(0, 20) })))(
    '"$label" is handled without throwing, offsets intact',
    ({ text }) => {
      for (const lang of ['en', 'zh'] as const) {
        for (const c of [...matchAccounts(text, ACCOUNTS, lang), ...matchCards(text, CARDS, lang)]) {
          expect(text.slice(c.start, c.end)).toBe(c.text);
        }
      }
    },
  );

  it('returns nothing for a customer without accounts or cards', () => {
    expect(matchAccounts('my savings', [], 'en')).toEqual([]);
    expect(resolveCard('my visa', [], 'en')).toEqual({ kind: 'none' });
  });
});
