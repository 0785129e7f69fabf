import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { TellerError } from '../shared/index.ts';
import { MAX_QUEUED_JOBS, siblingModule, startModuleWorker, WorkerPool } from '../shared/worker-pool.ts';
import { checkRate, cleanText } from './synthesizer.ts';
import type { SynthesizedAudio, SynthesizeOptions, Synthesizer, VoiceInfo } from './synthesizer.ts';

/**
 * Optional adapter for SVOX Pico compiled to WebAssembly (`@echogarden/svoxpico-wasm`, Apache-2.0),
 * with the voice files of Debian's `libttspico-data` (non-free: `apt-get install libttspico-data`
 * with the non-free component enabled; installed in /usr/share/pico/lang). English only here: an
 * American and a British voice, both female, 16 kHz.
 *
 * Pico is a statistical (HMM) synthesizer trained on its speakers' recordings: another engine and
 * other speakers than flite's, and nothing like eSpeak NG's formants. So it is a third kind of
 * speech for measuring the recogniser on voices it was not tuned on (`npm run bench:voice --
 * --voices pico,pico-gb`), and an alternative prompt voice.
 *
 * The engine is synchronous WebAssembly (~35 ms a sentence), so by default it runs on worker
 * threads (pico-worker.ts, src/shared/worker-pool.ts), off the event loop that carries every call's
 * audio and barge-in; `threads: 0` runs it on the calling thread. One engine per voice, created at
 * first use and kept.
 */

const PACKAGE = '@echogarden/svoxpico-wasm';
/** Worker threads by default: one per core, at most 4 (as flite's). */
export const PICO_DEFAULT_THREADS = Math.min(4, availableParallelism());
/** Where Debian's libttspico-data puts the voice files. */
export const PICO_DEFAULT_DATA_DIR = '/usr/share/pico/lang';
const OUTPUT_RATE_HZ = 16_000;
const MAX_TEXT_CHARS = 1000;
/**
 * Working memory of one Pico system (pico2wave gives it 2.5 MB). A system runs one engine (a
 * second `pico_newEngine` fails with PICO_EXC_MAX_NUM_EXCEED), so each voice gets its own system.
 */
const SYSTEM_MEMORY_BYTES = 4 * 1024 * 1024;
/** pico_getData statuses: more audio to come; all the text held is spoken. */
const PICO_STEP_BUSY = 201;
const PICO_STEP_IDLE = 200;
/** pico_putTextUtf8 takes at most this many bytes at a time (its argument is a 16-bit count). */
const PUT_CHUNK_BYTES = 200;
const OUT_BUFFER_BYTES = 2048;

interface PicoVoiceFiles {
  readonly info: VoiceInfo;
  /** Text analysis, speech generation. */
  readonly files: readonly [string, string];
}

const VOICES: readonly PicoVoiceFiles[] = [
  {
    info: { name: 'en-US', lang: 'en', gender: 'female', description: 'SVOX Pico American English' },
    files: ['en-US_ta.bin', 'en-US_lh0_sg.bin'],
  },
  {
    info: { name: 'en-GB', lang: 'en', gender: 'female', description: 'SVOX Pico British English' },
    files: ['en-GB_ta.bin', 'en-GB_kh0_sg.bin'],
  },
];
const DEFAULT_VOICE = 'en-US';

/** The parts of the Emscripten module this adapter calls. */
interface PicoModule {
  readonly HEAPU8: Uint8Array;
  readonly HEAP16: Int16Array;
  readonly HEAP32: Int32Array;
  readonly FS: { writeFile(file: string, data: Uint8Array): void; unlink(file: string): void };
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _pico_initialize(memory: number, size: number, systemOut: number): number;
  _pico_loadResource(system: number, fileName: number, resourceOut: number): number;
  _pico_getResourceName(system: number, resource: number, nameOut: number): number;
  _pico_createVoiceDefinition(system: number, voiceName: number): number;
  _pico_addResourceToVoiceDefinition(system: number, voiceName: number, resourceName: number): number;
  _pico_newEngine(system: number, voiceName: number, engineOut: number): number;
  _pico_putTextUtf8(engine: number, text: number, bytes: number, sentOut: number): number;
  _pico_getData(engine: number, buffer: number, bytes: number, receivedOut: number, typeOut: number): number;
  _pico_resetEngine(engine: number, mode: number): number;
}
interface PicoPackage {
  default: (moduleOverrides?: object) => Promise<PicoModule>;
}

/** True when the optional package and the voice files are installed (without loading them). */
export function isPicoInstalled(dataDir = PICO_DEFAULT_DATA_DIR): boolean {
  try {
    checkInstalled(dataDir);
    return true;
  } catch {
    return false;
  }
}

