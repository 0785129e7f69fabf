import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { SileroVadModel } from '../../audio/index.ts';
import type { Recognizer } from '../../asr/index.ts';
import type { BankingCore } from '../../bank/index.ts';
import {
  createDialog,
  StoredUnansweredCalls,
  type AgentOutput,
  type SessionStore,
  type StepUpVerifier,
} from '../../dialog/index.ts';
import type { Nlu } from '../../nlu/index.ts';
import type { Logger, TellerMetrics } from '../../observability/index.ts';
import type { SessionClaims, SessionTokens } from '../../security/index.ts';
import { formatDecimal, isTellerError, type ErrorCode } from '../../shared/index.ts';
import type { Synthesizer } from '../../tts/index.ts';
import { VoicePipeline, voiceMetrics } from '../../voice/index.ts';
import { toServerMessages } from './mapping.ts';
import { parseClientMessage, PROTOCOL, type ClientMessage, type ServerMessage } from './protocol.ts';

export const APP_LIMITS = {
  /** Largest WebSocket frame accepted (an audio frame is ~640 B per 20 ms at 16 kHz). */
  maxFrameBytes: 64 * 1024,
  maxSessionMs: 30 * 60_000,
  maxSessionsPerCustomer: 3,
  maxTextChars: 500,
  /** session.start must come this soon after the handshake. */
  startTimeoutMs: 10_000,
  pingIntervalMs: 20_000,
  /** Outgoing bytes waiting in the socket before agent audio is dropped for a slow client. */
  maxBufferedBytes: 2 * 1024 * 1024,
  /**
   * Outgoing bytes waiting beyond which the client is taken to have stopped reading and is
   * disconnected: each bad message it sends is answered, so it could otherwise grow the buffer.
   */
  maxUnreadBytes: 4 * 1024 * 1024,
  /** How long a disconnected session can be resumed. */
  resumeTtlMs: 10 * 60_000,
  /** Typed turns (text, dtmf, step-up) waiting to be answered; more are refused, not queued. */
  maxQueuedTurns: 8,
} as const;

export type AppLimits = { -readonly [K in keyof typeof APP_LIMITS]: number };

export interface AppGatewayOptions {
  readonly bank: BankingCore;
  readonly nlu: Nlu;
  readonly tokens: SessionTokens;
  readonly stepUp: StepUpVerifier | undefined;
  readonly recognizer: Recognizer | undefined;
  readonly asrEngine: string;
  readonly synthesizer: Synthesizer | undefined;
  readonly ttsEngine: string;
  readonly vad: SileroVadModel | undefined;
  readonly store: SessionStore;
  readonly logger: Logger;
  /** The node's metrics (sessions, turns, intents, errors, reply latency); none: not counted. */
  readonly metrics?: TellerMetrics;
  readonly limits?: Partial<AppLimits>;
  /**
   * Sandbox mode (no bank key configured): `session.start.sandbox` may give a session its own fresh
   * bank and `sandbox.state` reads it back, for `teller test --url`. Refused otherwise.
   */
  readonly sandbox?: SandboxSessions;
  /**
   * Places counted across every node (Redis), for `maxSessionsPerCustomer` to hold behind a load
   * balancer too. Without it each node counts its own.
   */
  readonly sharedPlaces?: SharedPlaces;
}

/** A customer's open sessions on every node: one place per connection, renewed while it is open. */
export interface SharedPlaces {
  claim(customerId: string, connectionId: string, limit: number): Promise<boolean>;
  release(customerId: string, connectionId: string): Promise<void>;
  /** How often an open connection renews its place (places lapse after three missed renewals). */
  readonly renewMs: number;
}

/** Builds per-session sandbox banks (the server passes the world loader and the WebAuthn setup). */
export interface SandboxSessions {
  open(
    request: NonNullable<Extract<ClientMessage, { type: 'session.start' }>['sandbox']>,
    lang: 'en' | 'zh',
  ): Promise<{
    bank: BankingCore;
    customerId: string;
    stepUp: StepUpVerifier;
  }>;
}

