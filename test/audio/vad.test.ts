import { beforeAll, describe, expect, it } from 'vitest';
import {
  SILERO_WINDOW_SAMPLES,
  SileroState,
  VAD_DEFAULTS,
  VadStream,
  sharedSileroVad,
} from '../../src/audio/index.ts';
import type { SileroVadModel, VadEvent, VadOptions } from '../../src/audio/index.ts';
import { FliteSynthesizer } from '../../src/tts/index.ts';
import { concat, frames, silence, whiteNoise } from './signals.ts';

const RATE = 16000;
const FRAME = 320; // 20 ms, as the transports deliver it

let model: SileroVadModel;
let speech: Int16Array;

beforeAll(async () => {
  const start = performance.now();
  model = await sharedSileroVad();
  console.log(`Silero VAD load: ${(performance.now() - start).toFixed(1)} ms`);
  const flite = new FliteSynthesizer();
  speech = (await flite.synthesize('transfer three hundred dollars to bob', { lang: 'en', voice: 'slt' }))
    .pcm;
  await flite.close();
});

/** Feeds `audio` in 20 ms frames, as a live call would, and collects the events. */
async function run(audio: Int16Array, options: Partial<VadOptions> = {}, setup?: (vad: VadStream) => void) {
  const events: VadEvent[] = [];
  const vad = new VadStream(model, (event) => events.push(event), options);
  setup?.(vad);
  for (const frame of frames(audio, FRAME)) {
    expect(vad.push(frame).ok).toBe(true);
    await vad.drain();
  }
  await vad.end();
  return { events, vad };
}

describe('Silero VAD model', () => {
  it('scores 32 ms windows as probabilities (and logs the time per window)', async () => {
    const state = new SileroState();
    const window = new Float32Array(SILERO_WINDOW_SAMPLES);
    for (let i = 0; i < 20; i++) await model.probability(state, window);
    const count = 300;
    const start = performance.now();
    let p = 0;
    for (let i = 0; i < count; i++) p = await model.probability(state, window);
    const perWindowMs = (performance.now() - start) / count;
    console.log(
      `Silero VAD inference: ${perWindowMs.toFixed(3)} ms per 32 ms window (${((perWindowMs / 32) * 100).toFixed(2)} % of real time)`,
    );
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  });

  it('scores the windows of concurrent streams in one batch as it scores each stream alone', async () => {
    // Three streams: speech, speech starting later, noise. Alone: one window at a time. Together:
    // each window of the three asked for at once, so they share a batch.
    const signals = [
      speech,
      concat(silence(RATE, 300), speech),
      whiteNoise(RATE, speech.length / (RATE / 1000), -30, 7),
    ];
    const windows = signals.map((pcm) => {
      const out: Float32Array[] = [];
      for (let i = 0; i + SILERO_WINDOW_SAMPLES <= pcm.length; i += SILERO_WINDOW_SAMPLES)
        out.push(Float32Array.from(pcm.subarray(i, i + SILERO_WINDOW_SAMPLES), (s) => s / 32768));
      return out;
    });
    const count = Math.min(...windows.map((w) => w.length));
    const alone: number[][] = [];
    for (const stream of windows) {
      const state = new SileroState();
      const row: number[] = [];
      for (let i = 0; i < count; i++) row.push(await model.probability(state, stream[i] as Float32Array));
      alone.push(row);
    }
    const states = windows.map(() => new SileroState());
    const together: number[][] = windows.map(() => []);
    for (let i = 0; i < count; i++) {
      const ps = await Promise.all(
        windows.map((w, s) => model.probability(states[s] as SileroState, w[i] as Float32Array)),
      );
      ps.forEach((p, s) => together[s]?.push(p));
    }
    for (let s = 0; s < windows.length; s++)
      for (let i = 0; i < count; i++) expect(together[s]?.[i]).toBeCloseTo(alone[s]?.[i] as number, 4);
    expect(Math.max(...(alone[0] ?? []))).toBeGreaterThan(0.9);
    // A stream's second window waits for the next batch: never two of one stream in a batch.
    const state = new SileroState();
    const first = windows[0]?.[10] as Float32Array;
    const second = windows[0]?.[11] as Float32Array;
    const [a, b] = await Promise.all([model.probability(state, first), model.probability(state, second)]);
    const check = new SileroState();
    expect(a).toBeCloseTo(await model.probability(check, first), 5);
    expect(b).toBeCloseTo(await model.probability(check, second), 5);
  });

  it('is loaded once and shared', async () => {
    expect(await sharedSileroVad()).toBe(model);
  });

  it('gives low probability to silence and high to speech', async () => {
    const state = new SileroState();
    const window = new Float32Array(SILERO_WINDOW_SAMPLES);
    let silent = 0;
    for (let i = 0; i < 10; i++) silent = Math.max(silent, await model.probability(state, window));
    let voiced = 0;
    for (let i = 0; i + SILERO_WINDOW_SAMPLES <= speech.length; i += SILERO_WINDOW_SAMPLES) {
      for (let j = 0; j < SILERO_WINDOW_SAMPLES; j++) window[j] = (speech[i + j] ?? 0) / 32768;
      voiced = Math.max(voiced, await model.probability(state, window));
    }
    expect(silent).toBeLessThan(0.1);
    expect(voiced).toBeGreaterThan(0.9);
  });
});

