import type { Account } from '../../bank/index.ts';
import type { Say } from '../types.ts';
import { accountSay, askedAccount, longDate, moneyText, named, spokenAccount, todayOf } from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

/** The accounts of one type a question is about: the ones named of that type, else all of it. */
async function accountsOfType(input: AnswerInput, type: Account['type']): Promise<Account[]> {
  const all = (await input.bank.listAccounts(input.customerId)).filter((a) => a.type === type);
  const asked = named(all, askedAccount(input.utterance.entities));
  return asked.length > 0 ? asked : all;
}

/** loan.balance: what is still owed on each loan, with its rate. */
export async function loanBalance(input: AnswerInput): Promise<Answer> {
  const loans = await accountsOfType(input, 'loan');
  if (loans.length === 0) return { says: [accountSay('answer.loan.none')] };
  return {
    says: loans.slice(0, 3).map((a) =>
      accountSay(a.interestRate === undefined ? 'answer.loan.balance' : 'answer.loan.balance.rate', {
        account: spokenAccount(a, input.lang),
        amount: moneyText(-a.balanceMinor, a.currency),
        rate: a.interestRate,
      }),
    ),
  };
}

function paymentSay(a: Account, input: AnswerInput): Say {
  const account = spokenAccount(a, input.lang);
  if (a.balanceMinor >= 0) return accountSay('answer.loan.paid_off', { account });
  if (a.dueDate === undefined || !a.paymentDueMinor)
    return accountSay('answer.loan.payment.none', { account });
  return accountSay('answer.loan.payment', {
    account,
    amount: moneyText(a.paymentDueMinor, a.currency),
    date: longDate(a.dueDate, input.lang, todayOf(input)),
  });
}

/** loan.payment_due: the next payment's amount and due date, per loan. */
export async function loanPaymentDue(input: AnswerInput): Promise<Answer> {
  const loans = await accountsOfType(input, 'loan');
  if (loans.length === 0) return { says: [accountSay('answer.loan.none')] };
  return { says: loans.slice(0, 3).map((a) => paymentSay(a, input)) };
}

const EARLY = /\b(early|before|withdraw|take out|break|cash out)\b|提前|取出|支取|提取|取钱/;

/**
 * deposit.maturity: when each time deposit matures, with its amount and rate. Asked about taking it
 * out early, the answer offers a colleague: breaking a deposit is not a task the agent runs.
 */
export async function depositMaturity(input: AnswerInput): Promise<Answer> {
  const deposits = await accountsOfType(input, 'deposit');
  if (deposits.length === 0) return { says: [accountSay('answer.deposit.none')] };
  const says = deposits.slice(0, 3).map((a) =>
    accountSay(a.dueDate === undefined ? 'answer.deposit.open_ended' : 'answer.deposit.maturity', {
      account: spokenAccount(a, input.lang),
      amount: moneyText(a.balanceMinor, a.currency),
      date: a.dueDate === undefined ? undefined : longDate(a.dueDate, input.lang, todayOf(input)),
    }),
  );
  if (!EARLY.test(input.utterance.text.toLowerCase()))
    return { says: [...says, accountSay('answer.deposit.at_maturity')] };
  return { says: [...says, accountSay('answer.deposit.early')], offerHandoff: true };
}
