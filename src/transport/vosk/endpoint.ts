import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { int16FromS16le, Resampler, VadStream, type SileroVadModel } from '../../audio/index.ts';
import {
  bandOf,
  checkGrammar,
  type GrammarSpec,
  type RecognitionResult,
  type RecognitionStream,
  type Recognizer,
} from '../../asr/index.ts';
import type { Logger } from '../../observability/index.ts';
import type { SessionTokens } from '../../security/index.ts';
import { isTellerError } from '../../shared/index.ts';

/**
 * A vosk-server compatible endpoint (alphacep/vosk-server websocket/asr_server.py), so existing Vosk
 * clients can use Teller's recognizer: a `{"config": {...}}` text frame, binary PCM s16le mono frames,
 * then `{"eof" : 1}`. Every frame gets exactly one JSON answer: `{"partial": ...}` while an utterance
 * goes on, `{"text", "result"}` when the VAD ends one, and the final result after eof.
 */
export interface VoskEndpointOptions {
  readonly recognizer: Recognizer;
  readonly vad: SileroVadModel;
  readonly tokens: SessionTokens | undefined;
  readonly logger: Logger;
  readonly maxFrameBytes?: number;
  readonly maxConnectionMs?: number;
  /** Answers waiting in the socket beyond which a client that does not read is disconnected. */
  readonly maxUnreadBytes?: number;
  /**
   * Open connections (each one recognizer stream) per token subject, as the app endpoint's
   * `maxSessionsPerCustomer`: one token holder cannot take every stream of the node. Default 3;
   * without tokens (the sandbox) connections are not told apart.
   */
  readonly maxStreamsPerCustomer?: number;
}

interface VoskConfig {
  sampleRateHz: number;
  phrases: string[] | undefined;
  words: boolean;
}

export const VOSK_RATES = [8000, 16000, 48000, 44100] as const;

function parseConfig(value: unknown): { ok: true; config: VoskConfig } | { ok: false; error: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, error: 'config must be an object' };
  const c = value as Record<string, unknown>;
  const given = c['sample_rate'];
  // A number or a numeric string; anything else is refused without being converted (an object's
  // toString may throw).
  const scalar = typeof given === 'number' || typeof given === 'string';
  const rate = given === undefined ? 16000 : scalar ? Number(given) : NaN;
  if (!(VOSK_RATES as readonly number[]).includes(rate))
    return {
      ok: false,
      error: `sample_rate ${scalar ? String(given).slice(0, 20) : typeof given} not supported: send 8000, 16000, 44100 or 48000`,
    };
  const list = c['phrase_list'];
  let phrases: string[] | undefined;
  if (list !== undefined) {
    const check = checkGrammar({ kind: 'choice', options: list });
    if (!check.ok) return { ok: false, error: `phrase_list: ${check.error}` };
    phrases = (list as string[]).map((p) => p.toLowerCase());
  }
  return { ok: true, config: { sampleRateHz: rate, phrases, words: c['words'] === true } };
}

function resultJson(r: RecognitionResult, words: boolean): Record<string, unknown> {
  const result =
    words && r.words
      ? r.words.map((w) => ({
          word: w.word,
          start: w.startMs / 1000,
          end: w.endMs / 1000,
          conf: Math.round(w.confidence * 1000) / 1000,
        }))
      : undefined;
  return result ? { result, text: r.text } : { text: r.text };
}

export class VoskEndpoint {
  private readonly wss: WebSocketServer;
  private readonly perCustomer = new Map<string, number>();

