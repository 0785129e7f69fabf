import type { BankingCore, GeoPoint } from '../bank/index.ts';
import { loadCatalogue, type IntentSpec, type Nlu } from '../nlu/index.ts';
import type { Lang } from '../shared/index.ts';
import { answer } from './answers/index.ts';
import { DialogSession, type MachineClock, type StepUpVerifier } from './session/dialog-session.ts';
import { createSessionMachine, type SessionMachine } from './session/machine.ts';
import type { Channel, Style } from './types.ts';
import type { UnansweredCalls } from './unanswered-calls.ts';

export type * from './types.ts';
export {
  DialogSession,
  HOLD_ON_AFTER_MS,
  SETTLE_LIMIT_MS,
  TURN_LOG_SIZE,
  type StepUpVerifier,
  type TurnResult,
  type MachineClock,
} from './session/dialog-session.ts';
export {
  CONSENT_MIN_ASR,
  crossChecked,
  MIN_ASR_CONFIDENCE,
  NLU_CONFIRMS_SPEECH,
  NLU_SURE_OF_SPEECH,
  NLU_TRUSTS_SPEECH,
  trustedSpeech,
} from './session/heard.ts';
export { createSessionMachine, type SessionMachine, type SessionDeps } from './session/machine.ts';
export { SUGGEST_FLOOR, suggestion } from './session/effects.ts';
export { TASK_SPECS } from './tasks/index.ts';
export { loadSnapshot, type CustomerSnapshot } from './customer.ts';
export { InMemorySessionStore, type SessionStore } from './session-store.ts';
export { RedisSessionStore } from './redis-session-store.ts';
export { StoredUnansweredCalls, UNANSWERED_TTL_MS, type UnansweredCalls } from './unanswered-calls.ts';

export type Dialog = DialogSession;

/** Defaults: the no-input timeout (convo-format.md allows at most 8 s) and the idle timeout. */
export const DIALOG_DEFAULTS = { noInputMs: 6_000, idleTimeoutMs: 300_000 } as const;

export interface CreateDialogOptions {
  readonly bank: BankingCore;
  readonly nlu: Nlu;
  readonly stepUp?: StepUpVerifier;
  readonly clock?: MachineClock;
  readonly sessionId: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly lang: Lang;
  readonly style?: Style;
  readonly location?: GeoPoint;
  /** 0 turns the no-input timer off (typed-text clients). */
  readonly noInputMs?: number;
  readonly idleTimeoutMs?: number;
  /** A persisted snapshot to resume. */
  readonly snapshot?: unknown;
  /** The customer's unanswered bank calls across conversations (StoredUnansweredCalls). */
  readonly unanswered?: UnansweredCalls;
}

let catalogue: ReadonlyMap<string, IntentSpec> | undefined;
const machines = new WeakMap<BankingCore, Map<string, SessionMachine>>();

function machineFor(bank: BankingCore, noInputMs: number, idleTimeoutMs: number): SessionMachine {
  catalogue ??= new Map(loadCatalogue().map((i) => [i.name, i]));
  let byTimers = machines.get(bank);
  if (!byTimers) machines.set(bank, (byTimers = new Map<string, SessionMachine>()));
  const key = `${noInputMs}:${idleTimeoutMs}`;
  let machine = byTimers.get(key);
  if (!machine) {
    machine = createSessionMachine({ bank, catalogue, answer, noInputMs, idleTimeoutMs });
    byTimers.set(key, machine);
  }
  return machine;
}

/** Starts (or resumes) a conversation with a customer: the agent greets and the session awaits input. */
export async function createDialog(options: CreateDialogOptions): Promise<DialogSession> {
  const machine = machineFor(
    options.bank,
    options.noInputMs ?? DIALOG_DEFAULTS.noInputMs,
    options.idleTimeoutMs ?? DIALOG_DEFAULTS.idleTimeoutMs,
  );
  return DialogSession.start({
    machine,
    bank: options.bank,
    nlu: options.nlu,
    stepUp: options.stepUp,
    sessionId: options.sessionId,
    customerId: options.customerId,
    channel: options.channel,
    lang: options.lang,
    ...(options.style ? { style: options.style } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.location ? { location: options.location } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
    ...(options.unanswered ? { unanswered: options.unanswered } : {}),
  });
}
