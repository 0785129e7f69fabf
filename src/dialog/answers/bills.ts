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
import { payeeNames, requestedCount } from './transactions.ts';
import { merchantOf, productWords } from './merchant.ts';
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
/** "上个月电费多少", "how much was my water bill in october": what was paid, not which billers are saved. */
const PAID_IN_A_PERIOD = /多少|how much|what did i pay/i;

export async function billList(input: AnswerInput): Promise<Answer> {
  const e = input.utterance.entities;
  if (e.dateRange !== undefined && PAID_IN_A_PERIOD.test(input.utterance.text)) return billHistory(input);
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
  // "how much did I pay con edison": a company (or payee) paid that is not a saved biller.
  const narrowed = asked.length < all.length;
  const merchant = narrowed
    ? undefined
    : merchantOf(
        input.utterance.text,
        input.utterance.entities,
        input.snapshot.merchants,
        productWords(input.snapshot.accounts, input.snapshot.cards),
      );
  const others = narrowed ? [] : merchant === undefined ? payeeNames(input) : [merchant];
  const paid =
    others.length > 0
      ? debits.flatMap((t) =>
          others.some((n) => normalizeText(t.merchant).includes(normalizeText(n)))
            ? [{ t, name: t.merchant }]
            : [],
        )
      : debits.flatMap((t) => {
          const biller = asked.find((b) => normalizeText(t.merchant).includes(normalizeText(b.name)));
          return biller ? [{ t, name: biller.name }] : [];
        });
  const scopeNames = others.length > 0 ? others : narrowed ? asked.map((b) => b.name) : [];
  const paidTo =
    others.length > 0 && merchant !== undefined
      ? (paid[0]?.name ?? merchant)
      : joinNames(scopeNames, input.lang);
  const one = requestedCount(input.utterance.text) === 1;
  const scope = {
    biller: scopeNames.length > 0 ? paidTo : undefined,
    period: range ? periodPhrase(range, input.lang, today) : undefined,
  };
  const what = phrase(
    `${scope.biller === undefined ? 'answer.bill.history.what' : 'answer.bill.history.what.to'}${one ? '.one' : ''}`,
    scope,
    input.lang,
  );
  if (paid.length === 0) return { says: [accountSay('answer.bill.history.none', { what })] };
  const items = paid.slice(0, one ? 1 : 5).map(({ t, name }) =>
    phrase(
      'answer.bill.history.item',
      {
        amount: moneyText(-t.amountMinor, t.currency),
        biller: name,
        date: shortDate(t.date, input.lang, today),
      },
      input.lang,
    ),
  );
  return {
    says: [
      accountSay(one ? 'answer.bill.history.latest' : 'answer.bill.history', {
        what,
        items: joinItems(items, input.lang),
      }),
    ],
  };
}
