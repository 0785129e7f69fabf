import { TellerError } from '../shared/index.ts';
import type { DecoderThreads } from './decoder-threads.ts';
import { APT_INSTALL, parseConfig, pocketSphinx } from './pocketsphinx-native.ts';
import type { Pointer, PocketSphinxApi } from './pocketsphinx-native.ts';
import { MEMBER_JOINER } from './named-lm.ts';

/**
 * One PocketSphinx decoder (`ps_decoder_t`) with its calls serialised. Audio and end-of-utterance
 * work run through koffi's async calls on worker threads (koffi doc/load.md "Asynchronous calls"),
 * so decoding never blocks the event loop; a decoder is not thread-safe, so every call, sync or
 * async, goes through one promise chain. Nothing is shared between decoders: sphinxbase's n-gram
 * tries keep scratch state, so two threads must not score one LM at once.
 */

/** PocketSphinx computes 100 feature frames per second (`-frate` default). */
export const FRAME_MS = 10;

/**
 * Audio per call on the streaming threads, at most (200 ms at 16 kHz). A backlog goes in slices,
 * so when the turn ends and the rest is wanted at once, little of it is left running at low
 * priority.
 */
const STREAMING_SLICE_SAMPLES = 3200;

/** A decoder's files and options. */
export interface DecoderOptions {
  readonly hmmDir: string;
  readonly dictPath: string;
  /** An n-gram LM (ARPA, DMP or .lm.bin) loaded at start-up as the search named `lm`. */
  readonly lmPath?: string;
  /** More `-name value` pairs (validated by sphinxbase against `ps_args()`). */
  readonly args?: readonly string[];
  /**
   * Threads for audio that is not urgent (decoder-threads.ts). Without them every call runs on
   * libuv's pool at the process's priority.
   */
  readonly streaming?: DecoderThreads | undefined;
}

/**
 * Options every Teller decoder uses. `-cmn live` because the model's feat.params asks for batch
 * CMN, which needs the whole utterance and cannot stream; `-remove_silence no` because the VAD has
 * already cut the turn and dropping frames would shift word times. Never `-logfn`: ps_init then
 * swaps sphinxbase's one global log FILE and closes the old one, so two decoders created at once
 * on koffi's worker threads closed the same FILE twice (heap corruption: "free(): invalid
 * pointer", and a deadlock in glibc's stdio lock). Logging is switched off once per process
 * instead (pocketsphinx-native.ts).
 */
export const BASE_ARGS = ['-cmn', 'live', '-remove_silence', 'no', '-bestpath', 'yes'] as const;

/** One recognised word. Frames are 10 ms from the start of the utterance. */
export interface Segment {
  readonly word: string;
  readonly startFrame: number;
  readonly endFrame: number;
  /** Lattice posterior probability, 0–1 (ps_seg_prob). */
  readonly posterior: number;
}

/** The decoder's answer for an utterance. */
export interface Hypothesis {
  readonly text: string;
  /** Path score (acoustic + language model, log base 1.0001 scaled); higher is better. */
  readonly score: number;
  /** Posterior of the whole hypothesis, 0–1 (ps_get_prob). */
  readonly posterior: number;
  readonly frames: number;
  /** Words including fillers (`<sil>`, `[NOISE]`) and `<s>`/`</s>`, as the decoder gives them. */
  readonly segments: readonly Segment[];
}

/** Hypothesis text with class members ("city_power", named-lm.ts) as the words they are. */
export function spokenWords(text: string): string {
  return text.includes(MEMBER_JOINER) ? text.replaceAll(MEMBER_JOINER, ' ') : text;
}

/** A class member's segment as one segment per word, its frames shared evenly; others as they are. */
export function memberSegments(segment: Segment): Segment[] {
  if (!segment.word.includes(MEMBER_JOINER)) return [segment];
  const words = segment.word.split(MEMBER_JOINER).filter((w) => w !== '');
  const span = segment.endFrame - segment.startFrame + 1;
  return words.map((word, i) => ({
    word,
    startFrame: segment.startFrame + Math.floor((span * i) / words.length),
    endFrame: segment.startFrame + Math.floor((span * (i + 1)) / words.length) - 1,
    posterior: segment.posterior,
  }));
}

function promisify<A extends unknown[], R>(fn: {
  async: (...args: [...A, (error: unknown, result: R) => void]) => void;
}): (...args: A) => Promise<R> {
  return (...args: A) =>
    new Promise<R>((resolve, reject) => {
      fn.async(...args, (error: unknown, result: R) => {
        if (error)
          reject(error instanceof Error ? error : new Error('a PocketSphinx call failed', { cause: error }));
        else resolve(result);
      });
    });
}

