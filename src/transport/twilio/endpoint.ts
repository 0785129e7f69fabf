import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from '../../observability/index.ts';
import { isTellerError, type ErrorCode } from '../../shared/index.ts';
import { checkTwilioToken } from './auth.ts';
import {
  DTMF_DEFAULTS,
  PhoneCall,
  type CallSummary,
  type PhoneCallDeps,
  type PhoneCallEvent,
} from '../telephony/index.ts';
import { CallSummaryStore } from './summary-store.ts';
import {
  clearMessage,
  decodePayload,
  markMessage,
  mediaMessage,
  parseTwilioMessage,
  type TwilioMessage,
  type TwilioServerMessage,
} from './protocol.ts';

/** Hard limits of the Twilio endpoint; every one is an option. */
export const TWILIO_LIMITS = {
  /** Largest frame accepted: a 20 ms media message is ~350 B, a `start` with parameters a few KiB. */
  maxFrameBytes: 64 * 1024,
  /** Concurrent calls (streams past an authenticated `start`); more upgrades get HTTP 503. */
  maxCalls: 200,
  /**
   * Streams still waiting for `start`, which is where they authenticate: they do not count as calls,
   * and past this many the oldest is closed (1008), so sockets that never start cannot keep calls out.
   * Twilio sends `start` right after the handshake.
   */
  maxWaitingStreams: 32,
  /** `start` must follow the handshake this soon. */
  startTimeoutMs: 5_000,
  maxCallMs: 60 * 60_000,
  pingIntervalMs: 20_000,
  /** Outgoing bytes waiting in the socket before agent audio is dropped. */
  maxBufferedBytes: 1024 * 1024,
  /** After a finished call's last prompt, how long past its expected end to wait for the final mark. */
  finalMarkGraceMs: 5_000,
  /** Refused messages tolerated before the stream is closed (1008). */
  maxProtocolErrors: 20,
  interDigitMs: DTMF_DEFAULTS.interDigitMs,
} as const;

/** {@link TWILIO_LIMITS}, overridable per endpoint. */
export type TwilioLimits = { -readonly [K in keyof typeof TWILIO_LIMITS]: number };

/** What the Twilio endpoint needs: the server's engines and bank, and its auth token. */
export interface TwilioEndpointOptions extends PhoneCallDeps {
  /** TELLER_TWILIO_AUTH_TOKEN: when set, `start` must carry the per-call `token` parameter. */
  readonly authToken: string | undefined;
  /** TELLER_TWILIO_BIND_CALLER: only the caller-bound token opens a call (auth.ts). */
  readonly bindCaller?: boolean;
  readonly limits?: Partial<TwilioLimits>;
  /** Where finished calls' summaries wait (default: this node's memory). */
  readonly summaries?: CallSummaryStore;
}

/** WebSocket close codes (RFC 6455 §7.4.1; 4000-4999 are the application's). */
export const TWILIO_CLOSE = {
  normal: 1000,
  unsupported: 1003,
  policy: 1008,
  /** A speech engine is at capacity (all its streams in use): the call may be routed elsewhere. */
  tryAgainLater: 1013,
  unauthenticated: 4401,
  expired: 4408,
} as const;

/**
 * The Twilio Media Streams endpoint (`<Connect><Stream url="wss://…/v1/twilio">`, docs/telephony.md):
 * μ-law 8 kHz in and out, a mark after each prompt (a prompt is playing until its mark comes back),
 * `clear` on barge-in, keypad digits, the caller identified from the `from` custom parameter. When the
 * dialog hands off or ends, the stream is closed after the last prompt has played; Twilio then runs the
 * TwiML after `</Connect>` and the call summary waits in {@link summaries}.
 */
export class TwilioEndpoint {
  private readonly wss: WebSocketServer;
  readonly limits: TwilioLimits;
  readonly summaries: CallSummaryStore;
  /** Streams that have not passed `start` yet, oldest first. */
  private readonly waiting = new Set<WebSocket>();
  private readonly calls = new Set<WebSocket>();
  /** The CallSids with a stream past `start`: a call has one stream at a time. */
  private readonly callSids = new Map<WebSocket, string>();

