import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, SqliteBank } from '../../src/bank/index.ts';
import { loadSnapshot, understandingContext, type CustomerSnapshot } from '../../src/dialog/customer.ts';
import { extractEntities, type Entities } from '../../src/nlu/index.ts';

/*
 * Red-team of English entity extraction, as ASR hands it over: lowercase, no punctuation, numbers
 * often spelled out. Context: demo customer Alice Chen (USD), built exactly as
 * test/nlu/self-repair.test.ts and the `teller nlu` CLI build it; clock Thursday 2026-11-26 10:00
 * America/New_York. Alice's payees: Bob Li (bob), Bob Chen (bob-chen), Maria Garcia (maria), Mom
 * (mom; mother, mum, my mom), Greenwood Properties (landlord; landlord, my landlord, rent).
 * Accounts: checking …1234, savings …5678, car-loan …3001. Cards: visa …9876, debit …4455.
 * Billers include Greenwood HOA (hoa).
 *
 * Every `it` outside "passed before" asserts the value a banker would hear and failed before this
 * file was added (a red-team of 2026-11-29); the comment or name says what was extracted then.
 */

const bank = SqliteBank.create(demoWorld(), { path: ':memory:' });
let snapshot: CustomerSnapshot | undefined;
const NOW = Date.parse('2026-11-26T15:00:00Z'); // 10:00 in New York, Thursday

beforeAll(async () => {
  snapshot = await loadSnapshot(bank, 'alice');
});
afterAll(() => bank.close());

function read(text: string, awaiting?: string): Entities {
  if (!snapshot) throw new Error('no snapshot');
  return extractEntities(text, understandingContext(snapshot, 'en', NOW, awaiting));
}
const id = (ref: unknown): string | undefined => (ref as { id?: string } | undefined)?.id;
const amount = (text: string, awaiting?: string) => read(text, awaiting).amount?.value;

describe('wrong money amount: a correction said without the expected words is ignored', () => {
  // Today: 500.00 (sorry / no / actually / i mean / wait work; these do not).
  it.each([
    'send mom five hundred oops fifty',
    'send mom 500 whoops 50',
    'send mom 500 my bad 50',
    'send mom 500 strike that 50',
    'send mom 500 change that to 50',
    'send mom 500 not 500 50',
    'send mom five hundred or should i say fifty',
  ])('%s → 50.00', (text) => {
    expect(amount(text)).toBe('50.00');
  });

  it('not fifty sixty → 60.00 (was 5060.00: the denied and the meant amount run together)', () => {
    expect(amount('not fifty sixty')).toBe('60.00');
  });

  it('not fifty dollars sixty dollars → 60.00 USD (was 50.60 USD: "sixty" read as cents)', () => {
    expect(read('not fifty dollars sixty dollars').amount).toEqual({ value: '60.00', currency: 'USD' });
  });
});

describe('wrong money amount: number phrases misread', () => {
  it.each([
    // was 50.00: "hundred" without "a"/"one" is dropped and only the tail is read
    ['send mom hundred and fifty', '150.00'],
    ['send mom hundred fifty', '150.00'],
    // was 500.00: "and 50" after a digit + "hundred" is dropped
    ['send mom 5 hundred and 50', '550.00'],
    // was 1000.00
    ['send mom a grand and a half', '1500.00'],
    // was 1000000.00: "a quarter of" is skipped and "a million" read
    ['send mom a quarter of a million', '250000.00'],
    // was 3.00
    ['send mom three quarters of a million', '750000.00'],
    // was 1.00: "a dollar" read, "half" dropped (twice the money)
    ['send mom half a dollar', '0.50'],
    // was 1.00
    ['send mom a dollar and a half', '1.50'],
    // was 100.00 ("one oh five" gives 105.00)
    ['send mom a hundred oh five', '105.00'],
    ['send mom one hundred oh five', '105.00'],
    // was 300.00: the cents are dropped
    ['send mom 300 and 25 cents', '300.25'],
    ['send mom 500 and 50 cents', '500.50'],
    // was 2.00 / 5.00: "and fifty" after the dollars is dropped ("two dollars fifty" gives 2.50)
    ['send mom two dollars and fifty', '2.50'],
    ['send mom five dollars and five', '5.05'],
  ])('%s → %s', (text, want) => {
    expect(amount(text)).toBe(want);
  });

  it('send mom half of 500 → 250.00 or no amount (was 500.00)', () => {
    expect([undefined, '250.00']).toContain(amount('send mom half of 500'));
  });

  it('send mom 10 percent of 500 → 50.00 or no amount (was 500.00)', () => {
    expect([undefined, '50.00']).toContain(amount('send mom 10 percent of 500'));
  });

  it('send mom two twenties → 40.00 or no amount (was 2.00)', () => {
    expect([undefined, '40.00']).toContain(amount('send mom two twenties'));
  });
});

