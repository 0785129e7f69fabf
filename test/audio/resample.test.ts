import { describe, expect, it } from 'vitest';
import { Resampler, resample } from '../../src/audio/index.ts';
import { TellerError } from '../../src/shared/index.ts';
import { frames, rms, sine, toneAmplitude, whiteNoise } from './signals.ts';

const CONVERSIONS = [
  [8000, 16000],
  [44100, 16000],
  [48000, 16000],
  [22050, 16000],
  [16000, 8000],
] as const;

/** Samples at both ends skipped before measuring, so the filter's start-up does not count. */
function steady(samples: Int16Array, rateHz: number): Int16Array {
  const skip = Math.round(rateHz * 0.02);
  return samples.subarray(skip, samples.length - skip);
}

describe('Resampler', () => {
  it.each(CONVERSIONS)(
    'keeps a 1 kHz sine’s frequency and amplitude, %i → %i Hz',
    (inputRateHz, outputRateHz) => {
      const input = sine(1000, inputRateHz, 500, 16384);
      const output = steady(resample(input, inputRateHz, outputRateHz), outputRateHz);
      expect(toneAmplitude(output, 1000, outputRateHz)).toBeGreaterThan(16384 * 0.99);
      expect(toneAmplitude(output, 1000, outputRateHz)).toBeLessThan(16384 * 1.01);
      // Everything else (wrong frequency, aliases, clicks) stays 50 dB down.
      const residual = output.map(
        (v, i) =>
          v -
          Math.round(
            16384 * Math.sin((2 * Math.PI * 1000 * (i + Math.round(outputRateHz * 0.02))) / outputRateHz),
          ),
      );
      const residualDb = 20 * Math.log10(rms(residual) / (16384 / Math.SQRT2));
      console.log(`${inputRateHz}→${outputRateHz} residual ${residualDb.toFixed(1)} dB`);
      expect(residualDb).toBeLessThan(-50);
    },
  );

  it('removes content above the output Nyquist frequency instead of folding it back', () => {
    // 48 → 16 kHz: a 12 kHz tone would alias to 4 kHz.
    const down = steady(resample(sine(12000, 48000, 300), 48000, 16000), 16000);
    expect(20 * Math.log10(toneAmplitude(down, 4000, 16000) / 16384)).toBeLessThan(-60);
    // 16 → 8 kHz: a 6 kHz tone would alias to 2 kHz.
    const tel = steady(resample(sine(6000, 16000, 300), 16000, 8000), 8000);
    expect(20 * Math.log10(toneAmplitude(tel, 2000, 8000) / 16384)).toBeLessThan(-60);
    // 8 → 16 kHz: the 1 kHz tone's image at 7 kHz must not appear.
    const up = steady(resample(sine(1000, 8000, 300), 8000, 16000), 16000);
    expect(20 * Math.log10(toneAmplitude(up, 7000, 16000) / 16384)).toBeLessThan(-60);
  });

  it.each(CONVERSIONS)(
    'gives identical output in 20 ms frames, odd chunks or one go, %i → %i Hz',
    (inputRateHz, outputRateHz) => {
      const input = whiteNoise(inputRateHz, 400, -12);
      const oneShot = new Resampler({ inputRateHz, outputRateHz });
      const whole = [...oneShot.process(input), ...oneShot.flush(true)];
      for (const chunk of [Math.round(inputRateHz / 50), 1, 7, 441, 1000]) {
        const chunked = new Resampler({ inputRateHz, outputRateHz });
        const out: number[] = [];
        for (const frame of frames(input, chunk)) {
          const expected = chunked.outputLength(frame.length);
          const converted = chunked.process(frame);
          expect(converted.length).toBe(expected);
          out.push(...converted);
        }
        out.push(...chunked.flush(true));
        expect(out).toEqual(whole);
      }
    },
  );

  it('produces exactly the rate ratio of samples over a stream', () => {
    const r = new Resampler({ inputRateHz: 44100, outputRateHz: 16000 });
    let produced = 0;
    for (let i = 0; i < 100; i++) produced += r.process(new Int16Array(882)).length; // 20 ms frames
    expect(Math.abs(produced - 32000)).toBeLessThanOrEqual(1);
  });

  it('aligns one-shot output with its input (filter delay removed)', () => {
    const impulse = new Int16Array(800);
    impulse[100] = 20000;
    const out = resample(impulse, 8000, 16000);
    expect(out.length).toBe(1600);
    expect(out.indexOf(Math.max(...out))).toBe(200);
  });

  it('works on float samples too', () => {
    const r = new Resampler({ inputRateHz: 8000, outputRateHz: 16000 });
    const out = r.process(Float32Array.from(sine(500, 8000, 100), (v) => v / 32768));
    expect(out).toBeInstanceOf(Float32Array);
    expect(out.length).toBe(1600);
  });

  it('refuses unsupported rates with TELLER_ERR_BAD_AUDIO_FORMAT', () => {
    expect(() => new Resampler({ inputRateHz: 11025, outputRateHz: 16000 })).toThrow(TellerError);
    try {
      new Resampler({ inputRateHz: 16000, outputRateHz: 12345 });
    } catch (error) {
      expect((error as TellerError).code).toBe('TELLER_ERR_BAD_AUDIO_FORMAT');
      expect((error as TellerError).message).toMatch(/12345.*8000, 16000/);
    }
  });

  it('measures its cost per 20 ms frame', () => {
    const results: string[] = [];
    for (const [inputRateHz, outputRateHz] of [...CONVERSIONS, [16000, 16000] as const]) {
      const r = new Resampler({ inputRateHz, outputRateHz });
      const frame = whiteNoise(inputRateHz, 20, -20);
      for (let i = 0; i < 50; i++) r.process(frame); // warm up the JIT
      const count = 1000; // 20 s of audio
      const start = performance.now();
      for (let i = 0; i < count; i++) r.process(frame);
      const perFrameUs = ((performance.now() - start) * 1000) / count;
      results.push(
        `${inputRateHz}→${outputRateHz}: ${perFrameUs.toFixed(1)} µs/frame (${((perFrameUs / 20000) * 100).toFixed(3)} % of real time), latency ${r.latencyMs.toFixed(2)} ms`,
      );
      expect(perFrameUs).toBeLessThan(2000);
    }
    console.log(`resampler cost\n  ${results.join('\n  ')}`);
  });
});
