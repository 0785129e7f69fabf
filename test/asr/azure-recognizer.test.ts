import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecognizer } from '../../src/asr/index.ts';
import type {
  AzureSpeechOptions,
  RecognitionEvent,
  RecognitionStream,
  Recognizer,
} from '../../src/asr/index.ts';
import { FakeAzureSpeech } from '../../src/testing/fake-azure-speech.ts';
import type { FakeTurn } from '../../src/testing/fake-azure-speech.ts';

/** Typed asymmetric matchers (vitest's return `any`). */
const containing = (text: string): string => expect.stringContaining(text) as string;
const like = (value: Record<string, unknown>): object => expect.objectContaining(value) as object;

/**
 * The Azure adapter with Microsoft's real SDK over a real WebSocket to a local fake of the Speech
 * service (src/testing/fake-azure-speech.ts), which answers each connection with a scripted turn.
 */

const KEY = 'test-key';
const turns: FakeTurn[] = [];
let fake: FakeAzureSpeech;

beforeAll(async () => {
  fake = await FakeAzureSpeech.start({ key: KEY, script: () => turns.shift() ?? { phrases: [] } });
});
afterAll(async () => {
  await fake.close();
});

async function azure(options: Partial<AzureSpeechOptions> = {}): Promise<Recognizer> {
  const choice = await createRecognizer({
    engine: 'azure',
    azure: { key: KEY, endpoint: fake.sttHost, ...options },
  });
  expect(choice.engine).toBe('azure');
  return choice.recognizer;
}

