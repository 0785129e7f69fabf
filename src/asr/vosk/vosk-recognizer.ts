import { existsSync } from 'node:fs';
import { TellerError } from '../../shared/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { GrammarSpec } from '../grammar.ts';
import { grammarKey } from '../grammar.ts';
import type { RecognitionStream, Recognizer, StreamOptions } from '../recognizer.ts';
import { VOSK_DIR, VOSK_INSTALL, voskModelProblem, voskPaths } from './vosk-catalogue.ts';
import { voskGrammar } from './vosk-grammar.ts';
import { callAsync, loadVosk } from './vosk-native.ts';
import type { Pointer, VoskApi } from './vosk-native.ts';
import { VoskStream } from './vosk-stream.ts';
import type { VoskSession, VoskStreamEngine } from './vosk-stream.ts';

/**
 * The Vosk adapter of the {@link Recognizer} port: Kaldi nnet3 models from Alpha Cephei
 * (Apache-2.0), English and Mandarin, streaming, with a per-utterance grammar compiled from the
 * dialog state's phrase lists (phrase-lists.ts). One model per language is loaded once and shared
 * by every stream (Vosk models are reference-counted and thread-safe); each utterance gets its own
 * native recogniser. Decoding runs on koffi's worker threads; the event loop only queues audio.
 */

/** Options for {@link VoskRecognizer}; defaults in {@link VOSK_DEFAULTS}. */
export interface VoskOptions {
  /** Holds `lib/libvosk.so` and a model folder per language (`en/`, `zh/`); see `npm run models`. */
  readonly dir?: string;
  /** Overrides `<dir>/lib/libvosk.so`. */
  readonly libraryPath?: string;
  /** Overrides `<dir>/<lang>` for a language. */
  readonly models?: Partial<Record<Lang, string>>;
  /** Streams open at once. */
  readonly maxStreams?: number;
  /** Audio a stream may have waiting for the decoder before writes are refused. */
  readonly maxBacklogMs?: number;
  /** Longest utterance decoded; later audio is ignored and the result marked `truncated`. */
  readonly maxUtteranceMs?: number;
  /** Audio between two partial results. */
  readonly partialIntervalMs?: number;
}

/** Defaults, as for PocketSphinx: 1 s of backlog, 30 s per utterance. */
export const VOSK_DEFAULTS = {
  dir: VOSK_DIR,
  maxStreams: 32,
  maxBacklogMs: 1000,
  maxUtteranceMs: 30_000,
  partialIntervalMs: 200,
} as const satisfies Omit<Required<VoskOptions>, 'libraryPath' | 'models'>;

const SAMPLE_RATE_HZ = 16_000;
/** Compiled grammars kept per language (dialog states × sessions' names). */
const GRAMMAR_CACHE_SIZE = 256;

function libraryPathOf(options: VoskOptions): string {
  return options.libraryPath ?? voskPaths(options.dir ?? VOSK_DEFAULTS.dir).libraryPath;
}

function modelDirOf(options: VoskOptions, lang: Lang): string {
  return options.models?.[lang] ?? voskPaths(options.dir ?? VOSK_DEFAULTS.dir).modelDir(lang);
}

/**
 * The languages Vosk can recognise with these options, and why not for the others. Checks files,
 * and loads the library only when a model is there to use it with.
 */
export function voskAvailability(options: VoskOptions = {}): {
  languages: Lang[];
  problems: Partial<Record<Lang, string>>;
  libraryProblem?: string;
} {
  const problems: Partial<Record<Lang, string>> = {};
  const languages: Lang[] = [];
  for (const lang of ['en', 'zh'] as const) {
    const problem = voskModelProblem(modelDirOf(options, lang));
    if (problem) problems[lang] = problem;
    else languages.push(lang);
  }
  const libraryPath = libraryPathOf(options);
  try {
    if (languages.length > 0 || !existsSync(libraryPath)) loadVosk(libraryPath);
  } catch (error) {
    return { languages: [], problems, libraryProblem: (error as Error).message };
  }
  return { languages, problems };
}

/** Why Vosk cannot run at all with these options (no library, or no model), or `undefined`. */
export function voskProblem(options: VoskOptions = {}): string | undefined {
  const { languages, problems, libraryProblem } = voskAvailability(options);
  if (libraryProblem) return libraryProblem;
  if (languages.length === 0) return problems.en ?? `no Vosk model installed: run "${VOSK_INSTALL}"`;
  return undefined;
}

/** A native recogniser behind the {@link VoskSession} interface; calls are serialised by the stream. */
function nativeSession(api: VoskApi, recognizer: Pointer): VoskSession {
  let freed = false;
  return {
    accept: async (pcm) =>
      (await callAsync(api.vosk_recognizer_accept_waveform_s, recognizer, pcm, pcm.length)) === 1,
    result: () => callAsync(api.vosk_recognizer_result, recognizer),
    partial: () => callAsync(api.vosk_recognizer_partial_result, recognizer),
    final: () => callAsync(api.vosk_recognizer_final_result, recognizer),
    free: () => {
      if (!freed) api.vosk_recognizer_free(recognizer);
      freed = true;
    },
  };
}

