/**
 * Answers to informational intents: computed from the bank (`kind: answer` in the NLU catalogue) or
 * taken from the catalogue's bilingual FAQ (`kind: faq`). Answers are short and speakable: at most
 * about three sentences, lists of at most five, amounts in digits with their currency. Every Say that
 * names account data is flagged, so the phone channel asks for the PIN before speaking it.
 */
import { accountBalance, accountDetails } from './balances.ts';
import { billHistory, billList } from './bills.ts';
import { cardBill, cardLimit, cardList } from './cards.ts';
import { CATALOGUE, faqAnswer, isFaqIntent } from './faq.ts';
import { accountInterest, loanRates } from './interest.ts';
import { depositMaturity, loanBalance, loanPaymentDue } from './loans.ts';
import { atmFind, branchFind, branchHours, branchPhone } from './places.ts';
import { profileView } from './profile.ts';
import { exchangeRate } from './rates.ts';
import { publicSay } from './speech.ts';
import { accountSpending, accountTransactions } from './transactions.ts';
import { payeeList, scheduledTransfers, transferLimit, transferStatus } from './transfers.ts';
import type { Answer, AnswerHandler, AnswerInput } from './types.ts';

export type { Answer, AnswerInput } from './types.ts';
export { BANK_NAME } from './faq.ts';

/** The intents computed from the bank, each with its handler. */
const HANDLERS: Readonly<Record<string, AnswerHandler>> = {
  'account.balance': accountBalance,
  'account.transactions': accountTransactions,
  'account.spending': accountSpending,
  'account.details': accountDetails,
  'card.bill': cardBill,
  'card.limit': cardLimit,
  'card.list': cardList,
  'transfer.limit': transferLimit,
  'transfer.status': transferStatus,
  'transfer.list_scheduled': scheduledTransfers,
  'payee.list': payeeList,
  'bill.list': billList,
  'bill.history': billHistory,
  'branch.find': branchFind,
  'atm.find': atmFind,
  'branch.hours': branchHours,
  'branch.phone': branchPhone,
  'rates.exchange': exchangeRate,
  'loan.balance': loanBalance,
  'loan.payment_due': loanPaymentDue,
  'deposit.maturity': depositMaturity,
  'profile.view': profileView,
};

/**
 * FAQ intents (`kind: faq`) the bank can often answer itself: the handler gives the customer's own
 * figure when the bank has it ("your savings pays 4.10%") and the catalogue's text otherwise.
 */
const FROM_BANK_ELSE_FAQ: Readonly<Record<string, AnswerHandler>> = {
  'account.interest': accountInterest,
  'loan.rates': loanRates,
};

/** Whether the intent is informational: `kind: answer` or `kind: faq` in the catalogue. */
export function isAnswerIntent(intent: string): boolean {
  const kind = CATALOGUE.get(intent)?.kind;
  return kind === 'answer' || kind === 'faq';
}

/**
 * What the agent says for an informational intent. Reads the bank afresh (the snapshot may predate
 * a movement in this session); rejects only when the bank does. The session adds "Anything else?"
 * unless `offerHandoff` is set, in which case the answer already ends with a question.
 */
export async function answer(input: AnswerInput): Promise<Answer> {
  const handler = HANDLERS[input.intent];
  if (handler) return handler(input);
  const fromBank = FROM_BANK_ELSE_FAQ[input.intent];
  if (fromBank) return fromBank(input);
  if (isFaqIntent(input.intent)) return faqAnswer(input);
  return { says: [publicSay('answer.unknown')] };
}

/** The intents `answer` computes from the bank (for tests and docs: the FAQ ones come from the catalogue). */
export const COMPUTED_INTENTS: readonly string[] = Object.keys(HANDLERS);