/** 20 ms frames of a quiet tone: the fake does not listen, it counts bytes. */
function speak(stream: RecognitionStream, frames: number): void {
  const frame = new Int16Array(320).map((_, i) => Math.round(1000 * Math.sin(i / 5)));
  for (let i = 0; i < frames; i++) expect(stream.write(frame)).toEqual({ ok: true });
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Azure Speech recogniser', () => {
  it('streams partials and a detailed final with confidence, words, alternatives and phrase hints', async () => {
    turns.push({
      partials: ['transfer', 'transfer five hundred'],
      phrases: [
        {
          lexical: 'transfer five hundred dollars to bob chen',
          display: 'Transfer $500 to Bob Chen.',
          confidence: 0.87,
          alternatives: [{ lexical: 'transfer five hundred dollars to bob li', confidence: 0.41 }],
        },
      ],
    });
    const recognizer = await azure();
    const events: RecognitionEvent[] = [];
    const stream = recognizer.createStream({
      lang: 'en',
      sampleRateHz: 16000,
      grammar: { kind: 'confirmation', options: ['Bob Chen', 'Bob Li'] },
      onEvent: (e) => events.push(e),
    });
    speak(stream, 50);
    const result = await stream.endUtterance();
    expect(result).toMatchObject({
      text: 'transfer five hundred dollars to bob chen',
      confidence: 0.87,
      grammar: 'confirmation',
      durationMs: 1000,
      alternatives: [
        { text: 'transfer five hundred dollars to bob li', confidence: 0.41, source: 'general' },
      ],
    });
    expect(result.inDomain).toBeUndefined();
    expect(result.words?.map((w) => w.word)).toEqual([
      'transfer',
      'five',
      'hundred',
      'dollars',
      'to',
      'bob',
      'chen',
    ]);
    expect(result.words?.[1]).toMatchObject({ startMs: 143, endMs: 286, confidence: 0.87 });
    expect(
      events.filter((e) => e.type === 'asr.partial').map((e) => e.type === 'asr.partial' && e.text),
    ).toEqual(['transfer', 'transfer five hundred']);
    expect(events.at(-1)).toEqual({ type: 'asr.final', result });
    const session = fake.sessions.at(-1);
    expect(session).toMatchObject({
      language: 'en-US',
      format: 'detailed',
      audioBytes: 50 * 640,
      ended: true,
    });
    expect(session?.phrases).toEqual(expect.arrayContaining(['bob chen', 'bob li']));
    await stream.close();
    await recognizer.close();
  });

  it('recognises Mandarin with zh-CN and joins the words the service separates', async () => {
    turns.push({ phrases: [{ lexical: '我 要 转账 五百 元', confidence: 0.8 }] });
    const recognizer = await azure();
    const stream = recognizer.createStream({ lang: 'zh', sampleRateHz: 16000 });
    speak(stream, 10);
    expect(await stream.endUtterance()).toMatchObject({
      text: '我要转账五百元',
      confidence: 0.8,
      grammar: 'free',
    });
    expect(fake.sessions.at(-1)).toMatchObject({ language: 'zh-CN', phrases: [] });
    await stream.close();
    await recognizer.close();
  });

  it('runs each utterance as its own session, with the grammar set for it, and reads NoMatch as silence', async () => {
    turns.push({ phrases: [{ lexical: 'yes', confidence: 0.95 }] }, { phrases: [] });
    const recognizer = await azure();
    const stream = recognizer.createStream({
      lang: 'en',
      sampleRateHz: 16000,
      grammar: { kind: 'confirmation' },
    });
    speak(stream, 5);
    stream.setGrammar({ kind: 'choice', options: ['Maria Garcia'] });
    expect(await stream.endUtterance()).toMatchObject({ text: 'yes', grammar: 'confirmation' });
    speak(stream, 5);
    expect(await stream.endUtterance()).toMatchObject({ text: '', confidence: 0, grammar: 'choice' });
    expect(fake.sessions.at(-1)?.phrases).toContain('maria garcia');
    expect(await stream.endUtterance()).toMatchObject({ text: '', durationMs: 0 });
    await stream.close();
    expect(stream.write(new Int16Array(320))).toMatchObject({
      ok: false,
      error: { code: 'TELLER_ERR_ENGINE_UNAVAILABLE' },
    });
    await recognizer.close();
  });

  it('reports a refused connection as an error event and a rejected utterance, then recovers', async () => {
    const recognizer = await azure({ endpoint: `ws://127.0.0.1:${await closedPort()}` });
    const events: RecognitionEvent[] = [];
    const stream = recognizer.createStream({
      lang: 'en',
      sampleRateHz: 16000,
      onEvent: (e) => events.push(e),
    });
    stream.write(new Int16Array(320));
    await expect(stream.endUtterance()).rejects.toMatchObject({ code: 'TELLER_ERR_ENGINE_UNAVAILABLE' });
    expect(events).toEqual([
      {
        type: 'asr.error',
        error: like({
          code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
          message: containing('cannot reach Azure Speech'),
        }),
      },
    ]);
    // A new utterance opens a new connection rather than staying failed.
    stream.write(new Int16Array(320));
    await expect(stream.endUtterance()).rejects.toMatchObject({ code: 'TELLER_ERR_ENGINE_UNAVAILABLE' });
    await stream.close();
    await recognizer.close();
  });

  it('reports a refused key with its own code, without the key in the message', async () => {
    const recognizer = await azure({ key: 'wrong-key' });
    const stream = recognizer.createStream({ lang: 'en', sampleRateHz: 16000 });
    stream.write(new Int16Array(320));
    const error = await stream.endUtterance().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TELLER_ERR_ENGINE_AUTH' });
    expect(
      JSON.stringify({ message: (error as Error).message, ...(error as { details: object }).details }),
    ).not.toContain('wrong-key');
    await stream.close();
    await recognizer.close();
  });

  it('needs a key and a region or endpoint, and refuses other sample rates and closed streams', async () => {
    await expect(createRecognizer({ engine: 'azure' })).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
      message: containing('TELLER_AZURE_SPEECH_KEY'),
    });
    await expect(createRecognizer({ engine: 'azure', azure: { key: KEY } })).rejects.toMatchObject({
      message: containing('TELLER_AZURE_SPEECH_REGION'),
    });
    const recognizer = await azure({ maxStreams: 1 });
    expect(() => recognizer.createStream({ lang: 'en', sampleRateHz: 8000 as 16000 })).toThrow(
      like({ code: 'TELLER_ERR_BAD_AUDIO_FORMAT' }),
    );
    const stream = recognizer.createStream({ lang: 'en', sampleRateHz: 16000 });
    expect(() => recognizer.createStream({ lang: 'en', sampleRateHz: 16000 })).toThrow(
      like({ code: 'TELLER_ERR_ENGINE_UNAVAILABLE' }),
    );
    await stream.close();
    recognizer.createStream({ lang: 'en', sampleRateHz: 16000 });
    await recognizer.close();
  });

  it('closes when its signal aborts, mid-utterance', async () => {
    turns.push({ phrases: [{ lexical: 'hello' }] });
    const recognizer = await azure();
    const controller = new AbortController();
    const stream = recognizer.createStream({ lang: 'en', sampleRateHz: 16000, signal: controller.signal });
    speak(stream, 3);
    controller.abort(new Error('caller hung up'));
    await expect(stream.endUtterance()).rejects.toThrow('caller hung up');
    expect(stream.write(new Int16Array(320)).ok).toBe(false);
    await recognizer.close();
  });
});
