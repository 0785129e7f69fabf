import v8 from 'node:v8';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pocketSphinxProblem } from '../../src/asr/index.ts';
import { s16leFromInt16 } from '../../src/audio/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { FliteSynthesizer } from '../../src/tts/index.ts';
import { startTestServer } from '../helpers/server.ts';

v8.setFlagsFromString('--no-turbo-fast-api-calls');

describe.skipIf(pocketSphinxProblem() !== undefined)('vosk-server compatible endpoint', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({
      ttsEngine: 'none',
      asrEngine: 'pocketsphinx',
    });
  });
  afterAll(async () => server.close());

  it('answers every frame with one message, partials then the text, as vosk-server clients expect', async () => {
    const speech = await new FliteSynthesizer().synthesize('pay my credit card bill', {
      lang: 'en',
      voice: 'kal16',
    });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/vosk`);
    await new Promise((r) => ws.once('open', r));
    const answers: Record<string, unknown>[] = [];
    ws.on('message', (d) => answers.push(JSON.parse((d as Buffer).toString()) as Record<string, unknown>));
    ws.send(JSON.stringify({ config: { sample_rate: 16000, words: true } }));
    const frames: Buffer[] = [];
    const pcm = new Int16Array(speech.pcm.length + 16000 * 1.5);
    pcm.set(speech.pcm, 4800);
    for (let i = 0; i < pcm.length; i += 8000) frames.push(s16leFromInt16(pcm.subarray(i, i + 8000)));
    for (const f of frames) {
      ws.send(f);
      await new Promise((r) => setTimeout(r, 100));
    }
    ws.send('{"eof" : 1}');
    await new Promise((r) => ws.once('close', r));
    expect(answers.length).toBe(frames.length + 1);
    for (const a of answers.slice(0, -1)) expect('partial' in a || 'text' in a).toBe(true);
    const texts = answers.filter((a) => 'text' in a).map((a) => String(a['text']));
    // The protocol is under test here, not accuracy: where the VAD cuts this faster-than-real-time
    // stream depends on scheduling under load, and with it a word or two of the transcript.
    expect(texts.join(' ')).toMatch(/card/);
    const withWords = answers.find((a) => Array.isArray(a['result']));
    expect(withWords?.['result']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ word: 'card', conf: expect.any(Number) as unknown }),
      ]),
    );
  }, 30_000);

  it('rejects an unsupported sample rate with a clear error', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/vosk`);
    await new Promise((r) => ws.once('open', r));
    const answer = new Promise<string>((r) => ws.once('message', (d) => r((d as Buffer).toString())));
    ws.send(JSON.stringify({ config: { sample_rate: 22050 } }));
    expect(await answer).toMatch(/TELLER_ERR_BAD_AUDIO_FORMAT.*8000, 16000/);
    ws.close();
  });

  it('answers JSON that is not an object or a sample_rate that is not a number, and lives on', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/vosk`);
    await new Promise((r) => ws.once('open', r));
    const answers: string[] = [];
    const waiting: (() => void)[] = [];
    ws.on('message', (d) => {
      answers.push((d as Buffer).toString());
      waiting.shift()?.();
    });
    const sent = ['null', '7', '"eof"', '[]', '{"config":{"sample_rate":{"toString":1,"valueOf":1}}}'];
    for (const text of sent) {
      const answered = new Promise<void>((r) => waiting.push(r));
      ws.send(text);
      await answered;
    }
    expect(answers.slice(0, 4)).toEqual(
      Array.from({ length: 4 }, () => expect.stringMatching(/TELLER_ERR_BAD_MESSAGE/) as unknown),
    );
    expect(answers[4]).toMatch(/TELLER_ERR_BAD_AUDIO_FORMAT: sample_rate object not supported/);
    const closed = new Promise((r) => ws.once('close', r));
    ws.send('{"eof" : 1}');
    await closed;
    expect(JSON.parse(answers[5] ?? '')).toEqual({ text: '' });
  });

  it('closes a frame over the limit (1009) or text that is not UTF-8 (1007), and the server stays up', async () => {
    const closeCode = async (frame: Buffer, binary: boolean) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/vosk`);
      await new Promise((r) => ws.once('open', r));
      const closed = new Promise<number>((r) => ws.once('close', r));
      ws.send(frame, { binary });
      return closed;
    };
    expect(await closeCode(Buffer.alloc(256 * 1024 + 1), true)).toBe(1009);
    expect(await closeCode(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), false)).toBe(1007);
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  });
});

describe.skipIf(pocketSphinxProblem() !== undefined)('vosk-server compatible endpoint with tokens', () => {
  let server: RunningServer;
  let url: string;
  const token = (customerId: string) => server.tokens.sign({ customerId, ttlS: 600 }, Date.now());
  /** Opens a stream with `customerId`'s token, or says how the handshake was refused. */
  const open = async (customerId: string): Promise<WebSocket | string> => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${await token(customerId)}` } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(`HTTP ${res.statusCode}: ${body}`));
      });
      ws.once('error', reject);
    });
  };
  const close = (ws: WebSocket | string) =>
    new Promise((r) => {
      if (typeof ws === 'string') return r(undefined);
      ws.once('close', r);
      ws.close();
    });

  beforeAll(async () => {
    server = await startTestServer({
      jwtSecret: 'a-test-secret-that-is-long-enough-for-hs256',
      ttsEngine: 'none',
      asrEngine: 'pocketsphinx',
    });
    url = `ws://127.0.0.1:${server.port}/v1/vosk`;
  });
  afterAll(async () => server.close());

  it('refuses a token holder more than 3 streams (429, TELLER_ERR_SESSION_LIMIT), not the others', async () => {
    const alice = [await open('alice'), await open('alice'), await open('alice')];
    for (const ws of alice) expect(ws).toBeInstanceOf(WebSocket);
    const refused = await open('alice');
    expect(refused).toMatch(/^HTTP 429: .*"code":"TELLER_ERR_SESSION_LIMIT".*at most 3 vosk streams/);
    const wei = await open('wei');
    expect(wei).toBeInstanceOf(WebSocket);
    await close(wei);
    // Once one of alice's streams has closed, she may open another.
    await close(alice[0] ?? '');
    let again = await open('alice');
    while (typeof again === 'string') {
      await new Promise((r) => setTimeout(r, 10));
      again = await open('alice');
    }
    for (const ws of [again, ...alice.slice(1)]) await close(ws);
  });
});
