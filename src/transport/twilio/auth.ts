import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Twilio signs webhooks with `X-Twilio-Signature` (HMAC-SHA1 of the full URL and the POST parameters,
 * keyed with the account's Auth Token). A Media Streams WebSocket upgrade carries the header too, but
 * it signs the public `wss://` URL, which a server behind TLS termination or a proxy cannot rebuild
 * reliably, and the `<Stream>` URL takes no query string (twilio.com/docs/voice/twiml/stream). So
 * Teller authenticates the stream with a per-call token in a TwiML `<Parameter>` instead, checked on
 * `start`: the bank's voice webhook, which knows the CallSid and the Auth Token, computes it. It never
 * puts the Auth Token itself in TwiML, and a token is useless for any other call.
 */

/** The `token` custom parameter for a call: hex HMAC-SHA256 of the CallSid keyed with the Auth Token. */
export function twilioStreamToken(authToken: string, callSid: string): string {
  return createHmac('sha256', authToken).update(callSid, 'utf8').digest('hex');
}

/**
 * The caller-bound token: hex HMAC-SHA256 of `<CallSid>:<from>` keyed with the Auth Token. It vouches
 * for the caller's number as well as the call, so a leaked token cannot open a stream that claims
 * another customer's number (TELLER_TWILIO_BIND_CALLER requires it).
 */
export function twilioCallerToken(authToken: string, callSid: string, from: string): string {
  return createHmac('sha256', authToken).update(`${callSid}:${from}`, 'utf8').digest('hex');
}

function sameHex(expected: string, token: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time check of a call's `token` custom parameter (the call-only form). */
export function verifyTwilioStreamToken(
  authToken: string,
  callSid: string,
  token: string | undefined,
): boolean {
  return token !== undefined && sameHex(twilioStreamToken(authToken, callSid), token);
}

/**
 * What a stream's `token` vouches for: `caller` (the caller-bound form, for this `from`), `call`
 * (the call-only form: the number is the webhook's word, unchecked), or nothing.
 */
export function checkTwilioToken(
  authToken: string,
  callSid: string,
  from: string | undefined,
  token: string | undefined,
): 'caller' | 'call' | undefined {
  if (token === undefined) return undefined;
  if (from !== undefined && sameHex(twilioCallerToken(authToken, callSid, from), token)) return 'caller';
  return sameHex(twilioStreamToken(authToken, callSid), token) ? 'call' : undefined;
}