describe('wrong money amount: a number that is not money', () => {
  it('move money to my 401k → no amount (was 401000.00)', () => {
    expect(amount('move money to my 401k')).toBeUndefined();
  });

  it('pay mom december third twenty twenty seven → no amount (was 2027.00: the spoken year)', () => {
    expect(amount('pay mom december third twenty twenty seven')).toBeUndefined();
  });

  it("what's the balance on 5678 → no amount, account savings (was amount 5678.00, no account)", () => {
    const e = read("what's the balance on 5678");
    expect(e.amount).toBeUndefined();
    expect(id(e.account)).toBe('savings');
  });

  it('15 while the agent asks for the date → date 2026-12-15, no amount (was amount 15.00, no date)', () => {
    const e = read('15', 'date');
    expect(e.amount).toBeUndefined();
    expect(e.date).toBe('2026-12-15');
  });
});

describe('wrong or missing currency (a foreign amount left to default to dollars)', () => {
  it('send mom 100 aussie dollars → AUD (was no currency on the amount, currencies [USD])', () => {
    const e = read('send mom 100 aussie dollars');
    expect(e.amount).toEqual({ value: '100.00', currency: 'AUD' });
    expect(e.currencies ?? []).not.toContain('USD');
  });

  it('send mom 100 mexican pesos → MXN (was no currency)', () => {
    expect(read('send mom 100 mexican pesos').amount).toEqual({ value: '100.00', currency: 'MXN' });
  });

  it('send mom a hundred canadian → CAD (was no currency)', () => {
    expect(read('send mom a hundred canadian').amount).toEqual({ value: '100.00', currency: 'CAD' });
  });
});

describe('wrong payee', () => {
  // Denials and corrections without a comma (ASR gives none) or with "i meant" / "oops".
  it.each([
    'send fifty not to bob chen but to bob li', // was bob-chen
    'send 50 not to bob chen to bob li', // was bob-chen
    'not bob chen bob li', // was bob-chen ("not bob chen, bob li" works)
    'send 50 to bob chen i meant bob li', // was bob-chen ("i mean" works)
    'send 50 to bob chen oops bob li', // was bob-chen
    'send 50 to bob chen whoops bob li', // was bob-chen
  ])('%s → bob (Bob Li)', (text) => {
    expect(read(text).payee).toEqual({ kind: 'one', id: 'bob' });
  });

  // Someone who is not on the list resolves to someone who is.
  it.each([
    'send money to my mother in law', // was mom
    "send 50 to my mom's friend linda", // was mom
    'send 50 to jose garcia', // was maria
    'send 50 to carla garcia', // was maria
    'send 50 to robert garcia', // was maria
    'send 50 to jim li', // was bob
    'send 50 to tim li', // was bob
  ])('%s → no payee', (text) => {
    expect(read(text).payee).toBeUndefined();
  });

  it('send 50 to greenwood hoa → no payee, biller hoa (was payee landlord AND biller hoa)', () => {
    const e = read('send 50 to greenwood hoa');
    expect(e.payee).toBeUndefined();
    expect(id(e.biller)).toBe('hoa');
  });

  it('send 50 to greenwood properties → payee landlord, no biller (was also biller hoa)', () => {
    const e = read('send 50 to greenwood properties');
    expect(id(e.payee)).toBe('landlord');
    expect(e.biller).toBeUndefined();
  });

  it.each(['send 50 to mama', 'send 50 to mommy'])('%s → mom (was no payee, place only)', (text) => {
    expect(id(read(text).payee)).toBe('mom');
  });
});

