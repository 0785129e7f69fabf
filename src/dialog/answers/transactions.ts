import type { Account, Card, Transaction, TransactionQuery } from '../../bank/index.ts';
import { parseDecimal, type CurrencyCode, type Money } from '../../shared/index.ts';
import { cardLabel } from '../labels.ts';
import { spendableBalance } from './balances.ts';
import { merchantOf, productWords } from './merchant.ts';
import {
  accountSay,
  askedAccount,
  baseCurrency,
  joinItems,
  joinNames,
  moneyList,
  moneyText,
  monthOf,
  named,
  periodPhrase,
  phrase,
  refIds,
  shortDate,
  spokenAccount,
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
    return { accountId: account.id, label: spokenAccount(account, input.lang), currency: account.currency };
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

const EN_COUNT: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};
const ZH_DIGIT: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};
const EN_NUMBER = `(\\d{1,2}|${Object.keys(EN_COUNT).join('|')})`;
// "last three transactions", "my 2 most recent purchases"; not "the last 3 months" (a period).
const COUNT_BEFORE = new RegExp(
  `\\b(?:last|latest|recent|past|previous|most recent)\\s+${EN_NUMBER}\\b(?!\\s+(?:days?|weeks?|months?|years?)\\b)`,
);
const COUNT_AFTER = new RegExp(
  `\\b${EN_NUMBER}\\s+(?:most\\s+)?(?:recent|latest|last)\\s+(?:transactions|purchases|payments|charges|deposits)\\b`,
);
const COUNT_ZH = /(?:最近|最后|近|前)的?([0-9一二两三四五六七八九十]{1,2})笔/;
// A question about the one latest: "when did I last pay rent", "my last purchase", "did my paycheck come in".
const LATEST_ONE =
  /\b(?:last|latest|most recent|previous)\s+(?:[\w']+\s+)?(?:transaction|purchase|payment|charge|deposit|paycheck|pay check|salary|bill)\b(?!s)|\blast time\b|\bwhen did (?:i|my|we)\b.*\blast\b|\bwhen (?:was|is) my (?:last|latest)\b|\b(?:did|has|have) (?:my|the|our) .{1,30}?\b(?:come in|came in|arrive|arrived|clear|cleared|land|landed|go through|gone through|hit)\b|上次|上一次|上一笔|最后一次|最后一笔|最近一次|最近一笔|到账了|到了吗|到账没|进账了吗/;

function zhNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 1) return ZH_DIGIT[text];
  if (text.startsWith('十')) return 10 + (ZH_DIGIT[text.slice(1)] ?? 0);
  return undefined;
}

/** How many transactions the customer asked for ("my last three", "最近3笔", "my last purchase" = 1). */
export function requestedCount(text: string): number | undefined {
  const said = text.toLowerCase();
  const m = COUNT_BEFORE.exec(said) ?? COUNT_AFTER.exec(said);
  const word = m?.[1];
  if (word !== undefined) {
    const n = /^\d+$/.test(word) ? Number(word) : EN_COUNT[word];
    if (n !== undefined && n > 0) return n;
  }
  const zh = COUNT_ZH.exec(said)?.[1];
  const n = zh === undefined ? undefined : zhNumber(zh);
  if (n !== undefined && n > 0) return n;
  return LATEST_ONE.test(said) ? 1 : undefined;
}

// Pay coming in: asked about, and how a payroll deposit reads in the history.
const PAY_WORDS =
  /\b(?:pay ?checks?|salary|salaries|wages?|payroll|pay ?day|direct deposits?)\b|工资|薪水|薪资|发薪|工钱/;
const PAY_MERCHANT = /payroll|salary|wages?|paycheck|direct dep|工资|薪/i;
// Money coming in; "time deposit" and 定期 are products, not credits.
const INCOMING_WORDS =
  /\b(?:deposits?|deposited|came in|come in|incoming|received|income|refunds?|money in)\b|收入|进账|入账|到账|收到|存入/;
const PRODUCT_DEPOSIT = /\btime deposits?\b|定期/;

/**
 * The utterance without the names of the customer's accounts and cards: 工资卡 ("salary card") is an
 * account's nickname, and its 工资 asks about no salary.
 */
function withoutProductNames(text: string, accounts: readonly Account[], cards: readonly Card[]): string {
  const names = [...accounts.flatMap((a) => [a.name, a.nickname]), ...cards.map((c) => c.name)]
    .filter((n): n is string => n !== undefined && n.trim().length > 1)
    .map((n) => n.toLowerCase())
    .sort((a, b) => b.length - a.length);
  let said = text.toLowerCase();
  for (const n of names) said = said.split(n).join(' ');
  return said;
}

