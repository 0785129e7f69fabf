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

/** Constant-time check of a call's `token` custom parameter. */
export function verifyTwilioStreamToken(
  authToken: string,
  callSid: string,
  token: string | undefined,
): boolean {
  if (!token) return false;
  const expected = Buffer.from(twilioStreamToken(authToken, callSid), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
