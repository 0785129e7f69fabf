import type { Account, Card } from '../../bank/index.ts';
import { accountLabel, cardLabel } from '../labels.ts';
import type { Say } from '../types.ts';
import { accountSay, askedAccount, joinItems, MAX_SPOKEN_ITEMS, moneyText, named, phrase } from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

function balanceItem(a: Account, input: AnswerInput): string {
  const account = accountLabel(a, input.lang);
  if (a.type === 'loan') {
    return phrase(
      'answer.account.balance.item.loan',
      { account, amount: moneyText(-a.balanceMinor, a.currency) },
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
  const account = accountLabel(a, input.lang);
  if (a.type === 'loan') {
    return accountSay('answer.account.balance.loan', {
      account,
      amount: moneyText(-a.balanceMinor, a.currency),
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
  const asked = named(accounts, askedAccount(e));
  if (asked.length === 0 && e.card) {
    const cards = named(await input.bank.listCards(input.customerId), e.card);
    if (cards.length > 0) return { says: cards.slice(0, 2).map((c) => cardBalance(c, accounts, input)) };
  }
  const shown = asked.length > 0 ? asked : accounts;
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
