/**
 * The Twilio Media Streams endpoint: per-call token check, the Media Streams message protocol, and
 * phone calls through the shared phone-call core (../telephony). See docs/telephony.md.
 */
export { checkTwilioToken, twilioCallerToken, twilioStreamToken, verifyTwilioStreamToken } from './auth.ts';
export {
  TWILIO_CLOSE,
  TWILIO_LIMITS,
  TwilioEndpoint,
  type TwilioEndpointOptions,
  type TwilioLimits,
} from './endpoint.ts';
export { SUMMARY_STORE_DEFAULTS, CallSummaryStore, callSummaryRoute } from './summary-store.ts';
export {
  decodePayload,
  parseTwilioMessage,
  type TwilioMessage,
  type TwilioServerMessage,
} from './protocol.ts';
