import type { Account, Card, Transaction, TransactionQuery } from '../../bank/index.ts';
import { parseDecimal, type CurrencyCode, type Money } from '../../shared/index.ts';
import { accountLabel, cardLabel } from '../labels.ts';
import { merchantOf } from './merchant.ts';
import {
  accountSay,
  askedAccount,
  baseCurrency,
  joinItems,
  moneyList,
  moneyText,
  monthOf,
  named,
  periodPhrase,
  phrase,
  shortDate,
  todayOf,
} from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

/** Most transactions one answer looks at; a voice answer about a period never needs more. */
const SEARCH_LIMIT = 500;
const READ_AT_MOST = 5;

/** What the transactions are on: an account, or a card (a debit card's are its account's). */
interface Source {
  readonly accountId: string;
  readonly label: string;
  readonly currency: CurrencyCode;
}

function sourceOf(
  input: AnswerInput,
  accounts: readonly Account[],
  cards: readonly Card[],
): Source | undefined {
  const e = input.utterance.entities;
  const ref = askedAccount(e);
  const [account] = named(accounts, ref);
  if (account && ref?.kind === 'one') {
    return { accountId: account.id, label: accountLabel(account, input.lang), currency: account.currency };
  }
  const [card] = named(cards, e.card);
  if (card && e.card?.kind === 'one') {
    const accountId = card.type === 'debit' ? (card.accountId ?? card.id) : card.id;
    return { accountId, label: cardLabel(card, input.lang), currency: card.currency };
  }
  return undefined;
}

const OVER =
  /\b(over|more than|above|greater than|bigger than|at least|larger than)\b|超过|以上|大于|高于|多于|至少/;
const UNDER = /\b(under|less than|below|smaller than|at most|up to)\b|以下|以内|小于|低于|少于|不到|不超过/;

/** An amount the customer searched by: exact, or a bound when they said "over" / "under". */
function amountFilter(
  input: AnswerInput,
  currency: CurrencyCode,
): { query: TransactionQuery; phrase?: string } {
  const amount = input.utterance.entities.amount;
  if (!amount) return { query: {} };
  const cur = amount.currency ?? currency;
  const parsed = parseDecimal(amount.value, cur);
  if (!parsed.ok) return { query: {} };
  const text = moneyText(parsed.value, cur);
  const said = input.utterance.text.toLowerCase();
  // "not over" would need a parser; the under-words are checked first so "不超过" is a maximum.
  if (UNDER.test(said))
    return {
      query: { maxAmountMinor: parsed.value },
      phrase: phrase('answer.tx.amount.under', { amount: text }, input.lang),
    };
  if (OVER.test(said))
    return {
      query: { minAmountMinor: parsed.value },
      phrase: phrase('answer.tx.amount.over', { amount: text }, input.lang),
    };
  return {
    query: { minAmountMinor: parsed.value, maxAmountMinor: parsed.value },
    phrase: phrase('answer.tx.amount.exact', { amount: text }, input.lang),
  };
}

function rangeOf(input: AnswerInput): { readonly from: string; readonly to: string } | undefined {
  const e = input.utterance.entities;
  // dateRange reads dates as past ("november 24" = the last one); `date` alone looks ahead, for tasks.
  if (e.dateRange) return e.dateRange;
  if (e.date) return { from: e.date, to: e.date };
  return undefined;
}

function item(t: Transaction, input: AnswerInput, today: string, oneDay: boolean): string {
  const params = {
    date: oneDay ? undefined : shortDate(t.date, input.lang, today),
    merchant: t.merchant,
    amount: moneyText(Math.abs(t.amountMinor), t.currency),
  };
  // A one-day search already said the date once.
  const key = `answer.tx.item.${t.amountMinor < 0 ? 'debit' : 'credit'}${oneDay ? '.nodate' : ''}`;
  return phrase(key, params, input.lang);
}

/**
 * account.transactions: the newest transactions (at most 5, newest first), on an account or card,
 * or a search by merchant, amount and date or period; says when there are none.
 */
