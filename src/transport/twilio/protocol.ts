import { z } from 'zod';
import type { ErrorCode } from '../../shared/index.ts';

/*
 * Twilio Media Streams messages (twilio.com/docs/voice/media-streams/websocket-messages). Twilio is the
 * WebSocket client; every frame is a JSON text frame with an `event`. Objects are parsed loosely:
 * Twilio may add fields, and a field Teller does not read must not break a call.
 */

/** Sequence numbers and chunk counters are decimal strings in Twilio's messages. */
const Counter = z.union([z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative()]).transform(Number);

const Connected = z.looseObject({ event: z.literal('connected'), protocol: z.string(), version: z.string() });

const Start = z.looseObject({
  event: z.literal('start'),
  sequenceNumber: Counter,
  streamSid: z.string().min(1).max(64),
  start: z.looseObject({
    streamSid: z.string().min(1).max(64),
    accountSid: z.string().max(64),
    callSid: z.string().min(1).max(64),
    tracks: z.array(z.string()).max(4),
    /** `<Parameter name value>` pairs from the TwiML `<Stream>`: caller number, call context, token. */
    customParameters: z.record(z.string().max(64), z.string().max(1024)).optional(),
    mediaFormat: z.looseObject({ encoding: z.string(), sampleRate: z.number(), channels: z.number() }),
  }),
});

const Media = z.looseObject({
  event: z.literal('media'),
  sequenceNumber: Counter,
  streamSid: z.string(),
  media: z.looseObject({
    track: z.string(),
    chunk: Counter.optional(),
    timestamp: Counter.optional(),
    payload: z.string(),
  }),
});

const Dtmf = z.looseObject({
  event: z.literal('dtmf'),
  sequenceNumber: Counter,
  streamSid: z.string(),
  dtmf: z.looseObject({ track: z.string().optional(), digit: z.string().max(1) }),
});

const Mark = z.looseObject({
  event: z.literal('mark'),
  sequenceNumber: Counter,
  streamSid: z.string(),
  mark: z.looseObject({ name: z.string().max(256) }),
});

const Stop = z.looseObject({
  event: z.literal('stop'),
  sequenceNumber: Counter,
  streamSid: z.string(),
  stop: z.looseObject({ accountSid: z.string().optional(), callSid: z.string().optional() }).optional(),
});

const SCHEMAS = {
  connected: Connected,
  start: Start,
  media: Media,
  dtmf: Dtmf,
  mark: Mark,
  stop: Stop,
} as const;

/** A message from Twilio, validated. */
export type TwilioMessage = z.infer<(typeof SCHEMAS)[keyof typeof SCHEMAS]>;

/** The result of {@link parseTwilioMessage}: the message, or why it was refused. */
export type TwilioParse =
  | { readonly ok: true; readonly value: TwilioMessage }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/** Parses one text frame from Twilio; never throws. */
export function parseTwilioMessage(text: string): TwilioParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'TELLER_ERR_BAD_JSON', message: 'the frame is not valid JSON' };
  }
  const event = typeof raw === 'object' && raw !== null ? (raw as { event?: unknown }).event : undefined;
  // Own keys only: `in` would take "constructor" or "toString" for events.
  if (typeof event !== 'string' || !Object.hasOwn(SCHEMAS, event))
    return {
      ok: false,
      code: 'TELLER_ERR_UNKNOWN_MESSAGE_TYPE',
      message: `event ${JSON.stringify(event)?.slice(0, 40) ?? 'missing'} is not a Media Streams event: connected, start, media, dtmf, mark or stop`,
    };
  const parsed = SCHEMAS[event as keyof typeof SCHEMAS].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      code: 'TELLER_ERR_BAD_MESSAGE',
      message: `${event}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    };
  }
  return { ok: true, value: parsed.data };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes a media payload strictly (Buffer.from would skip bad characters and decode garbage). */
export function decodePayload(payload: string): Buffer | undefined {
  return BASE64.test(payload) ? Buffer.from(payload, 'base64') : undefined;
}

/** Server → Twilio messages (bidirectional `<Connect><Stream>` only). */
export type TwilioServerMessage =
  | { readonly event: 'media'; readonly streamSid: string; readonly media: { readonly payload: string } }
  | { readonly event: 'mark'; readonly streamSid: string; readonly mark: { readonly name: string } }
  | { readonly event: 'clear'; readonly streamSid: string };

/** μ-law 8 kHz audio to play, base64 without a file header. */
export function mediaMessage(streamSid: string, mulaw: Buffer): TwilioServerMessage {
  return { event: 'media', streamSid, media: { payload: mulaw.toString('base64') } };
}

/** Twilio echoes a mark once the audio queued before it has played, or when `clear` drops it. */
export function markMessage(streamSid: string, name: string): TwilioServerMessage {
  return { event: 'mark', streamSid, mark: { name } };
}

/** Drops every queued audio message: the barge-in primitive. */
export function clearMessage(streamSid: string): TwilioServerMessage {
  return { event: 'clear', streamSid };
}