/** The Vosk {@link Recognizer}. */
export class VoskRecognizer implements Recognizer {
  readonly name = 'vosk';
  readonly languages: readonly Lang[];
  readonly options: Readonly<VoskOptions & Omit<Required<VoskOptions>, 'libraryPath' | 'models'>>;
  readonly #api: VoskApi;
  readonly #models = new Map<Lang, Promise<Pointer>>();
  readonly #grammars = new Map<string, string | undefined>();
  #open = 0;
  #closed = false;

  /**
   * Checks the library and the models (files only; models load on {@link warmUp} or first use).
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` naming `npm run models` when the library
   * or every model is missing.
   */
  constructor(options: VoskOptions = {}) {
    this.options = Object.freeze({ ...VOSK_DEFAULTS, ...options });
    const problem = voskProblem(this.options);
    if (problem) throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', problem, { engine: 'vosk' });
    this.#api = loadVosk(libraryPathOf(this.options));
    this.languages = voskAvailability(this.options).languages;
  }

  /**
   * Loads every installed model now (1–3 s each for the small models), so a broken model fails at
   * start-up rather than on a caller's first word.
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when a model does not load.
   */
  async warmUp(): Promise<void> {
    await Promise.all(this.languages.map((lang) => this.#model(lang)));
  }

  /** Streams open now. */
  get openStreams(): number {
    return this.#open;
  }

  createStream(options: StreamOptions): RecognitionStream {
    if (this.#closed) throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'the Vosk recognizer is closed');
    if (!this.languages.includes(options.lang)) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `no Vosk model for "${options.lang}" in ${modelDirOf(this.options, options.lang)}: run "${VOSK_INSTALL} -- --lang ${options.lang}"`,
        { engine: 'vosk' },
      );
    }
    if (options.sampleRateHz !== SAMPLE_RATE_HZ) {
      throw new TellerError(
        'TELLER_ERR_BAD_AUDIO_FORMAT',
        `sample rate ${String(options.sampleRateHz)} not supported: resample to 16000 Hz (src/audio Resampler)`,
      );
    }
    if (this.#open >= this.options.maxStreams) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `all ${this.options.maxStreams} Vosk streams are in use: raise maxStreams or retry later`,
      );
    }
    this.#open++;
    return new VoskStream(
      this.#engine(options.lang),
      options.grammar ?? { kind: 'free' },
      options.onEvent,
      options.signal,
    );
  }

  #engine(lang: Lang): VoskStreamEngine {
    let closed = false;
    return {
      lang,
      open: (spec) => this.#openSession(lang, spec),
      limits: this.options,
      onClose: () => {
        if (!closed) this.#open--;
        closed = true;
      },
    };
  }

  #model(lang: Lang): Promise<Pointer> {
    let loading = this.#models.get(lang);
    if (!loading) {
      const dir = modelDirOf(this.options, lang);
      loading = callAsync(this.#api.vosk_model_new, dir).then((model) => {
        if (!model) {
          throw new TellerError(
            'TELLER_ERR_ENGINE_UNAVAILABLE',
            `the Vosk model in ${dir} did not load: run "${VOSK_INSTALL} -- --lang ${lang} --force"`,
            { engine: 'vosk' },
          );
        }
        return model;
      });
      this.#models.set(lang, loading);
      loading.catch(() => this.#models.delete(lang));
    }
    return loading;
  }

  #grammar(lang: Lang, model: Pointer, spec: GrammarSpec): string | undefined {
    const key = `${lang}:${grammarKey(spec)}`;
    if (this.#grammars.has(key)) return this.#grammars.get(key);
    const grammar = voskGrammar(spec, lang, (word) => this.#api.vosk_model_find_word(model, word) >= 0);
    // Bounded: names come from customer data. Insertion order makes the first key the oldest.
    if (this.#grammars.size >= GRAMMAR_CACHE_SIZE)
      this.#grammars.delete(this.#grammars.keys().next().value as string);
    this.#grammars.set(key, grammar);
    return grammar;
  }

  async #openSession(lang: Lang, spec: GrammarSpec): Promise<{ session: VoskSession; constrained: boolean }> {
    const model = await this.#model(lang);
    const grammar = this.#grammar(lang, model, spec);
    const recognizer = grammar
      ? await callAsync(this.#api.vosk_recognizer_new_grm, model, SAMPLE_RATE_HZ, grammar)
      : await callAsync(this.#api.vosk_recognizer_new, model, SAMPLE_RATE_HZ);
    if (!recognizer) {
      throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'Vosk could not create a recognizer', {
        engine: 'vosk',
      });
    }
    this.#api.vosk_recognizer_set_words(recognizer, 1);
    return { session: nativeSession(this.#api, recognizer), constrained: grammar !== undefined };
  }

  /** Frees the models. Streams should be closed first (their recognisers hold model references). */
  async close(): Promise<void> {
    this.#closed = true;
    const models = await Promise.allSettled([...this.#models.values()]);
    this.#models.clear();
    for (const model of models) if (model.status === 'fulfilled') this.#api.vosk_model_free(model.value);
  }
}
