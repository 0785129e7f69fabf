/** Test signals and measurements shared by the audio and TTS tests. */

/** A sine of `frequencyHz` at `amplitude` (int16 units), `durationMs` long. */
export function sine(
  frequencyHz: number,
  sampleRateHz: number,
  durationMs: number,
  amplitude = 16384,
): Int16Array {
  const length = Math.round((sampleRateHz * durationMs) / 1000);
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRateHz));
  return out;
}

/** Deterministic uniform white noise at `rmsDbfs` (xorshift32, so runs are repeatable). */
export function whiteNoise(
  sampleRateHz: number,
  durationMs: number,
  rmsDbfs: number,
  seed = 0x2545f491,
): Int16Array {
  const length = Math.round((sampleRateHz * durationMs) / 1000);
  // Uniform on [-a, a] has RMS a / √3.
  const peak = 32768 * 10 ** (rmsDbfs / 20) * Math.sqrt(3);
  const out = new Int16Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = Math.round(((state >>> 0) / 0xffffffff) * 2 * peak - peak);
  }
  return out;
}

/** Amplitude of the `frequencyHz` component (Goertzel over the whole span), in the input's units. */
export function toneAmplitude(samples: ArrayLike<number>, frequencyHz: number, sampleRateHz: number): number {
  const omega = (2 * Math.PI * frequencyHz) / sampleRateHz;
  let re = 0;
  let im = 0;
  for (let i = 0; i < samples.length; i++) {
    re += (samples[i] ?? 0) * Math.cos(omega * i);
    im -= (samples[i] ?? 0) * Math.sin(omega * i);
  }
  return (2 * Math.hypot(re, im)) / samples.length;
}

/** RMS in the input's units. */
export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** Joins clips end to end. */
export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** `durationMs` of digital silence. */
export function silence(sampleRateHz: number, durationMs: number): Int16Array {
  return new Int16Array(Math.round((sampleRateHz * durationMs) / 1000));
}

/** Splits into consecutive frames of `frameSamples` (the last may be shorter). */
export function frames(samples: Int16Array, frameSamples: number): Int16Array[] {
  const out: Int16Array[] = [];
  for (let i = 0; i < samples.length; i += frameSamples) out.push(samples.subarray(i, i + frameSamples));
  return out;
}