/** Whether the question is about money coming in: pay (a paycheck), any credit, or neither. */
function incomingKind(text: string): 'pay' | 'credit' | undefined {
  const said = text.toLowerCase();
  if (PAY_WORDS.test(said)) return 'pay';
  if (INCOMING_WORDS.test(said) && !PRODUCT_DEPOSIT.test(said)) return 'credit';
  return undefined;
}

/** The payees a question names ("when did I last pay rent" names the landlord), by their names. */
export function payeeNames(input: AnswerInput): string[] {
  const ids = refIds(input.utterance.entities.payee);
  return input.snapshot.payees.filter((p) => ids.includes(p.id)).map((p) => p.name);
}

/**
 * Transactions matching the query and, when given, the merchant text or any of the payees' names
 * (a transfer or payment to a payee carries their name); newest first.
 */
async function searchFor(
  input: AnswerInput,
  query: TransactionQuery,
  merchant: string | undefined,
  payees: readonly string[],
): Promise<Transaction[]> {
  if (merchant !== undefined || payees.length === 0)
    return input.bank.searchTransactions(input.customerId, {
      ...query,
      ...(merchant === undefined ? {} : { merchant }),
    });
  const each = await Promise.all(
    payees.map((name) => input.bank.searchTransactions(input.customerId, { ...query, merchant: name })),
  );
  const seen = new Set<number>();
  return each
    .flat()
    .filter((t) => !seen.has(t.id) && Boolean(seen.add(t.id)))
    .sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1));
}

/**
 * account.transactions: the newest transactions (at most 5, or as many as asked, newest first), on an
 * account or card, or a search by merchant or payee, money in (a paycheck), amount and date or
 * period; says when there are none.
 */
export async function accountTransactions(input: AnswerInput): Promise<Answer> {
  const [accounts, cards] = await Promise.all([
    input.bank.listAccounts(input.customerId),
    input.bank.listCards(input.customerId),
  ]);
  const today = todayOf(input);
  const text = input.utterance.text;
  const source = sourceOf(input, accounts, cards);
  const merchant = merchantOf(
    text,
    input.utterance.entities,
    input.snapshot.merchants,
    productWords(accounts, cards),
  );
  const payees = merchant === undefined ? payeeNames(input) : [];
  const incoming = incomingKind(withoutProductNames(text, accounts, cards));
  const amount = amountFilter(input, source?.currency ?? baseCurrency(input.snapshot));
  const range = rangeOf(input);
  const query = {
    ...amount.query,
    ...(source ? { accountId: source.accountId } : {}),
    ...(range ? { fromDate: range.from, toDate: range.to } : {}),
    ...(incoming ? { direction: 'credit' as const } : {}),
    limit: SEARCH_LIMIT,
  };
  let found = await searchFor(input, query, merchant, payees);
  // "did my paycheck come in": the credits that read as pay, when any do.
  let kind = incoming;
  if (incoming === 'pay' && merchant === undefined && payees.length === 0) {
    const pay = found.filter((t) => PAY_MERCHANT.test(t.merchant));
    if (pay.length > 0) found = pay;
    else kind = 'credit';
  }
  const count = requestedCount(text);
  const filtered =
    merchant !== undefined ||
    payees.length > 0 ||
    kind !== undefined ||
    amount.phrase !== undefined ||
    range !== undefined;
  const one = count === 1;
  const what =
    filtered || source
      ? phrase(
          one ? 'answer.tx.what.one' : 'answer.tx.what',
          {
            kind: kind === undefined ? undefined : phrase(`answer.tx.kind.${kind}`, {}, input.lang),
            merchant:
              merchant !== undefined
                ? phrase('answer.tx.merchant', { merchant }, input.lang)
                : payees.length > 0
                  ? phrase('answer.tx.payee', { payee: joinNames(payees, input.lang) }, input.lang)
                  : undefined,
            source: source ? phrase('answer.tx.source', { name: source.label }, input.lang) : undefined,
            period: range ? periodPhrase(range, input.lang, today) : undefined,
            amount: amount.phrase,
          },
          input.lang,
        )
      : phrase(one ? 'answer.tx.what.all.one' : 'answer.tx.what.all', {}, input.lang);
  if (found.length === 0) return { says: [accountSay('answer.account.transactions.none', { what })] };
  const shown = found.slice(0, Math.min(count ?? READ_AT_MOST, READ_AT_MOST));
  const items = joinItems(
    shown.map((t) => item(t, input, today, range !== undefined && range.from === range.to)),
    input.lang,
  );
  // The total matters for a search ("3 Starbucks purchases"); for "recent transactions" it would be
  // the whole history, and for "my last three" it was not asked, so it is left out.
  const key = one
    ? 'answer.account.transactions.latest'
    : filtered && count === undefined && found.length > shown.length
      ? 'answer.account.transactions.found'
      : 'answer.account.transactions.list';
  return { says: [accountSay(key, { what, items, total: found.length, count: shown.length })] };
}

