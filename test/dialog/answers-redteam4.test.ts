import { afterAll, describe, expect, it } from 'vitest';
import { ask as askDemo, demoBanks } from '../helpers/answers.ts';

const banks = demoBanks();
afterAll(() => banks.close());

/** The answer as the customer hears it, in their own language. */
async function ask(customerId: 'alice' | 'wei', intent: string, text: string): Promise<string> {
  const r = await askDemo(banks, customerId, intent, text);
  return customerId === 'alice' ? r.en : r.zh;
}

describe('balances of cards named as cards', () => {
  it('reads 储蓄卡 as the debit card, not every savings account', async () => {
    const said = await ask('wei', 'account.balance', '储蓄卡里有多少钱');
    expect(said).toMatch(/活期账户.*28,600\.00/);
    expect(said).not.toMatch(/50,000\.00|1,200\.00/);
  });

  it('gives each of a card and a card named together', async () => {
    const said = await ask('wei', 'account.balance', '信用卡和储蓄卡余额');
    expect(said).toMatch(/白金信用卡.*6,520\.00/);
    expect(said).toMatch(/活期账户.*28,600\.00/);
    expect(said).not.toMatch(/50,000\.00/);
  });

  it("answers what's left to spend on an account named by its nickname", async () => {
    expect(await ask('wei', 'account.spending', '工资卡还能花多少')).toMatch(/28,600\.00/);
  });
});

describe('an account nicknamed 工资卡 is not salary', () => {
  it('lists its latest transactions, not only the pay', async () => {
    const said = await ask('wei', 'account.transactions', '工资卡最近几笔交易');
    expect(said).toMatch(/38\.00/);
    expect(said).toMatch(/216\.50/);
    expect(said).not.toMatch(/工资入账/);
  });
});

describe('pay and transfers in a spending question', () => {
  it("gives last month's salary, not last month's spending", async () => {
    const said = await ask('wei', 'account.spending', '上个月工资多少');
    expect(said).toMatch(/18,500\.00/);
    expect(said).toMatch(/10月20日/);
    expect(said).not.toMatch(/1,904\.20/);
    expect(await ask('alice', 'account.spending', 'how much was my salary last month')).toMatch(
      /Your pay in October was \$3,250\.00/,
    );
  });

  it('says money sent to a payee as sent to them, not spent at them', async () => {
    const said = await ask('wei', 'account.spending', '我给张三转过多少钱');
    expect(said).toBe('您本月向张三共转账1笔，合计¥2,000.00。');
    expect(await ask('wei', 'account.spending', '这个月给妈妈转了多少')).toBe('您本月没有向妈妈转账的记录。');
  });
});

describe('interest', () => {
  it('gives the interest paid in the period asked about', async () => {
    expect(await ask('wei', 'account.interest', '储蓄账户上个月利息多少')).toMatch(
      /10月的利息是¥45\.83，10月31日到账/,
    );
    expect(
      await ask('alice', 'account.interest', 'how much interest did my savings earn last month'),
    ).toMatch(/\$12\.47 of interest in October/);
  });

  it("gives the customer's own loan rate, and the bank's note otherwise", async () => {
    expect(await ask('wei', 'loan.rates', '我的房贷利率是多少')).toMatch(/住房贷款.*3\.55%/);
    expect(await ask('wei', 'loan.rates', '现在房贷利率是多少')).not.toMatch(/3\.55/);
    expect(await ask('alice', 'loan.rates', "what's the rate on my car loan")).toMatch(/Car Loan.*5\.90%/);
    // Alice's only loan is a car loan: it is not her mortgage.
    expect(await ask('alice', 'loan.rates', "what's my mortgage rate")).not.toMatch(/5\.90/);
  });
});

describe('branches asked about by which, and a named branch by what it has', () => {
  it('names the branches open on the day asked, not a branch called 哪家', async () => {
    const said = await ask('wei', 'branch.hours', '这周日哪家支行开门');
    expect(said).toMatch(/Lujiazui Branch（上午9点到下午4点）/);
    expect(said).toMatch(/Xujiahui Branch（上午10点到下午4点）/);
    expect(said).not.toMatch(/People's Square/);
  });

  it('names the branches open now, even when the classifier took it for account details', async () => {
    const said = await ask('wei', 'account.details', '现在还有哪个支行开着');
    expect(said).toMatch(/^现在营业的网点有：People's Square Branch（营业到下午5点）/);
    expect(said).not.toMatch(/尾号/);
    expect(await ask('wei', 'account.details', '现在哪个支行开着')).toMatch(/^现在营业的网点有/);
    expect(await ask('alice', 'account.details', 'can i open an account at the midtown branch')).toMatch(
      /ending 1234/,
    );
    expect(await ask('alice', 'branch.hours', 'which atms are open now')).toMatch(
      /Times Square ATM, open 24 hours/,
    );
  });

  it('says a named branch has no ATM, then the nearest one', async () => {
    const said = await ask('wei', 'atm.find', '静安支行有取款机吗');
    expect(said).toMatch(/^Jing'an Branch没有取款机。/);
    expect(said).toMatch(/离Jing'an Branch最近的取款机在People's Square Branch/);
    expect(await ask('alice', 'atm.find', 'does the upper west side branch have an atm')).toMatch(
      /^Upper West Side Branch doesn't have a cash machine\./,
    );
    expect(await ask('wei', 'atm.find', '虹桥支行有取款机吗')).toMatch(/^Hongqiao Branch设有取款机。/);
  });

  it('answers whether a named branch offers a service', async () => {
    expect(await ask('wei', 'branch.find', '虹桥支行能换外币吗')).toMatch(
      /^Hongqiao Branch提供外汇业务。 地址是虹桥路2550号/,
    );
    const jingan = await ask('wei', 'branch.find', '静安支行能换外币吗');
    expect(jingan).toMatch(/^Jing'an Branch不提供外汇业务。/);
    expect(jingan).toMatch(/最近的提供外汇业务的网点是People's Square Branch/);
  });

  it('still measures from a landmark that is not said as a branch', async () => {
    expect(await ask('wei', 'branch.find', '人民广场附近的网点')).toMatch(/^离人民广场最近的网点/);
  });
});
