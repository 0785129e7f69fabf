import { TellerError } from '../shared/index.ts';
import { clampInt16 } from './pcm.ts';

/**
 * Streaming sample-rate conversion by a rational factor L/M with a polyphase FIR: conceptually
 * upsample by L (zero-stuffing), low-pass with a Kaiser-windowed sinc, keep every M-th sample;
 * the polyphase form only computes the kept samples (Crochiere & Rabiner, "Multirate Digital
 * Signal Processing", 1983, ch. 4). The filter history is carried across chunks, so splitting a
 * stream into 20 ms frames gives bit-identical output to converting it in one go: no clicks at
 * frame boundaries.
 */

/** Rates the transports and engines produce: telephony, wideband, espeak-ng (22050), studio. */
export const SUPPORTED_SAMPLE_RATES_HZ = [8000, 16000, 22050, 24000, 44100, 48000] as const;
export type SupportedSampleRateHz = (typeof SUPPORTED_SAMPLE_RATES_HZ)[number];

/** True when `rateHz` is one of {@link SUPPORTED_SAMPLE_RATES_HZ}. */
export function isSupportedSampleRate(rateHz: number): rateHz is SupportedSampleRateHz {
  return (SUPPORTED_SAMPLE_RATES_HZ as readonly number[]).includes(rateHz);
}

/** Options for {@link Resampler}. */
export interface ResamplerOptions {
  readonly inputRateHz: number;
  readonly outputRateHz: number;
  /**
   * Sinc zero crossings on each side of the centre, counted at the lower of the two rates. More
   * gives a sharper filter at more cost per sample. Default 24: a transition band of ~0.1 × the
   * lower rate (about 0.8 kHz for 8 kHz telephony).
   */
  readonly zeroCrossings?: number;
  /** Cutoff as a fraction of the lower rate's Nyquist frequency. Default 0.9 (3.6 kHz for 8 kHz). */
  readonly cutoffFraction?: number;
}

const RESAMPLER_DEFAULTS = {
  zeroCrossings: 24,
  cutoffFraction: 0.9,
  /** Kaiser β = 8 gives ~80 dB stopband attenuation (Kaiser's formula, A = β / 0.1102 + 8.7). */
  kaiserBeta: 8,
} as const satisfies { zeroCrossings: number; cutoffFraction: number; kaiserBeta: number };

interface PolyphaseFilter {
  readonly up: number;
  readonly down: number;
  readonly tapsPerPhase: number;
  /** `coefficients[phase * tapsPerPhase + k]` multiplies input sample `i - k`. */
  readonly coefficients: Float32Array;
  /** Group delay of the linear-phase filter, in output samples (a whole number). */
  readonly delayOutputSamples: number;
}

/** Filters depend only on (L, M, design), so streams at the same rates share one table. */
const FILTER_CACHE = new Map<string, PolyphaseFilter>();

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Zeroth-order modified Bessel function of the first kind, by its power series. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const quarterSquare = (x * x) / 4;
  for (let k = 1; k < 50 && term > sum * 1e-12; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
  }
  return sum;
}

