import { z } from 'zod';
import type { ErrorCode } from '../../shared/index.ts';
import type { AudioFormat, OutputFormat } from '../../voice/index.ts';

/*
 * Genesys Cloud AudioHook protocol v2 (developer.genesys.cloud/devapps/audiohook) with the Audio
 * Connector additions (`dtmf`, `playback_started`, `playback_completed`, the `barge_in` and
 * `bot_turn_response` event entities, `inputVariables`/`outputVariables`). Message shapes follow
 * Genesys' reference servers: purecloudlabs/audiohook-reference-implementation
 * (app/audiohook/src/protocol/message.ts) and GenesysCloudBlueprints/audioconnector-server-reference-
 * implementation (src/protocol/message.ts, voice-bots.ts). Text frames are JSON; audio is binary.
 */

/** Every client message: `seq` counts the client's messages from 1, `serverseq` is the last server seq seen. */
const ClientBase = z.looseObject({
  version: z.literal('2'),
  id: z.string().min(1).max(64),
  type: z.string().min(1).max(64),
  seq: z.number().int().min(1),
  serverseq: z.number().int().min(0),
  position: z.string().max(32).optional(),
  parameters: z.record(z.string(), z.unknown()),
});

/** A client (Genesys) message in the common v2 shape; `parameters` are checked per type. */
export type ClientMessage = z.infer<typeof ClientBase>;

const MediaParameter = z.looseObject({
  type: z.string(),
  format: z.string(),
  channels: z.array(z.string()).min(1).max(2),
  rate: z.number(),
});

/** One entry of `open.parameters.media` / `opened.parameters.media`. */
export type MediaParameter = z.infer<typeof MediaParameter>;

/** Parameters of the client messages Teller acts on. Unknown parameters are ignored. */
export const PARAMETERS = {
  open: z.looseObject({
    organizationId: z.string().min(1).max(64),
    conversationId: z.string().min(1).max(64),
    participant: z.looseObject({
      id: z.string().max(64).optional(),
      ani: z.string().max(128).optional(),
      aniName: z.string().max(256).optional(),
      dnis: z.string().max(128).optional(),
    }),
    media: z.array(MediaParameter).min(1).max(8),
    language: z.string().max(35).optional(),
    supportedLanguages: z.boolean().optional(),
    customConfig: z.record(z.string(), z.unknown()).optional(),
    inputVariables: z.record(z.string(), z.string().max(4096)).optional(),
  }),
  close: z.looseObject({ reason: z.string().max(64).optional() }),
  error: z.looseObject({
    code: z.number().int(),
    message: z.string().max(4096),
    retryAfter: z.string().optional(),
  }),
  dtmf: z.looseObject({ digit: z.string().min(1).max(1) }),
} as const;

/** Client message types of the protocol (AudioHook and Audio Connector). */
export const CLIENT_TYPES = new Set([
  'open',
  'close',
  'ping',
  'paused',
  'resumed',
  'discarded',
  'update',
  'error',
  'dtmf',
  'playback_started',
  'playback_completed',
]);

/** The result of {@link parseClientMessage}: the message, or why it was refused. */
export type ClientParse =
  | { readonly ok: true; readonly value: ClientMessage }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/** Parses a client text frame into the common message shape; never throws. */
export function parseClientMessage(text: string): ClientParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'TELLER_ERR_BAD_JSON', message: 'text message is not valid JSON' };
  }
  const parsed = ClientBase.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      code: 'TELLER_ERR_BAD_MESSAGE',
      message:
        `not a well-formed client message: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    };
  }
  return { ok: true, value: parsed.data };
}

/** Server message types Teller sends. */
export type ServerType = 'opened' | 'closed' | 'pong' | 'disconnect' | 'event';

/** A server message: `seq` counts the server's messages from 1, `clientseq` echoes the last client seq. */
export interface ServerMessage {
  readonly version: '2';
  readonly type: ServerType;
  readonly id: string;
  readonly seq: number;
  readonly clientseq: number;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** The negotiated media and what the voice pipeline makes of it. */
export interface MediaChoice {
  readonly media: MediaParameter;
  readonly input: AudioFormat;
  readonly output: OutputFormat;
}

/** Agent audio goes back in 200 ms binary frames: fewer messages keep clear of Genesys' rate limits. */
export const OUTPUT_FRAME_MS = 200;

/**
 * Picks one offered media entry: audio at 8000 Hz in PCMU or L16 with the `external` (customer)
 * channel; PCMU before L16, the external channel alone before stereo. Stereo is interleaved in the
 * order of `channels`, so the customer is the sample at the index of `external`.
 */
export function selectMedia(offered: readonly MediaParameter[]): MediaChoice | undefined {
  const usable = offered.filter(
    (m) =>
      m.type === 'audio' &&
      m.rate === 8000 &&
      (m.format === 'PCMU' || m.format === 'L16') &&
      m.channels.includes('external'),
  );
  const rank = (m: MediaParameter) => (m.format === 'PCMU' ? 0 : 2) + (m.channels.length === 1 ? 0 : 1);
  const media = [...usable].sort((a, b) => rank(a) - rank(b))[0];
  if (!media) return undefined;
  const encoding = media.format === 'PCMU' ? 'mulaw' : 'pcm_s16le';
  return {
    media: { type: 'audio', format: media.format, channels: media.channels, rate: 8000 },
    input: {
      encoding,
      sampleRateHz: 8000,
      channels: media.channels.length,
      channel: media.channels.indexOf('external'),
    },
    output: { encoding, sampleRateHz: 8000, frameMs: OUTPUT_FRAME_MS },
  };
}

/** Bytes of one sample frame (all channels) in the chosen media. */
export function bytesPerFrame(media: MediaParameter): number {
  return (media.format === 'L16' ? 2 : 1) * media.channels.length;
}

/** `en-US` → `en`, `zh-CN` → `zh`; other languages are not spoken here. */
export function langOf(tag: string | undefined): 'en' | 'zh' | undefined {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return base === 'en' || base === 'zh' ? base : undefined;
}

/** Languages Teller answers in, for `opened.parameters.supportedLanguages`. */
export const SUPPORTED_LANGUAGES = ['en-US', 'zh-CN'] as const;
