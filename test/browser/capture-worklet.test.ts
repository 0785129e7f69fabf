import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/** public/capture-worklet.js, run in a stand-in AudioWorkletGlobalScope (Web Audio §1.32.3). */
const SOURCE = readFileSync(join(import.meta.dirname, '..', '..', 'public', 'capture-worklet.js'), 'utf8');

interface Processor {
  process(inputs: Float32Array[][]): boolean;
  port: { onmessage: ((event: { data: unknown }) => void) | null };
}

function capture(sampleRateHz: number) {
  const posted: unknown[] = [];
  class AudioWorkletProcessor {
    port = {
      onmessage: null,
      postMessage: (data: unknown) => posted.push(data),
    };
  }
  let Registered: (new (options: unknown) => Processor) | undefined;
  runInNewContext(SOURCE, {
    AudioWorkletProcessor,
    sampleRate: sampleRateHz,
    registerProcessor: (name: string, processor: new (options: unknown) => Processor) => {
      expect(name).toBe('pcm16k-capture');
      Registered = processor;
    },
  });
  if (!Registered) throw new Error('the worklet registered no processor');
  const processor = new Registered({ processorOptions: { targetRateHz: 16000, frameSamples: 320 } });
  // The worklet's buffers come from the vm's realm, so `instanceof ArrayBuffer` would not match.
  const frames = () =>
    posted.filter((p): p is ArrayBuffer => Object.prototype.toString.call(p) === '[object ArrayBuffer]');
  const samples = () => {
    const all = frames().map((f) => new Int16Array(f));
    const out = new Int16Array(all.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of all) {
      out.set(f, at);
      at += f.length;
    }
    return out;
  };
  return { processor, posted, frames, samples };
}

/** Feeds `seconds` of a sine at `toneHz` in Web Audio's 128-sample render quanta. */
function feedSine(processor: Processor, rateHz: number, toneHz: number, seconds: number, amplitude = 0.5) {
  const total = Math.round(rateHz * seconds);
  for (let start = 0; start < total; start += 128) {
    const block = new Float32Array(128);
    for (let i = 0; i < 128; i++)
      block[i] = amplitude * Math.sin((2 * Math.PI * toneHz * (start + i)) / rateHz);
    expect(processor.process([[block]])).toBe(true);
  }
}

/** RMS of the steady part (the filter's start-up skipped), as a fraction of full scale. */
function rms(samples: Int16Array): number {
  const steady = samples.subarray(800);
  let sum = 0;
  for (const s of steady) sum += (s / 32768) ** 2;
  return Math.sqrt(sum / steady.length);
}

describe('capture worklet: microphone → 16 kHz pcm_s16le in 20 ms frames', () => {
  it.each([48000, 44100])('keeps speech-band audio at %i Hz input', (rateHz) => {
    const { processor, frames, samples } = capture(rateHz);
    feedSine(processor, rateHz, 1000, 1);
    // 20 ms frames of 320 samples, about 16,000 samples a second.
    expect(frames().every((f) => f.byteLength === 640)).toBe(true);
    expect(samples().length).toBeGreaterThan(15_600);
    expect(samples().length).toBeLessThanOrEqual(16_000);
    // A 0.5-amplitude sine has RMS 0.354; the passband loses well under 1 dB.
    expect(rms(samples())).toBeGreaterThan(0.354 * 0.9);
    expect(rms(samples())).toBeLessThan(0.354 * 1.05);
  });

  it.each([48000, 44100])('removes what 16 kHz cannot hold (no aliasing) at %i Hz input', (rateHz) => {
    const { processor, samples } = capture(rateHz);
    // 12 kHz would fold back to 4 kHz, into the speech band, without the low-pass.
    feedSine(processor, rateHz, 12_000, 1);
    expect(rms(samples())).toBeLessThan(0.354 * 0.01); // below -40 dB
  });

  it('flushes the partial frame and reports when stopped', () => {
    const { processor, posted, frames } = capture(48000);
    feedSine(processor, 48000, 1000, 0.05);
    const whole = frames().length;
    processor.port.onmessage?.({ data: 'stop' });
    expect(frames().length).toBe(whole + 1);
    expect(frames().at(-1)!.byteLength).toBeLessThan(640);
    expect(posted.at(-1)).toBe('stopped');
    expect(processor.process([[new Float32Array(128)]])).toBe(false);
  });
});