const CAN_SPEND =
  /\b(?:can|could|may) (?:i|we) (?:still )?(?:spend|use|afford to spend)\b|\b(?:have|got) (?:left )?to spend\b|\bavailable to spend\b|\bspendable\b|(?:还|可以|能)(?:够)?(?:花|消费|用)多少|还能花/;

const RECEIVED =
  /\b(receive|received|earn|earned|income|came in|got paid|paid in|deposited)\b|收入|进账|入账|到账|收到|赚/;

/**
 * account.spending: total debits over a period (default this month), optionally on one account or
 * card and for a merchant; "how much did I receive" totals credits instead. Money the customer moved
 * between their own accounts and cards (a card repayment, a transfer to savings) is neither spent nor
 * received, so movements to their own accounts and cards are left out.
 */
export async function accountSpending(input: AnswerInput): Promise<Answer> {
  // "How much can I spend" asks what is available, not what was spent.
  if (CAN_SPEND.test(input.utterance.text.toLowerCase())) return spendableBalance(input);
  const [accounts, cards, movements] = await Promise.all([
    input.bank.listAccounts(input.customerId),
    input.bank.listCards(input.customerId),
    input.bank.listMovements(input.customerId, SEARCH_LIMIT),
  ]);
  const today = todayOf(input);
  const source = sourceOf(input, accounts, cards);
  const merchant = merchantOf(
    input.utterance.text,
    input.utterance.entities,
    input.snapshot.merchants,
    productWords(accounts, cards),
  );
  const payees = merchant === undefined ? payeeNames(input) : [];
  const range = rangeOf(input) ?? monthOf(today);
  const said = withoutProductNames(input.utterance.text, accounts, cards);
  // "How much was my salary last month" totals the pay that came in, not what was spent.
  const pay = incomingKind(said) === 'pay' && merchant === undefined && payees.length === 0;
  const received = pay || RECEIVED.test(said);
  const internal = new Set(
    movements.filter((m) => m.to.kind === 'account' || m.to.kind === 'card').map((m) => m.id),
  );
  let found = (
    await searchFor(
      input,
      {
        direction: received ? 'credit' : 'debit',
        fromDate: range.from,
        toDate: range.to,
        ...(source ? { accountId: source.accountId } : {}),
        limit: SEARCH_LIMIT,
      },
      merchant,
      payees,
    )
  ).filter((t) => t.movementId === undefined || !internal.has(t.movementId));
  const paid = pay ? found.filter((t) => PAY_MERCHANT.test(t.merchant)) : [];
  // Pay asked about, but nothing reads as pay: every credit is said, as received.
  if (paid.length > 0) found = paid;
  const totals = new Map<CurrencyCode, number>();
  for (const t of found) totals.set(t.currency, (totals.get(t.currency) ?? 0) + Math.abs(t.amountMinor));
  const sums: Money[] = [...totals].map(([currency, amountMinor]) => ({ amountMinor, currency }));
  const period = periodPhrase(range, input.lang, today);
  const count = phrase(
    found.length === 1 ? 'answer.tx.count.one' : 'answer.tx.count',
    { count: found.length },
    input.lang,
  );
  const [only] = found;
  if (paid.length > 0 && only) {
    const params = {
      period,
      total: moneyList(sums, input.lang),
      count,
      date: shortDate(only.date, input.lang, today),
      source: source
        ? phrase('answer.spending.source.received', { name: source.label }, input.lang)
        : undefined,
    };
    return {
      says: [
        accountSay(
          found.length === 1 ? 'answer.account.spending.pay.one' : 'answer.account.spending.pay',
          params,
        ),
      ],
    };
  }
  // Money sent to a payee is a transfer, not a purchase "at" them.
  const kind = received ? 'received' : payees.length > 0 ? 'sent' : 'spent';
  const party = merchant ?? (payees.length > 0 ? joinNames(payees, input.lang) : undefined);
  const params = {
    period,
    source:
      source === undefined
        ? undefined
        : phrase(`answer.spending.source.${kind}`, { name: source.label }, input.lang),
    merchant:
      party === undefined
        ? undefined
        : phrase(`answer.spending.merchant.${kind}`, { merchant: party }, input.lang),
  };
  if (found.length === 0) return { says: [accountSay(`answer.account.spending.${kind}.none`, params)] };
  return {
    says: [
      accountSay(`answer.account.spending.${kind}`, { ...params, total: moneyList(sums, input.lang), count }),
    ],
  };
}