export async function accountTransactions(input: AnswerInput): Promise<Answer> {
  const [accounts, cards] = await Promise.all([
    input.bank.listAccounts(input.customerId),
    input.bank.listCards(input.customerId),
  ]);
  const today = todayOf(input);
  const source = sourceOf(input, accounts, cards);
  const merchant = merchantOf(input.utterance.text, input.utterance.entities, input.snapshot.merchants);
  const amount = amountFilter(input, source?.currency ?? baseCurrency(input.snapshot));
  const range = rangeOf(input);
  const found = await input.bank.searchTransactions(input.customerId, {
    ...amount.query,
    ...(source ? { accountId: source.accountId } : {}),
    ...(merchant === undefined ? {} : { merchant }),
    ...(range ? { fromDate: range.from, toDate: range.to } : {}),
    limit: SEARCH_LIMIT,
  });
  const filtered = merchant !== undefined || amount.phrase !== undefined || range !== undefined;
  const what =
    filtered || source
      ? phrase(
          'answer.tx.what',
          {
            merchant:
              merchant === undefined ? undefined : phrase('answer.tx.merchant', { merchant }, input.lang),
            source: source ? phrase('answer.tx.source', { name: source.label }, input.lang) : undefined,
            period: range ? periodPhrase(range, input.lang, today) : undefined,
            amount: amount.phrase,
          },
          input.lang,
        )
      : phrase('answer.tx.what.all', {}, input.lang);
  if (found.length === 0) return { says: [accountSay('answer.account.transactions.none', { what })] };
  const shown = found.slice(0, READ_AT_MOST);
  const items = joinItems(
    shown.map((t) => item(t, input, today, range !== undefined && range.from === range.to)),
    input.lang,
  );
  // The total matters for a search ("3 Starbucks purchases"); for "recent transactions" it would be
  // the whole history, so it is left out.
  const key =
    filtered && found.length > shown.length
      ? 'answer.account.transactions.found'
      : 'answer.account.transactions.list';
  return { says: [accountSay(key, { what, items, total: found.length, count: shown.length })] };
}

const RECEIVED =
  /\b(receive|received|earn|earned|income|came in|got paid|paid in|deposited)\b|收入|进账|入账|到账|收到|赚/;

/**
 * account.spending: total debits over a period (default this month), optionally on one account or
 * card and for a merchant; "how much did I receive" totals credits instead. Money the customer moved
 * between their own accounts and cards (a card repayment, a transfer to savings) is neither spent nor
 * received, so movements to their own accounts and cards are left out.
 */
export async function accountSpending(input: AnswerInput): Promise<Answer> {
  const [accounts, cards, movements] = await Promise.all([
    input.bank.listAccounts(input.customerId),
    input.bank.listCards(input.customerId),
    input.bank.listMovements(input.customerId, SEARCH_LIMIT),
  ]);
  const today = todayOf(input);
  const source = sourceOf(input, accounts, cards);
  const merchant = merchantOf(input.utterance.text, input.utterance.entities, input.snapshot.merchants);
  const range = rangeOf(input) ?? monthOf(today);
  const received = RECEIVED.test(input.utterance.text.toLowerCase());
  const internal = new Set(
    movements.filter((m) => m.to.kind === 'account' || m.to.kind === 'card').map((m) => m.id),
  );
  const found = (
    await input.bank.searchTransactions(input.customerId, {
      direction: received ? 'credit' : 'debit',
      fromDate: range.from,
      toDate: range.to,
      ...(source ? { accountId: source.accountId } : {}),
      ...(merchant === undefined ? {} : { merchant }),
      limit: SEARCH_LIMIT,
    })
  ).filter((t) => t.movementId === undefined || !internal.has(t.movementId));
  const totals = new Map<CurrencyCode, number>();
  for (const t of found) totals.set(t.currency, (totals.get(t.currency) ?? 0) + Math.abs(t.amountMinor));
  const kind = received ? 'received' : 'spent';
  const params = {
    period: periodPhrase(range, input.lang, today),
    source: source ? phrase(`answer.spending.source.${kind}`, { name: source.label }, input.lang) : undefined,
    merchant:
      merchant === undefined
        ? undefined
        : phrase(`answer.spending.merchant.${kind}`, { merchant }, input.lang),
  };
  if (found.length === 0) return { says: [accountSay(`answer.account.spending.${kind}.none`, params)] };
  const sums: Money[] = [...totals].map(([currency, amountMinor]) => ({ amountMinor, currency }));
  return {
    says: [
      accountSay(`answer.account.spending.${kind}`, {
        ...params,
        total: moneyList(sums, input.lang),
        count: phrase(
          found.length === 1 ? 'answer.tx.count.one' : 'answer.tx.count',
          { count: found.length },
          input.lang,
        ),
      }),
    ],
  };
}