describe('wrong account or card role (money taken from the wrong place)', () => {
  it('pay my car loan from savings → from savings to car-loan (was account car-loan, savings lost)', () => {
    const e = read('pay my car loan from savings');
    expect(id(e.account)).toBe('savings');
    expect(id(e.toAccount)).toBe('car-loan');
  });

  it('pay 350 towards the car loan from checking → from checking to car-loan (was account car-loan)', () => {
    const e = read('pay 350 towards the car loan from checking');
    expect(id(e.account)).toBe('checking');
    expect(id(e.toAccount)).toBe('car-loan');
  });

  it('send 500 to account ending 1234 → toAccount checking, no source (was account = checking)', () => {
    const e = read('send 500 to account ending 1234');
    expect(id(e.toAccount)).toBe('checking');
    expect(e.account).toBeUndefined();
  });

  it('move 50 not to checking to savings → toAccount savings (was checking)', () => {
    expect(id(read('move 50 not to checking to savings').toAccount)).toBe('savings');
  });

  it('send 50 from checking oops savings to mom → account savings (was checking)', () => {
    expect(id(read('send 50 from checking oops savings to mom').account)).toBe('savings');
  });

  it.each(['send 50 from savings 5678 to mom', 'send 50 from 5678 to mom'])(
    '%s → account savings (was no account)',
    (text) => {
      expect(id(read(text).account)).toBe('savings');
    },
  );

  // Another person's account is not one of Alice's.
  it.each([
    "send 50 to bob li's savings", // was account savings
    "send 50 to maria's account", // was account ambiguous [checking, savings, car-loan]
    'pay 600 to bob li whose account ends in 4321', // was account ambiguous
    'send 50 to mom reference 1234', // was account checking (the reference is checking's last four)
  ])('%s → no own account', (text) => {
    expect(read(text).account).toBeUndefined();
  });

  // account.balance reads entities.account only: these get every balance instead of the one asked.
  it.each([
    ['how much is in savings', 'savings'],
    ['how much do i have in checking', 'checking'],
    ["what's in my checking account", 'checking'],
    ["what's the balance in my savings account", 'savings'],
  ])('%s → account %s (was toAccount, no account)', (text, want) => {
    expect(id(read(text).account)).toBe(want);
  });
});

describe('wrong or missing recurrence', () => {
  it.each([
    'pay mom 50 in a month', // was monthly: a one-off becomes a standing order
    'pay mom 50 a month from now', // was monthly
    'what did i pay mom a month ago', // was monthly
    'pay mom 50 in a fortnight', // was biweekly
    'pay mom 50 twice a month', // was monthly (half as many payments)
    'send mom 50 for the weekly groceries', // was weekly
  ])('%s → no frequency', (text) => {
    expect(read(text).frequency).toBeUndefined();
  });

  it.each([
    ['pay mom 50 bi weekly', 'biweekly'], // was weekly: twice as many payments
    ['pay mom 50 every other friday', 'biweekly'], // was none
    ['pay mom 50 every second friday', 'biweekly'], // was none
    ['pay mom 50 every monday', 'weekly'], // was none
    ['pay mom 50 each friday', 'weekly'], // was none
    ['pay mom 50 once a week', 'weekly'], // was none
  ])('%s → %s', (text, want) => {
    expect(read(text).frequency).toBe(want);
  });
});