/** A serialised PocketSphinx decoder. Create with {@link Decoder.create}; free with {@link Decoder.free}. */
export class Decoder {
  readonly #api: PocketSphinxApi;
  #ps: Pointer;
  readonly #config: Pointer;
  readonly #logmath: Pointer;
  readonly #streaming: DecoderThreads | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  /** Set by {@link hurry} until the next utterance starts. */
  #hurried = false;
  /** The top-N {@link start} last set; `undefined`: the `-topn` the decoder was made with. */
  #topN: number | undefined;
  /** The `process` call in progress, if any; {@link expedite} makes the rest of it urgent. */
  #current: { urgent: boolean } | undefined;
  /** Takes back the streaming slice waiting for a thread, if any, and decodes it now. */
  #withdraw: (() => boolean) | undefined;

  private constructor(
    api: PocketSphinxApi,
    ps: Pointer,
    config: Pointer,
    streaming: DecoderThreads | undefined,
  ) {
    this.#api = api;
    this.#ps = ps;
    this.#config = config;
    this.#logmath = api.ps_get_logmath(ps);
    this.#streaming = streaming;
  }

  /**
   * Loads the acoustic model, dictionary and optional LM on a worker thread (50–300 ms).
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when the library or a model file is missing.
   */
  static async create(options: DecoderOptions): Promise<Decoder> {
    const api = pocketSphinx();
    // Later pairs win: sphinxbase's strict parser refuses an option given twice.
    const pairs = new Map<string, string>();
    const given = ['-hmm', options.hmmDir, '-dict', options.dictPath, ...BASE_ARGS, ...(options.args ?? [])];
    if (options.lmPath) given.push('-lm', options.lmPath);
    for (let i = 0; i + 1 < given.length; i += 2) pairs.set(given[i] ?? '', given[i + 1] ?? '');
    const args = [...pairs].flat();
    const config = parseConfig(api, args);
    if (!config) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `PocketSphinx refused its options: ${args.join(' ')}`,
      );
    }
    const ps = await promisify(api.ps_init)(config);
    if (!ps) {
      api.cmd_ln_free_r(config);
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `PocketSphinx could not load its model (${options.hmmDir}, ${options.dictPath}` +
          `${options.lmPath ? `, ${options.lmPath}` : ''}): run "${APT_INSTALL}" and check the paths`,
        { engine: 'pocketsphinx' },
      );
    }
    return new Decoder(api, ps, config, options.streaming);
  }

  /** True once {@link free} has run. */
  get freed(): boolean {
    return this.#ps === 0n;
  }

  #run<T>(work: (ps: Pointer) => T | Promise<T>): Promise<T> {
    const next = this.#tail.then(() => {
      if (!this.#ps) throw new TellerError('TELLER_ERR_INTERNAL', 'the PocketSphinx decoder is closed');
      return work(this.#ps);
    });
    this.#tail = next.catch(() => undefined);
    return next;
  }

  /** True when the dictionary has `word`. */
  hasWord(word: string): Promise<boolean> {
    return this.#run((ps) => {
      const found = this.#api.ps_lookup_word(ps, word);
      if (found) this.#api.ckd_free(found);
      return Boolean(found);
    });
  }

  /** Adds words (`phones`: CMU phones separated by spaces). @returns the words refused. */
  addWords(entries: readonly { word: string; phones: string }[]): Promise<string[]> {
    return this.#run((ps) => {
      const refused: string[] = [];
      // ps_add_word rebuilds the search's lexicon when `update` is set; do it once, on the last word.
      entries.forEach(({ word, phones }, i) => {
        if (this.#api.ps_add_word(ps, word, phones, i === entries.length - 1 ? 1 : 0) < 0) refused.push(word);
      });
      return refused;
    });
  }

  /** Compiles a JSGF grammar as search `name` and makes it current. @returns false when refused. */
  setJsgf(name: string, jsgf: string): Promise<boolean> {
    return this.#run(
      (ps) => this.#api.ps_set_jsgf_string(ps, name, jsgf) === 0 && this.#api.ps_set_search(ps, name) === 0,
    );
  }

  /** Makes an existing search current. @returns false when there is no such search. */
  useSearch(name: string): Promise<boolean> {
    return this.#run((ps) => this.#api.ps_set_search(ps, name) === 0);
  }

  /** Drops a search (and its compiled grammar). */
  dropSearch(name: string): Promise<void> {
    return this.#run((ps) => {
      this.#api.ps_unset_search(ps, name);
    });
  }

  /**
   * Starts an utterance on the current search; with `topN`, scoring that many Gaussians per
   * codebook (at most the decoder's `-topn`; ignored by the system library).
   */
  start(topN?: number): Promise<void> {
    return this.#run((ps) => {
      if (topN !== undefined && topN !== this.#topN && this.#api.ps_teller_set_topn?.(ps, topN) === topN)
        this.#topN = topN;
      // Each turn is its own stream: ps_start_stream restarts the frame count (word times are
      // per utterance) and the noise estimate; live CMN carries over, which is what it is for.
      this.#hurried = false;
      this.#api.ps_start_stream(ps);
      if (this.#api.ps_start_utt(ps) < 0) throw new TellerError('TELLER_ERR_INTERNAL', 'ps_start_utt failed');
    });
  }

  /**
   * Decodes 16 kHz mono samples on a worker thread. `pcm` must not change until this settles.
   * `urgent`: a caller is waiting for this audio (the turn has ended), so it runs at normal
   * priority rather than on the streaming threads.
   */
  process(pcm: Int16Array, urgent = false): Promise<void> {
    return this.#run(async (ps) => {
      const now = (samples: Int16Array) => (): Promise<number> =>
        promisify(this.#api.ps_process_raw)(ps, samples, samples.length, 0, 0);
      const streaming = this.#streaming;
      const call = { urgent: urgent || this.#hurried };
      this.#current = call;
      try {
        for (let at = 0; at < pcm.length;) {
          let searched: number;
          if (!streaming || call.urgent) {
            searched = await now(pcm.subarray(at))();
            at = pcm.length;
          } else {
            const slice = pcm.slice(at, at + STREAMING_SLICE_SAMPLES);
            at += slice.length;
            const queued = streaming.enqueue(ps, slice);
            this.#withdraw = () => queued.withdraw(now(slice));
            searched = await queued.result.finally(() => (this.#withdraw = undefined));
          }
          if (searched < 0) throw new TellerError('TELLER_ERR_INTERNAL', 'ps_process_raw failed');
        }
      } finally {
        this.#current = undefined;
      }
    });
  }

  /**
   * The rest of the `process` call in progress runs at normal priority, including a slice
   * already waiting for a streaming thread (a stream whose backlog grows too long catches up).
   */
  expedite(): void {
    if (this.#current) this.#current.urgent = true;
    this.#withdraw?.();
  }

  /**
   * The turn has ended and a caller waits for its result: audio still to decode in this
   * utterance runs at normal priority, from the call in progress on.
   */
  hurry(): void {
    this.#hurried = true;
    this.expedite();
  }

  /** The best hypothesis so far in this utterance (cheap: a backtrace, no lattice). */
  partial(): Promise<string> {
    return this.#run((ps) => spokenWords(this.#api.ps_get_hyp(ps, null) ?? ''));
  }

  /** Ends the utterance (final passes and lattice on a worker thread) and reads the result. */
  end(): Promise<Hypothesis> {
    return this.#run(async (ps) => {
      await promisify(this.#api.ps_end_utt)(ps);
      return this.#read(ps);
    });
  }

  #read(ps: Pointer): Hypothesis {
    const api = this.#api;
    const score = [0];
    const text = api.ps_get_hyp(ps, score) ?? '';
    const posterior = api.logmath_exp(this.#logmath, api.ps_get_prob(ps));
    const segments: Segment[] = [];
    const start = [0];
    const end = [0];
    const unused = [0];
    for (let seg = api.ps_seg_iter(ps); seg; seg = api.ps_seg_next(seg)) {
      const logPosterior = api.ps_seg_prob(seg, unused, unused, unused);
      api.ps_seg_frames(seg, start, end);
      segments.push(
        ...memberSegments({
          word: api.ps_seg_word(seg),
          startFrame: start[0] ?? 0,
          endFrame: end[0] ?? 0,
          posterior: Math.min(1, api.logmath_exp(this.#logmath, logPosterior)),
        }),
      );
    }
    const frames = Math.max(0, api.ps_get_n_frames(ps));
    return {
      text: spokenWords(text).trim(),
      score: score[0] ?? 0,
      posterior: Math.min(1, posterior),
      frames,
      segments,
    };
  }

  /** Frees the native decoder once pending calls finish. Idempotent. */
  free(): Promise<void> {
    return this.#tail.then(() => {
      if (!this.#ps) return;
      this.#api.ps_free(this.#ps);
      this.#api.cmd_ln_free_r(this.#config);
      this.#ps = 0n;
    });
  }
}