/** Errors a failed message is answered with as they are; any other failure is TELLER_ERR_INTERNAL. */
const TOLD_AS_IS: ReadonlySet<ErrorCode> = new Set([
  'TELLER_ERR_ENGINE_UNAVAILABLE',
  'TELLER_ERR_WORLD_INVALID',
]);

/** WebSocket close codes (RFC 6455 §7.4.2: 4000-4999 are the application's). */
export const CLOSE = {
  normal: 1000,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
  unauthenticated: 4401,
  sessionLimit: 4429,
  expired: 4408,
} as const;

/** The token from `Authorization: Bearer …` (native apps) or a `bearer.<token>` subprotocol (browsers). */
export function tokenOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  return protocols.find((p) => p.startsWith('bearer.'))?.slice(7);
}

function refuse(socket: Duplex, status: number, code: ErrorCode, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 429 ? 'Too Many Requests' : 'Bad Request'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The mobile app's WebSocket endpoint (docs/protocol.md): authenticated at the handshake with a
 * bank-signed JWT, then one conversation per connection — typed text or streamed audio in, agent
 * text and synthesized audio out. Bad input gets an `error` with a stable code; only auth, limits
 * and session expiry close the socket.
 */
export class AppGateway {
  private readonly wss: WebSocketServer;
  private readonly options: AppGatewayOptions;
  readonly limits: AppLimits;
  private readonly perCustomer = new Map<string, number>();

  constructor(options: AppGatewayOptions) {
    this.options = options;
    this.limits = { ...APP_LIMITS, ...options.limits };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.limits.maxFrameBytes,
      handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
      perMessageDeflate: false,
    });
  }

  get activeSessions(): number {
    return [...this.perCustomer.values()].reduce((a, b) => a + b, 0);
  }

  /** Handles an HTTP upgrade on the app path: verify the token, count sessions, then accept. */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const token = tokenOf(req);
    if (!token) return refuse(socket, 401, 'TELLER_ERR_UNAUTHENTICATED', 'a bearer token is required');
    const verdict = await this.options.tokens.verify(token, this.options.bank.now());
    if (!verdict.ok) {
      this.options.logger.warn({ reason: verdict.reason }, 'app handshake refused');
      return refuse(socket, 401, 'TELLER_ERR_UNAUTHENTICATED', verdict.reason);
    }
    const claims = verdict.claims;
    const customer = await this.options.bank.getCustomer(claims.customerId);
    if (!customer)
      return refuse(socket, 401, 'TELLER_ERR_UNAUTHENTICATED', 'the token names an unknown customer');
    if ((this.perCustomer.get(claims.customerId) ?? 0) >= this.limits.maxSessionsPerCustomer) {
      return refuse(
        socket,
        429,
        'TELLER_ERR_SESSION_LIMIT',
        `at most ${this.limits.maxSessionsPerCustomer} sessions per customer`,
      );
    }
    const place = randomUUID();
    const shared = this.options.sharedPlaces;
    // A shared count that cannot be reached costs the cross-node limit, not the session: this
    // node's own count still holds.
    const claimed = shared
      ? await shared
          .claim(claims.customerId, place, this.limits.maxSessionsPerCustomer)
          .catch((error: unknown) => {
            this.options.logger.warn({ err: error }, 'shared session places unavailable');
            return true;
          })
      : true;
    if (!claimed)
      return refuse(
        socket,
        429,
        'TELLER_ERR_SESSION_LIMIT',
        `at most ${this.limits.maxSessionsPerCustomer} sessions per customer, on all nodes`,
      );
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (shared) {
        const renew = setInterval(() => {
          shared.claim(claims.customerId, place, Number.MAX_SAFE_INTEGER).catch(() => undefined);
        }, shared.renewMs);
        renew.unref();
        ws.once('close', () => {
          clearInterval(renew);
          shared.release(claims.customerId, place).catch(() => undefined);
        });
      }
      this.accept(ws, claims, customer.name, customer.lang);
    });
  }

  private accept(
    ws: WebSocket,
    claims: SessionClaims,
    customerName: string,
    customerLang: 'en' | 'zh' | undefined,
  ): void {
    const count = (n: number) => {
      const next = (this.perCustomer.get(claims.customerId) ?? 0) + n;
      if (next <= 0) this.perCustomer.delete(claims.customerId);
      else this.perCustomer.set(claims.customerId, next);
    };
    count(1);
    const connection = new AppConnection(ws, claims, customerName, customerLang, this.options, this.limits);
    ws.once('close', () => {
      count(-1);
      // A recognizer that fails to close must not take the process down with an unhandled rejection.
      connection
        .closed()
        .catch((error: unknown) =>
          this.options.logger.error({ err: (error as Error).message }, 'app session close failed'),
        );
    });
  }

  close(): void {
    for (const ws of this.wss.clients) ws.close(CLOSE.normal, 'server shutting down');
    this.wss.close();
  }
}

