import type { Lang } from '../shared/index.ts';
import type { AccountRef, CardRef } from './entities/account-match.ts';
import type { BillerRef } from './entities/biller-match.ts';
import type { PayeeRef } from './entities/payee-match.ts';

/**
 * What the NLU knows of the customer when it reads an utterance: their own payees, accounts, cards
 * and billers (plain data from the dialog; the NLU never calls the bank), the clock, and what the agent
 * just asked for, so bare answers ("bob chen", "5678", "two four six eight") are read as that slot.
 */
export interface UnderstandingContext {
  readonly lang: Lang;
  readonly nowMs: number;
  readonly timeZone: string;
  readonly payees: readonly PayeeRef[];
  readonly accounts: readonly AccountRef[];
  readonly cards: readonly CardRef[];
  readonly billers: readonly BillerRef[];
  /** Merchants seen in the customer's transactions, for "what did I spend at starbucks". */
  readonly merchants: readonly string[];
  /** What the agent waits for: a slot name ('amount', 'payee', 'account', ...), 'confirmation', 'stepup', 'disambiguation'. */
  readonly awaiting?: string;
}

export const EMPTY_CONTEXT: Omit<UnderstandingContext, 'lang'> = {
  nowMs: 0,
  timeZone: 'UTC',
  payees: [],
  accounts: [],
  cards: [],
  billers: [],
  merchants: [],
};
