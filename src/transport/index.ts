export {
  bearerMatches,
  readJsonBody,
  sendJson,
  startHttpServer,
  type HttpServerOptions,
  type Route,
  type RouteHandler,
} from './http-server.ts';
export {
  AppGateway,
  APP_LIMITS,
  CLOSE,
  tokenOf,
  type AppGatewayOptions,
  type SandboxSessions,
} from './app/gateway.ts';
export { parseClientMessage, PROTOCOL, type ClientMessage, type ServerMessage } from './app/protocol.ts';
export { VoskEndpoint, type VoskEndpointOptions } from './vosk/endpoint.ts';
export {
  CallSummaryStore,
  callSummaryRoute,
  SUMMARY_STORE_DEFAULTS,
  TwilioEndpoint,
  type TwilioEndpointOptions,
} from './twilio/index.ts';
export { AudioHookEndpoint, type AudioHookEndpointOptions } from './audiohook/index.ts';
export { TELEPHONY_CHANNEL, type CallSummary, type TelephonyEvent } from './telephony/index.ts';
export { coreRoutes, MAX_CORE_BODY_BYTES } from './core-api.ts';