  constructor(private readonly options: TwilioEndpointOptions) {
    this.summaries = options.summaries ?? new CallSummaryStore();
    this.limits = { ...TWILIO_LIMITS, ...options.limits };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.limits.maxFrameBytes,
      perMessageDeflate: false,
    });
  }

  /** Calls past `start`. */
  get activeCalls(): number {
    return this.calls.size;
  }

  /** Streams waiting for `start`. */
  get waitingStreams(): number {
    return this.waiting.size;
  }

  /** Handles an HTTP upgrade on the Twilio path. Authentication happens on `start` (see auth.ts). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.calls.size >= this.limits.maxCalls) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (this.waiting.size >= this.limits.maxWaitingStreams) {
        const oldest = this.waiting.values().next().value;
        if (oldest) {
          this.waiting.delete(oldest);
          oldest.close(TWILIO_CLOSE.policy, 'too many streams waiting for start');
        }
      }
      this.waiting.add(ws);
      ws.once('close', () => {
        this.waiting.delete(ws);
        this.calls.delete(ws);
        this.callSids.delete(ws);
      });
      new TwilioConnection(ws, this.options, this.limits, this);
    });
  }

  /**
   * A stream passed `start` (authenticated): it becomes a call, unless it was closed for waiting too
   * long behind newer streams or every call is taken.
   */
  admit(ws: WebSocket, callSid: string): 'ok' | 'full' | 'duplicate' {
    // A second stream for a call that has one is a replayed `start`, never Twilio's.
    if ([...this.callSids.values()].includes(callSid)) return 'duplicate';
    if (!this.waiting.delete(ws) || this.calls.size >= this.limits.maxCalls) return 'full';
    this.calls.add(ws);
    this.callSids.set(ws, callSid);
    return 'ok';
  }

  close(): void {
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.wss.close();
  }
}