describe('VadStream', () => {
  it('hears nothing in digital silence', async () => {
    expect((await run(silence(RATE, 3000))).events).toEqual([]);
  });

  it('hears nothing in low-level white noise', async () => {
    expect((await run(whiteNoise(RATE, 3000, -50))).events).toEqual([]);
    expect((await run(whiteNoise(RATE, 3000, -40, 7))).events).toEqual([]);
  });

  it('keeps one utterance across a pause when the dialog asks for a longer end silence', async () => {
    // Two phrases 400 ms apart, as when a customer reads a number in groups.
    const twoPhrases = concat(silence(RATE, 500), speech, silence(RATE, 400), speech, silence(RATE, 1500));
    const short = await run(twoPhrases, { endSilenceMs: 300 });
    expect(short.events.map((e) => e.type)).toEqual([
      'vad.speech_start',
      'vad.speech_end',
      'vad.speech_start',
      'vad.speech_end',
    ]);
    const long = await run(twoPhrases, { endSilenceMs: 300 }, (vad) =>
      vad.setEndSilenceMs(1000, 'utterance'),
    );
    expect(long.events.map((e) => e.type)).toEqual(['vad.speech_start', 'vad.speech_end']);
    expect(long.vad.endSilenceMs).toBe(300); // back to the default after that utterance
  });

  it('keeps each stream’s state apart on the shared model', async () => {
    const a = concat(silence(RATE, 300), speech, silence(RATE, 1000));
    const b = concat(silence(RATE, 1200), speech, silence(RATE, 700));
    const alone = [(await run(a)).events, (await run(b)).events];
    const together: VadEvent[][] = [[], []];
    const streams = [0, 1].map((i) => new VadStream(model, (e) => together[i]?.push(e)));
    const framesA = frames(a, FRAME);
    const framesB = frames(b, FRAME);
    for (let i = 0; i < framesA.length; i++) {
      streams[0]?.push(framesA[i] ?? new Int16Array(0));
      streams[1]?.push(framesB[i] ?? new Int16Array(0));
      await Promise.all(streams.map((s) => s.drain()));
    }
    await Promise.all(streams.map((s) => s.end()));
    expect(together).toEqual(alone);
  });

  it('refuses audio beyond its backlog with TELLER_ERR_AUDIO_OVERLOAD', async () => {
    const vad = new VadStream(model, () => undefined, { maxQueuedMs: 200 });
    const results = frames(silence(RATE, 1000), FRAME).map((frame) => vad.push(frame));
    const refused = results.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.ok === false && refused[0].error.code).toBe('TELLER_ERR_AUDIO_OVERLOAD');
    await vad.drain();
    expect(vad.push(new Int16Array(FRAME)).ok).toBe(true); // recovers once it has caught up
  });

  it('validates its settings', () => {
    expect(() => new VadStream(model, () => undefined, { startThreshold: 0.3, endThreshold: 0.5 })).toThrow(
      RangeError,
    );
    const vad = new VadStream(model, () => undefined);
    expect(vad.endSilenceMs).toBe(VAD_DEFAULTS.endSilenceMs);
    expect(() => vad.setEndSilenceMs(5)).toThrow(RangeError);
  });
});
