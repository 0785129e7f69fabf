import type { Account, Biller, Card, Movement, Party, Payee } from '../../bank/index.ts';
import type { Lang } from '../../shared/index.ts';
import { cardLabel } from '../labels.ts';
import { phrase, spokenAccount } from './speech.ts';

/** The customer's own things a movement can name, read once per answer. */
export interface Parties {
  readonly accounts: readonly Account[];
  readonly cards: readonly Card[];
  readonly payees: readonly Payee[];
  readonly billers: readonly Biller[];
}

/** How a movement's source or destination is said: a payee's name, an account or card with its last four. */
export function partyLabel(p: Party, parties: Parties, lang: Lang): string {
  switch (p.kind) {
    case 'account': {
      const a = parties.accounts.find((x) => x.id === p.id);
      return a ? spokenAccount(a, lang) : phrase('answer.party.account', {}, lang);
    }
    case 'card': {
      const c = parties.cards.find((x) => x.id === p.id);
      return c ? cardLabel(c, lang) : phrase('answer.party.card', {}, lang);
    }
    case 'payee':
      // A removed payee is no longer listed; the transfer to them still happened.
      return parties.payees.find((x) => x.id === p.id)?.name ?? phrase('answer.party.payee', {}, lang);
    case 'biller':
      return parties.billers.find((x) => x.id === p.id)?.name ?? phrase('answer.party.biller', {}, lang);
    case 'topup':
      return phrase(`answer.party.topup.${p.service}`, { last4: p.reference.slice(-4) }, lang);
  }
}

/** "every month" / "每月", or empty for a one-off. */
export function frequencyPhrase(m: Movement, lang: Lang): string | undefined {
  return m.frequency === undefined ? undefined : phrase(`answer.frequency.${m.frequency}`, {}, lang);
}