describe('wrong or missing date (clock: Thursday 2026-11-26)', () => {
  it.each([
    ['pay mom december third twenty twenty seven', '2027-12-03'], // was 2026-12-03 (and amount 2027.00)
    ['pay mom two weeks from friday', '2026-12-11'], // was 2026-11-27
    ['pay mom a week from friday', '2026-12-04'], // was 2026-11-27
    ['pay mom on friday the 4th', '2026-12-04'], // was 2026-11-27
    ['pay mom tuesday after next', '2026-12-08'], // was 2026-12-01
    ['pay mom a week tomorrow', '2026-12-04'], // was 2026-11-27
    ['send 50 to mom not tomorrow monday', '2026-11-30'], // was 2026-11-27
    ['send 50 to mom not on the 5th on the 6th', '2026-12-06'], // was 2026-12-05
    ['send 50 to mom on the 5th oops the 6th', '2026-12-06'], // was 2026-12-05
    ['send 100 to mom on the 5', '2026-12-05'], // was no date: paid now instead of on the 5th
    ['send mom 200 by the 15', '2026-12-15'], // was no date
    ['send mom 200 on 15', '2026-12-15'], // was no date
  ])('%s → %s', (text, want) => {
    expect(read(text).date).toBe(want);
  });
});

describe('amount missing (the agent re-asks for what was said)', () => {
  it.each([
    ['send mom 50 december 3rd', '50.00'], // "send 300 on december 3" works; without "on" 50 is dropped
    ['send mom 3rd december 50', '50.00'],
    ['not 500 50', '50.00'],
    ['send mom hundred bucks', '100.00'],
    ['send mom hundred dollars', '100.00'],
  ])('%s → %s', (text, want) => {
    expect(amount(text)).toBe(want);
  });
});

describe('a range read as an exact amount', () => {
  it('send mom between 50 and 60 → approximate or no amount (was exactly 50.00)', () => {
    const a = read('send mom between 50 and 60').amount;
    expect(a === undefined || a.approximate === true).toBe(true);
  });
});

describe('passed before (close calls worth pinning)', () => {
  it.each([
    ['send bob two grand', '2000.00'],
    ['send fifteen hundred to bob li', '1500.00'],
    ['pay twelve hundred fifty to the landlord', '1250.00'],
    ['send two fifty to mom', '250.00'],
    ['send a hundred and five to mom', '105.00'],
    ['send 2.5k to savings', '2500.00'],
    ['send one thousand two hundred and thirty four dollars and fifty six cents to mom', '1234.56'],
    ['send forty dollars and five cents to mom', '40.05'],
    ['send a buck fifty to mom', '1.50'],
    ['send half a million to mom', '500000.00'],
    ['send 5 dollars 50 to mom', '5.50'],
    ['send $5.5 to mom', '5.50'],
    ['set up 3 payments of 100 to mom', '100.00'],
    ['pay 100 on the 15th to mom', '100.00'],
    ['send 500 to account ending 1234', '500.00'],
    ['top up 555 0123 with 20 dollars', '20.00'],
    ['send mom 500 make it 60 instead', '60.00'],
    ['send mom fifty not five hundred', '50.00'],
    ['send mom 500 change it to 50', '50.00'],
    ['send mom 500 no i said 50', '50.00'],
    ['send mom one hundred and five thousand', '105000.00'],
  ])('%s → %s', (text, want) => {
    expect(amount(text)).toBe(want);
  });

  it.each([
    'send a couple hundred to mom',
    'send a few hundred to mom',
    'send minus fifty to mom',
    'send 50 percent to mom',
    'my pin is 2468',
  ])('%s → no amount', (text) => {
    expect(amount(text)).toBeUndefined();
  });

  it.each([
    ['send 50 to bob lee', 'bob'],
    ['send 50 to bob chan', 'bob-chen'],
    ['send 50 to marie garcia', 'maria'],
    ['send 50 to my landlady', 'landlord'],
    ['send 50 to bob chen no bob li', 'bob'],
  ])('%s → payee %s', (text, want) => {
    expect(id(read(text).payee)).toBe(want);
  });

  it.each([
    ['pay mom in two weeks', '2026-12-10'],
    ['pay mom at the end of the month', '2026-11-30'],
    ['pay mom on new years day', '2027-01-01'],
    ['pay mom on the 31st', '2026-12-31'], // November has 30 days: the next 31st
    ['pay mom the fifteenth of next month', '2026-12-15'],
    ['pay mom 3rd of december', '2026-12-03'],
    ['send 50 to mom tomorrow no monday', '2026-11-30'],
  ])('%s → date %s', (text, want) => {
    expect(read(text).date).toBe(want);
  });

  it('pay mom monthly on the 1st → monthly from 2026-12-01', () => {
    const e = read('pay mom monthly on the 1st');
    expect([e.frequency, e.date]).toEqual(['monthly', '2026-12-01']);
  });
});

