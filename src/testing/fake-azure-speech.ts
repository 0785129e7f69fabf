import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';

/**
 * A local stand-in for the Azure Speech service, enough of it for Teller's adapters to run for real
 * in tests and demos without a cloud account: the speech-to-text WebSocket protocol the
 * `microsoft-cognitiveservices-speech-sdk` speaks, and the text-to-speech REST endpoint.
 *
 * Speech to text (the SDK's `common.speech/WebsocketMessageFormatter` and `ServiceRecognizerBase`):
 * every message carries HTTP-style headers (`Path`, `X-RequestId`, `Content-Type`) then a blank line
 * then the body. Text frames are `headers\r\n\r\nbody`; binary frames are a big-endian 16-bit header
 * length, the headers, then the body. The client sends `speech.config`, `speech.context` (with the
 * phrase list as `dgi` groups), then `audio` frames: the first holds a RIFF/WAVE header, the last has
 * no body (end of audio). The service answers with `turn.start`, `speech.startDetected`,
 * `speech.hypothesis` (partials), `speech.phrase` (the result, `format=detailed`: NBest with
 * Confidence, Lexical, ITN, Display), `speech.endDetected` and `turn.end`, each echoing the
 * client's `X-RequestId`. Offsets and durations are in 100 ns ticks.
 *
 * Text to speech: `POST /cognitiveservices/v1` with SSML, `Ocp-Apim-Subscription-Key` and
 * `X-Microsoft-OutputFormat`; the answer is the audio. This fake returns a tone whose length
 * follows the text, as raw 16 kHz PCM or as a WAVE file (`riff-16khz-16bit-mono-pcm`).
 */

/** One recognised phrase the fake will return. */
export interface FakePhrase {
  /** Lexical form: words, numbers spelt out ("transfer five hundred dollars"). */
  readonly lexical: string;
  /** Display form; defaults to `lexical`. */
  readonly display?: string;
  /** 0–1; defaults to 0.9. */
  readonly confidence?: number;
  /** More NBest entries after the first. */
  readonly alternatives?: readonly { lexical: string; confidence: number }[];
}

/** What the fake answers for one turn (one connection's audio, up to its end). */
export interface FakeTurn {
  /** Sent as `speech.hypothesis`, one per audio frame received, the rest before the phrase. */
  readonly partials?: readonly string[];
  /** The result; an empty list answers `NoMatch`. */
  readonly phrases: readonly FakePhrase[];
}

/** What the fake saw on one speech-to-text connection. */
export interface FakeSttSession {
  readonly url: string;
  /** `language` query parameter (`en-US`, `zh-CN`). */
  readonly language: string | undefined;
  /** `format` query parameter (`simple`, `detailed`). */
  readonly format: string | undefined;
  /** Phrase-list entries sent in `speech.context`. */
  phrases: string[];
  /** PCM bytes received (the WAVE header excluded). */
  audioBytes: number;
  /** True once the client sent its end-of-audio message. */
  ended: boolean;
}

/** One text-to-speech request the fake answered. */
export interface FakeTtsRequest {
  readonly ssml: string;
  readonly outputFormat: string | undefined;
}

/** Options of {@link FakeAzureSpeech}. */
export interface FakeAzureSpeechOptions {
  /** The subscription key required (`Ocp-Apim-Subscription-Key`); wrong or missing → HTTP 401. */
  readonly key: string;
  /** Picks the turn to play for a session; the default answers "hello" with confidence 0.9. */
  readonly script?: (session: FakeSttSession) => FakeTurn;
  /** HTTP status the TTS endpoint answers instead of audio (to test errors). */
  readonly ttsStatus?: number;
}

const TICKS_PER_MS = 10_000;
const CRLF = '\r\n';

