import type { BankingCore, GeoPoint } from '../../bank/index.ts';
import type { Understanding } from '../../nlu/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { CustomerSnapshot } from '../customer.ts';
import type { Say } from '../types.ts';

/** What an informational answer is computed from. */
export interface AnswerInput {
  readonly intent: string;
  readonly utterance: Understanding;
  readonly snapshot: CustomerSnapshot;
  /**
   * The session's language. Params (dates, list items) are formatted in it, so the answer is rendered
   * in the same language it was computed in.
   */
  readonly lang: Lang;
  readonly bank: BankingCore;
  readonly customerId: string;
  /** The agent's clock, epoch ms: "today", "this month" and "open now" resolve from it. */
  readonly nowMs: number;
  /** Where the customer is, for "nearest" (world.location); absent: the customer's profile location. */
  readonly location: GeoPoint | undefined;
}

/** What the agent says for an informational intent. */
export interface Answer {
  readonly says: readonly Say[];
  /** The answer ended with an offer to connect to a colleague: "yes" then hands off. */
  readonly offerHandoff?: boolean;
}

/** Computes the answer to one intent. */
export type AnswerHandler = (input: AnswerInput) => Promise<Answer>;
