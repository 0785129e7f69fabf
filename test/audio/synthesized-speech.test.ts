import { beforeAll, describe, expect, it } from 'vitest';
import {
  VadStream,
  decodeMulaw,
  encodeMulaw,
  Resampler,
  rmsDbfs,
  sharedSileroVad,
} from '../../src/audio/index.ts';
import type { SileroVadModel, VadEvent } from '../../src/audio/index.ts';
import { FliteSynthesizer } from '../../src/tts/index.ts';
import { concat, frames, silence } from './signals.ts';

/**
 * The audio front end on real speech: a prompt from the embedded TTS, sent through the telephone
 * path a Twilio caller's voice takes (16 kHz → 8 kHz μ-law → 16 kHz) and into the VAD.
 */

const TEXT = 'transfer three hundred dollars to bob';
const LEAD_MS = 1000;
const TRAIL_MS = 1500;
const voices = ['kal16', 'slt'] as const;
const clips = new Map<string, Int16Array>();
let model: SileroVadModel;

beforeAll(async () => {
  model = await sharedSileroVad();
  const flite = new FliteSynthesizer();
  for (const voice of voices) clips.set(voice, (await flite.synthesize(TEXT, { lang: 'en', voice })).pcm);
  await flite.close();
});

/** Where the clip is audible: first and last 10 ms block within 35 dB of its loudest block, in ms. */
function audibleSpan(pcm: Int16Array): { startMs: number; endMs: number } {
  const levels: number[] = [];
  for (let i = 0; i + 160 <= pcm.length; i += 160) levels.push(rmsDbfs(pcm.subarray(i, i + 160)));
  const floor = Math.max(...levels) - 35;
  const first = levels.findIndex((l) => l > floor);
  const last = levels.length - 1 - [...levels].reverse().findIndex((l) => l > floor);
  return { startMs: first * 10, endMs: (last + 1) * 10 };
}

/** 16 kHz → 8 kHz μ-law → 16 kHz in 20 ms frames, as a phone call carries it. */
function telephonePath(pcm16k: Int16Array): Int16Array {
  const down = new Resampler({ inputRateHz: 16000, outputRateHz: 8000 });
  const up = new Resampler({ inputRateHz: 8000, outputRateHz: 16000 });
  const mulaw = new Uint8Array(160);
  const decoded = new Int16Array(160);
  const out: Int16Array[] = [];
  for (const frame of frames(pcm16k, 320)) {
    const narrow = down.process(frame);
    out.push(up.process(decodeMulaw(encodeMulaw(narrow, mulaw), decoded)));
  }
  return concat(...out);
}

function snrDb(reference: Int16Array, test: Int16Array): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] ?? 0;
    signal += r * r;
    noise += (r - (test[i] ?? 0)) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

describe.each(voices)('flite %s speech through the audio front end', (voice) => {
  it('keeps μ-law round-trip SNR above 30 dB', () => {
    const pcm = clips.get(voice) ?? new Int16Array(0);
    const snr = snrDb(pcm, decodeMulaw(encodeMulaw(pcm)));
    console.log(`${voice}: μ-law SNR ${snr.toFixed(1)} dB at ${rmsDbfs(pcm).toFixed(1)} dBFS`);
    expect(snr).toBeGreaterThan(30);
  });

  it('gives one speech_start and one speech_end at the speech’s edges', async () => {
    const pcm = clips.get(voice) ?? new Int16Array(0);
    const span = audibleSpan(pcm);
    const call = telephonePath(concat(silence(16000, LEAD_MS), pcm, silence(16000, TRAIL_MS)));
    const events: { type: VadEvent['type']; streamTimeMs: number; emittedAtMs: number }[] = [];
    const vad: VadStream = new VadStream(model, (event) =>
      events.push({
        type: event.type,
        streamTimeMs: event.type === 'vad.error' ? NaN : event.streamTimeMs,
        emittedAtMs: vad.streamTimeMs,
      }),
    );
    for (const frame of frames(call, 320)) {
      expect(vad.push(frame).ok).toBe(true);
      await vad.drain();
    }
    await vad.end();

    expect(events.map((e) => e.type)).toEqual(['vad.speech_start', 'vad.speech_end']);
    const [start, end] = events;
    const speechStartMs = LEAD_MS + span.startMs;
    const speechEndMs = LEAD_MS + span.endMs;
    console.log(
      `${voice}: audible ${speechStartMs}–${speechEndMs} ms, VAD ${start?.streamTimeMs}–${end?.streamTimeMs} ms, end sent at ${end?.emittedAtMs} ms`,
    );
    expect(Math.abs((start?.streamTimeMs ?? 0) - speechStartMs)).toBeLessThanOrEqual(150);
    expect(Math.abs((end?.streamTimeMs ?? 0) - speechEndMs)).toBeLessThanOrEqual(250);
    // speech_start is confirmed after the minimum speech; speech_end after the end-of-turn silence.
    expect((start?.emittedAtMs ?? 0) - (start?.streamTimeMs ?? 0)).toBeLessThanOrEqual(250 + 96);
    expect((end?.emittedAtMs ?? 0) - (end?.streamTimeMs ?? 0)).toBeGreaterThanOrEqual(600);
    expect((end?.emittedAtMs ?? 0) - (end?.streamTimeMs ?? 0)).toBeLessThanOrEqual(600 + 32);
  });
});
