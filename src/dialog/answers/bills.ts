import type { Biller } from '../../bank/index.ts';
import { normalizeText } from '../../nlu/index.ts';
import {
  accountSay,
  joinItems,
  joinNames,
  moneyText,
  periodPhrase,
  phrase,
  refIds,
  shortDate,
  todayOf,
} from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

/** The billers a question is about: the one named, else those of the category said, else all. */
async function billersAskedAbout(input: AnswerInput): Promise<{ all: Biller[]; asked: Biller[] }> {
  const all = await input.bank.listBillers(input.customerId);
  const e = input.utterance.entities;
  const ids = refIds(e.biller);
  // An ambiguous biller that names every biller ("my bills") says nothing about which one.
  if (ids.length > 0 && ids.length < all.length) return { all, asked: all.filter((b) => ids.includes(b.id)) };
  if (e.billerCategory) {
    const ofKind = all.filter((b) => b.category === e.billerCategory);
    if (ofKind.length > 0) return { all, asked: ofKind };
  }
  return { all, asked: all };
}

/** bill.list: the saved billers (at most 5 named), with how to pay one. */
export async function billList(input: AnswerInput): Promise<Answer> {
  const { asked } = await billersAskedAbout(input);
  const [first] = asked;
  if (!first) return { says: [accountSay('answer.bill.list.none')] };
  if (asked.length === 1) {
    return {
      says: [
        accountSay('answer.bill.list.one', { biller: first.name, reference: first.accountRef }),
        accountSay('answer.bill.list.how.one', { biller: first.name }),
      ],
    };
  }
  return {
    says: [
      accountSay('answer.bill.list', {
        count: asked.length,
        names: joinNames(
          asked.map((b) => b.name),
          input.lang,
        ),
      }),
      accountSay('answer.bill.list.how', { biller: first.name }),
    ],
  };
}

/**
 * bill.history: bill payments already made, newest first (at most 5). A payment shows in the
 * transactions under the biller's name, which also covers payments made before Teller (the world's
 * history), so the transactions are the one source.
 */
export async function billHistory(input: AnswerInput): Promise<Answer> {
  const { all, asked } = await billersAskedAbout(input);
  const range = input.utterance.entities.dateRange;
  const today = todayOf(input);
  const debits = await input.bank.searchTransactions(input.customerId, {
    direction: 'debit',
    ...(range ? { fromDate: range.from, toDate: range.to } : {}),
    limit: 500,
  });
  const billerOf = (merchant: string): Biller | undefined =>
    asked.find((b) => normalizeText(merchant).includes(normalizeText(b.name)));
  const paid = debits.flatMap((t) => {
    const biller = billerOf(t.merchant);
    return biller ? [{ t, biller }] : [];
  });
  const scope = {
    biller:
      asked.length < all.length
        ? joinNames(
            asked.map((b) => b.name),
            input.lang,
          )
        : undefined,
    period: range ? periodPhrase(range, input.lang, today) : undefined,
  };
  const what = phrase(
    scope.biller === undefined ? 'answer.bill.history.what' : 'answer.bill.history.what.to',
    scope,
    input.lang,
  );
  if (paid.length === 0) return { says: [accountSay('answer.bill.history.none', { what })] };
  const items = paid.slice(0, 5).map(({ t, biller }) =>
    phrase(
      'answer.bill.history.item',
      {
        amount: moneyText(-t.amountMinor, t.currency),
        biller: biller.name,
        date: shortDate(t.date, input.lang, today),
      },
      input.lang,
    ),
  );
  return { says: [accountSay('answer.bill.history', { what, items: joinItems(items, input.lang) })] };
}