  constructor(private readonly options: VoskEndpointOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxFrameBytes ?? 256 * 1024,
      perMessageDeflate: false,
    });
  }

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let customerId: string | undefined;
    if (this.options.tokens) {
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ')
        ? auth.slice(7)
        : (new URL(req.url ?? '/', 'http://x').searchParams.get('access_token') ?? '');
      const verdict = await this.options.tokens.verify(token);
      if (!verdict.ok) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      customerId = verdict.claims.customerId;
      const limit = this.options.maxStreamsPerCustomer ?? 3;
      if ((this.perCustomer.get(customerId) ?? 0) >= limit) {
        this.options.logger.warn('vosk upgrade refused: stream limit of its token subject');
        const body = JSON.stringify({
          error: {
            code: 'TELLER_ERR_SESSION_LIMIT',
            message: `at most ${limit} vosk streams per token subject: close one first`,
          },
        });
        socket.end(
          `HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
    }
    const subject = customerId;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (subject !== undefined) {
        this.count(subject, 1);
        ws.once('close', () => this.count(subject, -1));
      }
      new VoskConnection(ws, this.options);
    });
  }

  private count(customerId: string, n: number): void {
    const next = (this.perCustomer.get(customerId) ?? 0) + n;
    if (next <= 0) this.perCustomer.delete(customerId);
    else this.perCustomer.set(customerId, next);
  }

  close(): void {
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.wss.close();
  }
}

class VoskConnection {
  private config: VoskConfig = { sampleRateHz: 16000, phrases: undefined, words: false };
  private stream: RecognitionStream | undefined;
  private vad: VadStream | undefined;
  private resampler: Resampler | undefined;
  private partial = '';
  private readonly finals: RecognitionResult[] = [];
  private ending: Promise<void> = Promise.resolve();
  private speaking = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly options: VoskEndpointOptions,
  ) {
    ws.on('message', (data, isBinary) => {
      this.onMessage(data, isBinary).catch((error: unknown) => this.failed(error));
    });
    // Without a listener, a frame over maxPayload or text that is not UTF-8 would throw from ws.
    ws.on('error', (error) => options.logger.warn({ err: error.message }, 'vosk socket error'));
    ws.on('close', () => void this.close());
    this.timer = setTimeout(
      () => ws.close(1000, 'connection too long'),
      options.maxConnectionMs ?? 30 * 60_000,
    );
  }

  /** A frame that could not be handled (a recognizer at capacity, an engine failure): said, then closed. */
  private failed(error: unknown): void {
    const code = isTellerError(error) ? error.code : 'TELLER_ERR_INTERNAL';
    if (!isTellerError(error))
      this.options.logger.error({ err: (error as Error).message }, 'vosk frame handling failed');
    this.send({
      error: `${code}: ${isTellerError(error) ? error.message : 'the frame could not be handled'}`,
    });
    // 1013 (try again later): the recognizer is at capacity, so the client may retry.
    this.ws.close(code === 'TELLER_ERR_ENGINE_UNAVAILABLE' ? 1013 : 1011, code);
  }

  private send(value: unknown): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    // Every frame is answered: a client that sends without reading would grow the buffer without bound.
    if (this.ws.bufferedAmount > (this.options.maxUnreadBytes ?? 1024 * 1024)) return this.ws.terminate();
    this.ws.send(JSON.stringify(value));
  }

  private open(): void {
    const grammar: GrammarSpec = this.config.phrases
      ? { kind: 'choice', options: this.config.phrases }
      : { kind: 'free' };
    this.stream = this.options.recognizer.createStream({
      lang: 'en',
      sampleRateHz: 16000,
      band: bandOf(this.config.sampleRateHz),
      grammar,
      onEvent: (e) => {
        if (e.type === 'asr.partial') this.partial = e.text;
      },
    });
    this.resampler =
      this.config.sampleRateHz === 16000
        ? undefined
        : new Resampler({ inputRateHz: this.config.sampleRateHz, outputRateHz: 16000 });
    this.vad = new VadStream(this.options.vad, (e) => {
      if (e.type === 'vad.speech_start') this.speaking = true;
      if (e.type === 'vad.speech_end') this.endUtterance();
    });
  }

  private endUtterance(): void {
    const stream = this.stream;
    if (!stream || !this.speaking) return;
    this.speaking = false;
    this.ending = this.ending
      .then(async () => {
        const r = await stream.endUtterance();
        if (r.text) this.finals.push(r);
        this.partial = '';
      })
      // Nothing may await this chain (the VAD ends utterances between frames): a failure is said here.
      .catch((error: unknown) => this.failed(error));
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    if (!isBinary) {
      let raw: unknown;
      try {
        raw = JSON.parse(bytes.toString('utf8'));
      } catch {
        return this.send({ error: 'TELLER_ERR_BAD_JSON: the message is not valid JSON' });
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        return this.send({ error: 'TELLER_ERR_BAD_MESSAGE: send a JSON object: config or eof' });
      const msg = raw as Record<string, unknown>;
      if ('config' in msg) {
        if (this.stream) return this.send({ error: 'TELLER_ERR_BAD_MESSAGE: config must come before audio' });
        const parsed = parseConfig(msg['config']);
        if (!parsed.ok) return this.send({ error: `TELLER_ERR_BAD_AUDIO_FORMAT: ${parsed.error}` });
        this.config = parsed.config;
        return;
      }
      if ('eof' in msg) {
        if (!this.stream) this.open();
        this.speaking = true;
        this.endUtterance();
        await this.ending;
        const last = this.finals.splice(0).pop();
        this.send(last ? resultJson(last, this.config.words) : { text: '' });
        this.ws.close(1000);
        return;
      }
      return this.send({ error: 'TELLER_ERR_UNKNOWN_MESSAGE_TYPE: send config, audio frames or eof' });
    }
    if (!this.stream) this.open();
    if (bytes.length % 2 !== 0)
      return this.send({ error: 'TELLER_ERR_BAD_AUDIO_FORMAT: PCM s16le frames hold whole samples' });
    const pcm = int16FromS16le(bytes);
    const samples = this.resampler ? this.resampler.process(pcm) : pcm;
    const pushed = this.vad?.push(samples);
    if (pushed && !pushed.ok) return this.send({ error: `${pushed.error.code}: ${pushed.error.message}` });
    this.stream?.write(samples);
    const done = this.finals.shift();
    this.send(done ? resultJson(done, this.config.words) : { partial: this.partial });
  }

  private async close(): Promise<void> {
    clearTimeout(this.timer);
    // Nothing awaits this (the socket has closed): a recognizer failing to close is only logged.
    await this.stream
      ?.close()
      .catch((error: unknown) =>
        this.options.logger.warn({ err: (error as Error).message }, 'vosk stream close failed'),
      );
  }
}
