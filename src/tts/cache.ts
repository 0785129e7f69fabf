import type { SynthesizedAudio, SynthesizeOptions, Synthesizer, VoiceInfo } from './synthesizer.ts';

/**
 * A bounded least-recently-used cache of synthesized prompts. Banking dialogs repeat a small set
 * of prompts ("Which account?", "Say yes to confirm"), so most TTS calls can be served from here.
 * Bounded by total bytes, not entries: one long statement read-out weighs as much as fifty "yes"es.
 */

/** What makes two synthesized prompts identical. */
export interface SynthesisKey {
  readonly engine: string;
  /** The voice asked for; '' for the engine's default. */
  readonly voice: string;
  readonly rate: number;
  readonly lang: string;
  readonly text: string;
}

/** Options for {@link SynthesisCache}. */
export interface SynthesisCacheOptions {
  /** Total PCM bytes kept; least recently used prompts are evicted beyond it. */
  readonly maxBytes: number;
}

/** 16 MiB: about 8.7 minutes of 16 kHz speech, shared by all sessions. */
export const SYNTHESIS_CACHE_DEFAULTS = {
  maxBytes: 16 * 1024 * 1024,
} as const satisfies SynthesisCacheOptions;

/** Map bookkeeping and key string, per entry (an estimate; keeps tiny prompts from being free). */
const ENTRY_OVERHEAD_BYTES = 128;

function keyString(key: SynthesisKey): string {
  return JSON.stringify([key.engine, key.voice, key.rate, key.lang, key.text]);
}

function entryBytes(key: string, audio: SynthesizedAudio): number {
  return audio.pcm.byteLength + key.length * 2 + ENTRY_OVERHEAD_BYTES;
}

/** LRU by total bytes. `get` returns a copy, so a caller that edits its PCM cannot corrupt the cache. */
export class SynthesisCache {
  readonly maxBytes: number;
  /** Map iteration order is insertion order: the first entry is the least recently used. */
  readonly #entries = new Map<string, SynthesizedAudio>();
  #bytes = 0;

  constructor(options: SynthesisCacheOptions = SYNTHESIS_CACHE_DEFAULTS) {
    if (!(options.maxBytes >= 0)) throw new RangeError(`maxBytes must be ≥ 0, got ${options.maxBytes}`);
    this.maxBytes = options.maxBytes;
  }

  /** Bytes held. */
  get sizeBytes(): number {
    return this.#bytes;
  }

  /** Prompts held. */
  get size(): number {
    return this.#entries.size;
  }

  get(key: SynthesisKey): SynthesizedAudio | undefined {
    const k = keyString(key);
    const audio = this.#entries.get(k);
    if (!audio) return undefined;
    this.#entries.delete(k);
    this.#entries.set(k, audio);
    return { pcm: audio.pcm.slice(), sampleRateHz: audio.sampleRateHz };
  }

  /** Stores a copy of `audio`; a prompt larger than the whole cache is not stored. */
  set(key: SynthesisKey, audio: SynthesizedAudio): void {
    const k = keyString(key);
    const previous = this.#entries.get(k);
    if (previous) {
      this.#entries.delete(k);
      this.#bytes -= entryBytes(k, previous);
    }
    const bytes = entryBytes(k, audio);
    if (bytes > this.maxBytes) return;
    this.#entries.set(k, { pcm: audio.pcm.slice(), sampleRateHz: audio.sampleRateHz });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entryBytes(oldest, entry);
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}

/** Rejects with `signal.reason` when `signal` aborts first; always removes its listener. */
async function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A {@link Synthesizer} that answers from a {@link SynthesisCache} and asks `inner` only on a miss.
 * Concurrent requests for the same prompt (a greeting at the start of many calls) share one
 * synthesis; each caller's `signal` aborts only its own wait.
 */
export class CachingSynthesizer implements Synthesizer {
  readonly name: string;
  readonly #inner: Synthesizer;
  readonly #cache: SynthesisCache;
  readonly #inFlight = new Map<string, Promise<SynthesizedAudio>>();

  constructor(inner: Synthesizer, cache: SynthesisCache) {
    this.name = inner.name;
    this.#inner = inner;
    this.#cache = cache;
  }

  voices(): readonly VoiceInfo[] {
    return this.#inner.voices();
  }

  async synthesize(text: string, options: SynthesizeOptions): Promise<SynthesizedAudio> {
    const key: SynthesisKey = {
      engine: this.#inner.name,
      voice: options.voice ?? '',
      rate: options.rate ?? 1,
      lang: options.lang,
      text,
    };
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const k = keyString(key);
    let pending = this.#inFlight.get(k);
    if (!pending) {
      const { signal: _ignored, ...shared } = options;
      pending = this.#inner.synthesize(text, shared).then((audio) => {
        this.#cache.set(key, audio);
        return audio;
      });
      const settled = pending.finally(() => this.#inFlight.delete(k));
      settled.catch(() => undefined); // the callers below observe the failure
      this.#inFlight.set(k, pending);
    }
    const audio = await raceAbort(pending, options.signal);
    return { pcm: audio.pcm.slice(), sampleRateHz: audio.sampleRateHz };
  }

  async close(): Promise<void> {
    this.#cache.clear();
    await this.#inner.close?.();
  }
}
