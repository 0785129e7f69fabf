import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../../observability/index.ts';
import { isTellerError, type ErrorCode } from '../../shared/index.ts';
import { PhoneCall, type CallSummary, type PhoneCallDeps, type PhoneCallEvent } from '../telephony/index.ts';
import type { AudioHookLimits } from './endpoint.ts';
import { AudioPacer } from './pacer.ts';
import {
  bytesPerFrame,
  CLIENT_TYPES,
  langOf,
  PARAMETERS,
  parseClientMessage,
  selectMedia,
  SUPPORTED_LANGUAGES,
  type ClientMessage,
  type MediaChoice,
  type ServerType,
} from './protocol.ts';

/** Session states, after the reference server's (serversessionimpl.ts). */
type State = 'preparing' | 'opening' | 'active' | 'paused' | 'disconnecting' | 'closing' | 'closed';

/** What Genesys hands to the Architect flow: a JsonStringMap (every value a string). */
export function outputVariables(summary: CallSummary): Record<string, string> {
  return {
    outcome: summary.outcome,
    reason: summary.reason,
    intent: summary.intent ?? '',
    handoffReason: summary.outcome === 'handoff' ? summary.reason : '',
    verified: String(summary.verified),
    customerKnown: String(summary.customerKnown),
    slots: JSON.stringify(summary.slots),
  };
}

/**
 * One AudioHook session: sequence numbers checked both ways, open/opened media negotiation, pause
 * handling, ping/pong, close/closed, and the server-side `disconnect` when the dialog hands off or
 * ends (or a protocol error). Errors are signalled as `disconnect {reason: "error"}`, as the
 * protocol and its reference server do; the client then runs the close transaction.
 */
export class AudioHookSession {
  private state: State = 'preparing';
  private seq = 0;
  private clientseq = 0;
  private call: PhoneCall | undefined;
  private choice: MediaChoice | undefined;
  /** What `disconnect` and `closed` report; set when the server ends the session. */
  private summary: CallSummary | undefined;
  private readonly pacer: AudioPacer;
  private readonly log: Logger;
  private readonly timers: NodeJS.Timeout[] = [];
  private alive = true;