describe('the second red-team round (2026-11-29, session 24): what was left', () => {
  it.each([
    ['what did i spend at 7 eleven', '11.00'],
    ['how much did i spend at forever 21', '21.00'],
  ])('%s → no amount: a shop named after "at" (was %s)', (text) => {
    expect(amount(text)).toBeUndefined();
  });

  it('send at least 50 to bob li → 50.00 ("at least" is still money)', () => {
    expect(amount('send at least 50 to bob li')).toBe('50.00');
  });

  it.each(['pay my visa 9876 200', 'pay card ending 9876 two hundred', 'pay card ending 9876 200'])(
    '%s → the Visa, 200.00 (was phone 9876200, or the card ambiguous)',
    (text) => {
      const e = read(text);
      expect(id(e.card)).toBe('visa');
      expect(e.amount?.value).toBe('200.00');
      expect(e.phone).toBeUndefined();
    },
  );

  it('new payee jenny account 1234 5678 → no amount (an account number in two groups)', () => {
    expect(amount('new payee jenny account 1234 5678')).toBeUndefined();
  });

  it.each([
    ['send bob li 50 on thanksgiving', '2026-11-26'], // the fourth Thursday of November (was place "thanksgiving")
    ['pay rent on the last friday of the month', '2026-11-27'], // was 2026-11-20, last week's Friday
    ['pay rent on the first monday of next month', '2026-12-07'],
    ['send mom 20 on the first monday of the month', '2026-12-07'], // this month's has gone by
    ['send mom 20 on the second tuesday of december', '2026-12-08'],
    ['send mom 20 on labor day', '2027-09-06'],
    ['send mom 20 on memorial day', '2027-05-31'],
    ['send mom 20 on the day after thanksgiving', '2026-11-27'],
    ['send mom 20 on the day after christmas', '2026-12-26'], // was 2026-12-25
    ['send mom 20 on the fourth of july', '2027-07-04'],
  ])('%s → date %s, no place', (text, date) => {
    const e = read(text);
    expect(e.date).toBe(date);
    expect(e.place).toBeUndefined();
  });

  it.each([
    ['is the branch on 5th avenue open', '5th avenue'], // was date 2026-12-05 and no place
    ['my honeymoon is in zanzibar in june', 'zanzibar'], // was "zanzibar in june"
    ["i'm visiting my family in india next month", 'india'], // was "india next month"
  ])('%s → place %s', (text, place) => {
    const e = read(text);
    expect(e.place).toBe(place);
    if (place === '5th avenue') expect(e.date).toBeUndefined();
  });

  it.each([
    ['add payee maria garcia with iban ending 3344', 'Maria Garcia'], // was "Maria Garcia With Iban Ending 3344"
    ['add payee named fatima account ending 8812', 'Fatima'],
    ['add payee hiroshi routing 026009593 account 55 1234', 'Hiroshi'],
  ])('%s → name %s (the name stops at the account details)', (text, name) => {
    expect(read(text).name).toBe(name);
  });

  it.each([
    ['for nine months', 9],
    ['for 18 months', 18],
  ])('%s → termMonths %s', (text, months) => {
    expect(read(text).termMonths).toBe(months);
  });
});