/** One app connection: its state, limits and the conversation behind it. */
class AppConnection {
  private pipeline: VoicePipeline | undefined;
  /** The bank this session acts on: the server's, or a sandbox session's own. */
  private bank: BankingCore;
  private ownBank: BankingCore | undefined;
  private sessionId: string | undefined;
  private log: Logger;
  private readonly timers: NodeJS.Timeout[] = [];
  private alive = true;
  private starting = false;
  /** The socket has closed; a session.start still under way frees what it opens (see start). */
  private gone = false;
  private queuedTurns = 0;
  /** Why the conversation is over (handed off or ended): the answer to a turn sent after it. */
  private over: string | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly claims: SessionClaims,
    private readonly customerName: string,
    private readonly customerLang: 'en' | 'zh' | undefined,
    private readonly options: AppGatewayOptions,
    private readonly limits: AppLimits,
  ) {
    this.log = options.logger.child({ channel: 'app' });
    this.bank = options.bank;
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (error) => this.log.warn({ err: error.message }, 'socket error'));
    this.timers.push(
      setTimeout(() => {
        if (!this.pipeline)
          this.fail('TELLER_ERR_BAD_MESSAGE', 'session.start must be the first message', CLOSE.policy);
      }, limits.startTimeoutMs),
      setTimeout(
        () =>
          this.fail('TELLER_ERR_SESSION_EXPIRED', 'the session reached its maximum length', CLOSE.expired),
        limits.maxSessionMs,
      ),
      setInterval(() => {
        if (!this.alive) return this.ws.terminate();
        this.alive = false;
        this.ws.ping();
      }, limits.pingIntervalMs),
    );
  }

  private send(message: ServerMessage): void {
    if (message.type === 'error') this.options.metrics?.errors.inc({ channel: 'app', code: message.code });
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxUnreadBytes) {
      this.log.warn({ bufferedBytes: this.ws.bufferedAmount }, 'client stopped reading: disconnected');
      return this.ws.terminate();
    }
    this.ws.send(JSON.stringify(message));
  }

  private sendAudio(data: Buffer): void {
    // A client that stops reading must not make the server buffer its audio without bound.
    if (this.ws.readyState === this.ws.OPEN && this.ws.bufferedAmount < this.limits.maxBufferedBytes)
      this.ws.send(data);
  }

  private error(code: ErrorCode, message: string): void {
    this.send({ type: 'error', code, message, fatal: false });
  }

  private fail(code: ErrorCode, message: string, closeCode: number): void {
    this.send({ type: 'error', code, message, fatal: true });
    this.ws.close(closeCode, code);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    if (isBinary) {
      // Audio that crossed the end of the conversation on the wire has no one to hear it.
      if (this.over) return;
      if (!this.pipeline)
        return this.error(
          'TELLER_ERR_AUDIO_BEFORE_START',
          'send session.start with an audio format before audio frames',
        );
      const pushed = this.pipeline.pushAudio(bytes);
      if (!pushed.ok) this.error(pushed.code, pushed.message);
      return;
    }
    const parsed = parseClientMessage(bytes.toString('utf8'));
    if (!parsed.ok) return this.error(parsed.code, parsed.message);
    this.dispatch(parsed.value).catch((error: unknown) => {
      // A speech engine at capacity and a sandbox world that does not load are the client's to
      // know, with their codes (as the phone endpoints do); anything else is internal.
      if (isTellerError(error) && TOLD_AS_IS.has(error.code)) return this.error(error.code, error.message);
      this.log.error({ err: (error as Error).message }, 'message handling failed');
      this.error('TELLER_ERR_INTERNAL', 'that message could not be handled; the session continues');
    });
  }

  private async dispatch(message: ClientMessage): Promise<void> {
    if (message.type === 'ping')
      return this.send({ type: 'pong', ...(message.id ? { id: message.id } : {}) });
    if (message.type === 'session.start') return this.start(message);
    if (message.type === 'sandbox.state') return this.sandboxState();
    const pipeline = this.pipeline;
    if (!pipeline) return this.error('TELLER_ERR_BAD_MESSAGE', 'send session.start first');
    switch (message.type) {
      case 'text':
        return this.turn(pipeline, { type: 'text', text: message.text });
      case 'dtmf':
        return this.turn(pipeline, { type: 'dtmf', digits: message.digits });
      case 'stepup.assertion':
        return this.turn(pipeline, { type: 'stepup.assertion', response: message.response });
      case 'stepup.cancel':
        return this.turn(pipeline, { type: 'stepup.cancel' });
      case 'audio.end':
        return pipeline.endUtterance();
      case 'playback.done':
        return pipeline.playbackDone(message.id);
      case 'session.end':
        this.ws.close(CLOSE.normal, 'session ended by the client');
        return;
    }
  }

  /** A typed turn, run after those before it; a client that sends faster than it is answered is refused. */
  private async turn(pipeline: VoicePipeline, input: Parameters<VoicePipeline['handle']>[0]): Promise<void> {
    if (this.over) return this.error('TELLER_ERR_BAD_MESSAGE', `${this.over}: start a new session to go on`);
    if (this.queuedTurns >= this.limits.maxQueuedTurns)
      return this.error(
        'TELLER_ERR_RATE_LIMITED',
        `at most ${this.limits.maxQueuedTurns} messages may wait for an answer: wait for turn.done`,
      );
    this.queuedTurns++;
    try {
      await pipeline.handle(input);
    } finally {
      this.queuedTurns--;
    }
  }

  private async start(message: Extract<ClientMessage, { type: 'session.start' }>): Promise<void> {
    if (this.pipeline || this.starting)
      return this.error('TELLER_ERR_BAD_MESSAGE', 'the session has already started');
    this.starting = true;
    try {
      await this.startSession(message);
    } finally {
      this.starting = false;
      // The client left while the session was starting: close what it opened, as the close did not.
      if (this.gone) await this.closed();
    }
  }

  private async startSession(message: Extract<ClientMessage, { type: 'session.start' }>): Promise<void> {
    const wanted = message.lang ?? this.claims.lang ?? this.customerLang ?? 'en';
    if (message.audio && (!this.options.recognizer || !this.options.vad)) {
      return this.error(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        'speech recognition is not available on this server: send typed text',
      );
    }
    if (message.audio && !this.options.recognizer?.languages.includes(wanted)) {
      return this.error(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `speech recognition for "${wanted}" is not installed on this server (${this.options.asrEngine}): send typed text or use another language`,
      );
    }
    // An unknown voice is refused here, before anything opens: at synthesis every prompt would fail.
    const voice = message.output?.voice;
    const synthesizer = this.options.synthesizer;
    if (voice !== undefined && synthesizer) {
      const voices = synthesizer
        .voices()
        .filter((v) => v.lang === wanted)
        .map((v) => v.name);
      if (!voices.includes(voice))
        return this.error(
          'TELLER_ERR_BAD_MESSAGE',
          voices.length > 0
            ? `output.voice ${JSON.stringify(voice)} is not a "${wanted}" voice of this server: use one of ${voices.join(', ')}, or leave it out`
            : `this server has no named "${wanted}" voices: leave output.voice out`,
        );
    }
    let snapshot: unknown;
    let sessionId: string = randomUUID();
    if (message.resume) {
      // A store that is down (a shared Redis) costs the resume, never the connection.
      const taken = await this.options.store
        .take(`${this.claims.customerId}:${message.resume}`)
        .then((s) => ({ snapshot: s, failed: false }))
        .catch((error: unknown) => {
          this.log.warn({ err: error }, 'session store unavailable: could not resume');
          return { snapshot: undefined, failed: true };
        });
      snapshot = taken.snapshot;
      if (snapshot) sessionId = message.resume;
      else
        this.error(
          'TELLER_ERR_SESSION_EXPIRED',
          taken.failed
            ? 'sessions cannot be resumed right now: a new one was started'
            : 'that session can no longer be resumed: a new one was started',
        );
    }
    const lang = message.lang ?? this.claims.lang ?? this.customerLang ?? 'en';
    let customerId = this.claims.customerId;
    let stepUp = this.options.stepUp;
    if (message.sandbox) {
      if (!this.options.sandbox)
        return this.error('TELLER_ERR_FORBIDDEN', 'sandbox sessions exist only on a sandbox server');
      const own = await this.options.sandbox.open(message.sandbox, lang);
      this.bank = own.bank;
      this.ownBank = own.bank;
      customerId = own.customerId;
      stepUp = own.stepUp;
    }
    const dialog = await createDialog({
      bank: this.bank,
      nlu: this.options.nlu,
      ...(stepUp ? { stepUp } : {}),
      sessionId,
      customerId,
      channel: message.sandbox?.channel ?? 'app',
      lang,
      ...(message.style ? { style: message.style } : {}),
      ...(message.location ? { location: message.location } : {}),
      // Typed-text sessions are not timed out between turns; voice sessions follow the no-input policy.
      noInputMs: message.sandbox?.noInputMs ?? (message.audio ? 6_000 : 0),
      ...(snapshot ? { snapshot } : {}),
      unanswered: new StoredUnansweredCalls(this.options.store),
    });
    this.sessionId = sessionId;
    const output =
      message.output && this.options.synthesizer
        ? { encoding: 'pcm_s16le' as const, sampleRateHz: message.output.sampleRateHz, frameMs: 20 }
        : undefined;
    const metrics = this.options.metrics;
    const observe = metrics ? voiceMetrics(metrics, 'app') : undefined;
    const pipeline = new VoicePipeline({
      dialog,
      recognizer: message.audio ? this.options.recognizer : undefined,
      synthesizer: output ? this.options.synthesizer : undefined,
      vad: message.audio ? this.options.vad : undefined,
      input: message.audio ? { encoding: 'pcm_s16le', sampleRateHz: message.audio.sampleRateHz } : undefined,
      output,
      ...(message.output?.voice ? { voice: message.output.voice } : {}),
      ...(message.audio?.accent ? { accent: message.audio.accent } : {}),
      onEvent: (event) => {
        // Errors are counted as they are sent.
        if (event.type !== 'error') observe?.(event);
        // The turn log's last record: kinds, intents and states only — never words or entity values.
        if (event.type === 'turn' && event.record) {
          const { said: _said, ...turn } = event.record;
          this.log.info({ turn }, 'turn');
        }
        for (const m of toServerMessages(event)) {
          if (m === 'binary') continue;
          this.send(m);
        }
        if (event.type === 'audio.frame') this.sendAudio(event.data);
        if (event.type === 'agent') this.onAgentEvent(event.output);
      },
    });
    this.pipeline = pipeline;
    metrics?.sessionsStarted.inc({ channel: 'app' });
    metrics?.sessionsActive.inc({ channel: 'app' });
    this.log = this.log.child({ sessionId });
    this.log.info(
      { lang, audio: message.audio !== undefined, sandbox: message.sandbox !== undefined },
      'session started',
    );
    this.send({
      type: 'session.started',
      sessionId,
      customer: {
        id: customerId,
        name: message.sandbox
          ? ((await this.bank.getCustomer(customerId))?.name ?? customerId)
          : this.customerName,
      },
      channel: 'app',
      lang,
      asr: { engine: message.audio ? this.options.asrEngine : 'text' },
      tts: output ? { engine: this.options.ttsEngine, sampleRateHz: output.sampleRateHz } : null,
      limits: {
        maxFrameBytes: this.limits.maxFrameBytes,
        maxSessionMs: this.limits.maxSessionMs,
        maxTextChars: this.limits.maxTextChars,
      },
    });
    pipeline.announce(dialog.drainOutputs());
    this.send({ type: 'turn.done', awaits: dialog.awaits });
  }

  /**
   * A handoff or an end is the end of an app conversation (docs/protocol.md): a handoff is followed
   * by `session.end` (reason `handoff`), as the dialog ends on it, and once its last prompt has been
   * sent the socket is closed — except in sandbox sessions, whose bank the test still reads. Turns
   * sent after it are answered with an error.
   */
  private onAgentEvent(output: AgentOutput): void {
    if (output.type !== 'agent.handoff' && output.type !== 'agent.end') return;
    if (this.over) return;
    if (output.type === 'agent.handoff') {
      this.over = 'the conversation was handed off to a colleague';
      this.send({ type: 'session.end', reason: 'handoff' });
    } else this.over = 'the conversation has ended';
    if (this.ownBank) return;
    const close = () => this.ws.close(CLOSE.normal, 'conversation ended');
    void this.pipeline?.idle().then(close, close);
  }

  /** Sandbox sessions: the session bank's balances, cards and movements, for `after` checks. */
  private async sandboxState(): Promise<void> {
    if (!this.ownBank || !this.pipeline)
      return this.error('TELLER_ERR_FORBIDDEN', 'sandbox.state is only for sandbox sessions');
    const bank = this.ownBank;
    const customerId = this.pipeline.customerId;
    const decimal = (minor: number, currency: string) => formatDecimal(minor, currency as 'USD');
    const movements = await bank.listMovements(customerId, 1000);
    this.send({
      type: 'sandbox.state',
      accounts: (await bank.listAccounts(customerId)).map((a) => ({
        id: a.id,
        balance: decimal(a.balanceMinor, a.currency),
        currency: a.currency,
      })),
      cards: (await bank.listCards(customerId)).map((c) => ({
        id: c.id,
        balance: decimal(c.balanceMinor, c.currency),
        currency: c.currency,
        status: c.status,
      })),
      movements: movements.map((m) => ({
        id: m.id,
        to: 'id' in m.to ? m.to.id : m.to.reference,
        amount: decimal(m.amount.amountMinor, m.amount.currency),
        currency: m.credited.currency,
        credited: decimal(m.credited.amountMinor, m.credited.currency),
        status: m.status,
      })),
    });
  }

  /** The socket closed: keep the conversation resumable for a while, free the engines. */
  async closed(): Promise<void> {
    this.gone = true;
    for (const t of this.timers) clearTimeout(t);
    // A session.start under way owns the close: it calls back here once its pipeline exists.
    if (this.starting) return;
    const pipeline = this.pipeline;
    if (pipeline) this.options.metrics?.sessionsActive.dec({ channel: 'app' });
    try {
      // A conversation that is over is not kept: resumed, it could only refuse every turn.
      if (pipeline && this.sessionId && !this.ownBank && !this.over) {
        await this.options.store
          .save(
            `${this.claims.customerId}:${this.sessionId}`,
            pipelineSnapshot(pipeline),
            this.limits.resumeTtlMs,
          )
          .catch((error: unknown) =>
            this.log.warn({ err: error }, 'session store unavailable: this session cannot be resumed'),
          );
      }
    } finally {
      await pipeline?.close();
      await this.ownBank?.close();
    }
  }
}

function pipelineSnapshot(pipeline: VoicePipeline): unknown {
  return pipeline.persist();
}
