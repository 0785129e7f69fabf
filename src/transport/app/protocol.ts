import { z } from 'zod';
import { ASR_ACCENTS } from '../../asr/accents.ts';
import type { ErrorCode } from '../../shared/index.ts';

/**
 * The app WebSocket protocol, version 1 (docs/protocol.md). Client text frames are JSON validated
 * against these schemas; binary frames are audio in the format declared by `session.start`.
 */
export const PROTOCOL = 'teller.v1';

export const AUDIO_RATES = [8000, 16000, 48000] as const;

const AudioIn = z.strictObject({
  encoding: z.literal('pcm_s16le', { error: 'audio.encoding must be "pcm_s16le"' }),
  sampleRateHz: z.union([z.literal(8000), z.literal(16000), z.literal(48000)], {
    error: 'audio.sampleRateHz must be 8000, 16000 or 48000',
  }),
  /** The caller's English pronunciations (`us+gb`: British variants too); absent: the server's. */
  accent: z.enum(ASR_ACCENTS, { error: `audio.accent must be one of ${ASR_ACCENTS.join(', ')}` }).optional(),
});

const AudioOut = z.strictObject({
  encoding: z.literal('pcm_s16le').default('pcm_s16le'),
  sampleRateHz: z
    .union([z.literal(8000), z.literal(16000), z.literal(24000), z.literal(48000)])
    .default(16000),
  voice: z.string().max(40).optional(),
});

export const ClientMessage = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('session.start'),
      lang: z.enum(['en', 'zh']).optional(),
      style: z.enum(['standard', 'elderly']).optional(),
      /** Audio the client will stream; absent: typed text only. */
      audio: AudioIn.optional(),
      /** Synthesized speech back; absent: text only. */
      output: AudioOut.optional(),
      /** Resume an earlier session of the same customer after a reconnect. */
      resume: z.string().uuid().optional(),
      /** Where the customer is (for "nearest branch"), when the app shares it. */
      location: z
        .strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
        .optional(),
      /**
       * Sandbox servers only (no bank key configured): run this session on its own fresh bank, for
       * `teller test --url`. `world`: a convo-format world block (absent: a fresh demo world); `device`:
       * a software authenticator's credential to register; `channel`: `phone` to play a call.
       */
      sandbox: z
        .strictObject({
          world: z.record(z.string(), z.unknown()).optional(),
          device: z
            .strictObject({ credentialId: z.string().max(512), publicKey: z.string().max(2048) })
            .optional(),
          channel: z.enum(['app', 'phone']).optional(),
          noInputMs: z.number().int().min(0).max(60_000).optional(),
        })
        .optional(),
    }),
    z.strictObject({ type: z.literal('sandbox.state') }),
    z.strictObject({ type: z.literal('text'), text: z.string().min(1).max(500) }),
    z.strictObject({ type: z.literal('dtmf'), digits: z.string().regex(/^[0-9*#]{1,32}$/) }),
    z.strictObject({ type: z.literal('audio.end') }),
    z.strictObject({ type: z.literal('playback.done'), id: z.string().max(64) }),
    z.strictObject({ type: z.literal('stepup.assertion'), response: z.record(z.string(), z.unknown()) }),
    z.strictObject({ type: z.literal('stepup.cancel') }),
    z.strictObject({ type: z.literal('ping'), id: z.string().max(64).optional() }),
    z.strictObject({ type: z.literal('session.end') }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'unknown message type' : undefined) },
);

export type ClientMessage = z.infer<typeof ClientMessage>;

export const CLIENT_TYPES = [
  'session.start',
  'text',
  'dtmf',
  'audio.end',
  'playback.done',
  'stepup.assertion',
  'stepup.cancel',
  'ping',
  'session.end',
  'sandbox.state',
] as const;

/** Server → client messages (JSON text frames); agent audio follows `agent.audio.start` as binary frames. */
export type ServerMessage =
  | {
      type: 'session.started';
      sessionId: string;
      customer: { id: string; name: string };
      channel: 'app';
      lang: 'en' | 'zh';
      asr: { engine: string };
      tts: { engine: string; sampleRateHz: number } | null;
      limits: { maxFrameBytes: number; maxSessionMs: number; maxTextChars: number };
    }
  | { type: 'asr.partial'; text: string }
  | { type: 'asr.final'; text: string; confidence: number }
  | { type: 'vad.speech_start'; atMs: number }
  | { type: 'vad.speech_end'; atMs: number }
  | { type: 'nlu.result'; intent: string; confidence: number; entities: Record<string, string> }
  | { type: 'agent.say'; id: string; text: string; lang: 'en' | 'zh'; rate: number; awaits: string }
  | { type: 'agent.audio.start'; id: string; encoding: 'pcm_s16le'; sampleRateHz: number }
  | { type: 'agent.audio.end'; id: string; durationMs: number }
  | { type: 'agent.stop'; id: string; reason: 'barge_in' }
  | { type: 'stepup.challenge'; method: 'webauthn'; options: Record<string, unknown> }
  | { type: 'stepup.challenge'; method: 'pin' }
  | { type: 'stepup.result'; ok: boolean; reason?: string }
  | { type: 'handoff'; reason: string; summary: Record<string, unknown> }
  | { type: 'session.end'; reason: string }
  | { type: 'error'; code: ErrorCode; message: string; fatal: boolean }
  | { type: 'pong'; id?: string }
  /** Sent after each customer turn is fully answered: what the agent now waits for. */
  | { type: 'turn.done'; awaits: string }
  | {
      type: 'sandbox.state';
      accounts: { id: string; balance: string; currency: string }[];
      cards: { id: string; balance: string; currency: string; status: string }[];
      movements: {
        id: string;
        to: string;
        amount: string;
        currency: string;
        credited: string;
        status: string;
      }[];
    };

/** Parses one client text frame: malformed JSON, unknown types and schema violations are errors with codes. */
export function parseClientMessage(
  raw: string,
): { ok: true; value: ClientMessage } | { ok: false; code: ErrorCode; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'TELLER_ERR_BAD_JSON', message: 'the message is not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, code: 'TELLER_ERR_BAD_MESSAGE', message: 'a message is a JSON object with a "type"' };
  }
  const type = (json as { type?: unknown }).type;
  if (typeof type !== 'string' || !(CLIENT_TYPES as readonly string[]).includes(type)) {
    // Only a string is quoted back: String() throws on an object like {"toString": 1}.
    const named =
      typeof type === 'string'
        ? JSON.stringify(type.slice(0, 40))
        : `(${type === null ? 'null' : type === undefined ? 'none' : typeof type})`;
    return {
      ok: false,
      code: 'TELLER_ERR_UNKNOWN_MESSAGE_TYPE',
      message: `unknown message type ${named}: use one of ${CLIENT_TYPES.join(', ')}`,
    };
  }
  const parsed = ClientMessage.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    const code: ErrorCode =
      type === 'text' && issue?.code === 'too_big'
        ? 'TELLER_ERR_TEXT_TOO_LONG'
        : path.startsWith('audio')
          ? 'TELLER_ERR_BAD_AUDIO_FORMAT'
          : 'TELLER_ERR_BAD_MESSAGE';
    return { ok: false, code, message: `${type}${path ? `.${path}` : ''}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: parsed.data };
}