function header(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}${CRLF}`)
    .join('');
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(CRLF)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Parses a client frame into headers and body (the SDK's framing, see the module comment). */
function parseFrame(data: RawData, isBinary: boolean): { headers: Record<string, string>; body: Buffer } {
  const buffer = Buffer.isBuffer(data)
    ? data
    : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
  if (!isBinary) {
    const text = buffer.toString('utf8');
    const split = text.indexOf(CRLF + CRLF);
    const head = split < 0 ? text : text.slice(0, split);
    return { headers: parseHeaders(head), body: Buffer.from(split < 0 ? '' : text.slice(split + 4)) };
  }
  const length = buffer.readUInt16BE(0);
  return {
    headers: parseHeaders(buffer.subarray(2, 2 + length).toString('latin1')),
    body: buffer.subarray(2 + length),
  };
}

function phrasesFromContext(body: string): string[] {
  try {
    const context = JSON.parse(body) as { dgi?: { groups?: { items?: { text?: string }[] }[] } };
    return (context.dgi?.groups ?? []).flatMap((g) => (g.items ?? []).map((i) => i.text ?? ''));
  } catch {
    return [];
  }
}

/** A fake Azure Speech service on 127.0.0.1, port 0. */
export class FakeAzureSpeech {
  readonly sessions: FakeSttSession[] = [];
  readonly ttsRequests: FakeTtsRequest[] = [];
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #options: FakeAzureSpeechOptions;

  private constructor(options: FakeAzureSpeechOptions) {
    this.#options = options;
    this.#server = createServer((req, res) => void this.#http(req, res));
    this.#server.on('upgrade', (req: IncomingMessage, socket, head) => {
      if (req.headers['ocp-apim-subscription-key'] !== options.key) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#speechToText(ws, req));
    });
  }

  /** Starts the fake on 127.0.0.1 and an ephemeral port. */
  static async start(options: FakeAzureSpeechOptions): Promise<FakeAzureSpeech> {
    const fake = new FakeAzureSpeech(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** The speech-to-text host, for `SpeechConfig.fromHost` (`ws://127.0.0.1:PORT`). */
  get sttHost(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The text-to-speech endpoint URL. */
  get ttsUrl(): string {
    return `http://127.0.0.1:${this.port}/cognitiveservices/v1`;
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
  }

  #speechToText(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'ws://localhost');
    const session: FakeSttSession = {
      url: url.pathname,
      language: url.searchParams.get('language') ?? undefined,
      format: url.searchParams.get('format') ?? undefined,
      phrases: [],
      audioBytes: 0,
      ended: false,
    };
    this.sessions.push(session);
    let requestId = '';
    let turn: FakeTurn | undefined;
    let partialsSent = 0;
    const send = (path: string, body: object): void => {
      const headers = {
        'X-RequestId': requestId,
        Path: path,
        'Content-Type': 'application/json; charset=utf-8',
      };
      ws.send(header(headers) + CRLF + JSON.stringify(body));
    };
    ws.on('message', (data, isBinary) => {
      const { headers, body } = parseFrame(data, isBinary);
      requestId = headers['x-requestid'] ?? requestId;
      const path = headers.path?.toLowerCase();
      if (path === 'speech.context') session.phrases = phrasesFromContext(body.toString('utf8'));
      if (path !== 'audio') return;
      if (!turn) {
        turn = this.#options.script?.(session) ?? { phrases: [{ lexical: 'hello' }] };
        send('turn.start', { context: { serviceTag: 'fake' } });
        send('speech.startDetected', { Offset: 0 });
        // The first audio frame is the WAVE header the SDK sends before any PCM.
        if (body.subarray(0, 4).toString('latin1') === 'RIFF') return;
      }
      if (body.length > 0) {
        session.audioBytes += body.length;
        const partial = turn.partials?.[partialsSent];
        if (partial !== undefined) {
          partialsSent++;
          send('speech.hypothesis', { Text: partial, Offset: 0, Duration: this.#ticks(session) });
        }
        return;
      }
      session.ended = true;
      for (const partial of turn.partials?.slice(partialsSent) ?? [])
        send('speech.hypothesis', { Text: partial, Offset: 0, Duration: this.#ticks(session) });
      partialsSent = turn.partials?.length ?? 0;
      this.#finish(session, turn, send);
    });
  }

  #ticks(session: FakeSttSession): number {
    return Math.round((session.audioBytes / 32) * TICKS_PER_MS);
  }

  #finish(session: FakeSttSession, turn: FakeTurn, send: (path: string, body: object) => void): void {
    const duration = this.#ticks(session);
    if (turn.phrases.length === 0) {
      send('speech.phrase', { RecognitionStatus: 'NoMatch', Offset: 0, Duration: duration });
    }
    const share = Math.floor(duration / Math.max(1, turn.phrases.length));
    turn.phrases.forEach((phrase, i) => {
      const words = phrase.lexical.split(/\s+/).filter(Boolean);
      const wordTicks = Math.floor(share / Math.max(1, words.length));
      const confidence = phrase.confidence ?? 0.9;
      send('speech.phrase', {
        RecognitionStatus: 'Success',
        Offset: i * share,
        Duration: share,
        DisplayText: phrase.display ?? phrase.lexical,
        NBest: [
          {
            Confidence: confidence,
            Lexical: phrase.lexical,
            ITN: phrase.lexical,
            MaskedITN: phrase.lexical,
            Display: phrase.display ?? phrase.lexical,
            Words: words.map((word, w) => ({
              Word: word,
              Offset: i * share + w * wordTicks,
              Duration: wordTicks,
              Confidence: confidence,
            })),
          },
          ...(phrase.alternatives ?? []).map((alt) => ({
            Confidence: alt.confidence,
            Lexical: alt.lexical,
            ITN: alt.lexical,
            MaskedITN: alt.lexical,
            Display: alt.lexical,
          })),
        ],
      });
    });
    send('speech.endDetected', { Offset: duration });
    send('turn.end', {});
  }

  async #http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.startsWith('/cognitiveservices/v1')) {
      res.writeHead(404).end();
      return;
    }
    if (req.headers['ocp-apim-subscription-key'] !== this.#options.key) {
      res.writeHead(401).end();
      return;
    }
    const ssml = Buffer.concat(chunks).toString('utf8');
    const outputFormat = req.headers['x-microsoft-outputformat'] as string | undefined;
    this.ttsRequests.push({ ssml, outputFormat });
    if (this.#options.ttsStatus) {
      res.writeHead(this.#options.ttsStatus).end();
      return;
    }
    const text = ssml.replace(/<[^>]*>/g, '').trim();
    // 60 ms of a 440 Hz tone per character: long enough to tell prompts apart by length.
    const pcm = new Int16Array(Math.max(1, text.length) * 960);
    for (let i = 0; i < pcm.length; i++)
      pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16000));
    const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    const body = outputFormat?.startsWith('riff-') ? Buffer.concat([wavHeader(data.length), data]) : data;
    res.writeHead(200, { 'Content-Type': 'audio/x-wav', 'Content-Length': body.length }).end(body);
  }
}

function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16000, 24);
  h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}
