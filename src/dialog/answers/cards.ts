import type { Card } from '../../bank/index.ts';
import { formatMoney } from '../../nlg/index.ts';
import { cardLabel } from '../labels.ts';
import type { Say } from '../types.ts';
import {
  accountSay,
  joinItems,
  longDate,
  MAX_SPOKEN_ITEMS,
  moneyText,
  named,
  phrase,
  todayOf,
} from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

/**
 * The credit cards a card question is about: the ones named, else every credit card. A named debit
 * card is returned too, so the answer can say it has no bill or limit instead of ignoring it.
 */
function cardsAskedAbout(input: AnswerInput, cards: readonly Card[]): Card[] {
  const asked = named(cards, input.utterance.entities.card);
  const credit = asked.filter((c) => c.type === 'credit');
  if (credit.length > 0) return credit;
  if (asked.length > 0) return asked;
  return cards.filter((c) => c.type === 'credit');
}

async function billSays(card: Card, input: AnswerInput): Promise<Say[]> {
  const label = cardLabel(card, input.lang);
  if (card.type === 'debit') return [accountSay('answer.card.debit_has_no_bill', { card: label })];
  const bill = await input.bank.getCardBill(input.customerId, card.id);
  if (!bill) return [accountSay('answer.card.unknown')];
  const current = formatMoney(bill.currentBalance);
  if (bill.statementBalance.amountMinor <= 0) {
    return [accountSay('answer.card.bill.nothing_due', { card: label, current })];
  }
  const params = {
    card: label,
    statement: formatMoney(bill.statementBalance),
    minimum: formatMoney(bill.minimumDue),
    due: bill.dueDate === undefined ? undefined : longDate(bill.dueDate, input.lang, todayOf(input)),
    current,
  };
  return [accountSay(bill.dueDate === undefined ? 'answer.card.bill.nodate' : 'answer.card.bill', params)];
}

/** card.bill: statement balance, minimum due, due date and what is owed now, per credit card. */
export async function cardBill(input: AnswerInput): Promise<Answer> {
  const cards = cardsAskedAbout(input, await input.bank.listCards(input.customerId));
  if (cards.length === 0) return { says: [accountSay('answer.card.no_credit_card')] };
  // Two cards' bills are already six figures to hold in mind; more would not be heard.
  const says = await Promise.all(cards.slice(0, 2).map((c) => billSays(c, input)));
  return { says: says.flat() };
}

/** card.limit: credit limit and available credit, per credit card. */
export async function cardLimit(input: AnswerInput): Promise<Answer> {
  const cards = cardsAskedAbout(input, await input.bank.listCards(input.customerId));
  if (cards.length === 0) return { says: [accountSay('answer.card.no_credit_card')] };
  return {
    says: cards.slice(0, 2).map((c) =>
      c.type === 'debit'
        ? accountSay('answer.card.debit_has_no_limit', { card: cardLabel(c, input.lang) })
        : accountSay('answer.card.limit', {
            card: cardLabel(c, input.lang),
            limit: moneyText(c.creditLimitMinor, c.currency),
            available: moneyText(c.availableCreditMinor, c.currency),
          }),
    ),
  };
}

/** card.list: every card with its type and state (active, frozen, blocked, not yet activated). */
export async function cardList(input: AnswerInput): Promise<Answer> {
  const cards = await input.bank.listCards(input.customerId);
  if (cards.length === 0) return { says: [accountSay('answer.card.list.none')] };
  const items = cards.map((c) =>
    phrase(
      'answer.card.list.item',
      {
        card: cardLabel(c, input.lang),
        type: phrase(`answer.card.type.${c.type}`, {}, input.lang),
        status: phrase(`answer.card.status.${c.status}`, {}, input.lang),
      },
      input.lang,
    ),
  );
  return {
    says: [
      accountSay(
        cards.length === 1
          ? 'answer.card.list.one'
          : cards.length > MAX_SPOKEN_ITEMS
            ? 'answer.card.list.more'
            : 'answer.card.list',
        {
          count: cards.length,
          items: joinItems(items, input.lang),
        },
      ),
    ],
  };
}
