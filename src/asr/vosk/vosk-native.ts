import { existsSync } from 'node:fs';
import koffi from 'koffi';
import { TellerError } from '../../shared/index.ts';
import { VOSK_INSTALL } from './vosk-catalogue.ts';

/**
 * Bindings to libvosk (vosk_api.h, Vosk 0.3.39+) through koffi, loaded from a path rather than the
 * system library path: `npm run models` puts it in models/vosk/lib/. The `vosk` npm package's own
 * binding (ffi-napi) no longer builds on current Node, so this replaces it.
 *
 * Pointers are opaque: koffi 3 hands them back as bigints, and nothing outside this folder sees one.
 */

/** An opaque native pointer as koffi 3 represents it; 0n is NULL. */
export type Pointer = bigint;

type Fn<A extends unknown[], R> = ((...args: A) => R) & {
  async: (...args: [...A, (error: unknown, result: R) => void]) => void;
};

/** The functions Teller calls. Names and signatures as in vosk_api.h. */
export interface VoskApi {
  vosk_set_log_level: Fn<[number], void>;
  vosk_model_new: Fn<[string], Pointer | null>;
  vosk_model_free: Fn<[Pointer], void>;
  vosk_model_find_word: Fn<[Pointer, string], number>;
  vosk_recognizer_new: Fn<[Pointer, number], Pointer | null>;
  vosk_recognizer_new_grm: Fn<[Pointer, number, string], Pointer | null>;
  vosk_recognizer_set_words: Fn<[Pointer, number], void>;
  vosk_recognizer_set_max_alternatives: Fn<[Pointer, number], void>;
  vosk_recognizer_accept_waveform_s: Fn<[Pointer, Int16Array, number], number>;
  vosk_recognizer_result: Fn<[Pointer], string>;
  vosk_recognizer_partial_result: Fn<[Pointer], string>;
  vosk_recognizer_final_result: Fn<[Pointer], string>;
  vosk_recognizer_free: Fn<[Pointer], void>;
}

/**
 * Kaldi's log level for the whole process: errors only. At the default (0) Vosk logs every grammar
 * it compiles and warns about every grammar word missing from the model, which would put customer
 * names from the dialog's grammars on stderr, outside the logger's redaction.
 */
const LOG_ERRORS_ONLY = -2;

const loaded = new Map<string, VoskApi>();

function bind(libraryPath: string): VoskApi {
  const lib = koffi.load(libraryPath);
  const p = 'void *';
  const f = (name: string, result: string, args: string[]): unknown => lib.func(name, result, args);
  const api = {
    vosk_set_log_level: f('vosk_set_log_level', 'void', ['int']),
    vosk_model_new: f('vosk_model_new', p, ['str']),
    vosk_model_free: f('vosk_model_free', 'void', [p]),
    vosk_model_find_word: f('vosk_model_find_word', 'int', [p, 'str']),
    vosk_recognizer_new: f('vosk_recognizer_new', p, [p, 'float']),
    vosk_recognizer_new_grm: f('vosk_recognizer_new_grm', p, [p, 'float', 'str']),
    vosk_recognizer_set_words: f('vosk_recognizer_set_words', 'void', [p, 'int']),
    vosk_recognizer_set_max_alternatives: f('vosk_recognizer_set_max_alternatives', 'void', [p, 'int']),
    vosk_recognizer_accept_waveform_s: f('vosk_recognizer_accept_waveform_s', 'int', [
      p,
      'const int16_t *',
      'int',
    ]),
    // The strings are owned by the recogniser and valid until its next call; koffi copies them.
    vosk_recognizer_result: f('vosk_recognizer_result', 'const char *', [p]),
    vosk_recognizer_partial_result: f('vosk_recognizer_partial_result', 'const char *', [p]),
    vosk_recognizer_final_result: f('vosk_recognizer_final_result', 'const char *', [p]),
    vosk_recognizer_free: f('vosk_recognizer_free', 'void', [p]),
  } as VoskApi;
  api.vosk_set_log_level(LOG_ERRORS_ONLY);
  return api;
}

/**
 * Loads libvosk from `libraryPath` once per process.
 * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` naming `npm run models` when it is missing
 * or does not load.
 */
export function loadVosk(libraryPath: string): VoskApi {
  const known = loaded.get(libraryPath);
  if (known) return known;
  if (!existsSync(libraryPath)) {
    throw new TellerError(
      'TELLER_ERR_ENGINE_UNAVAILABLE',
      `Vosk is not installed (${libraryPath} is missing): run "${VOSK_INSTALL}"`,
      { engine: 'vosk' },
    );
  }
  try {
    const api = bind(libraryPath);
    loaded.set(libraryPath, api);
    return api;
  } catch (cause) {
    throw new TellerError(
      'TELLER_ERR_ENGINE_UNAVAILABLE',
      `${libraryPath} did not load as libvosk (${String(cause)}): run "${VOSK_INSTALL} -- --force"`,
      { engine: 'vosk' },
    );
  }
}

/** Runs a bound function on koffi's worker threads (koffi doc "Asynchronous calls"). */
export function callAsync<A extends unknown[], R>(fn: Fn<A, R>, ...args: A): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    fn.async(...args, (error: unknown, result: R) => {
      if (error) reject(error instanceof Error ? error : new Error('a Vosk call failed', { cause: error }));
      else resolve(result);
    });
  });
}
