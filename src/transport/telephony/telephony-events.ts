import diagnostics from 'node:diagnostics_channel';
import type { Awaits, HandoffSummary } from '../../dialog/index.ts';
import type { Lang } from '../../shared/index.ts';

/** Which contact-center platform a call came through. */
export type TelephonyPlatform = 'twilio' | 'audiohook';

/** How a call ended, as reported to the platform (AudioHook `outputVariables.outcome`). */
export type CallOutcome = 'handoff' | 'completed' | 'hangup' | 'error';

/** What a phone call did: the platform-neutral record a transport reports at the end of a call. */
export interface CallSummary {
  readonly outcome: CallOutcome;
  /** Why: the dialog's handoff reason (`customer_request`, `pin_failed`, `pin_locked`, `no_match`, `unknown_caller`) or end reason. */
  readonly reason: string;
  readonly intent: string | undefined;
  readonly slots: Readonly<Record<string, string>>;
  /** The caller passed the PIN check in this call. */
  readonly verified: boolean;
  /** The caller's number matched a customer. */
  readonly customerKnown: boolean;
}

/**
 * Events of the `teller:telephony` diagnostics channel. Agent text cannot be read back from μ-law
 * audio, so integration tests, dashboards and call recorders in the same process subscribe here
 * (`diagnostics_channel.subscribe(TELEPHONY_CHANNEL, fn)`); publishing costs nothing without a
 * subscriber. Keyed PIN digits are never published, only how many were keyed.
 */
export type TelephonyEvent = {
  readonly platform: TelephonyPlatform;
  readonly callId: string;
} & TelephonyEventBody;

/** A {@link TelephonyEvent} without the call's key (what a call publishes about itself). */
export type TelephonyEventBody =
  | { readonly type: 'call.start'; readonly customerKnown: boolean; readonly lang: Lang }
  /** What the recognizer heard; while the agent awaits the PIN only the word count is published. */
  | { readonly type: 'asr.final'; readonly text: string; readonly confidence: number }
  | { readonly type: 'dtmf'; readonly length: number }
  /** The NLU's reading of a turn (entities normalized as core-intents.md says; none for a PIN turn). */
  | {
      readonly type: 'understood';
      readonly intent: string;
      readonly confidence: number;
      readonly entities: Readonly<Record<string, string>>;
    }
  | { readonly type: 'agent.say'; readonly text: string; readonly awaits: Awaits }
  | { readonly type: 'stepup'; readonly method: 'pin' | 'webauthn' }
  | { readonly type: 'handoff'; readonly summary: HandoffSummary }
  | { readonly type: 'end'; readonly reason: string }
  /** The agent answered a turn (speech, keys or the greeting) and now awaits `awaits`. */
  | { readonly type: 'turn.done'; readonly awaits: Awaits }
  | { readonly type: 'call.end'; readonly summary: CallSummary };

/** The diagnostics channel name (node:diagnostics_channel). */
export const TELEPHONY_CHANNEL = 'teller:telephony';

const channel = diagnostics.channel(TELEPHONY_CHANNEL);

/** Publishes a telephony event to in-process subscribers, if any. */
export function publishTelephonyEvent(event: TelephonyEvent): void {
  if (channel.hasSubscribers) channel.publish(event);
}
