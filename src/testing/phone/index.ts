/**
 * Scripted contact-center peers: a Twilio Media Streams client and a Genesys AudioHook client built
 * from the vendors' documented messages, with synthesized caller speech and the `teller:telephony`
 * recorder. Used by the telephony conformance tests and `teller test --phone`.
 */
export { AudioHookCaller, audiohookHeaders } from './audiohook-caller.ts';
export {
  closing,
  framesOf,
  Inbox,
  opened,
  paced,
  speech8k,
  speechMulaw,
  stereoL16,
  TelephonyRecorder,
  type Json,
} from './common.ts';
export { TwilioCaller } from './twilio-caller.ts';
