import { cardSpecs } from './cards.ts';
import { payeeAddSpec, payeeRemoveSpec } from './payees.ts';
import { billSpecs, depositSpec, fxSpec, loanRepaySpec, repaySpec, topUpSpecs } from './payments.ts';
import { cancelScheduledSpec, recurringSpec } from './scheduled.ts';
import type { TaskSpec } from './spec.ts';
import { transferSpec } from './transfer.ts';

/** Every task intent: a declarative spec each, turned into an XState machine by createTaskMachine. */
export const TASK_SPECS: ReadonlyMap<string, TaskSpec> = new Map(
  [
    transferSpec,
    recurringSpec,
    cancelScheduledSpec,
    repaySpec,
    ...billSpecs,
    ...topUpSpecs,
    loanRepaySpec,
    depositSpec,
    fxSpec,
    payeeAddSpec,
    payeeRemoveSpec,
    ...cardSpecs,
  ].map((s) => [s.intent, s]),
);

export type * from './spec.ts';
