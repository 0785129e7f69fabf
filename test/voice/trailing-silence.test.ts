import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedSileroVad, type SileroVadModel } from '../../src/audio/index.ts';
import type { RecognitionResult, RecognitionStream, Recognizer, StreamOptions } from '../../src/asr/index.ts';
import { demoWorld, SqliteBank } from '../../src/bank/index.ts';
import { createDialog } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { FliteSynthesizer } from '../../src/tts/index.ts';
import { VoicePipeline } from '../../src/voice/pipeline.ts';
import { concat as join, silence as silent } from '../audio/signals.ts';

/** A recogniser that records, per utterance, how many samples it was given; it hears nothing. */
class Counting implements Recognizer {
  readonly name = 'counting';
  readonly languages = ['en'] as const;
  readonly utterances: number[] = [];
  #current = 0;
  close(): Promise<void> {
    return Promise.resolve();
  }
  createStream(_options: StreamOptions): RecognitionStream {
    return {
      write: (pcm) => {
        this.#current += pcm.length;
        return { ok: true };
      },
      setGrammar: () => undefined,
      endUtterance: () => {
        this.utterances.push(this.#current);
        this.#current = 0;
        const result: RecognitionResult = {
          text: '',
          confidence: 0,
          inDomain: false,
          words: [],
          grammar: 'free',
          durationMs: 0,
        };
        return Promise.resolve(result);
      },
      close: () => Promise.resolve(),
    };
  }
}

const silence = (ms: number) => silent(16000, ms);

describe('VoicePipeline holds back the silence that ends a turn', () => {
  let nlu: Nlu;
  let bank: SqliteBank;
  let vad: SileroVadModel;
  let speech: Int16Array;
  beforeAll(async () => {
    nlu = await Nlu.load();
    bank = SqliteBank.create(demoWorld(), { path: ':memory:' });
    vad = await sharedSileroVad();
    const tts = new FliteSynthesizer({ threads: 0 });
    speech = (await tts.synthesize('transfer three hundred dollars to bob', { lang: 'en', voice: 'kal16' }))
      .pcm;
    await tts.close();
  }, 60_000);
  afterAll(async () => {
    await nlu.close();
  });

  /** Streams `audio` in 20 ms frames, letting the VAD keep up; returns samples per utterance. */
  async function decodedSamples(audio: Int16Array): Promise<number[]> {
    const recognizer = new Counting();
    const dialog = await createDialog({
      bank,
      nlu,
      sessionId: 's1',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
      noInputMs: 0,
    });
    const pipeline = new VoicePipeline({
      dialog,
      recognizer,
      vad,
      synthesizer: undefined,
      input: { encoding: 'pcm_s16le', sampleRateHz: 16000 },
      output: undefined,
      onEvent: () => undefined,
    });
    try {
      for (let at = 0; at < audio.length; at += 320) {
        const frame = audio.subarray(at, at + 320);
        expect(pipeline.pushAudio(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)).ok).toBe(
          true,
        );
        // A VAD window takes two turns of the event loop (the batch it joins, then onnxruntime's
        // run): two turns per 20 ms frame keep up with 32 ms windows.
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await pipeline.idle();
      return recognizer.utterances;
    } finally {
      await pipeline.close();
    }
  }

  it('decodes at most ~300 ms of the silence after speech, and all of a pause once speech resumes', async () => {
    const speechMs = speech.length / 16;
    const [once, ...more] = await decodedSamples(join(silence(500), speech, silence(1500)));
    expect(more).toEqual([]);
    // Pre-roll (≤ 400 ms) + speech + trailing silence: with all 700+ ms of that silence the turn
    // would be ≥ speech + 700 ms; held back, it is under speech + 400 + 300 ms and VAD slack.
    const onceMs = (once ?? 0) / 16;
    expect(onceMs).toBeGreaterThan(speechMs + 200);
    expect(onceMs).toBeLessThan(speechMs + 400 + 300 + 100);

    // flite's audio begins with ~250 ms of silence and ends with ~100 ms: a gap of ~600 ms, over
    // the 300 ms decoded at once and under the 700 ms that ends a turn.
    const pause = 250;
    const [twice, ...again] = await decodedSamples(
      join(silence(500), speech, silence(pause), speech, silence(1500)),
    );
    expect(again).toEqual([]);
    // Same pre-roll and trailing silence as above; in between, the second utterance and the
    // whole pause, held-back part included (two 20 ms frames of slack).
    expect((twice ?? 0) / 16 - onceMs).toBeGreaterThanOrEqual(speechMs + pause - 40);
  }, 30_000);
});
