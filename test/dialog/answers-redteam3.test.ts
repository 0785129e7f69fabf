import { afterAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/bank/index.ts';
import { merchantOf } from '../../src/dialog/answers/merchant.ts';
import { spokenAccount } from '../../src/dialog/answers/speech.ts';
import { requestedCount } from '../../src/dialog/answers/transactions.ts';
import { ask as askDemo, demoBanks } from '../helpers/answers.ts';

const banks = demoBanks();
afterAll(() => banks.close());

/** The answer as the customer hears it, in their own language. */
async function ask(customerId: 'alice' | 'wei', intent: string, text: string): Promise<string> {
  const r = await askDemo(banks, customerId, intent, text);
  return customerId === 'alice' ? r.en : r.zh;
}

describe('requestedCount', () => {
  it.each([
    ['show me my last three transactions', 3],
    ['my last 2 purchases', 2],
    ['my four most recent transactions', 4],
    ['最近三笔交易', 3],
    ['最近3笔消费', 3],
    ['my last transaction', 1],
    ['when did i last pay rent', 1],
    ['how much did i pay con edison last time', 1],
    ['did my paycheck come in', 1],
    ['上次交电费交了多少', 1],
  ])('%s → %s', (text, n) => {
    expect(requestedCount(text)).toBe(n);
  });

  it.each(['transactions in the last 3 months', 'show my recent transactions', '我的交易记录'])(
    '%s → none',
    (text) => {
      expect(requestedCount(text)).toBeUndefined();
    },
  );
});

describe('merchantOf', () => {
  it('does not read an account named as a place as a merchant', () => {
    const merchants = ['Starbucks', 'Transfer from Checking'];
    expect(
      merchantOf('transactions on checking', { place: 'checking' }, merchants, ['Everyday Checking']),
    ).toBe(undefined);
    expect(merchantOf('spent at starbucks', { place: 'starbucks' }, merchants, ['Everyday Checking'])).toBe(
      'Starbucks',
    );
  });
});

describe('spokenAccount', () => {
  const deposit = { name: '3-month Time Deposit', type: 'deposit', last4: undefined } as unknown as Account;
  it('names a time deposit in Mandarin for a Mandarin answer', () => {
    expect(spokenAccount(deposit, 'zh')).toBe('3个月定期存款');
    expect(spokenAccount(deposit, 'en')).toBe('3-month Time Deposit');
  });
});

describe('transaction answers', () => {
  it('reads as many as asked', async () => {
    const said = await ask('alice', 'account.transactions', 'show me my last two transactions');
    expect(said).toMatch(/6\.40/);
    expect(said).toMatch(/33\.00/);
    expect(said).not.toMatch(/84\.37|Uniqlo/);
  });

  it('filters by a payee named by alias', async () => {
    const said = await ask('alice', 'account.transactions', 'when did i last pay my landlord');
    expect(said).toMatch(/1,850\.00/);
    expect(said).not.toMatch(/Starbucks/);
  });

  it('answers a paycheck question with pay coming in, in Mandarin too', async () => {
    expect(await ask('alice', 'account.transactions', 'did my salary arrive')).toMatch(/Payroll.*3,250\.00/);
    expect(await ask('wei', 'account.transactions', '工资到账了吗')).toMatch(/工资.*18,500\.00/);
  });

  it('answers "how much can I spend" with the available balance', async () => {
    const said = await ask('alice', 'account.spending', 'how much can i spend right now');
    expect(said).toMatch(/2,500\.00/);
    expect(said).not.toMatch(/spent/i);
  });
});

describe('other answers', () => {
  it('gives the balances of two accounts named together', async () => {
    const said = await ask('wei', 'account.balance', '工资卡和美元账户还有多少钱');
    expect(said).toMatch(/28,600\.00/);
    expect(said).toMatch(/1,200\.00/);
    expect(said).not.toMatch(/50,000\.00/);
  });

  it('finds a payment to a company that is not a saved biller', async () => {
    const said = await ask('alice', 'bill.history', 'how much did i pay con edison');
    expect(said).toMatch(/Con Edison.*96\.20/);
    expect(said).not.toMatch(/Spectrum|Verizon/);
  });

  it('gives a savings account its own rate', async () => {
    expect(await ask('wei', 'account.interest', '我的储蓄账户利率是多少')).toMatch(/1\.05%/);
  });

  it('names the won in a rate question', async () => {
    expect(await ask('alice', 'rates.exchange', 'how many won to the dollar')).toMatch(/1355/);
  });

  it('finds a branch by the neighbourhood in its name, and the coming weekday', async () => {
    const said = await ask('alice', 'branch.hours', 'is the brooklyn branch open on saturday');
    expect(said).toMatch(/Brooklyn Heights/);
    expect(said).toMatch(/November 28/);
  });
});