  constructor(
    private readonly ws: WebSocket,
    private readonly ids: { readonly sessionId: string; readonly organizationId: string },
    private readonly deps: PhoneCallDeps,
    private readonly limits: AudioHookLimits,
  ) {
    this.log = deps.logger.child({ sessionId: ids.sessionId, channel: 'phone', platform: 'audiohook' });
    this.pacer = new AudioPacer({
      send: (data) => {
        if (this.ws.readyState === this.ws.OPEN && this.state === 'active')
          this.ws.send(data, { binary: true });
      },
      leadMs: limits.playbackLeadMs,
      maxQueuedMs: limits.maxQueuedAudioMs,
    });
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (error) => this.log.warn({ err: error.message }, 'socket error'));
    ws.once('close', () => void this.cleanup());
    this.timers.push(
      setTimeout(() => {
        if (this.state === 'preparing') this.fail('TELLER_ERR_BAD_MESSAGE', 'open must follow the upgrade');
      }, limits.openTimeoutMs),
      setTimeout(
        () => this.fail('TELLER_ERR_SESSION_EXPIRED', 'the call reached its maximum length'),
        limits.maxCallMs,
      ),
      setInterval(() => {
        if (!this.alive) return this.ws.terminate();
        this.alive = false;
        this.ws.ping();
      }, limits.pingIntervalMs),
    );
  }

  private send(type: ServerType, parameters: Record<string, unknown>): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const message = {
      version: '2',
      type,
      id: this.ids.sessionId,
      seq: ++this.seq,
      clientseq: this.clientseq,
      parameters,
    };
    this.ws.send(JSON.stringify(message));
  }

  /** Server-initiated end; the client answers with the close transaction. */
  private disconnect(reason: 'completed' | 'unauthorized' | 'error', info: string | undefined): void {
    if (this.state === 'disconnecting' || this.state === 'closing' || this.state === 'closed') return;
    this.state = 'disconnecting';
    this.pacer.clear();
    const result = this.call?.result;
    const summary =
      result && reason === 'error' ? { ...result, outcome: 'error' as const, reason: 'error' } : result;
    this.summary = summary;
    this.send('disconnect', {
      reason,
      ...(info ? { info } : {}),
      ...(summary ? { outputVariables: outputVariables(summary) } : {}),
    });
    void this.call?.close();
    this.timers.push(setTimeout(() => this.ws.close(1000, 'disconnected'), this.limits.closeTimeoutMs));
  }

  private fail(code: ErrorCode, message: string): void {
    this.log.warn({ code, reason: message }, 'audiohook session error');
    this.disconnect('error', `${code}: ${message}`);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    if (isBinary) return this.onAudio(bytes);
    const parsed = parseClientMessage(bytes.toString('utf8'));
    if (!parsed.ok) return this.fail(parsed.code, parsed.message);
    const message = parsed.value;
    const ending = this.state === 'disconnecting' || this.state === 'closing';
    if (message.seq !== this.clientseq + 1 && !ending)
      return this.fail(
        'TELLER_ERR_BAD_MESSAGE',
        `seq ${message.seq} after ${this.clientseq}: each client message must add 1 (repeated or skipped)`,
      );
    this.clientseq = Math.max(this.clientseq, message.seq);
    if (message.serverseq > this.seq && !ending)
      return this.fail(
        'TELLER_ERR_BAD_MESSAGE',
        `serverseq ${message.serverseq} is ahead of the server (${this.seq})`,
      );
    if (message.id !== this.ids.sessionId)
      return this.fail('TELLER_ERR_BAD_MESSAGE', 'id does not match the Audiohook-Session-Id header');
    this.dispatch(message);
  }

  private onAudio(bytes: Buffer): void {
    if (this.state === 'preparing' || this.state === 'opening')
      return this.fail('TELLER_ERR_AUDIO_BEFORE_START', 'audio before opened');
    // While paused the client should send nothing; audio that still comes is not listened to.
    if (this.state !== 'active' || !this.call || !this.choice) return;
    if (bytes.length % bytesPerFrame(this.choice.media) !== 0)
      return this.fail('TELLER_ERR_BAD_AUDIO_FORMAT', 'audio frame is not a whole number of samples');
    const pushed = this.call.pushAudio(bytes);
    if (!pushed.ok) this.log.warn({ code: pushed.code }, 'caller audio refused');
  }

  private dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'open':
        return void this.open(message).catch((error: unknown) => {
          // A speech engine at capacity is said as such, so the integration can route the call on.
          if (isTellerError(error) && error.code === 'TELLER_ERR_ENGINE_UNAVAILABLE')
            return this.fail(error.code, error.message);
          this.log.error({ err: (error as Error).message }, 'open failed');
          this.fail('TELLER_ERR_INTERNAL', 'the session could not be opened');
        });
      case 'ping':
        return this.send('pong', {});
      case 'paused':
        if (this.state === 'active') this.state = 'paused';
        this.pacer.pause();
        return;
      case 'resumed':
        if (this.state === 'paused') this.state = 'active';
        this.pacer.resume();
        return;
      case 'close':
        return void this.close();
      case 'dtmf': {
        const digit = PARAMETERS.dtmf.safeParse(message.parameters);
        if (!digit.success) return this.fail('TELLER_ERR_BAD_MESSAGE', 'dtmf.parameters.digit is required');
        if (this.state === 'active' && this.call && !this.call.key(digit.data.digit))
          this.log.warn('dtmf digit ignored: not a keypad key');
        return;
      }
      case 'error': {
        const error = PARAMETERS.error.safeParse(message.parameters);
        this.log.warn({ code: error.data?.code }, 'audiohook client error');
        const retryS = Number(/^PT([\d.]+)S$/.exec(error.data?.retryAfter ?? '')?.[1]);
        if (error.data?.code === 429 && retryS > 0) this.pacer.holdFor(retryS * 1000);
        return;
      }
      default:
        // discarded, update, playback_started/_completed carry nothing Teller acts on; a type this
        // version does not know is ignored rather than ending a live call.
        if (!CLIENT_TYPES.has(message.type))
          this.log.warn({ type: message.type.slice(0, 40) }, 'unknown message type');
        return;
    }
  }

  private async open(message: ClientMessage): Promise<void> {
    if (this.state !== 'preparing') return this.fail('TELLER_ERR_BAD_MESSAGE', 'open was already received');
    const parsed = PARAMETERS.open.safeParse(message.parameters);
    if (!parsed.success)
      return this.fail(
        'TELLER_ERR_BAD_MESSAGE',
        `open.parameters.${parsed.error.issues[0]?.path.join('.') ?? ''}`,
      );
    const params = parsed.data;
    if (params.organizationId !== this.ids.organizationId)
      return this.disconnect(
        'unauthorized',
        'organizationId does not match the Audiohook-Organization-Id header',
      );
    const choice = selectMedia(params.media);
    if (!choice)
      return this.fail(
        'TELLER_ERR_BAD_AUDIO_FORMAT',
        'offer PCMU or L16 audio at 8000 Hz with the external channel',
      );
    this.state = 'opening';
    this.choice = choice;
    const call = await PhoneCall.create(this.deps, {
      platform: 'audiohook',
      callId: this.ids.sessionId,
      callerNumber: params.participant.ani,
      lang: langOf(params.language),
      input: choice.input,
      output: choice.output,
      interDigitMs: this.limits.interDigitMs,
      onEvent: (event) => this.onCallEvent(event),
    });
    this.call = call;
    if (this.state !== 'opening') return void call.close();
    this.send('opened', {
      media: [choice.media],
      startPaused: false,
      ...(params.supportedLanguages ? { supportedLanguages: [...SUPPORTED_LANGUAGES] } : {}),
    });
    this.state = 'active';
    this.log.info(
      { customerKnown: call.customerKnown, format: choice.media.format },
      'audiohook session opened',
    );
    call.begin();
  }

  private onCallEvent(event: PhoneCallEvent): void {
    if (this.state !== 'active' && this.state !== 'paused') return;
    switch (event.type) {
      case 'prompt.audio': {
        const bytesPerMs = (this.choice?.output.encoding === 'pcm_s16le' ? 2 : 1) * 8;
        if (!this.pacer.enqueue(event.data, event.data.length / bytesPerMs))
          this.log.warn('agent audio queue full: prompt cut');
        return;
      }
      case 'interrupt':
        // Barge-in: stop sending, and ask Genesys to drop what it has queued (Audio Connector).
        if (this.pacer.busy) {
          this.pacer.clear();
          this.send('event', { entities: [{ type: 'barge_in', data: {} }] });
        }
        return;
      case 'agent.say':
        this.send('event', {
          entities: [
            { type: 'bot_turn_response', data: { disposition: event.disposition, text: event.text } },
          ],
        });
        return;
      case 'finished':
        void this.pacer.whenDrained().then(() => this.disconnect('completed', undefined));
        return;
      case 'error':
        this.log.warn({ code: event.code }, 'voice pipeline error');
        return;
      default:
        return;
    }
  }

  /** The client's close transaction: stop the call, answer `closed` with the call's output variables. */
  private async close(): Promise<void> {
    if (this.state === 'closing' || this.state === 'closed') return;
    const wasOpen = this.call !== undefined;
    this.state = 'closing';
    this.pacer.close();
    await this.call?.close();
    this.state = 'closed';
    const summary = this.summary ?? this.call?.result;
    this.send('closed', wasOpen && summary ? { outputVariables: outputVariables(summary) } : {});
    this.timers.push(setTimeout(() => this.ws.close(1000, 'closed'), this.limits.closeTimeoutMs));
  }

  private async cleanup(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.pacer.close();
    await this.call?.close();
  }
}
