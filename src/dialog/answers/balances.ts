import type { Account, Card } from '../../bank/index.ts';
import { matchAccounts } from '../../nlu/index.ts';
import { accountRefs } from '../customer.ts';
import { cardLabel } from '../labels.ts';
import type { Say } from '../types.ts';
import {
  accountSay,
  askedAccount,
  joinItems,
  MAX_SPOKEN_ITEMS,
  moneyText,
  named,
  phrase,
  spokenAccount,
} from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

function balanceItem(a: Account, input: AnswerInput): string {
  const account = spokenAccount(a, input.lang);
  if (a.type === 'loan') {
    return phrase(
      'answer.account.balance.item.loan',
      { account, amount: moneyText(-a.balanceMinor, a.currency) },
      input.lang,
    );
  }
  // A time deposit cannot be spent from, so it has nothing "available": what it holds is said.
  if (a.type === 'deposit') {
    return phrase(
      'answer.account.balance.item.deposit',
      { account, amount: moneyText(a.balanceMinor, a.currency) },
      input.lang,
    );
  }
  return phrase(
    'answer.account.balance.item',
    { account, amount: moneyText(a.availableMinor, a.currency) },
    input.lang,
  );
}

function oneBalance(a: Account, input: AnswerInput): Say {
  const account = spokenAccount(a, input.lang);
  if (a.type === 'loan') {
    return accountSay('answer.account.balance.loan', {
      account,
      amount: moneyText(-a.balanceMinor, a.currency),
    });
  }
  if (a.type === 'deposit') {
    return accountSay('answer.account.balance.deposit', {
      account,
      amount: moneyText(a.balanceMinor, a.currency),
    });
  }
  // An overdraft makes "available" differ from the ledger balance; then both are said, else just one.
  if (a.availableMinor !== a.balanceMinor) {
    return accountSay('answer.account.balance.overdraft', {
      account,
      balance: moneyText(a.balanceMinor, a.currency),
      amount: moneyText(a.availableMinor, a.currency),
    });
  }
  return accountSay('answer.account.balance.one', {
    account,
    amount: moneyText(a.availableMinor, a.currency),
  });
}

/** A credit card asked about as "the balance on my card": what is owed and the credit left. */
function cardBalance(c: Card, accounts: readonly Account[], input: AnswerInput): Say {
  const card = cardLabel(c, input.lang);
  if (c.type === 'debit') {
    const linked = accounts.find((a) => a.id === c.accountId);
    if (linked) return oneBalance(linked, input);
    return accountSay('answer.card.debit_no_account', { card });
  }
  return accountSay('answer.account.balance.card', {
    card,
    owed: moneyText(c.balanceMinor, c.currency),
    available: moneyText(c.availableCreditMinor, c.currency),
  });
}

/**
 * account.balance: the named account's available balance, else every account's (loans as what is
 * owed). A card named without an account gets what it owes, since "my card balance" means that.
 */
export async function accountBalance(input: AnswerInput): Promise<Answer> {
  const e = input.utterance.entities;
  const accounts = await input.bank.listAccounts(input.customerId);
  const asked = askedAccounts(input, accounts);
  if (asked.length === 0 && e.card) {
    const cards = named(await input.bank.listCards(input.customerId), e.card);
    if (cards.length > 0) return { says: cards.slice(0, 2).map((c) => cardBalance(c, accounts, input)) };
  }
  return balancesSay(asked.length > 0 ? asked : accounts, input);
}

/**
 * "How much can I spend": the available balance of the account named (a card named: its credit
 * left), else of the everyday (checking) accounts, else of every account money can be spent from.
 */
export async function spendableBalance(input: AnswerInput): Promise<Answer> {
  const accounts = await input.bank.listAccounts(input.customerId);
  const asked = askedAccounts(input, accounts);
  if (asked.length > 0) return balancesSay(asked, input);
  const cards = named(await input.bank.listCards(input.customerId), input.utterance.entities.card);
  if (cards.length > 0) return { says: cards.slice(0, 2).map((c) => cardBalance(c, accounts, input)) };
  const everyday = accounts.filter((a) => a.type === 'checking');
  const spendable = accounts.filter((a) => a.type !== 'loan' && a.type !== 'deposit');
  return balancesSay(everyday.length > 0 ? everyday : spendable, input);
}

/** A score above a bare "my account" (which names every account): the account was named. */
const GENERIC_SCORE = 0.6;
const BOTH = /\b(?:and|plus|both|&)\b|和|跟|与|及|以及|还有|、/i;

/**
 * The accounts a question names: the NLU's one, or, when several are named together ("checking and
 * savings", 活期和储蓄), each of them.
 */
function askedAccounts(input: AnswerInput, accounts: readonly Account[]): Account[] {
  const asked = named(accounts, askedAccount(input.utterance.entities));
  const text = input.utterance.text;
  if (asked.length === 0 || !BOTH.test(text)) return asked;
  const found = matchAccounts(text, accountRefs(accounts), input.lang).filter((c) => c.score > GENERIC_SCORE);
  // Per mention, the accounts it fits best.
  const best = new Map<number, { score: number; ids: string[] }>();
  for (const c of found) {
    const seen = best.get(c.start);
    if (!seen || c.score > seen.score) best.set(c.start, { score: c.score, ids: [c.id] });
    else if (c.score === seen.score) seen.ids.push(c.id);
  }
  if (best.size < 2) return asked;
  const ids = new Set([...best.values()].flatMap((b) => b.ids));
  return accounts.filter((a) => ids.has(a.id) || asked.includes(a));
}

/** One account's balance, or a list of several (loans as owed, deposits as held). */
function balancesSay(shown: readonly Account[], input: AnswerInput): Answer {
  if (shown.length === 0) return { says: [accountSay('answer.account.none')] };
  const [only] = shown;
  if (shown.length === 1 && only) return { says: [oneBalance(only, input)] };
  const items = joinItems(
    shown.map((a) => balanceItem(a, input)),
    input.lang,
  );
  const more = Math.max(0, shown.length - MAX_SPOKEN_ITEMS);
  return {
    says: [
      accountSay(more > 0 ? 'answer.account.balance.all.more' : 'answer.account.balance.all', {
        items,
        more,
      }),
    ],
  };
}

/**
 * account.details: name, type and last four digits; never a full number, which the agent cannot
 * safely speak (anyone nearby hears it) and the app shows instead.
 */
export async function accountDetails(input: AnswerInput): Promise<Answer> {
  const accounts = await input.bank.listAccounts(input.customerId);
  const asked = named(accounts, askedAccount(input.utterance.entities));
  const shown = asked.length > 0 ? asked : accounts;
  if (shown.length === 0) return { says: [accountSay('answer.account.none')] };
  const items = shown.map((a) =>
    phrase(
      a.last4 ? 'answer.account.details.item' : 'answer.account.details.item.nolast4',
      {
        name: a.name,
        type: phrase(`answer.account.type.${a.type}`, {}, input.lang),
        currency: a.currency,
        last4: a.last4,
      },
      input.lang,
    ),
  );
  return {
    says: [
      accountSay(shown.length === 1 ? 'answer.account.details.one' : 'answer.account.details.all', {
        items: joinItems(items, input.lang),
      }),
      accountSay('answer.account.details.full_number'),
    ],
  };
}
