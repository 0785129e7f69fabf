import type { Lang } from '../shared/index.ts';

/**
 * The speech-synthesis port. Engines (embedded flite, optional espeak-ng, cloud services) are
 * adapters of it; the dialog and the transports see only this.
 */

/** A voice an engine offers. */
export interface VoiceInfo {
  /** The engine's name for the voice, passed back as `SynthesizeOptions.voice`. */
  readonly name: string;
  readonly lang: Lang;
  readonly gender?: 'female' | 'male';
  readonly description?: string;
}

/** Per-call options. */
export interface SynthesizeOptions {
  readonly lang: Lang;
  /** One of `voices()` for `lang`; the engine's default voice for `lang` when absent. */
  readonly voice?: string;
  /** Speaking rate: 1 = normal, 0.8 = slower (for reading back numbers), 1.2 = faster. 0.5–2. */
  readonly rate?: number;
  /** Aborts a queued or running synthesis; the promise then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /**
   * The audio is not needed yet: it follows audio already synthesized and still to play (a
   * prompt's second sentence onwards). An engine that queues calls serves the others first, so
   * one caller's long answer does not delay another caller's first words.
   */
  readonly deferrable?: boolean;
}

/** Mono 16-bit PCM. Every Teller adapter returns 16 kHz; other adapters should say if not. */
export interface SynthesizedAudio {
  readonly pcm: Int16Array;
  readonly sampleRateHz: number;
}

/** Text in, speech out. */
export interface Synthesizer {
  /** Engine name, stable: part of cache keys and metrics labels (`flite`, `espeak-ng`). */
  readonly name: string;
  voices(): readonly VoiceInfo[];
  /**
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when the engine cannot speak `lang` or is
   * not installed, `TELLER_ERR_CONFIG` for an unknown voice.
   */
  synthesize(text: string, options: SynthesizeOptions): Promise<SynthesizedAudio>;
  /** Frees engine resources (temporary files, WebAssembly memory). Optional. */
  close?(): Promise<void>;
}

/** Speaking-rate bounds every adapter accepts. */
export const RATE_RANGE = { min: 0.5, max: 2 } as const;

/** Validates `rate` (default 1). @throws RangeError outside {@link RATE_RANGE}. */
export function checkRate(rate: number | undefined): number {
  const value = rate ?? 1;
  if (!(value >= RATE_RANGE.min && value <= RATE_RANGE.max)) {
    throw new RangeError(`speaking rate ${value} out of range: use ${RATE_RANGE.min}–${RATE_RANGE.max}`);
  }
  return value;
}

/**
 * Prepares prompt text for an engine that takes it as a command-line string: control characters
 * become spaces (a NUL would cut the argument), runs of white space collapse.
 */
export function cleanText(text: string, maxChars: number): string {
  const cleaned = text
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned.length > maxChars) {
    throw new RangeError(
      `prompt of ${cleaned.length} characters is over ${maxChars}: split it into sentences`,
    );
  }
  return cleaned;
}
