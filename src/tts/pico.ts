import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TellerError } from '../shared/index.ts';
import { checkRate, cleanText } from './synthesizer.ts';
import type { SynthesizedAudio, SynthesizeOptions, Synthesizer, VoiceInfo } from './synthesizer.ts';

/**
 * Optional adapter for SVOX Pico compiled to WebAssembly (`@echogarden/svoxpico-wasm`, Apache-2.0),
 * with the voice files of Debian's `libttspico-data` (non-free: `apt-get install libttspico-data`
 * with the non-free component enabled; installed in /usr/share/pico/lang). English only here: an
 * American and a British voice, both female, 16 kHz.
 *
 * Pico is a unit-selection-trained HMM synthesizer, unlike flite's cluster units and eSpeak NG's
 * formants, so it is a third kind of speech for measuring the recogniser on voices it was not tuned
 * on (`npm run bench:voice -- --voices pico,pico-gb`), and an alternative prompt voice.
 *
 * The engine is synchronous and blocks the event loop while it runs (measured ~50 ms per second of
 * speech). One engine per voice, created at first use and kept.
 */

const PACKAGE = '@echogarden/svoxpico-wasm';
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

/** True when the optional package is installed (resolves it without loading it). */
export function isPicoInstalled(dataDir = PICO_DEFAULT_DATA_DIR): boolean {
  try {
    createRequire(import.meta.url).resolve(PACKAGE);
  } catch {
    return false;
  }
  return VOICES.every((v) => v.files.every((f) => existsSync(path.join(dataDir, f))));
}

/**
 * Speech text for Pico. Pico reads `<...>` as its own markup (speed, pitch, voice changes), so angle
 * brackets in a prompt, which could hold a customer's own words, become spaces.
 */
export function picoText(text: string): string {
  return cleanText(text.replace(/[<>]/g, ' '), MAX_TEXT_CHARS);
}

/** SVOX Pico, English. Create with {@link PicoSynthesizer.create}. */
export class PicoSynthesizer implements Synthesizer {
  readonly name = 'pico';
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
   * Loads the WebAssembly engine.
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when the package or the voice files are missing.
   */
  static async create(options: { dataDir?: string } = {}): Promise<PicoSynthesizer> {
    const dataDir = options.dataDir ?? PICO_DEFAULT_DATA_DIR;
    const missing = VOICES.flatMap((v) => v.files).filter((f) => !existsSync(path.join(dataDir, f)));
    if (missing.length > 0) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `SVOX Pico voice files missing in ${dataDir} (${missing.join(', ')}): install Debian's libttspico-data (non-free)`,
      );
    }
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
    return new PicoSynthesizer(await pkg.default(), dataDir);
  }

  voices(): readonly VoiceInfo[] {
    return VOICES.map((v) => v.info);
  }

  synthesize(text: string, options: SynthesizeOptions): Promise<SynthesizedAudio> {
    return new Promise((resolve) => {
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
      if (cleaned === '') {
        resolve({ pcm: new Int16Array(0), sampleRateHz: OUTPUT_RATE_HZ });
        return;
      }
      const marked = rate === 1 ? cleaned : `<speed level="${Math.round(100 * rate)}">${cleaned}</speed>`;
      resolve({ pcm: this.#speak(this.#engine(voice), marked), sampleRateHz: OUTPUT_RATE_HZ });
    });
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
