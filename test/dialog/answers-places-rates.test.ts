import { afterAll, describe, expect, it } from 'vitest';
import { SqliteBank, type GeoPoint } from '../../src/bank/index.ts';
import { answer, type Answer } from '../../src/dialog/answers/index.ts';
import { loadSnapshot, understandingContext } from '../../src/dialog/customer.ts';
import { render } from '../../src/nlg/index.ts';
import { extractEntities } from '../../src/nlu/index.ts';
import { ask as askDemo, demoBanks } from '../helpers/answers.ts';
import { TestClock, world } from '../helpers/world.ts';

const banks = demoBanks();
afterAll(() => banks.close());

const ask = (customerId: 'alice' | 'wei', intent: string, text: string, location?: GeoPoint | null) =>
  askDemo(banks, customerId, intent, text, location);

const noAccountData = (a: Answer) => a.says.length > 0 && a.says.every((s) => s.accountData !== true);

describe('branches and ATMs', () => {
  it("finds the branch nearest to the customer's location, with distance and hours", async () => {
    const r = await ask('alice', 'branch.find', 'which of your branches is closest to me');
    expect(r.en).toMatch(
      /^The nearest branch is Midtown Branch, at 500 5th Avenue, New York, NY, 280 meters away\. It's open now, from 9 AM to 5 PM today\. Also nearby: Union Square Branch, 2\.1 kilometers and /,
    );
    expect(r.zh).toContain('离您最近的网点是Midtown Branch');
    expect(noAccountData(r.answer)).toBe(true);
  });

  it("measures from a landmark the customer names (the bank's landmarks)", async () => {
    const r = await ask('alice', 'branch.find', 'nearest branch to times square');
    expect(r.en).toMatch(/^The nearest branch to Times Square is Midtown Branch, .* 610 meters from there\./);
    const atm = await ask('alice', 'atm.find', 'is there an atm by grand central');
    expect(atm.en).toMatch(/^The nearest cash machine to Grand Central is at Grand Central ATM, /);
    // Daily 05:30-02:00: one span past midnight.
    expect(atm.en).toContain('from 5:30 AM to 2 AM');
  });

  it('finds a branch the customer names, measured from them', async () => {
    const r = await ask('alice', 'branch.find', 'where is the midtown branch');
    expect(r.en).toMatch(/^Midtown Branch is at 500 5th Avenue, New York, NY, 280 meters from you\. /);
  });

  it('counts a branch with an ATM as a cash machine', async () => {
    const r = await ask('alice', 'atm.find', "where's the nearest cash machine");
    expect(r.en).toMatch(/^The nearest cash machine is at Midtown Branch, /);
    expect(r.en).toContain('Times Square ATM, 340 meters');
  });

  it('finds ATMs near 陆家嘴 for wei, in Mandarin', async () => {
    const r = await ask('wei', 'atm.find', '陆家嘴附近的取款机');
    expect(r.zh).toMatch(
      /^离陆家嘴最近的取款机在Lujiazui Branch，地址：陆家嘴环路1000号, 浦东新区, 上海，距离那里约10米。/,
    );
    expect(r.zh).toContain('Century Avenue ATM（720米）');
    expect(noAccountData(r.answer)).toBe(true);
  });

  it('filters on a service, and on 24-hour opening', async () => {
    const fx = await ask('alice', 'branch.find', 'branch with foreign exchange near union square');
    expect(fx.en).toMatch(/^The nearest branch with foreign exchange to Union Square is Midtown Branch, /);
    const allNight = await ask('alice', 'atm.find', '24 hour atm near soho');
    expect(allNight.en).toMatch(/^The nearest cash machine with 24-hour access to Soho is at SoHo ATM, /);
    expect(allNight.en).toContain("It's open 24 hours.");
    expect(allNight.en).not.toContain('Grand Central');
  });

  it('says when nothing fits, and when it does not know the place', async () => {
    // No branch keeps 24-hour hours (only ATMs do).
    const none = await ask('alice', 'branch.find', 'is there a 24 hour branch near times square');
    expect(none.en).toBe("Sorry, I couldn't find a branch with 24-hour access near Times Square.");
    expect(none.zh).toBe('抱歉，没有找到Times Square附近提供24小时服务的网点。');
    const unknown = await ask('alice', 'branch.find', 'nearest branch to narnia');
    expect(unknown.en).toMatch(
      /^I don't know where Narnia is, so I looked near you\. The nearest branch is Midtown Branch/,
    );
  });

  it("asks for a place when it knows neither one nor the customer's location", async () => {
    const bank = SqliteBank.create(
      world({
        customer: { id: 'nomad', name: 'Sam Nomad' },
        accounts: [{ id: 'c1', name: 'Checking', type: 'checking', currency: 'USD', balance: '10.00' }],
      }),
      { path: ':memory:', clock: new TestClock(Date.parse('2026-11-26T10:00:00-05:00')) },
    );
    const snapshot = await loadSnapshot(bank, 'nomad');
    const text = 'where is the nearest branch';
    const entities = extractEntities(text, understandingContext(snapshot, 'en', bank.now()));
    const utterance = {
      text,
      lang: 'en',
      intent: 'branch.find',
      confidence: 1,
      ranked: [],
      entities,
    } as const;
    const a = await answer({
      intent: 'branch.find',
      utterance,
      snapshot,
      lang: 'en',
      bank,
      customerId: 'nomad',
      nowMs: bank.now(),
      location: undefined,
    });
    expect(a.says.map((s) => render(s.key, s.params ?? {}, 'en')).join(' ')).toMatch(
      /^I don't know where you are\./,
    );
    await bank.close();
  });

  it("gives a named branch's hours today, another day's, and the weekend's", async () => {
    const today = await ask('alice', 'branch.hours', 'until what time is the wall street branch open today');
    expect(today.en).toBe("Wall Street Branch is open today from 8:30 AM to 5:30 PM, and it's open now.");
    const tomorrow = await ask(
      'alice',
      'branch.hours',
      'what time does the wall street branch open tomorrow morning',
    );
    expect(tomorrow.en).toBe('On Friday, November 27, Wall Street Branch is open from 8:30 AM to 5:30 PM.');
    const weekend = await ask('alice', 'branch.hours', 'is the midtown branch open at the weekend');
    expect(weekend.en).toBe('Midtown Branch at the weekend: Saturday, from 9 AM to 1 PM; Sunday, closed.');
    expect(weekend.zh).toBe('Midtown Branch周末营业时间：周六上午9点到下午1点，周日不营业。');
    expect(noAccountData(today.answer)).toBe(true);
  });

  it('finds the branch a Mandarin question names by a landmark the NLU did not extract', async () => {
    const r = await ask('wei', 'branch.hours', '外滩那家今天几点下班');
    expect(r.zh).toBe('Bund Branch今天的营业时间是上午9点到下午5点，现在正在营业。');
  });

  it("gives the nearest branch's hours when none is named", async () => {
    const r = await ask('wei', 'branch.hours', '网点几点关门');
    expect(r.zh).toBe("People's Square Branch今天的营业时间是上午9点到下午5点，现在正在营业。");
  });

  it("gives a branch's phone number and address", async () => {
    const r = await ask('alice', 'branch.phone', 'what is the phone number of the midtown branch');
    expect(r.en).toBe(
      'Midtown Branch is at 500 5th Avenue, New York, NY, and its phone number is 212-555-0140.',
    );
    const zh = await ask('wei', 'branch.phone', '外滩支行的电话是多少');
    expect(zh.zh).toContain('电话是021-5055-0103');
  });
});

