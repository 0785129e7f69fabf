import { existsSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';
import type { LibraryHandle, TypeObject } from 'koffi';
import { TellerError } from '../shared/index.ts';
import { pocketSphinxLibrary } from './pocketsphinx-library.ts';
import type { PocketSphinxLibrary } from './pocketsphinx-library.ts';

/**
 * Bindings to the system PocketSphinx through koffi. The API bound here is the one Debian 12
 * ships (`libpocketsphinx3` 0.8+5prealpha, on `libsphinxbase3`): configuration is a sphinxbase
 * `cmd_ln_t` built from argv-style pairs, searches are named and switched with `ps_set_search`
 * (pocketsphinx.h, ps_search.h). PocketSphinx 5.0 renamed most of this (`ps_config_*`,
 * `ps_add_lm_file`); when a distribution moves to it, this file is the only one to change.
 *
 * Pointers are opaque: koffi 3 hands them back as bigints (koffi doc/migration.md), and this module
 * never lets one escape except as {@link Pointer}.
 */

/** An opaque native pointer as koffi 3 represents it; 0n is NULL. */
export type Pointer = bigint;

/** The apt command that installs what this adapter needs; error messages quote it. */
export const APT_INSTALL = 'apt-get install -y pocketsphinx pocketsphinx-en-us';

/** Where Debian's `pocketsphinx-en-us` puts the US English model. */
export const DEBIAN_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/** The files of a PocketSphinx English model directory laid out as Debian ships it. */
export interface ModelPaths {
  /** Acoustic model directory (`-hmm`). */
  readonly hmmDir: string;
  /** CMU pronouncing dictionary (`-dict`). */
  readonly dictPath: string;
  /** Generic English trigram (`en-us.lm.bin`), used as the out-of-domain reference. */
  readonly genericLmPath: string;
}

/** The model paths under `modelDir` (defaults to {@link DEBIAN_MODEL_DIR}). */
export function modelPaths(modelDir: string = DEBIAN_MODEL_DIR): ModelPaths {
  return {
    hmmDir: join(modelDir, 'en-us'),
    dictPath: join(modelDir, 'cmudict-en-us.dict'),
    genericLmPath: join(modelDir, 'en-us.lm.bin'),
  };
}

type Fn<A extends unknown[], R> = ((...args: A) => R) & {
  async: (...args: [...A, (error: unknown, result: R) => void]) => void;
};

/** The functions Teller calls. Names and signatures as in the C headers. */
export interface PocketSphinxApi {
  ps_args: Fn<[], Pointer>;
  cmd_ln_parse_r: Fn<[Pointer | null, Pointer, number, (string | null)[], number], Pointer>;
  cmd_ln_free_r: Fn<[Pointer], number>;
  ps_init: Fn<[Pointer], Pointer>;
  ps_free: Fn<[Pointer], number>;
  ps_get_logmath: Fn<[Pointer], Pointer>;
  logmath_exp: Fn<[Pointer, number], number>;
  ps_add_word: Fn<[Pointer, string, string, number], number>;
  ps_lookup_word: Fn<[Pointer, string], Pointer | null>;
  ckd_free: Fn<[Pointer], void>;
  ps_set_jsgf_string: Fn<[Pointer, string, string], number>;
  ps_set_lm_file: Fn<[Pointer, string, string], number>;
  ps_set_lm: Fn<[Pointer, string, Pointer], number>;
  ps_set_allphone_file: Fn<[Pointer, string, string | null], number>;
  ps_set_search: Fn<[Pointer, string], number>;
  ps_unset_search: Fn<[Pointer, string], number>;
  ps_get_search: Fn<[Pointer], string | null>;
  ps_start_stream: Fn<[Pointer], number>;
  ps_start_utt: Fn<[Pointer], number>;
  ps_process_raw: Fn<[Pointer, Int16Array, number, number, number], number>;
  ps_end_utt: Fn<[Pointer], number>;
  ps_get_hyp: Fn<[Pointer, number[] | null], string | null>;
  ps_get_prob: Fn<[Pointer], number>;
  ps_get_n_frames: Fn<[Pointer], number>;
  ps_seg_iter: Fn<[Pointer], Pointer>;
  ps_seg_next: Fn<[Pointer], Pointer>;
  ps_seg_word: Fn<[Pointer], string>;
  ps_seg_frames: Fn<[Pointer, number[], number[]], void>;
  ps_seg_prob: Fn<[Pointer, number[], number[], number[]], number>;
  ps_seg_free: Fn<[Pointer], void>;
  ngram_model_read: Fn<[Pointer, string, number, Pointer], Pointer>;
  ngram_model_free: Fn<[Pointer], number>;
  /**
   * Teller's build only (native/pocketsphinx, "Top-N under load"): sets a decoder's top-N between
   * utterances, from 1 to the `-topn` it was made with. Absent from the system library.
   */
  ps_teller_set_topn?: Fn<[Pointer, number], number>;
}

let loaded: PocketSphinxApi | undefined;
let loadError: TellerError | undefined;
let library: PocketSphinxLibrary | undefined;

function bind(path: string): PocketSphinxApi {
  const ps = koffi.load(path);
  const sb = koffi.load('libsphinxbase.so.3');
  // sphinxbase logs every call to one global FILE (stderr by default). Switch it off here, once,
  // before any decoder exists; decoders must not pass `-logfn`, which swaps that global FILE from
  // whichever worker thread runs ps_init (see BASE_ARGS in pocketsphinx-decoder.ts).
  (sb.func('err_set_logfp', 'void', ['void *']) as (stream: null) => void)(null);
  const out32 = koffi.out(koffi.pointer('int32_t'));
  const outInt = koffi.out(koffi.pointer('int'));
  const p = 'void *';
  const f = (
    lib: LibraryHandle,
    name: string,
    result: string,
    args: (string | TypeObject | ReturnType<typeof koffi.out>)[],
  ): unknown => lib.func(name, result, args);
  return {
    ps_args: f(ps, 'ps_args', p, []),
    cmd_ln_parse_r: f(sb, 'cmd_ln_parse_r', p, [p, p, 'int32_t', 'const char **', 'int32_t']),
    cmd_ln_free_r: f(sb, 'cmd_ln_free_r', 'int', [p]),
    ps_init: f(ps, 'ps_init', p, [p]),
    ps_free: f(ps, 'ps_free', 'int', [p]),
    ps_get_logmath: f(ps, 'ps_get_logmath', p, [p]),
    logmath_exp: f(sb, 'logmath_exp', 'double', [p, 'int']),
    ps_add_word: f(ps, 'ps_add_word', 'int', [p, 'str', 'str', 'int']),
    // Returns a malloc'd string the caller frees with ckd_free (pocketsphinx.h), hence `void *`.
    ps_lookup_word: f(ps, 'ps_lookup_word', p, [p, 'str']),
    ckd_free: f(sb, 'ckd_free', 'void', [p]),
    ps_set_jsgf_string: f(ps, 'ps_set_jsgf_string', 'int', [p, 'str', 'str']),
    ps_set_lm_file: f(ps, 'ps_set_lm_file', 'int', [p, 'str', 'str']),
    ps_set_lm: f(ps, 'ps_set_lm', 'int', [p, 'str', p]),
    ps_set_allphone_file: f(ps, 'ps_set_allphone_file', 'int', [p, 'str', 'str']),
    ps_set_search: f(ps, 'ps_set_search', 'int', [p, 'str']),
    ps_unset_search: f(ps, 'ps_unset_search', 'int', [p, 'str']),
    ps_get_search: f(ps, 'ps_get_search', 'const char *', [p]),
    ps_start_stream: f(ps, 'ps_start_stream', 'int', [p]),
    ps_start_utt: f(ps, 'ps_start_utt', 'int', [p]),
    ps_process_raw: f(ps, 'ps_process_raw', 'int', [p, 'const int16_t *', 'size_t', 'int', 'int']),
    ps_end_utt: f(ps, 'ps_end_utt', 'int', [p]),
    ps_get_hyp: f(ps, 'ps_get_hyp', 'const char *', [p, out32]),
    ps_get_prob: f(ps, 'ps_get_prob', 'int32_t', [p]),
    ps_get_n_frames: f(ps, 'ps_get_n_frames', 'int', [p]),
    ps_seg_iter: f(ps, 'ps_seg_iter', p, [p]),
    ps_seg_next: f(ps, 'ps_seg_next', p, [p]),
    ps_seg_word: f(ps, 'ps_seg_word', 'const char *', [p]),
    ps_seg_frames: f(ps, 'ps_seg_frames', 'void', [p, outInt, outInt]),
    ps_seg_prob: f(ps, 'ps_seg_prob', 'int32_t', [p, out32, out32, out32]),
    ps_seg_free: f(ps, 'ps_seg_free', 'void', [p]),
    ngram_model_read: f(sb, 'ngram_model_read', p, [p, 'str', 'int', p]),
    ngram_model_free: f(sb, 'ngram_model_free', 'int', [p]),
    ...optional(() => ({ ps_teller_set_topn: f(ps, 'ps_teller_set_topn', 'int', [p, 'int']) })),
  } as PocketSphinxApi;
}

/** The functions `bind` returns, or nothing when the library lacks one. */
function optional<T extends object>(bindThem: () => T): T | Record<string, never> {
  try {
    return bindThem();
  } catch {
    return {};
  }
}

/**
 * Loads libpocketsphinx once per process.
 * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` naming the apt command when the library is
 * missing.
 */
export function pocketSphinx(): PocketSphinxApi {
  if (loaded) return loaded;
  if (loadError) throw loadError;
  const chosen = pocketSphinxLibrary();
  try {
    loaded = bind(chosen.path);
    library = chosen;
    return loaded;
  } catch (cause) {
    loadError = new TellerError(
      'TELLER_ERR_ENGINE_UNAVAILABLE',
      `PocketSphinx is not installed (${chosen.path} did not load): run "${APT_INSTALL}"`,
      { engine: 'pocketsphinx', cause: String(cause) },
    );
    throw loadError;
  }
}

/**
 * The library bound (the path the streaming-decode workers must load too), or undefined before the
 * first {@link pocketSphinx} call.
 */
export function boundPocketSphinxLibrary(): PocketSphinxLibrary | undefined {
  return library;
}

/**
 * Checks the library and the model files without throwing.
 * @returns `undefined` when PocketSphinx can run, otherwise the reason (with the apt command).
 */
export function pocketSphinxUnavailable(paths: ModelPaths = modelPaths()): string | undefined {
  try {
    pocketSphinx();
  } catch (error) {
    return (error as Error).message;
  }
  for (const file of [join(paths.hmmDir, 'mdef'), paths.dictPath]) {
    if (!existsSync(file)) return `PocketSphinx model file ${file} is missing: run "${APT_INSTALL}"`;
  }
  return undefined;
}

/**
 * Builds a sphinxbase configuration from option pairs (`['-hmm', dir, ...]`), validated against
 * `ps_args()` with strict checking so a misspelt option fails instead of being ignored.
 * @returns the `cmd_ln_t` pointer, owned by the caller (`cmd_ln_free_r`), or 0n when refused.
 */
export function parseConfig(api: PocketSphinxApi, options: readonly string[]): Pointer {
  return api.cmd_ln_parse_r(null, api.ps_args(), options.length, [...options, null], 1);
}
