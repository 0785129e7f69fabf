/**
 * The platform-neutral phone-call core shared by the Twilio Media Streams and Genesys AudioHook
 * endpoints: caller ID, the PIN-gated phone dialog, keypad (DTMF) entry, playback pacing, and the
 * `teller:telephony` diagnostics channel. See docs/telephony.md.
 */
export { DTMF_DEFAULTS, DtmfCollector, type DtmfCollectorOptions } from './dtmf.ts';
export { PlaybackClock, type PlaybackState } from './playback-clock.ts';
export {
  callerAccent,
  callerDigits,
  PhoneCall,
  type PhoneCallDeps,
  type PhoneCallEvent,
  type PhoneCallOptions,
  type TurnDisposition,
} from './phone-call.ts';
export {
  publishTelephonyEvent,
  TELEPHONY_CHANNEL,
  type CallOutcome,
  type CallSummary,
  type TelephonyEvent,
  type TelephonyEventBody,
  type TelephonyPlatform,
} from './telephony-events.ts';