/** @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` naming what to install. */
function checkInstalled(dataDir: string): void {
  const missing = VOICES.flatMap((v) => v.files).filter((f) => !existsSync(path.join(dataDir, f)));
  if (missing.length > 0) {
    throw new TellerError(
      'TELLER_ERR_ENGINE_UNAVAILABLE',
      `SVOX Pico voice files missing in ${dataDir} (${missing.join(', ')}): install Debian's libttspico-data (non-free)`,
    );
  }
  try {
    createRequire(import.meta.url).resolve(PACKAGE);
  } catch (error) {
    throw new TellerError(
      'TELLER_ERR_ENGINE_UNAVAILABLE',
      `SVOX Pico is not installed: run "npm install ${PACKAGE}"`,
      {
        cause: String(error),
      },
    );
  }
}

/**
 * Speech text for Pico. Pico reads `<...>` as its own markup (speed, pitch, voice changes), so angle
 * brackets in a prompt, which could hold a customer's own words, become spaces.
 */
export function picoText(text: string): string {
  return cleanText(text.replace(/[<>]/g, ' '), MAX_TEXT_CHARS);
}

/** A Pico call for a worker: speak `text` (already cleaned and marked up) in `voice`. */
export interface PicoJob {
  readonly dataDir: string;
  readonly voice: string;
  readonly text: string;
}

/** SVOX Pico, English. Create with {@link PicoSynthesizer.create}. */
export class PicoSynthesizer implements Synthesizer {
  readonly name = 'pico';
  readonly #dataDir: string;
  /** The engine on this thread (`threads: 0`), or the worker pool that runs it. */
  readonly #engine: PicoEngine | undefined;
  readonly #pool: WorkerPool<PicoJob, Int16Array> | undefined;

  private constructor(dataDir: string, engine: PicoEngine | undefined, threads: number) {
    this.#dataDir = dataDir;
    this.#engine = engine;
    this.#pool =
      engine === undefined
        ? new WorkerPool<PicoJob, Int16Array>(
            'pico',
            threads,
            () => startModuleWorker(siblingModule(import.meta.url, 'pico-worker')),
            MAX_QUEUED_JOBS,
          )
        : undefined;
  }

  /**
   * Checks the package and the voice files, and loads the engine here (`threads: 0`) or leaves it
   * to the worker threads ({@link PICO_DEFAULT_THREADS} by default), which load it at their first
   * call.
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when the package or the voice files are missing.
   */
  static async create(options: { dataDir?: string; threads?: number } = {}): Promise<PicoSynthesizer> {
    const dataDir = options.dataDir ?? PICO_DEFAULT_DATA_DIR;
    const threads = options.threads ?? PICO_DEFAULT_THREADS;
    if (!Number.isInteger(threads) || threads < 0) {
      throw new RangeError(`pico threads: ${threads}, want an integer ≥ 0`);
    }
    if (threads === 0) return new PicoSynthesizer(dataDir, await PicoEngine.load(dataDir), 0);
    checkInstalled(dataDir);
    return new PicoSynthesizer(dataDir, undefined, threads);
  }

  voices(): readonly VoiceInfo[] {
    return VOICES.map((v) => v.info);
  }

  async synthesize(text: string, options: SynthesizeOptions): Promise<SynthesizedAudio> {
    options.signal?.throwIfAborted();
    if (options.lang !== 'en') {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `SVOX Pico here speaks English only, not "${options.lang}"`,
      );
    }
    const voice = options.voice ?? DEFAULT_VOICE;
    if (!VOICES.some((v) => v.info.name === voice)) {
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        `unknown SVOX Pico voice "${voice}": use ${VOICES.map((v) => v.info.name).join(' or ')}`,
      );
    }
    const rate = checkRate(options.rate);
    const cleaned = picoText(text);
    if (cleaned === '') return { pcm: new Int16Array(0), sampleRateHz: OUTPUT_RATE_HZ };
    const marked = rate === 1 ? cleaned : `<speed level="${Math.round(100 * rate)}">${cleaned}</speed>`;
    const pcm = this.#pool
      ? await this.#pool.run(
          { dataDir: this.#dataDir, voice, text: marked },
          { signal: options.signal, deferrable: options.deferrable === true },
        )
      : (this.#engine as PicoEngine).speak(voice, marked);
    return { pcm, sampleRateHz: OUTPUT_RATE_HZ };
  }

  /** Stops the worker threads; queued and running calls fail with `TELLER_ERR_ENGINE_UNAVAILABLE`. */
  async close(): Promise<void> {
    await this.#pool?.close();
  }
}

/**
 * The Pico engine in one thread: the WebAssembly module, one Pico system per voice. Synchronous;
 * {@link PicoSynthesizer} runs it on a worker thread or, with `threads: 0`, on its own.
 */
export class PicoEngine {
  readonly #module: PicoModule;
  readonly #dataDir: string;
  readonly #engines = new Map<string, number>();
  /** Scratch buffers reused by every call (the engine runs one call at a time). */
  readonly #scratch: { out: number; sent: number; received: number; type: number };

