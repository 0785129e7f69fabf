import { createRequire } from 'node:module';
import { resample } from '../audio/index.ts';
import { TellerError } from '../shared/index.ts';
import type { Lang } from '../shared/index.ts';
import { checkRate, cleanText } from './synthesizer.ts';
import type { SynthesizedAudio, SynthesizeOptions, Synthesizer, VoiceInfo } from './synthesizer.ts';

/**
 * Optional adapter for eSpeak NG compiled to WebAssembly by Emscripten
 * (`@echogarden/espeak-ng-emscripten`, GPL-3.0). It is Teller's only embedded Mandarin voice.
 *
 * Licence: the package is GPL-3.0 and an optional dependency. It is loaded only through a dynamic
 * `import()` when configured, never statically, so Teller (Apache-2.0) runs and ships without it;
 * whoever enables it distributes a GPL component and must honour the GPL.
 *
 * eSpeak NG renders at 22 050 Hz; output is resampled to 16 kHz like every Teller synthesizer.
 * `synthesize` is synchronous inside the module and blocks the event loop (measured ~90 ms for a
 * 2 s sentence, ~120 ms one-off initialisation).
 */

const PACKAGE = '@echogarden/espeak-ng-emscripten';
const OUTPUT_RATE_HZ = 16_000;
/** eSpeak's default speaking rate, words per minute; `rate` scales it. */
const BASE_WORDS_PER_MINUTE = 175;
const MAX_TEXT_CHARS = 1000;

const VOICE_INFO: readonly VoiceInfo[] = [
  { name: 'en-us', lang: 'en', description: 'eSpeak NG American English (formant)' },
  { name: 'en-gb', lang: 'en', description: 'eSpeak NG British English (formant)' },
  { name: 'cmn', lang: 'zh', description: 'eSpeak NG Mandarin Chinese (formant)' },
];
const DEFAULT_VOICE: Readonly<Record<Lang, string>> = { en: 'en-us', zh: 'cmn' };
/** eSpeak NG's own names where they differ from ours: its British English is the language file `gmw/en`. */
const ENGINE_VOICE: Readonly<Record<string, string>> = { 'en-gb': 'gmw/en' };

/** The parts of the Emscripten module's `eSpeakNGWorker` binding this adapter calls. */
interface EspeakWorker {
  set_voice(name: string): number;
  set_rate(wordsPerMinute: number): number;
  get_samplerate(): number;
  synthesize(text: string, onAudio: (samples: Int16Array | null, events: unknown[]) => boolean): void;
}
interface EspeakModule {
  eSpeakNGWorker: new () => EspeakWorker;
}
interface EspeakPackage {
  default: (moduleOverrides?: object) => Promise<EspeakModule>;
}

/** True when the optional package is installed (resolves it without loading it). */
export function isEspeakInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve(PACKAGE);
    return true;
  } catch {
    return false;
  }
}

/** eSpeak NG for English (`en-us`) and Mandarin (`cmn`). Create with {@link EspeakSynthesizer.create}. */
export class EspeakSynthesizer implements Synthesizer {
  readonly name = 'espeak-ng';
  readonly #worker: EspeakWorker;

  private constructor(worker: EspeakWorker) {
    this.#worker = worker;
  }

  /**
   * Loads the WebAssembly engine (~120 ms, ~40 MB resident).
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when the package is not installed.
   */
  static async create(): Promise<EspeakSynthesizer> {
    let pkg: EspeakPackage;
    try {
      // A variable specifier keeps bundlers and TypeScript from resolving the optional package.
      const specifier: string = PACKAGE;
      pkg = (await import(specifier)) as EspeakPackage;
    } catch (error) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `espeak-ng is not installed: run "npm install ${PACKAGE}" (GPL-3.0) or use tts.engine "flite" for English only`,
        { cause: String(error) },
      );
    }
    const module = await pkg.default();
    return new EspeakSynthesizer(new module.eSpeakNGWorker());
  }

  voices(): readonly VoiceInfo[] {
    return VOICE_INFO;
  }

  synthesize(text: string, options: SynthesizeOptions): Promise<SynthesizedAudio> {
    // Synchronous engine: run inside a promise so argument errors reject rather than throw.
    return new Promise((resolve) => {
      options.signal?.throwIfAborted();
      const voice = options.voice ?? DEFAULT_VOICE[options.lang];
      const info = VOICE_INFO.find((v) => v.name === voice);
      if (!info || info.lang !== options.lang) {
        throw new TellerError(
          'TELLER_ERR_CONFIG',
          `espeak-ng voice "${voice}" does not speak "${options.lang}": use "${DEFAULT_VOICE[options.lang]}"`,
        );
      }
      const rate = checkRate(options.rate);
      const cleaned = cleanText(text, MAX_TEXT_CHARS);
      if (cleaned === '') {
        resolve({ pcm: new Int16Array(0), sampleRateHz: OUTPUT_RATE_HZ });
        return;
      }
      const worker = this.#worker;
      if (worker.set_voice(ENGINE_VOICE[voice] ?? voice) !== 0) {
        throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `espeak-ng could not load voice "${voice}"`);
      }
      worker.set_rate(Math.round(BASE_WORDS_PER_MINUTE * rate));
      const chunks: Int16Array[] = [];
      let total = 0;
      worker.synthesize(cleaned, (samples) => {
        if (samples && samples.length > 0) {
          chunks.push(samples);
          total += samples.length;
        }
        return false; // false = keep going
      });
      const pcm = new Int16Array(total);
      let offset = 0;
      for (const chunk of chunks) {
        pcm.set(chunk, offset);
        offset += chunk.length;
      }
      resolve({ pcm: resample(pcm, worker.get_samplerate(), OUTPUT_RATE_HZ), sampleRateHz: OUTPUT_RATE_HZ });
    });
  }
}
