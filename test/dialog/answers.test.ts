import { afterAll, describe, expect, it } from 'vitest';
import { COMPUTED_INTENTS, isAnswerIntent, type Answer } from '../../src/dialog/answers/index.ts';
import { render } from '../../src/nlg/index.ts';
import { loadCatalogue } from '../../src/nlu/index.ts';
import { ask as askDemo, demoBanks } from '../helpers/answers.ts';

const banks = demoBanks();
const { alice: aliceBank, wei: weiBank } = banks;
afterAll(() => banks.close());

const ask = (customerId: 'alice' | 'wei', intent: string, text: string) =>
  askDemo(banks, customerId, intent, text);

const allAccountData = (a: Answer) => a.says.length > 0 && a.says.every((s) => s.accountData === true);

describe('balances', () => {
  it("reads every account's available balance and what the loan owes", async () => {
    const r = await ask('alice', 'account.balance', 'how much money do i have across my accounts');
    for (const text of [r.en, r.zh]) {
      expect(text).toContain('$2,500.00');
      expect(text).toContain('$10,000.00');
      expect(text).toContain('$8,450.00');
    }
    expect(r.en).toContain('Everyday Checking ending 1234, $2,500.00 available');
    expect(r.zh).toContain('Car Loan（尾号3001）欠款$8,450.00');
    expect(allAccountData(r.answer)).toBe(true);
  });

  it('reads only the account named', async () => {
    const r = await ask('alice', 'account.balance', 'what is my savings balance');
    expect(r.en).toBe('Your Savings ending 5678 has $10,000.00 available.');
    expect(r.zh).toBe('您的Savings（尾号5678）可用余额为$10,000.00。');
    expect(allAccountData(r.answer)).toBe(true);
  });

  it('finds an account by its nickname in Mandarin', async () => {
    const r = await ask('wei', 'account.balance', '工资卡里还剩多少钱');
    expect(r.zh).toBe('您的活期账户（尾号6688）可用余额为¥28,600.00。');
  });

  it('gives a credit card balance as what is owed and the credit left', async () => {
    const r = await ask('alice', 'account.balance', "what's the balance on my credit card");
    expect(r.en).toContain('$1,020.50');
    expect(r.en).toContain('$3,979.50');
  });

  it('gives account details with the last four digits only', async () => {
    const r = await ask('alice', 'account.details', 'what is my checking account number');
    expect(r.en).toContain('Everyday Checking, a checking account in USD, ending 1234');
    expect(r.en).toContain('last four digits');
    expect(r.zh).toContain('尾号1234');
    expect(allAccountData(r.answer)).toBe(true);
  });
});

describe('transactions and spending', () => {
  it('searches by merchant, newest first, with date, merchant and amount', async () => {
    const r = await ask('alice', 'account.transactions', 'show my starbucks transactions');
    expect(r.en).toBe(
      'Here are your latest Starbucks transactions: November 25, Starbucks, $6.40; November 10, Starbucks, $5.95; October 25, Starbucks, $6.40.',
    );
    expect(r.zh).toContain('11月25日Starbucks支出$6.40；11月10日Starbucks支出$5.95');
    expect(allAccountData(r.answer)).toBe(true);
  });

  it('finds a merchant named in short ("whole foods", "盒马")', async () => {
    expect((await ask('alice', 'account.transactions', 'list my recent whole foods purchases')).en).toContain(
      'November 24, Whole Foods Market, $84.37',
    );
    expect((await ask('wei', 'account.transactions', '把我在盒马的交易记录念一下')).zh).toContain(
      '11月25日盒马鲜生支出¥216.50',
    );
  });

  it('reads at most five, and says how many matched a search', async () => {
    const recent = await ask('alice', 'account.transactions', 'show my recent transactions');
    expect(recent.en.split(';')).toHaveLength(5);
    const big = await ask('alice', 'account.transactions', 'show my transactions over 50 dollars');
    expect(big.en).toMatch(/^I found \d+ transactions over \$50\.00\. The latest 5: /);
  });

  it('searches one day, and says when nothing matches', async () => {
    const day = await ask('alice', 'account.transactions', 'what did i buy on november 24');
    expect(day.en).toBe(
      'Here are your latest transactions on November 24: MTA MetroCard, $33.00; Whole Foods Market, $84.37.',
    );
    const none = await ask('alice', 'account.transactions', 'show my starbucks transactions in september');
    expect(none.en).toBe("I couldn't find any Starbucks transactions in September.");
    expect(none.zh).toBe('没有找到您9月在Starbucks的交易。');
    expect(allAccountData(none.answer)).toBe(true);
  });

  it('reads a card’s transactions', async () => {
    const r = await ask('alice', 'account.transactions', 'transactions on my visa');
    expect(r.en).toContain('on Platinum Visa ending 9876');
    expect(r.en).toContain('November 23, Uniqlo, $89.90');
  });

  it("totals November's debits across accounts and cards", async () => {
    // Checking: 18 debits, $3,451.61; Visa: 5 debits, $818.09 (worlds/demo.yaml).
    const r = await ask('alice', 'account.spending', 'how much did i spend in november');
    expect(r.en).toBe('You spent $4,269.70 this month, in 23 transactions.');
    expect(r.zh).toBe('您本月共消费23笔，合计$4,269.70。');
    expect(allAccountData(r.answer)).toBe(true);
  });

  it('totals spending at one merchant, and what was received', async () => {
    expect((await ask('alice', 'account.spending', 'how much did i spend at starbucks this month')).en).toBe(
      'You spent $12.35 at Starbucks this month, in 2 transactions.',
    );
    expect((await ask('alice', 'account.spending', 'how much did i spend at starbucks last month')).en).toBe(
      'You spent $6.40 at Starbucks in October, in 1 transaction.',
    );
    expect((await ask('alice', 'account.spending', 'how much did i receive this month')).en).toContain(
      '$7,450.00',
    );
  });
});