  private constructor(module: PicoModule, dataDir: string) {
    this.#module = module;
    this.#dataDir = dataDir;
    this.#scratch = {
      out: module._malloc(OUT_BUFFER_BYTES),
      sent: module._malloc(4),
      received: module._malloc(4),
      type: module._malloc(4),
    };
  }

  /**
   * Loads the WebAssembly module (~90 ms); each voice loads at its first call (~120 ms).
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when the package or the voice files are missing.
   */
  static async load(dataDir: string): Promise<PicoEngine> {
    checkInstalled(dataDir);
    let pkg: PicoPackage;
    try {
      const specifier: string = PACKAGE;
      pkg = (await import(specifier)) as PicoPackage;
    } catch (error) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `SVOX Pico is not installed: run "npm install ${PACKAGE}"`,
        { cause: String(error) },
      );
    }
    return new PicoEngine(await pkg.default(), dataDir);
  }

  /** Speaks `text` (cleaned, with any markup of ours) in `voice` (one of VOICES). */
  speak(voice: string, text: string): Int16Array {
    return this.#speak(this.#engine(voice), text);
  }

  /** The engine for `voice`: its own Pico system, its two resources loaded the first time. */
  #engine(voice: string): number {
    const existing = this.#engines.get(voice);
    if (existing !== undefined) return existing;
    const m = this.#module;
    const files = VOICES.find((v) => v.info.name === voice)?.files ?? [];
    const resourceOut = m._malloc(4);
    const nameOut = m._malloc(64);
    check(m._pico_initialize(m._malloc(SYSTEM_MEMORY_BYTES), SYSTEM_MEMORY_BYTES, resourceOut), 'initialise');
    const system = readInt32(m, resourceOut);
    const voiceName = this.#string(voice);
    check(m._pico_createVoiceDefinition(system, voiceName), 'define the voice');
    for (const file of files) {
      m.FS.writeFile(`/${file}`, readFileSync(path.join(this.#dataDir, file)));
      const fileName = this.#string(`/${file}`);
      check(m._pico_loadResource(system, fileName, resourceOut), `load ${file}`);
      check(m._pico_getResourceName(system, readInt32(m, resourceOut), nameOut), 'name a resource');
      check(m._pico_addResourceToVoiceDefinition(system, voiceName, nameOut), `add ${file}`);
      m._free(fileName);
      m.FS.unlink(`/${file}`); // Pico has read it into the system's memory
    }
    const engineOut = resourceOut;
    check(m._pico_newEngine(system, voiceName, engineOut), 'start the engine');
    const engine = readInt32(m, engineOut);
    m._free(resourceOut);
    m._free(nameOut);
    this.#engines.set(voice, engine);
    return engine;
  }

  /** Runs the text through the engine; the terminating NUL tells Pico to speak what it holds. */
  #speak(engine: number, text: string): Int16Array {
    const m = this.#module;
    const { out, sent, received, type } = this.#scratch;
    const bytes = Buffer.from(`${text}\0`, 'utf8');
    const input = m._malloc(bytes.length);
    m.HEAPU8.set(bytes, input);
    const chunks: Int16Array[] = [];
    let total = 0;
    try {
      for (let offset = 0; offset < bytes.length;) {
        check(
          m._pico_putTextUtf8(engine, input + offset, Math.min(PUT_CHUNK_BYTES, bytes.length - offset), sent),
          'take text',
        );
        offset += m.HEAP16[sent >> 1] ?? 0;
        let status: number;
        do {
          status = m._pico_getData(engine, out, OUT_BUFFER_BYTES, received, type);
          if (status !== PICO_STEP_BUSY && status !== PICO_STEP_IDLE) check(status, 'synthesize');
          const samples = (m.HEAP16[received >> 1] ?? 0) >> 1;
          if (samples > 0) {
            chunks.push(m.HEAP16.slice(out >> 1, (out >> 1) + samples));
            total += samples;
          }
        } while (status === PICO_STEP_BUSY);
      }
    } catch (error) {
      m._pico_resetEngine(engine, 0);
      throw error;
    } finally {
      m._free(input);
    }
    const pcm = new Int16Array(total);
    let at = 0;
    for (const chunk of chunks) {
      pcm.set(chunk, at);
      at += chunk.length;
    }
    return pcm;
  }

  #string(value: string): number {
    const bytes = Buffer.from(`${value}\0`, 'utf8');
    const pointer = this.#module._malloc(bytes.length);
    this.#module.HEAPU8.set(bytes, pointer);
    return pointer;
  }
}

function readInt32(m: PicoModule, pointer: number): number {
  return m.HEAP32[pointer >> 2] ?? 0;
}

/** Pico's status codes: 0 is OK, negatives are errors. */
function check(status: number, what: string): void {
  if (status !== 0) {
    throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `SVOX Pico could not ${what} (status ${status})`);
  }
}