function designFilter(
  up: number,
  down: number,
  zeroCrossings: number,
  cutoffFraction: number,
): PolyphaseFilter {
  const key = `${up}/${down}/${zeroCrossings}/${cutoffFraction}`;
  const cached = FILTER_CACHE.get(key);
  if (cached) return cached;
  const tapsPerPhase = Math.ceil((2 * zeroCrossings * Math.max(up, down)) / up);
  const length = up * tapsPerPhase;
  // Centre the filter on a multiple of M so its delay is a whole number of output samples: then a
  // one-shot conversion can drop exactly the delay and line up with its input. Taps past 2 × centre
  // (at most 2M − 1 of L × K) are zero.
  const delayOutputSamples = Math.floor((length - 1) / (2 * down));
  const centre = delayOutputSamples * down;
  // Cutoff in cycles per sample at the upsampled rate L × fsIn.
  const cutoff = (0.5 * cutoffFraction) / Math.max(up, down);
  const i0Beta = besselI0(RESAMPLER_DEFAULTS.kaiserBeta);
  const prototype = new Float64Array(length);
  for (let n = 0; n < length; n++) {
    const t = n - centre;
    const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    if (n > 2 * centre) break;
    const r = t / centre;
    const window = besselI0(RESAMPLER_DEFAULTS.kaiserBeta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    prototype[n] = sinc * window;
  }
  const coefficients = new Float32Array(length);
  for (let phase = 0; phase < up; phase++) {
    // Normalise each phase to unit DC gain so a constant input stays exactly constant.
    let sum = 0;
    for (let k = 0; k < tapsPerPhase; k++) sum += prototype[phase + k * up] ?? 0;
    for (let k = 0; k < tapsPerPhase; k++) {
      coefficients[phase * tapsPerPhase + k] = (prototype[phase + k * up] ?? 0) / sum;
    }
  }
  const filter = { up, down, tapsPerPhase, coefficients, delayOutputSamples };
  FILTER_CACHE.set(key, filter);
  return filter;
}

/**
 * A stateful, per-stream sample-rate converter. One instance per direction per call; it holds
 * ~K floats of history (K = 48 for 8→16 kHz, 144 for 48→16 kHz) and a work buffer that grows to
 * the largest chunk seen. Use one element type per instance: Int16 in gives Int16 out (rounded,
 * saturated), Float32 in gives Float32 out (any scale).
 */
export class Resampler {
  readonly inputRateHz: number;
  readonly outputRateHz: number;
  /** How far the output lags the input, in output samples (about half the filter length). */
  readonly delayOutputSamples: number;
  /** The same delay in ms. */
  readonly latencyMs: number;
  readonly #filter: PolyphaseFilter | undefined;
  #work: Float32Array;
  #phase = 0;
  /** Input index of the next output's newest tap, relative to the start of the next chunk. */
  #nextIndex = 0;

  /** @throws TellerError `TELLER_ERR_BAD_AUDIO_FORMAT` for a rate outside {@link SUPPORTED_SAMPLE_RATES_HZ}. */
  constructor(options: ResamplerOptions) {
    for (const rate of [options.inputRateHz, options.outputRateHz]) {
      if (!isSupportedSampleRate(rate)) {
        throw new TellerError(
          'TELLER_ERR_BAD_AUDIO_FORMAT',
          `sample rate ${rate} not supported: use one of ${SUPPORTED_SAMPLE_RATES_HZ.join(', ')} Hz`,
        );
      }
    }
    this.inputRateHz = options.inputRateHz;
    this.outputRateHz = options.outputRateHz;
    const divisor = gcd(this.inputRateHz, this.outputRateHz);
    const up = this.outputRateHz / divisor;
    const down = this.inputRateHz / divisor;
    this.#filter =
      up === down
        ? undefined
        : designFilter(
            up,
            down,
            options.zeroCrossings ?? RESAMPLER_DEFAULTS.zeroCrossings,
            options.cutoffFraction ?? RESAMPLER_DEFAULTS.cutoffFraction,
          );
    this.delayOutputSamples = this.#filter?.delayOutputSamples ?? 0;
    this.latencyMs = (1000 * this.delayOutputSamples) / this.outputRateHz;
    this.#work = new Float32Array(this.#filter ? this.#filter.tapsPerPhase - 1 + 1024 : 0);
  }

  /** Number of samples the next {@link process} call returns for `inputLength` input samples. */
  outputLength(inputLength: number): number {
    const filter = this.#filter;
    if (!filter) return inputLength;
    const numerator = (inputLength - this.#nextIndex) * filter.up - this.#phase;
    return numerator <= 0 ? 0 : Math.ceil(numerator / filter.down);
  }

  /**
   * Converts the next chunk. Returns a new array (or `input` itself when the rates are equal).
   * Output lags input by {@link latencyMs}; call {@link flush} at end of stream for the tail.
   */
  process(input: Int16Array): Int16Array;
  process(input: Float32Array): Float32Array;
  process(input: Int16Array | Float32Array): Int16Array | Float32Array {
    if (!this.#filter) return input;
    const count = this.outputLength(input.length);
    const out = input instanceof Int16Array ? new Int16Array(count) : new Float32Array(count);
    this.#run(input, out, count);
    return out;
  }

  /** Pushes the filter's remaining tail out (zeros in) and resets for a new stream. */
  flush(asInt16: true): Int16Array;
  flush(asInt16?: false): Float32Array;
  flush(asInt16 = false): Int16Array | Float32Array {
    const filter = this.#filter;
    const zeros = filter ? Math.ceil(filter.tapsPerPhase / 2) + 1 : 0;
    const tail = asInt16 ? this.process(new Int16Array(zeros)) : this.process(new Float32Array(zeros));
    this.reset();
    return tail;
  }

  /** Forgets all history, as if newly constructed. */
  reset(): void {
    this.#work.fill(0);
    this.#phase = 0;
    this.#nextIndex = 0;
  }

  #run(input: Int16Array | Float32Array, out: Int16Array | Float32Array, count: number): void {
    const filter = this.#filter;
    if (!filter) return;
    const { up, down, tapsPerPhase: taps, coefficients } = filter;
    const historyLength = taps - 1;
    const needed = historyLength + input.length;
    if (this.#work.length < needed) {
      const grown = new Float32Array(needed);
      grown.set(this.#work.subarray(0, historyLength));
      this.#work = grown;
    }
    const work = this.#work;
    work.set(input, historyLength);
    const toInt16 = out instanceof Int16Array;
    let index = historyLength + this.#nextIndex;
    let phase = this.#phase;
    for (let o = 0; o < count; o++) {
      const base = phase * taps;
      let acc = 0;
      // Hot loop: indices are in range by construction (index - k ≥ 0, base + k < L·K).
      for (let k = 0; k < taps; k++) acc += coefficients[base + k]! * work[index - k]!;
      out[o] = toInt16 ? clampInt16(acc) : acc;
      phase += down;
      const steps = Math.floor(phase / up);
      index += steps;
      phase -= steps * up;
    }
    this.#nextIndex = index - historyLength - input.length;
    this.#phase = phase;
    work.copyWithin(0, input.length, input.length + historyLength);
  }
}

/**
 * Converts a whole clip (a synthesized prompt, a test fixture) in one call, removing the filter
 * delay so the output lines up with the input and has `ceil(n × out / in)` samples.
 */
export function resample(input: Int16Array, inputRateHz: number, outputRateHz: number): Int16Array {
  const resampler = new Resampler({ inputRateHz, outputRateHz });
  if (inputRateHz === outputRateHz) return input.slice();
  const body = resampler.process(input);
  const tail = resampler.flush(true);
  const joined = new Int16Array(body.length + tail.length);
  joined.set(body);
  joined.set(tail, body.length);
  const start = resampler.delayOutputSamples;
  const length = Math.ceil((input.length * outputRateHz) / inputRateHz);
  return joined.slice(start, Math.min(joined.length, start + length));
}