describe('cards', () => {
  it('reads the Visa bill: statement, minimum, due date, current balance', async () => {
    const r = await ask('alice', 'card.bill', 'how much is due on my credit card and by when');
    expect(r.en).toBe(
      'Your Platinum Visa ending 9876 statement balance is $820.50. The minimum payment of $35.00 is due by Tuesday, December 15, and your current balance is $1,020.50.',
    );
    expect(r.zh).toContain('到期还款日是12月15日（周二）');
    expect(allAccountData(r.answer)).toBe(true);
    const [bill] = r.answer.says;
    expect(bill && render(bill.key, bill.params ?? {}, 'en', true)).toBe(
      'Your Platinum Visa ending 9876 bill is $820.50. The minimum is $35.00. Please pay by Tuesday, December 15.',
    );
  });

  it("reads wei's card bill in Mandarin", async () => {
    const r = await ask('wei', 'card.bill', '我的信用卡账单');
    expect(r.zh).toBe(
      '您的白金信用卡（尾号8899）本期账单金额为¥5,380.00，最低还款额¥538.00，到期还款日是12月8日（周二）。当前欠款¥6,520.00。',
    );
  });

  it('says a debit card has no bill', async () => {
    expect((await ask('alice', 'card.bill', 'my debit card bill')).en).toContain(
      'is a debit card, so it has no bill',
    );
  });

  it('reads the credit limit and the cards with their state', async () => {
    expect((await ask('alice', 'card.limit', "what's my credit limit")).en).toBe(
      'Your Platinum Visa ending 9876 has a credit limit of $5,000.00, and $3,979.50 is available now.',
    );
    const list = await ask('wei', 'card.list', '我有哪些卡');
    expect(list.zh).toBe(
      '您有2张卡：白金信用卡（尾号8899），信用卡，状态正常；借记卡（尾号6688），借记卡，状态正常。',
    );
    expect(allAccountData(list.answer)).toBe(true);
  });
});

describe('transfers, payees and bills', () => {
  it('reads a transfer made in the session: status, limit used, scheduled, and not as spending', async () => {
    const sent = await aliceBank.transfer({
      customerId: 'alice',
      idempotencyKey: 'answers-test-1',
      fromAccountId: 'checking',
      to: { kind: 'payee', id: 'bob' },
      amount: { amountMinor: 25_000, currency: 'USD' },
    });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const status = await ask('alice', 'transfer.status', 'did my transfer to bob go through');
    expect(status.en).toBe(
      `Your transfer of $250.00 to Bob Li on Thursday, November 26 went through. The reference is ${sent.movement.reference}.`,
    );
    expect(allAccountData(status.answer)).toBe(true);
    expect((await ask('alice', 'transfer.limit', 'how much more can i send today')).en).toBe(
      "Your daily transfer limit is $5,000.00. You've sent $250.00 today, so you can send $4,750.00 more.",
    );

    await aliceBank.transfer({
      customerId: 'alice',
      idempotencyKey: 'answers-test-2',
      fromAccountId: 'checking',
      to: { kind: 'payee', id: 'mom' },
      amount: { amountMinor: 10_000, currency: 'USD' },
      date: '2026-12-01',
      frequency: 'monthly',
    });
    const scheduled = await ask('alice', 'transfer.list_scheduled', 'what transfers do i have scheduled');
    expect(scheduled.en).toBe(
      'You have one scheduled transfer: $100.00 to Mom every month, next on December 1.',
    );
    expect(scheduled.zh).toBe('您有1笔预约转账：每月转给Mom$100.00，下次在12月1日。');

    // Money moved to one's own account is not spending.
    await aliceBank.transfer({
      customerId: 'alice',
      idempotencyKey: 'answers-test-3',
      fromAccountId: 'checking',
      to: { kind: 'account', id: 'savings' },
      amount: { amountMinor: 100_00, currency: 'USD' },
    });
    expect((await ask('alice', 'account.spending', 'how much did i spend this month')).en).toBe(
      'You spent $4,519.70 this month, in 24 transactions.',
    );
  });

  it('says when no transfer to a payee is found, naming both when the name fits two', async () => {
    const r = await ask('wei', 'transfer.status', '转给张三的钱到了吗');
    expect(r.zh).toBe('没有查到转给张三的转账记录。');
  });

  it('lists payees and billers, at most five named', async () => {
    const payees = await ask('wei', 'payee.list', '我的收款人有哪些');
    expect(payees.zh).toMatch(/^您保存了6位收款人：(.+、){4}.+等。$/);
    expect(allAccountData(payees.answer)).toBe(true);
    const billers = await ask('alice', 'bill.list', 'which bills do i have saved');
    expect(billers.en).toContain('You have 7 saved billers: ');
    expect(billers.en).toContain(', and 2 more.');
  });

  it('reads past bill payments from the transactions', async () => {
    const r = await ask('wei', 'bill.history', '我的缴费记录');
    expect(r.zh).toContain('11月19日向国家电网上海缴费¥268.40');
    expect(allAccountData(r.answer)).toBe(true);
  });
});

