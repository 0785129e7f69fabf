import type { Account, Transaction } from '../../bank/index.ts';
import type { Say } from '../types.ts';
import { faqAnswer } from './faq.ts';
import {
  accountSay,
  askedAccount,
  moneyText,
  named,
  periodPhrase,
  shortDate,
  spokenAccount,
  todayOf,
} from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

/**
 * "How much interest did it earn", 利息多少 (利息 is the money, 利率 the rate): the interest paid
 * in, not only the rate.
 */
const EARNED =
  /\b(?:earn|earned|earning|made|make|paid|pay me|got|get)\b|\bhow much interest\b|赚|得了|收入|结息|到账|付了|给了|利息(?:是|有|能有|一共|总共)?多少|多少利息|几块钱利息/;
/** How an interest payment reads in the history. */
const INTEREST_MERCHANT = /interest|利息|结息/i;

/**
 * account.interest: the rate the customer's own account pays (a loan: charges), from the bank; asked
 * what it earned, also its latest interest payment. Without a rate on record, the catalogue's answer
 * (where the app shows it).
 */
export async function accountInterest(input: AnswerInput): Promise<Answer> {
  const accounts = await input.bank.listAccounts(input.customerId);
  const asked = named(accounts, askedAccount(input.utterance.entities));
  const withRate = (asked.length > 0 ? asked : accounts.filter((a) => a.type !== 'loan')).filter(
    (a) => a.interestRate !== undefined,
  );
  if (withRate.length === 0 || (asked.length > 0 && withRate.length < asked.length)) return faqAnswer(input);
  const earned = EARNED.test(input.utterance.text.toLowerCase());
  const range = periodOf(input);
  const says: Say[] = [];
  for (const a of withRate.slice(0, 3)) {
    says.push(rateSay(a, input));
    if (range) says.push(await paidInSay(a, range, input));
    else if (earned) says.push(await lastPaidSay(a, input));
  }
  return { says };
}

/** A period the question names ("last month", 上个月): the interest paid in it is asked about. */
function periodOf(input: AnswerInput): { readonly from: string; readonly to: string } | undefined {
  const e = input.utterance.entities;
  if (e.dateRange) return e.dateRange;
  return e.date === undefined ? undefined : { from: e.date, to: e.date };
}

function rateSay(a: Account, input: AnswerInput): Say {
  return accountSay(
    a.type === 'loan' ? 'answer.account.interest.rate.loan' : 'answer.account.interest.rate',
    {
      account: spokenAccount(a, input.lang),
      rate: a.interestRate,
    },
  );
}

function interestPaid(
  a: Account,
  input: AnswerInput,
  range?: { readonly from: string; readonly to: string },
): Promise<Transaction[]> {
  return input.bank
    .searchTransactions(input.customerId, {
      accountId: a.id,
      direction: 'credit',
      ...(range ? { fromDate: range.from, toDate: range.to } : {}),
      limit: 200,
    })
    .then((credits) => credits.filter((t) => INTEREST_MERCHANT.test(t.merchant)));
}

/** The interest paid into the account in a period: its total, and the date when it came once. */
async function paidInSay(
  a: Account,
  range: { readonly from: string; readonly to: string },
  input: AnswerInput,
): Promise<Say> {
  const today = todayOf(input);
  const paid = await interestPaid(a, input, range);
  const period = periodPhrase(range, input.lang, today);
  const [only] = paid;
  if (!only) return accountSay('answer.account.interest.none_in', { period });
  const total = paid.reduce((sum, t) => sum + t.amountMinor, 0);
  if (paid.length === 1)
    return accountSay('answer.account.interest.paid_in.one', {
      period,
      amount: moneyText(total, only.currency),
      date: shortDate(only.date, input.lang, today),
    });
  return accountSay('answer.account.interest.paid_in', {
    period,
    amount: moneyText(total, only.currency),
    count: paid.length,
  });
}

async function lastPaidSay(a: Account, input: AnswerInput): Promise<Say> {
  const [last] = await interestPaid(a, input);
  if (!last) return accountSay('answer.account.interest.none_paid');
  return accountSay('answer.account.interest.paid', {
    amount: moneyText(last.amountMinor, last.currency),
    date: shortDate(last.date, input.lang, todayOf(input)),
  });
}

/** The customer asks about their own loan ("my mortgage rate", 我的房贷利率), not the bank's rates. */
const OWN_LOAN =
  /\b(?:my|mine|am i paying|i'm paying|do i pay|we pay|our)\b|我的|我家|我们家|我(?:现在|目前)?(?:的)?(?:房贷|车贷|贷款|按揭)/;
const HOME_LOAN_WORDS = /\b(?:mortgage|home loan|house loan)\b|房贷|按揭|住房贷款|房屋贷款/;
const HOME_LOAN_NAME = /mortgage|home|house|房|按揭/i;
const CAR_LOAN_WORDS = /\b(?:car|auto) loan\b|车贷|汽车贷款/;
const CAR_LOAN_NAME = /\bcar\b|\bauto|车/i;

/** Whether a loan is the kind the question names: a car loan is not "my mortgage". */
function fitsProduct(a: Account, text: string): boolean {
  const name = `${a.name} ${a.nickname ?? ''}`;
  if (HOME_LOAN_WORDS.test(text)) return HOME_LOAN_NAME.test(name);
  if (CAR_LOAN_WORDS.test(text)) return CAR_LOAN_NAME.test(name);
  return true;
}

/**
 * loan.rates: asked about their own loan ("what's my mortgage rate"), the rate it is charged, from
 * the bank; otherwise (the bank's rates in general, or no such loan) the catalogue's answer.
 */
export async function loanRates(input: AnswerInput): Promise<Answer> {
  const text = input.utterance.text.toLowerCase();
  if (!OWN_LOAN.test(text)) return faqAnswer(input);
  const accounts = await input.bank.listAccounts(input.customerId);
  const asked = named(accounts, askedAccount(input.utterance.entities));
  const loans = (asked.length > 0 ? asked : accounts).filter(
    (a) => a.type === 'loan' && a.interestRate !== undefined && fitsProduct(a, text),
  );
  if (loans.length === 0) return faqAnswer(input);
  return { says: loans.slice(0, 3).map((a) => rateSay(a, input)) };
}
