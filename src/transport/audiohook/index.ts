/**
 * The Genesys Cloud AudioHook / Audio Connector endpoint: signed WebSocket upgrade, the v2 session
 * protocol, and phone calls through the shared phone-call core. See docs/telephony.md.
 */
export {
  AUDIOHOOK_LIMITS,
  AudioHookEndpoint,
  type AudioHookEndpointOptions,
  type AudioHookLimits,
} from './endpoint.ts';
export { AudioPacer, type AudioPacerOptions } from './pacer.ts';
export {
  langOf,
  parseClientMessage,
  selectMedia,
  SUPPORTED_LANGUAGES,
  type ClientMessage,
  type MediaChoice,
  type MediaParameter,
  type ServerMessage,
} from './protocol.ts';
export { AudioHookSession, outputVariables } from './session.ts';
export {
  canonicalHeader,
  NonceCache,
  REQUIRED_COMPONENTS,
  SIGNATURE_DEFAULTS,
  verifyAudioHookSignature,
  type SignatureFailure,
  type SignatureRequest,
  type SignatureVerdict,
} from './signature.ts';
export { parseDictionary, serializeInnerList, serializeItem, SfToken } from './structured-fields.ts';