describe('loans, deposits and profile', () => {
  it('reads the loan balance and the next payment', async () => {
    expect((await ask('alice', 'loan.balance', 'how much do i owe on my car loan')).en).toBe(
      'You owe $8,450.00 on your Car Loan ending 3001, at 5.90% a year.',
    );
    expect((await ask('wei', 'loan.payment_due', '房贷什么时候还')).zh).toBe(
      '您的住房贷款（尾号5001）下一期应还¥6,800.00，还款日是12月10日（周四）。',
    );
  });

  it('reads a time deposit’s maturity, and offers a colleague for taking it out early', async () => {
    const none = await ask('wei', 'deposit.maturity', '我的定期什么时候到期');
    expect(none.zh).toBe('您在我行没有定期存款。');
    const opened = await weiBank.openTimeDeposit({
      customerId: 'wei',
      idempotencyKey: 'answers-test-td',
      fromAccountId: 'wei-savings',
      amount: { amountMinor: 1_000_000, currency: 'CNY' },
      termMonths: 12,
    });
    expect(opened.ok).toBe(true);
    const r = await ask('wei', 'deposit.maturity', '我的定期存款什么时候到期');
    expect(r.zh).toContain('（¥10,000.00）将于2027年');
    const early = await ask('wei', 'deposit.maturity', '定期存款能提前取出吗');
    expect(early.answer.offerHandoff).toBe(true);
  });

  it('masks the phone number to its last four digits', async () => {
    const r = await ask('alice', 'profile.view', 'what details do you have on me');
    expect(r.en).toContain('Alice Chen');
    expect(r.en).toContain('ending 0100');
    expect(r.en).not.toContain('5550100');
    expect(allAccountData(r.answer)).toBe(true);
  });
});

describe('FAQ', () => {
  it("answers with the catalogue's text and the bank's name, then offers a colleague", async () => {
    const r = await ask('alice', 'card.forgot_pin', 'i forgot my pin');
    expect(r.answer.offerHandoff).toBe(true);
    expect(r.en).toMatch(
      /^If you've forgotten your PIN .* in the Teller Bank app .*Shall I connect you now\?$/,
    );
    expect(r.zh).toContain('Teller银行手机银行');
    expect(r.zh.endsWith('需要现在为您转接吗？')).toBe(true);
    expect(r.answer.says.some((s) => s.accountData)).toBe(false);
  });

  it('makes no offer when the text has none', async () => {
    const r = await ask('alice', 'security.biometrics', 'turn on face id');
    expect(r.answer.offerHandoff).toBeUndefined();
    expect(r.en).toMatch(/^You can turn fingerprint or face sign-in on or off/);
  });
});

describe('every informational intent of the catalogue', () => {
  const informational = loadCatalogue().filter((i) => i.kind === 'answer' || i.kind === 'faq');

  it('has a handler for every intent computed from the bank', () => {
    const computed = informational.filter((i) => i.kind === 'answer').map((i) => i.name);
    expect([...COMPUTED_INTENTS].sort()).toEqual(computed.sort());
  });

  it('is recognised, and no other intent is', () => {
    expect(informational.length).toBeGreaterThan(60);
    for (const i of loadCatalogue())
      expect(isAnswerIntent(i.name)).toBe(i.kind === 'answer' || i.kind === 'faq');
  });

  it.each(informational.map((i) => [i.name, i.title.en, i.title.zh] as const))(
    '%s answers in English and Mandarin',
    async (intent, titleEn, titleZh) => {
      for (const [who, text] of [
        ['alice', titleEn],
        ['wei', titleZh],
      ] as const) {
        const r = await ask(who, intent, text);
        expect(r.answer.says.length).toBeGreaterThan(0);
        for (const said of [r.en, r.zh]) {
          expect(said.length).toBeGreaterThan(5);
          expect(said).not.toMatch(/[{}]|undefined|NaN/);
        }
      }
    },
  );
});