/** One Media Stream: one phone call. */
class TwilioConnection {
  private call: PhoneCall | undefined;
  private starting = false;
  private streamSid: string | undefined;
  private callSid: string | undefined;
  private lastSeq = 0;
  private refused = 0;
  /** Prompts sent whose mark has not come back: they are still playing (or queued) at Twilio. */
  private readonly playing = new Set<string>();
  private playUntilMs = 0;
  private finalMark: string | undefined;
  private ended = false;
  private alive = true;
  private log: Logger;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly ws: WebSocket,
    private readonly options: TwilioEndpointOptions,
    private readonly limits: TwilioLimits,
    private readonly endpoint: TwilioEndpoint,
  ) {
    this.log = options.logger.child({ channel: 'phone', platform: 'twilio' });
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (error) => this.log.warn({ err: error.message }, 'socket error'));
    ws.once('close', () => void this.cleanup());
    this.timers.push(
      setTimeout(() => {
        if (!this.call && !this.starting) this.closeWith(TWILIO_CLOSE.policy, 'start must follow connected');
      }, limits.startTimeoutMs),
      setTimeout(
        () => this.closeWith(TWILIO_CLOSE.expired, 'call reached its maximum length'),
        limits.maxCallMs,
      ),
      setInterval(() => {
        if (!this.alive) return this.ws.terminate();
        this.alive = false;
        this.ws.ping();
      }, limits.pingIntervalMs),
    );
  }

  private send(message: TwilioServerMessage): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    // A peer that stops reading must not make the server buffer agent audio without bound.
    if (message.event === 'media' && this.ws.bufferedAmount > this.limits.maxBufferedBytes) return;
    this.ws.send(JSON.stringify(message));
  }

  private closeWith(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(code, reason.slice(0, 120));
  }

  /** Twilio cannot receive errors: a refused message is logged and dropped; too many close the stream. */
  private refuse(code: ErrorCode, message: string): void {
    this.log.warn({ code, reason: message }, 'twilio message refused');
    if (++this.refused > this.limits.maxProtocolErrors) this.closeWith(TWILIO_CLOSE.policy, code);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (isBinary) return this.refuse('TELLER_ERR_BAD_MESSAGE', 'Media Streams frames are JSON text');
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    const parsed = parseTwilioMessage(bytes.toString('utf8'));
    if (!parsed.ok) return this.refuse(parsed.code, parsed.message);
    const message = parsed.value;
    if (message.event !== 'connected') {
      // sequenceNumber counts every message after `connected` by one: a repeat or a step back is a replay.
      if (message.sequenceNumber <= this.lastSeq)
        return this.refuse(
          'TELLER_ERR_BAD_MESSAGE',
          `sequenceNumber ${message.sequenceNumber} is not after ${this.lastSeq}`,
        );
      if (this.streamSid && message.streamSid !== this.streamSid)
        return this.refuse('TELLER_ERR_BAD_MESSAGE', 'streamSid does not match this stream');
      this.lastSeq = message.sequenceNumber;
    }
    this.dispatch(message);
  }

  private dispatch(message: TwilioMessage): void {
    switch (message.event) {
      case 'connected':
        return;
      case 'start':
        if (this.call || this.starting)
          return this.refuse('TELLER_ERR_BAD_MESSAGE', 'the stream has already started');
        this.starting = true;
        this.start(message).catch((error: unknown) => {
          if (isTellerError(error) && error.code === 'TELLER_ERR_ENGINE_UNAVAILABLE') {
            this.log.warn({ reason: error.message }, 'call refused: a speech engine is at capacity');
            return this.closeWith(TWILIO_CLOSE.tryAgainLater, error.code);
          }
          this.log.error({ err: (error as Error).message }, 'call start failed');
          this.closeWith(1011, 'TELLER_ERR_INTERNAL');
        });
        return;
      case 'media': {
        // Media that races the caller lookup right after `start` is dropped quietly.
        if (!this.call)
          return this.starting
            ? undefined
            : this.refuse('TELLER_ERR_AUDIO_BEFORE_START', 'media before start');
        if (message.media.track !== 'inbound') return;
        const audio = decodePayload(message.media.payload);
        if (!audio) return this.refuse('TELLER_ERR_BAD_AUDIO_FORMAT', 'media.payload is not valid base64');
        const pushed = this.call.pushAudio(audio);
        if (!pushed.ok) this.refuse(pushed.code, pushed.message);
        return;
      }
      case 'dtmf':
        if (!this.call)
          return this.starting ? undefined : this.refuse('TELLER_ERR_BAD_MESSAGE', 'dtmf before start');
        if (!this.call.key(message.dtmf.digit))
          this.refuse('TELLER_ERR_BAD_MESSAGE', 'dtmf.digit is not a key');
        return;
      case 'mark':
        return this.onMark(message.mark.name);
      case 'stop':
        this.log.info('twilio stream stopped');
        this.closeWith(TWILIO_CLOSE.normal, 'stopped');
        return;
    }
  }

  private async start(message: Extract<TwilioMessage, { event: 'start' }>): Promise<void> {
    const { start } = message;
    const params = start.customParameters ?? {};
    this.log = this.options.logger.child({ sessionId: start.callSid, channel: 'phone', platform: 'twilio' });
    if (start.mediaFormat.encoding !== 'audio/x-mulaw' || start.mediaFormat.sampleRate !== 8000)
      return this.closeWith(
        TWILIO_CLOSE.unsupported,
        'TELLER_ERR_BAD_AUDIO_FORMAT: audio/x-mulaw 8000 Hz only',
      );
    const authToken = this.options.authToken;
    const from = params['from'] ?? params['From'] ?? params['caller'];
    if (authToken) {
      const vouches = checkTwilioToken(authToken, start.callSid, from, params['token']);
      if (!vouches || (this.options.bindCaller && vouches !== 'caller')) {
        this.log.warn(
          { tokenFor: vouches ?? 'nothing' },
          vouches
            ? 'twilio stream refused: the token does not vouch for the caller'
            : 'twilio stream refused: missing or wrong token parameter',
        );
        return this.closeWith(TWILIO_CLOSE.unauthenticated, 'TELLER_ERR_UNAUTHENTICATED');
      }
    }
    const admitted = this.endpoint.admit(this.ws, start.callSid);
    if (admitted === 'duplicate') {
      this.log.warn('twilio stream refused: the call already has a stream');
      return this.closeWith(TWILIO_CLOSE.policy, 'TELLER_ERR_SESSION_LIMIT: the call already has a stream');
    }
    if (admitted === 'full') {
      this.log.warn('twilio call refused: no call slot for it');
      return this.closeWith(TWILIO_CLOSE.tryAgainLater, 'TELLER_ERR_SESSION_LIMIT');
    }
    this.streamSid = message.streamSid;
    this.callSid = start.callSid;
    const lang = params['lang'] === 'zh' || params['lang'] === 'en' ? params['lang'] : undefined;
    const call = await PhoneCall.create(this.options, {
      platform: 'twilio',
      callId: start.callSid,
      callerNumber: from,
      lang,
      input: { encoding: 'mulaw', sampleRateHz: 8000 },
      output: { encoding: 'mulaw', sampleRateHz: 8000, frameMs: 20 },
      interDigitMs: this.limits.interDigitMs,
      onEvent: (event) => this.onCallEvent(event),
    });
    this.call = call;
    this.starting = false;
    if (this.ws.readyState !== this.ws.OPEN) return void call.close();
    this.log.info({ customerKnown: call.customerKnown }, 'twilio call started');
    call.begin();
  }

  private onCallEvent(event: PhoneCallEvent): void {
    const streamSid = this.streamSid;
    if (!streamSid || this.ended) return;
    switch (event.type) {
      case 'prompt.audio':
        return this.send(mediaMessage(streamSid, event.data));
      case 'prompt.end':
        this.playing.add(event.id);
        this.playUntilMs = Math.max(Date.now(), this.playUntilMs) + event.durationMs;
        return this.send(markMessage(streamSid, event.id));
      case 'interrupt':
        // Barge-in: Twilio drops its queued audio and echoes the marks of what it dropped.
        if (this.playing.size > 0) this.send(clearMessage(streamSid));
        return;
      case 'finished':
        return this.finish(event.summary);
      case 'error':
        this.log.warn({ code: event.code }, 'voice pipeline error');
        return;
      default:
        return;
    }
  }

  /** The dialog is over: mark the end of the last prompt, close the stream once it has played. */
  private finish(summary: CallSummary): void {
    if (!this.streamSid || !this.callSid || this.finalMark) return;
    this.endpoint.summaries.set(this.callSid, summary);
    this.finalMark = summary.outcome === 'handoff' ? 'handoff' : 'end';
    this.send(markMessage(this.streamSid, this.finalMark));
    const waitMs = Math.max(0, this.playUntilMs - Date.now()) + this.limits.finalMarkGraceMs;
    this.timers.push(setTimeout(() => this.hangUp(summary), waitMs));
  }

  private onMark(name: string): void {
    if (name === this.finalMark && this.call) return this.hangUp(this.call.result);
    if (this.playing.delete(name)) this.call?.playbackDone(name);
  }

  /** Closing the socket ends `<Connect><Stream>`; Twilio continues with the TwiML after `</Connect>`. */
  private hangUp(summary: CallSummary): void {
    if (this.ended) return;
    this.ended = true;
    this.log.info({ outcome: summary.outcome, reason: summary.reason }, 'twilio call finished');
    this.closeWith(TWILIO_CLOSE.normal, `${summary.outcome}:${summary.reason}`);
  }

  private async cleanup(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    // A caller who hangs up mid-conversation leaves a summary too (outcome `hangup`).
    if (this.call && this.callSid && !this.finalMark)
      this.endpoint.summaries.set(this.callSid, this.call.result);
    await this.call?.close();
  }
}
