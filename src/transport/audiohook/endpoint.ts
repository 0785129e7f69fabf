import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ErrorCode } from '../../shared/index.ts';
import { DTMF_DEFAULTS, type PhoneCallDeps } from '../telephony/index.ts';
import { AudioHookSession } from './session.ts';
import { canonicalHeader, NonceCache, verifyAudioHookSignature } from './signature.ts';

/** Hard limits of the AudioHook endpoint; every one is an option. */
export const AUDIOHOOK_LIMITS = {
  /** Largest frame: the reference server refuses text over 64 KiB; Audio Connector audio frames stay under it. */
  maxFrameBytes: 64 * 1024,
  /** Concurrent sessions; more upgrades get HTTP 503. */
  maxCalls: 200,
  /** `open` must follow the handshake this soon. */
  openTimeoutMs: 10_000,
  maxCallMs: 60 * 60_000,
  pingIntervalMs: 20_000,
  /** After `disconnect` (or `closed`), how long the client has to close before the server does. */
  closeTimeoutMs: 5_000,
  /** Agent audio is sent at most this far ahead of playback. */
  playbackLeadMs: 1_000,
  maxQueuedAudioMs: 120_000,
  interDigitMs: DTMF_DEFAULTS.interDigitMs,
} as const;

/** {@link AUDIOHOOK_LIMITS}, overridable per endpoint. */
export type AudioHookLimits = { -readonly [K in keyof typeof AUDIOHOOK_LIMITS]: number };

/** What the AudioHook endpoint needs: the server's engines and bank, and the integration's credentials. */
export interface AudioHookEndpointOptions extends PhoneCallDeps {
  /** TELLER_AUDIOHOOK_API_KEY: the integration's API key; unset, the endpoint is open (sandbox). */
  readonly apiKey: string | undefined;
  /** TELLER_AUDIOHOOK_CLIENT_SECRET (base64): when set, every upgrade must be signed with it. */
  readonly clientSecret: string | undefined;
  readonly limits?: Partial<AudioHookLimits>;
  /** Unix seconds, for signature ages (tests). */
  readonly nowS?: () => number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refuse(socket: Duplex, status: 400 | 401 | 503, code: ErrorCode, message: string): void {
  const text = { 400: 'Bad Request', 401: 'Unauthorized', 503: 'Service Unavailable' }[status];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/**
 * The Genesys Cloud AudioHook / Audio Connector endpoint (docs/telephony.md). The upgrade must carry
 * the `Audiohook-*` headers and, when configured, the API key and a valid HTTP message signature
 * (otherwise HTTP 401); each accepted connection is one {@link AudioHookSession}.
 */
export class AudioHookEndpoint {
  private readonly wss: WebSocketServer;
  readonly limits: AudioHookLimits;
  private readonly secret: Buffer | undefined;
  private readonly nonces = new NonceCache();

  constructor(private readonly options: AudioHookEndpointOptions) {
    this.limits = { ...AUDIOHOOK_LIMITS, ...options.limits };
    this.secret = options.clientSecret ? Buffer.from(options.clientSecret, 'base64') : undefined;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.limits.maxFrameBytes,
      perMessageDeflate: false,
    });
    if (!options.apiKey) options.logger.warn('audiohook endpoint is open: set TELLER_AUDIOHOOK_API_KEY');
  }

  get activeCalls(): number {
    return this.wss.clients.size;
  }

  /** Handles an HTTP upgrade on the AudioHook path: headers, API key, signature, then accept. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const sessionId = canonicalHeader(req.headers, 'audiohook-session-id');
    const organizationId = canonicalHeader(req.headers, 'audiohook-organization-id');
    if (!sessionId || !UUID.test(sessionId) || !organizationId)
      return refuse(
        socket,
        400,
        'TELLER_ERR_INVALID_REQUEST',
        'Audiohook-Session-Id and -Organization-Id are required',
      );
    const denied = this.authenticate(req);
    if (denied) {
      this.options.logger.warn({ reason: denied }, 'audiohook upgrade refused');
      return refuse(socket, 401, 'TELLER_ERR_UNAUTHENTICATED', denied);
    }
    if (this.wss.clients.size >= this.limits.maxCalls)
      return refuse(
        socket,
        503,
        'TELLER_ERR_SESSION_LIMIT',
        `at most ${this.limits.maxCalls} concurrent sessions`,
      );
    this.wss.handleUpgrade(
      req,
      socket,
      head,
      (ws) => new AudioHookSession(ws, { sessionId, organizationId }, this.options, this.limits),
    );
  }

  /** Undefined when the request may proceed, else why not. */
  private authenticate(req: IncomingMessage): string | undefined {
    const apiKey = this.options.apiKey;
    if (!apiKey) return undefined;
    if (!this.secret) {
      const given = Buffer.from(canonicalHeader(req.headers, 'x-api-key') ?? '');
      const expected = Buffer.from(apiKey);
      return given.length === expected.length && timingSafeEqual(given, expected)
        ? undefined
        : 'X-API-KEY is missing or not the configured key';
    }
    const nowS = this.options.nowS?.() ?? Math.floor(Date.now() / 1000);
    const verdict = verifyAudioHookSignature({
      headers: req.headers,
      target: req.url ?? '/',
      apiKey,
      secret: this.secret,
      nowS,
      useNonce: (nonce, untilS) => this.nonces.use(nonce, untilS, nowS),
    });
    return verdict.ok ? undefined : `${verdict.reason}: ${verdict.message}`;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.wss.close();
  }
}
