import type { Lang } from '../shared/index.ts';
import type { Entities } from '../nlu/index.ts';

export type Channel = 'app' | 'phone';
export type Style = 'standard' | 'elderly';

/** What the agent waits for after its last prompt (convo-format.md `awaits`). */
export type Awaits = 'nothing' | 'confirmation' | 'stepup' | 'disambiguation' | `slot:${string}`;

/** Something to say: a message key and params, rendered in the session's language when emitted. */
export interface Say {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number | undefined>>;
  /** It names account data (balances, account or card numbers): on the phone, only after the PIN. */
  readonly accountData?: boolean;
}

/** What the agent does, in order, as it happens. */
export type AgentOutput =
  | {
      readonly type: 'agent.say';
      readonly text: string;
      readonly lang: Lang;
      /** Speech-rate hint for TTS: 1 normal, 0.8 slower. */
      readonly rate: number;
      readonly awaits: Awaits;
    }
  | {
      readonly type: 'agent.stepup';
      readonly method: 'webauthn';
      readonly options: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'agent.stepup'; readonly method: 'pin' }
  | { readonly type: 'agent.stepup.result'; readonly ok: boolean; readonly reason?: string }
  | { readonly type: 'agent.handoff'; readonly reason: string; readonly summary: HandoffSummary }
  | { readonly type: 'agent.end'; readonly reason: 'goodbye' | 'no_input' | 'idle' | 'handoff' }
  | { readonly type: 'agent.error'; readonly code: string; readonly message: string }
  | { readonly type: 'agent.awaits'; readonly awaits: Awaits };

export interface HandoffSummary {
  readonly intent: string | undefined;
  /** Filled slots, as ids and decimal strings (no secrets). */
  readonly slots: Readonly<Record<string, string>>;
  readonly verified: boolean;
  readonly reason: string;
}

/** What the customer did this turn. */
export type UserInput =
  | {
      readonly type: 'text';
      readonly text: string;
      /** Speech: the recogniser's confidence; below MIN_ASR_CONFIDENCE the turn is not understood… */
      readonly asrConfidence?: number;
      /** …unless the recogniser only doubts the words and the NLU is sure of them… */
      readonly asrDoubtful?: boolean;
      /** …at this confidence or above: NLU_CONFIRMS_SPEECH when absent (src/voice sets it per audio band). */
      readonly vouchAt?: number;
      /**
       * Another reading of the same audio (the general-English pass) that the NLU must not find out
       * of scope for an open turn to be acted on: set when only that reading's agreement
       * (RecognitionResult `corroborated`) lifted the words over the no-match floor.
       */
      readonly crossCheck?: string;
    }
  | { readonly type: 'dtmf'; readonly digits: string }
  | { readonly type: 'stepup.assertion'; readonly response: unknown }
  | { readonly type: 'stepup.cancel' };

/** The NLU reading of a `user` step, for the turn log and for `bot: intent/entities` checks. */
export interface TurnUnderstanding {
  readonly intent: string;
  readonly confidence: number;
  readonly entities: Entities;
  /** Entities as scripts see them: ids and decimal strings, in the context of what was asked. */
  readonly normalized: Readonly<Record<string, string>>;
}

/**
 * One entry of a session's turn log: what kind of input came (never its words), how the NLU read
 * it, and what the agent did. `said` holds the agent's words, which name balances and payees: it is
 * for the session's own use (handoff screens, `teller test`), never for logs.
 */
export interface TurnRecord {
  /** 1, 2, … in the session. */
  readonly seq: number;
  /** Epoch ms by the bank's clock. */
  readonly at: number;
  /** `start`: the greeting; `timer`: no-input or idle, without a customer turn. */
  readonly input: 'start' | 'text' | 'speech' | 'dtmf' | 'stepup' | 'timer';
  readonly intent: string | undefined;
  readonly confidence: number | undefined;
  /** Entity names the turn carried (not their values). */
  readonly entities: readonly string[];
  /** What the agent awaited before the turn, and after it. */
  readonly awaitsBefore: Awaits;
  readonly awaits: Awaits;
  /** Output types in order: `say`, `stepup`, `stepup.result`, `handoff`, `end`, `error`. */
  readonly outputs: readonly string[];
  readonly said: readonly string[];
  /** The intent this turn offered back ("did you mean …?", docs/dialog.md), if it did. */
  readonly offered?: string;
  /** How this turn answered the previous turn's "did you mean …?": yes, or no / another request. */
  readonly offerAnswered?: 'accepted' | 'other';
  /**
   * How this turn answered a read-back (`awaitsBefore: confirmation`): `consent` (it went ahead),
   * `declined`, `changed` (a correction, read back anew), `doubted` (unsure, a question, a wait or a
   * qualified yes: asked again or waited for), `unsure_speech` (a yes under CONSENT_MIN_ASR),
   * `asked_again` (not an answer), or `other` (the call ended or was handed off).
   */
  readonly readBack?: ReadBackOutcome;
  /** Time to answer the turn (ms, the bank's clock). */
  readonly durationMs: number;
}

export type ReadBackOutcome =
  'consent' | 'declined' | 'changed' | 'doubted' | 'unsure_speech' | 'asked_again' | 'other';
