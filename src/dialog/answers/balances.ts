import type { Account, Card } from '../../bank/index.ts';
import { matchAccounts, matchCards, type EntityCandidate } from '../../nlu/index.ts';
import { accountRefs } from '../customer.ts';
import { cardLabel } from '../labels.ts';
import { branchHours } from './places.ts';
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
  const together = e.card
    ? namedTogether(input, accounts, await input.bank.listCards(input.customerId))
    : undefined;
  if (together) {
    const says = together.accounts.length > 0 ? [...balancesSay(together.accounts, input).says] : [];
    return { says: [...says, ...together.cards.slice(0, 2).map((c) => cardBalance(c, accounts, input))] };
  }
  const asked = askedAccounts(input, accounts);
  if ((asked.length === 0 || cardFirst(input)) && e.card) {
    const cards = named(await input.bank.listCards(input.customerId), e.card);
    if (cards.length > 0) return { says: cards.slice(0, 2).map((c) => cardBalance(c, accounts, input)) };
  }
  return balancesSay(asked.length > 0 ? asked : accounts, input);
}

/**
 * One card named, and accounts only guessed at (储蓄卡 is the debit card, but its 储蓄 fits every
 * savings account): the card is what was asked about, as a transaction search takes it too.
 */
function cardFirst(input: AnswerInput): boolean {
  const e = input.utterance.entities;
  return e.card?.kind === 'one' && askedAccount(e)?.kind !== 'one';
}

/**
 * "How much can I spend": the available balance of the account named (a card named: its credit
 * left), else of the everyday (checking) accounts, else of every account money can be spent from.
 */
export async function spendableBalance(input: AnswerInput): Promise<Answer> {
  const accounts = await input.bank.listAccounts(input.customerId);
  const asked = askedAccounts(input, accounts);
  if (asked.length > 0 && !cardFirst(input)) return balancesSay(asked, input);
  const cards = named(await input.bank.listCards(input.customerId), input.utterance.entities.card);
  if (cards.length > 0) return { says: cards.slice(0, 2).map((c) => cardBalance(c, accounts, input)) };
  const everyday = accounts.filter((a) => a.type === 'checking');
  const spendable = accounts.filter((a) => a.type !== 'loan' && a.type !== 'deposit');
  return balancesSay(everyday.length > 0 ? everyday : spendable, input);
}

/** A score above a bare "my account" (which names every account): the account was named. */
const GENERIC_SCORE = 0.6;
const BOTH = /\b(?:and|plus|both|&)\b|和|跟|与|及|以及|还有|、/i;

/** Per mention (by where it starts), the candidates that fit it best. */
function bestPerMention(
  found: readonly EntityCandidate[],
): Map<number, { score: number; end: number; ids: string[] }> {
  const best = new Map<number, { score: number; end: number; ids: string[] }>();
  for (const c of found) {
    if (c.score <= GENERIC_SCORE) continue;
    const seen = best.get(c.start);
    if (!seen || c.score > seen.score) best.set(c.start, { score: c.score, end: c.end, ids: [c.id] });
    else if (c.score === seen.score) seen.ids.push(c.id);
  }
  return best;
}

/**
 * The accounts a question names: the NLU's one, or, when several are named together ("checking and
 * savings", 活期和储蓄), each of them.
 */
function askedAccounts(input: AnswerInput, accounts: readonly Account[]): Account[] {
  const asked = named(accounts, askedAccount(input.utterance.entities));
  const text = input.utterance.text;
  if (asked.length === 0 || !BOTH.test(text)) return asked;
  const best = bestPerMention(matchAccounts(text, accountRefs(accounts), input.lang));
  if (best.size < 2) return asked;
  const ids = new Set([...best.values()].flatMap((b) => b.ids));
  return accounts.filter((a) => ids.has(a.id) || asked.includes(a));
}

/**
 * Cards and accounts named together ("my credit card and my savings", 信用卡和储蓄卡): each one
 * named, a word that names a card (储蓄卡) not also taken for an account (储蓄). Undefined unless
 * at least one card and two things in all are named.
 */
function namedTogether(
  input: AnswerInput,
  accounts: readonly Account[],
  cards: readonly Card[],
): { accounts: Account[]; cards: Card[] } | undefined {
  const text = input.utterance.text;
  if (!BOTH.test(text)) return undefined;
  const cardRefs = cards.map((c) => ({ id: c.id, name: c.name, type: c.type, last4: c.last4 }));
  const cardMentions = [...bestPerMention(matchCards(text, cardRefs, input.lang))];
  const inCard = (start: number) => cardMentions.some(([s, m]) => start >= s && start < m.end);
  const accountMentions = [...bestPerMention(matchAccounts(text, accountRefs(accounts), input.lang))].filter(
    ([start]) => !inCard(start),
  );
  if (cardMentions.length === 0 || cardMentions.length + accountMentions.length < 2) return undefined;
  const cardIds = new Set(cardMentions.flatMap(([, m]) => m.ids));
  const accountIds = new Set(accountMentions.flatMap(([, m]) => m.ids));
  return {
    accounts: accounts.filter((a) => accountIds.has(a.id)),
    // A debit card's balance is its account's: said once.
    cards: cards.filter(
      (c) => cardIds.has(c.id) && !(c.type === 'debit' && accountIds.has(c.accountId ?? '')),
    ),
  };
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

/** A question whether a branch or cash machine is open, not about an account. */
const BRANCH_OPEN =
  /(?:支行|分行|网点|营业厅|营业部|取款机|\bbranch(?:es)?\b|\batms?\b).*(?:开着|开门|营业|\bopen\b)|(?:\bopen\b|开着|开门|营业).*(?:支行|分行|网点|营业厅|\bbranch(?:es)?\b|\batms?\b)/;

/** "Can I open an account at a branch", 哪个网点能开户: about accounts after all. */
const ACCOUNT_WORDS = /\baccounts?\b|账户|账号|开户/;

/**
 * account.details: name, type and last four digits; never a full number, which the agent cannot
 * safely speak (anyone nearby hears it) and the app shows instead.
 */
export async function accountDetails(input: AnswerInput): Promise<Answer> {
  // "现在还有哪个支行开着" asks about branches, whatever its 哪个 and 开 made the classifier think.
  const said = input.utterance.text.toLowerCase();
  if (BRANCH_OPEN.test(said) && !ACCOUNT_WORDS.test(said)) return branchHours(input);
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
