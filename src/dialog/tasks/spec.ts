import type { BankingCore, Idempotent } from '../../bank/index.ts';
import type { Understanding } from '../../nlu/index.ts';
import type { Lang, Money } from '../../shared/index.ts';
import type { CustomerSnapshot } from '../customer.ts';
import type { Say } from '../types.ts';

/** Slot values a task collects. Ids refer to the customer's own accounts, cards, payees, billers. */
export interface SlotValues {
  readonly payee?: string;
  readonly toAccount?: string;
  readonly amount?: Money;
  /**
   * card.repay, loan.repay: the amount said as what is owed ("the statement balance"); `amount` is
   * then that figure of the card or loan named, and follows it when another one is named.
   */
  readonly amountOption?: NonNullable<Understanding['entities']['amountOption']>;
  readonly account?: string;
  readonly card?: string;
  readonly biller?: string;
  readonly phone?: string;
  readonly digits?: string;
  readonly frequency?: 'weekly' | 'biweekly' | 'monthly';
  readonly term?: number;
  /**
   * fx.exchange: what the customer asked to receive ("move 100 euros to my euro account"); `amount`
   * is then what leaves the source account for it.
   */
  readonly receive?: Money;
  readonly name?: string;
  readonly date?: string;
  /** A span said instead of a day ("next week", 下个月): the day is asked, never taken as today. */
  readonly dateRange?: { readonly from: string; readonly to: string };
  /** A day said that has gone by ("yesterday"): the day is asked, never taken as today. */
  readonly dateGone?: string;
  /** A scheduled transfer (movement id) for transfer.cancel. */
  readonly scheduled?: string;
  /** card.change_pin: the new PIN, then its confirmation. Never logged, never in summaries. */
  readonly newPin?: string;
  readonly newPinConfirm?: string;
}

export type SlotName = keyof SlotValues;

/** Values to set; `undefined` clears a slot (a new target replaces the old one). */
export type SlotPatch = { -readonly [K in SlotName]?: SlotValues[K] | undefined };

/** What an utterance says about one slot. */
export type SlotRead =
  | { readonly kind: 'fill'; readonly values: SlotPatch }
  | {
      readonly kind: 'ambiguous';
      readonly options: readonly { readonly id: string; readonly label: string }[];
    }
  /**
   * A value said that cannot be used, and why. `ask`: the slot is then asked, never filled by
   * policy ("from my visa" for a transfer: which account, not the default one unasked). `end`: the
   * task ends there, never offering another value in its place.
   */
  | {
      readonly kind: 'invalid';
      readonly say: Say;
      readonly ask?: true;
      /** What was asked for cannot be done ("freeze my debit card", already frozen): said, and the task ends. */
      readonly end?: true;
    }
  | { readonly kind: 'none' };

export interface SlotContext {
  readonly values: SlotValues;
  readonly snapshot: CustomerSnapshot;
  /** The slot the agent asked for, so bare answers ("300", "savings") are read as it. */
  readonly asked: SlotName | undefined;
  readonly lang: Lang;
}

/** One slot of a task: how to read it, when to ask it, what to ask, how to check it. */
export interface SlotDef {
  readonly name: SlotName;
  /** What the agent awaits while asking it: `slot:<awaits>` (default: the slot's name). */
  readonly awaits?: string;
  read(u: Understanding, ctx: SlotContext): SlotRead;
  /** Whether it holds a value (default: `values[name]` is set); a target slot may fill payee or toAccount. */
  filled?(ctx: SlotContext): boolean;
  /** Whether the slot is still needed given the others (e.g. no source account when... ). Default: yes. */
  needed?(ctx: SlotContext): boolean;
  /**
   * Why the task cannot be done when nothing can fill the slot (no frozen card to unfreeze, no account
   * in another currency to exchange into): said, and the task ends. Never a question nothing answers.
   */
  unavailable?(ctx: SlotContext): Say | undefined;
  /** Fills the slot without asking when only one value fits (the policy's source account, the only card). */
  autoFill?(ctx: SlotContext): SlotPatch | undefined;
  prompt(ctx: SlotContext): Say;
  /** A problem with the filled value (over the balance, a weak PIN): said, then the slot is asked again. */
  validate?(ctx: SlotContext): Say | undefined;
  /** On a problem, this earlier slot is cleared and asked again instead (a PIN confirmation that did not match). */
  readonly restartFrom?: SlotName;
}

/** What a bank call came to; `replayed` when the core answered a key it had already committed. */
export type Outcome =
  | { readonly ok: true; readonly say: Say; readonly replayed?: boolean }
  | { readonly ok: false; readonly say: Say; readonly code: string };

/** What a task's bank change is built from. */
export interface ChangeInput {
  readonly customerId: string;
  readonly values: SlotValues;
  readonly snapshot: CustomerSnapshot;
  readonly idempotencyKey: string;
}

export interface ExecuteRequest extends ChangeInput {
  /** The step-up proof for this change, when the customer passed a step-up: the bank change carries it. */
  readonly stepUp?: string;
}

/**
 * A task intent, declaratively: its slots in asking order, its step-up policy, its read-back, and
 * its fulfilment through `BankingCore`. `createTaskMachine` turns it into an XState machine.
 */
export interface TaskSpec {
  readonly intent: string;
  /** movement: "Nothing was sent" on cancel; change: "Nothing was changed". */
  readonly kind: 'movement' | 'change';
  readonly slots: readonly SlotDef[];
  needsStepUp(ctx: SlotContext): boolean;
  readBack(ctx: SlotContext): Say;
  /**
   * The one change the task asks of the bank, built from its values before any step-up, so that the
   * step-up proof names this very request (bank/stepup-proof.ts). `execute` sends it, with the proof.
   */
  request(input: ChangeInput): Idempotent;
  execute(bank: BankingCore, request: ExecuteRequest): Promise<Outcome>;
  /** An example request for no-match re-prompts. */
  readonly example: { readonly en: string; readonly zh: string };
}