describe('exchange rates', () => {
  it('quotes the rate between the currencies said', async () => {
    const r = await ask('alice', 'rates.exchange', "what's the rate for us dollars into chinese yuan today");
    expect(r.en).toBe('One US dollar is 7.1234 Chinese yuan.');
    expect(r.zh).toBe('现在1美元可以兑换7.1234人民币。');
    expect(noAccountData(r.answer)).toBe(true);
  });

  it('converts an amount exactly', async () => {
    const r = await ask('alice', 'rates.exchange', 'how much is 100 dollars in yuan');
    expect(r.en).toBe('One US dollar is 7.1234 Chinese yuan. $100.00 converts to ¥712.34.');
    expect(r.zh).toContain('$100.00可以兑换¥712.34。');
    const zh = await ask('wei', 'rates.exchange', '今天一美元能换多少人民币');
    expect(zh.zh).toBe('现在1美元可以兑换7.1234人民币。 $1.00可以兑换¥7.12。');
  });

  it('converts the other way at the inverted rate', async () => {
    // 1 / 7.1234 = 0.14038240 (8 places); 1000 × 0.14038240 = 140.3824 → $140.38.
    const r = await ask('alice', 'rates.exchange', 'how many dollars is 1000 yuan');
    expect(r.en).toBe('One Chinese yuan is 0.1404 US dollars. ¥1,000.00 converts to $140.38.');
  });

  it("defaults to the customer's base currency against USD or CNY, stronger currency first", async () => {
    expect((await ask('alice', 'rates.exchange', "what's the exchange rate")).en).toBe(
      'One US dollar is 7.1234 Chinese yuan.',
    );
    expect((await ask('wei', 'rates.exchange', '汇率是多少')).zh).toBe('现在1美元可以兑换7.1234人民币。');
    expect((await ask('wei', 'rates.exchange', '欧元汇率')).zh).toBe('现在1欧元可以兑换7.7290人民币。');
  });

  it('says when it has no rate', async () => {
    const r = await ask('alice', 'rates.exchange', 'how many korean won for a dollar');
    expect(r.en).toMatch(/^(I don't have an exchange rate between|One )/);
  });
});
