import type { Account } from '../../bank/index.ts';
import type { Say } from '../types.ts';
import { faqAnswer } from './faq.ts';
import { accountSay, askedAccount, moneyText, named, shortDate, spokenAccount, todayOf } from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

/** "How much interest did it earn": the interest paid in, not only the rate. */
const EARNED = /\b(?:earn|earned|earning|made|make|paid|pay me|got|get)\b|赚|得了|收入|结息|到账|付了|给了/;
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
  const says: Say[] = [];
  for (const a of withRate.slice(0, 3)) {
    says.push(rateSay(a, input));
    if (earned) says.push(await lastPaidSay(a, input));
  }
  return { says };
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

async function lastPaidSay(a: Account, input: AnswerInput): Promise<Say> {
  const credits = await input.bank.searchTransactions(input.customerId, {
    accountId: a.id,
    direction: 'credit',
    limit: 200,
  });
  const last = credits.find((t) => INTEREST_MERCHANT.test(t.merchant));
  if (!last) return accountSay('answer.account.interest.none_paid');
  return accountSay('answer.account.interest.paid', {
    amount: moneyText(last.amountMinor, last.currency),
    date: shortDate(last.date, input.lang, todayOf(input)),
  });
}
