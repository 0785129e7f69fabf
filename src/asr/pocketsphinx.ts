import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { TellerError } from '../shared/index.ts';
import type { Lang } from '../shared/index.ts';
import { accentDictPath, ASR_MODELS_DIR, type AsrAccent } from './accents.ts';
import { ArpaModel } from './arpa-model.ts';
import { DecoderPool } from './decoder-pool.ts';
import { DecoderThreads } from './decoder-threads.ts';
import { speakableWords } from './grammar-compile.ts';
import { NAME_CLASSES } from './grammar.ts';
import type { GrammarSpec } from './grammar.ts';
import { britishVariants, namePronunciations, PronouncingDictionary } from './lexicon.ts';
import { MEMBER_JOINER, memberToken, NO_DOMAIN_NAMES, writeNamedModel } from './named-lm.ts';
import type { ClassMember, DomainNames } from './named-lm.ts';
import { Decoder } from './pocketsphinx-decoder.ts';
import { narrowbandModelDir, type Band } from './narrowband.ts';
import {
  APT_INSTALL,
  boundPocketSphinxLibrary,
  DEBIAN_MODEL_DIR,
  modelPaths,
  pocketSphinx,
  pocketSphinxUnavailable,
} from './pocketsphinx-native.ts';
import { SYSTEM_POCKETSPHINX } from './pocketsphinx-library.ts';
import type { PocketSphinxLibrary } from './pocketsphinx-library.ts';
import { PocketSphinxStream } from './pocketsphinx-stream.ts';
import type { StreamEngine } from './pocketsphinx-stream.ts';
import type { RecognitionStream, Recognizer, StreamOptions } from './recognizer.ts';

/**
 * The embedded English engine: CMU PocketSphinx (BSD-2-Clause) from Debian's `pocketsphinx` and
 * `pocketsphinx-en-us` packages, bound through koffi. Each stream owns a decoder with Teller's
 * banking trigram (models/asr/en-banking.lm) and, for grammar turns, a second one running the
 * state's JSGF grammar; a small shared pool runs the general English model as a reference for
 * rejecting out-of-domain speech. No Mandarin: PocketSphinx has no Mandarin model here.
 */

export { ASR_MODELS_DIR };

/** Options for {@link PocketSphinxRecognizer}; defaults in {@link POCKETSPHINX_DEFAULTS}. */
export interface PocketSphinxOptions {
  /** The en-us model directory (Debian: /usr/share/pocketsphinx/model/en-us). */
  readonly modelDir?: string;
  /** The domain trigram (ARPA). */
  readonly lmPath?: string;
  /**
   * The accent the pronunciations cover (accents.ts): the domain dictionary, unless `dictPath`
   * names another, and the pronunciations given to customer names added per stream (`us+gb`: each
   * name's British variants too, lexicon.ts `britishVariants`).
   */
  readonly accent?: AsrAccent;
  /** Pronunciations of the domain LM's and the grammars' words. Default: the accent's dictionary. */
  readonly dictPath?: string;
  /**
   * The telephone-band model transform (see narrowband.ts), applied by every decoder of an 8 kHz
   * stream; '' turns it off. A missing file is a start-up error.
   */
  readonly narrowbandMllrPath?: string;
  /** General-English reference decoders shared by all streams (~95 MB each); 0 turns them off. */
  readonly generalPoolSize?: number;
  /**
   * A streaming-decode job that has waited longer than this for a thread marks the node busy: the
   * general-English reference pass does not start, and one in progress stops. `Infinity`: never
   * (tools that feed audio faster than real time, where waiting says nothing about callers).
   */
  readonly busyWaitMs?: number;
  /** Streams open at once. */
  readonly maxStreams?: number;
  /** Audio a stream may have waiting for the decoder before writes are refused. */
  readonly maxBacklogMs?: number;
  /** Longest utterance decoded; later audio in the turn is ignored and the result marked `truncated`. */
  readonly maxUtteranceMs?: number;
  /** Audio between two partial results. */
  readonly partialIntervalMs?: number;
  /**
   * Threads that decode turns still in progress at a lower OS priority (decoder-threads.ts); 0
   * decodes everything on libuv's pool at the process's priority.
   */
  readonly streamingThreads?: number;
  /**
   * Acoustic scores computed on every n-th 10 ms frame and reused in between (sphinxbase `-ds`),
   * per band. 2 cuts a stream's decoding CPU by a quarter, at the same word error rate on three
   * flite voices but far worse on fast speech (espeak-ng: 42 → 61% WER), so the default is 1: a
   * capacity knob for a node whose callers are known, not a free gain (src/asr/README.md, "Speed").
   */
  readonly frameDownsampling?: Readonly<Record<Band, 1 | 2 | 3>>;
  /**
   * Gaussians of each phone's 128 that make up a frame's acoustic score (sphinxbase `-topn`), per
   * band (a number sets both). More is closer to the full mixture and costs CPU in the senone
   * scoring. Unset: {@link defaultTopN} of the library the process binds.
   */
  readonly topN?: number | Readonly<Record<Band, number>>;
  /**
   * The top-N a stream's own decoders drop to for the utterances that start while the node is
   * busy (streaming decode waited over `busyWaitMs` for a thread in the last
   * {@link BUSY_HOLD_MS}), per band (a number sets both), when lower than `topN`. Needs Teller's
   * build of the library, which can change a decoder's top-N between utterances; the system
   * library keeps `topN`. 0 turns it off.
   */
  readonly busyTopN?: number | Readonly<Record<Band, number>>;
  /** More sphinxbase options for every decoder (`-beam 1e-60`, …): for tuning runs (scripts/asr-search.ts). */
  readonly decoderArgs?: readonly string[];
}

/**
 * Defaults. One general decoder: on 2 cores a second one would compete with the streams'
 * own decoders, and it only runs while the node has CPU to spare (`busyWaitMs`). Streams: 22 per
 * core, what one process sustains in every run with conversational callers (npm run bench:voice
 * -- --only concurrency --callers conversation [--phone-calls]: 44 on 2 cores for app streams and
 * phone calls alike; 48 app streams passed 4 of 4 runs, 48 phone calls 2 of 3); past it a new
 * call is refused at once rather than every call slowing down. 2 s of backlog (100 frames of
 * 20 ms, 64 KB) rides out a burst that 1 s did not: with 1 s, 48 conversational streams had turns
 * refused while the node kept up on average (docs/benchmarks.md, "Voice"). 30 s per utterance is
 * over twice Lex V2's 13 s default (peer-protocols.md).
 */
export const POCKETSPHINX_DEFAULTS = {
  modelDir: DEBIAN_MODEL_DIR,
  lmPath: `${ASR_MODELS_DIR}en-banking.lm`,
  accent: 'us',
  dictPath: accentDictPath('us'),
  narrowbandMllrPath: `${ASR_MODELS_DIR}narrowband.mllr`,
  generalPoolSize: 1,
  busyWaitMs: 100,
  maxStreams: 22 * availableParallelism(),
  maxBacklogMs: 2000,
  maxUtteranceMs: 30_000,
  partialIntervalMs: 200,
  streamingThreads: availableParallelism(),
  frameDownsampling: { wide: 1, narrow: 1 },
  decoderArgs: [],
  busyTopN: 4,
} as const satisfies Required<Omit<PocketSphinxOptions, 'topN'>>;

/**
 * Top-N per band when the options set none. With Teller's build of the library, 8 on both bands:
 * its senone scoring in SIMD lanes affords it, and it can drop a decoder to `busyTopN` (4) for
 * the utterances that start while the node is busy, so that load costs accuracy before it costs
 * latency. Voices unlike the tuning ones are heard better at 8 (12 voices, the same day:
 * espeak-ng 55.3 → 60-62%, its British voice 38.8 → 43.5%, Pico British 91.8 → 92.9% of open
 * requests understood, none lost on the others; on phone calls the word error rate fell on all four
 * phone voices, Pico British 13.7 → 11.0%). Callers back to back on 2 cores: app streams pass at
 * 48 (40 at a fixed 8), phone calls at 40 (36 at a fixed 8, 44 at 4): docs/benchmarks.md, "Top-N
 * under load". A build without the run-time top-N (`reducible` false: an older patch) keeps 4 on
 * phone calls; the system library keeps 4 on both (8 would cut back-to-back app streams from 32
 * to 28).
 */
export function defaultTopN(
  library: PocketSphinxLibrary | undefined,
  reducible = library?.build !== undefined,
): Readonly<Record<Band, number>> {
  if (library?.build === undefined) return { wide: 4, narrow: 4 };
  return { wide: 8, narrow: reducible ? 8 : 4 };
}

/** The top-N each band's decoders use: `topN` as set (a number for both bands), else {@link defaultTopN}. */
function topNPerBand(
  topN: PocketSphinxOptions['topN'],
  library: PocketSphinxLibrary | undefined,
  reducible?: boolean,
): Readonly<Record<Band, number>> {
  if (topN === undefined) return defaultTopN(library, reducible);
  return typeof topN === 'number' ? { wide: topN, narrow: topN } : { ...topN };
}

/**
 * How long the node counts as busy after streaming decode last fell behind, for
 * {@link PocketSphinxOptions.busyTopN}: long enough that the next turns of the callers who made
 * it busy start cheaper, instead of each utterance seeing a moment's empty queue.
 */
export const BUSY_HOLD_MS = 3000;

/**
 * The grammar decoder's phone insertion penalty: 0.5 instead of 1 stops digit strings growing an
 * extra "oh" or "two" (measured on 92 grammar answers × 4 flite voices: 85 → 89 exact; the LM
 * decoder is unaffected, so it keeps the default).
 */
const GRAMMAR_DECODER_ARGS = ['-pip', '0.5'] as const;

/** Words of customer names one stream's domain decoder takes at most (64 names of a few words). */
const MAX_NAME_WORDS = 256;

/** Why PocketSphinx cannot run with these options, or `undefined` when it can. */
export function pocketSphinxProblem(options: PocketSphinxOptions = {}): string | undefined {
  const merged = withDefaults(options);
  const problem = pocketSphinxUnavailable(modelPaths(merged.modelDir));
  if (problem) return problem;
  for (const file of [merged.lmPath, merged.dictPath]) {
    if (!existsSync(file))
      return `Teller's ASR model ${file} is missing: run "npx tsx scripts/asr-build-lm.ts"`;
  }
  if (merged.narrowbandMllrPath && !existsSync(merged.narrowbandMllrPath))
    return `Teller's telephone-band transform ${merged.narrowbandMllrPath} is missing: run "npx tsx scripts/asr-narrowband-map.ts" or set it to '' to decode phone audio without it`;
  return undefined;
}

/** `options` over {@link POCKETSPHINX_DEFAULTS}; the dictionary follows the accent unless given. */
function withDefaults(
  options: PocketSphinxOptions,
): Omit<Required<PocketSphinxOptions>, 'topN'> & Pick<PocketSphinxOptions, 'topN'> {
  const accent = options.accent ?? POCKETSPHINX_DEFAULTS.accent;
  return { ...POCKETSPHINX_DEFAULTS, dictPath: accentDictPath(accent), ...options, accent };
}

/** First pronunciation of each word of a PocketSphinx dictionary file (alternates folded). */
function dictionaryPhones(path: string): Map<string, string> {
  const phones = new Map<string, string>();
  for (const line of readFileSync(path, 'latin1').split('\n')) {
    const space = line.indexOf(' ');
    const word = line.slice(0, space).replace(/\(\d+\)$/, '');
    if (space > 0 && !phones.has(word)) phones.set(word, line.slice(space + 1).trim());
  }
  return phones;
}

/** The PocketSphinx adapter of the {@link Recognizer} port. */
export class PocketSphinxRecognizer implements Recognizer {
  readonly name = 'pocketsphinx';
  readonly languages: readonly Lang[] = ['en'];
  /** The options, defaults filled in (`topN` as given: {@link topN} is what the decoders use). */
  readonly options: Omit<Required<PocketSphinxOptions>, 'topN'> & Pick<PocketSphinxOptions, 'topN'>;
  /** The top-N each band's decoders use. */
  readonly topN: Readonly<Record<Band, number>>;
  /** Whether the library can lower a decoder's top-N under load (`busyTopN`: Teller's build). */
  readonly reducibleTopN: boolean;
  /**
   * The top-N each band's utterances drop to while the node is busy: `options.busyTopN` where the
   * library can lower it and it is below the band's top-N, else `undefined` (never lowered).
   */
  readonly busyTopN: Readonly<Record<Band, number | undefined>>;
  /** General-English reference decoders by band; the narrowband pool is built on first phone call. */
  readonly #pools = new Map<Band, DecoderPool>();
  readonly #domainVocabulary: ReadonlySet<string>;
  readonly #domainPhones: ReadonlyMap<string, string>;
  readonly #domainLm: ArpaModel;
  readonly #pronunciations = new Map<string, string[]>();
  /** The domain LM as text, read when a stream first needs a copy with names (3.8 MB). */
  #arpa: string | undefined;
  /** Each accent's domain dictionary as text, read likewise. */
  readonly #dictionaries = new Map<AsrAccent, string>();
  #cmudict: PronouncingDictionary | undefined;
  readonly #streaming: DecoderThreads | undefined;
  readonly #library: PocketSphinxLibrary;
  #open = 0;
  #closed = false;
  /** When streaming decode was last seen behind (performance.now()), for `busyTopN`. */
  #busyAt = -Infinity;
  readonly #utterances = { wide: { full: 0, reduced: 0 }, narrow: { full: 0, reduced: 0 } };

  /** @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` naming the apt command when not installed. */
  constructor(options: PocketSphinxOptions = {}) {
    this.options = Object.freeze(withDefaults(options));
    const problem = pocketSphinxProblem(this.options);
    if (problem) throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', problem, { engine: 'pocketsphinx' });
    this.#library = boundPocketSphinxLibrary() ?? { path: SYSTEM_POCKETSPHINX };
    this.reducibleTopN = pocketSphinx().ps_teller_set_topn !== undefined;
    this.topN = topNPerBand(options.topN, this.#library, this.reducibleTopN);
    for (const n of Object.values(this.topN))
      if (!(Number.isInteger(n) && n >= 1 && n <= 128))
        throw new RangeError(
          `topN: ${n}, want an integer from 1 to 128 (the model has 128 Gaussians per phone)`,
        );
    const lowered = (band: Band): number | undefined => {
      const { busyTopN } = this.options;
      const n = typeof busyTopN === 'number' ? busyTopN : busyTopN[band];
      return this.reducibleTopN && n > 0 && n < this.topN[band] ? n : undefined;
    };
    this.busyTopN = { wide: lowered('wide'), narrow: lowered('narrow') };
    this.#domainPhones = dictionaryPhones(this.options.dictPath);
    this.#domainVocabulary = new Set(this.#domainPhones.keys());
    // ~60k n-grams, ~10 MB: read once per process, used to score finished hypotheses.
    this.#domainLm = ArpaModel.fromFile(this.options.lmPath);
    const threads = this.options.streamingThreads;
    if (!(Number.isInteger(threads) && threads >= 0))
      throw new RangeError(`streamingThreads: ${threads}, want an integer ≥ 0`);
    this.#streaming = threads > 0 ? new DecoderThreads(threads, this.#library.path) : undefined;
    this.#pool('wide');
  }

  /** The libpocketsphinx this process decodes with (Teller's build or the system's). */
  get library(): PocketSphinxLibrary {
    return this.#library;
  }

  /** Loads the shared general-English decoders for `band` now rather than on first use. */
  warmUp(band: Band = 'wide'): Promise<void> {
    return this.#pool(band).warmUp();
  }

  /** The acoustic model directory for a band (telephone audio: see narrowband.ts). */
  #hmmDir(band: Band): string {
    const wide = modelPaths(this.options.modelDir).hmmDir;
    return band === 'wide' ? wide : narrowbandModelDir(wide);
  }

  /**
   * Decoder options every decoder of a band takes: its frame downsampling, and for telephone
   * audio the model transform.
   */
  #bandArgs(band: Band): string[] {
    const args = ['-ds', String(this.options.frameDownsampling[band]), '-topn', String(this.topN[band])];
    if (band === 'narrow' && this.options.narrowbandMllrPath)
      args.push('-mllr', this.options.narrowbandMllrPath);
    args.push(...this.options.decoderArgs);
    return args;
  }

  #pool(band: Band): DecoderPool {
    let pool = this.#pools.get(band);
    if (!pool) {
      const paths = modelPaths(this.options.modelDir);
      const hmmDir = this.#hmmDir(band);
      const args = this.#bandArgs(band);
      const streaming = this.#streaming;
      pool = new DecoderPool(
        () =>
          Decoder.create({ hmmDir, dictPath: paths.dictPath, lmPath: paths.genericLmPath, args, streaming }),
        existsSync(paths.genericLmPath) ? this.options.generalPoolSize : 0,
      );
      this.#pools.set(band, pool);
    }
    return pool;
  }

  /** Streams open now. */
  get openStreams(): number {
    return this.#open;
  }

  createStream(options: StreamOptions): RecognitionStream {
    if (this.#closed)
      throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'the PocketSphinx recognizer is closed');
    if (options.lang !== 'en') {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `PocketSphinx has no ${options.lang} model: use asr.engine "vosk" or "azure" for Mandarin`,
      );
    }
    if (options.sampleRateHz !== 16000) {
      throw new TellerError(
        'TELLER_ERR_BAD_AUDIO_FORMAT',
        `sample rate ${String(options.sampleRateHz)} not supported: resample to 16000 Hz (src/audio Resampler)`,
      );
    }
    if (this.#open >= this.options.maxStreams) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `all ${this.options.maxStreams} PocketSphinx streams are in use: raise maxStreams or retry later`,
      );
    }
    this.#open++;
    // The band's general-English decoder loads while the call's greeting plays, not at its first
    // utterance (which would then be scored without the reference pass).
    void this.#pool(options.band ?? 'wide').warmUp();
    return new PocketSphinxStream(
      this.#engine(options.band ?? 'wide', options.accent ?? this.options.accent),
      options.grammar ?? { kind: 'free' },
      options.onEvent,
      options.signal,
    );
  }

  /**
   * Whether streaming decode is behind: a job has waited `busyWaitMs` for a thread. The
   * general-English reference pass is then not started, and one in progress stops, so that the
   * CPU goes to the callers' own decoders (under load most turns went without it anyway, after it
   * had cost its CPU: docs/benchmarks.md, "Voice").
   */
  #busy(): boolean {
    const busy = (this.#streaming?.waitMs ?? 0) > this.options.busyWaitMs;
    if (busy) this.#busyAt = performance.now();
    return busy;
  }

  /**
   * The top-N for an utterance starting now on a stream of `band`: `busyTopN` when the node has
   * been busy within {@link BUSY_HOLD_MS} and it is lower, else the band's top-N.
   */
  #utteranceTopN(band: Band): number {
    const full = this.topN[band];
    const shed = this.busyTopN[band];
    if (shed === undefined) return full;
    this.#busy();
    const reduced = performance.now() - this.#busyAt < BUSY_HOLD_MS;
    this.#utterances[band][reduced ? 'reduced' : 'full']++;
    return reduced ? shed : full;
  }

  /**
   * Utterances started per band since the recogniser was made: at the band's top-N (`full`) and
   * at `busyTopN` because the node was busy (`reduced`); for ops (`teller_asr_utterances_total`).
   */
  get utteranceCounts(): Readonly<Record<Band, { readonly full: number; readonly reduced: number }>> {
    return this.#utterances;
  }

  /** The domain dictionary of a stream's accent: the configured one for the recogniser's own. */
  #dictPathOf(accent: AsrAccent): string {
    return accent === this.options.accent ? this.options.dictPath : accentDictPath(accent);
  }

  #engine(band: Band, accent: AsrAccent): StreamEngine {
    const hmmDir = this.#hmmDir(band);
    const args = this.#bandArgs(band);
    const pool = this.#pool(band);
    const dictPath = this.#dictPathOf(accent);
    const streaming = this.#streaming;
    let closed = false;
    return {
      createDomainDecoder: (names) => this.#createDomainDecoder(names, accent, { hmmDir, args, streaming }),
      domainNames: (spec) => this.#domainNames(spec),
      createGrammarDecoder: () =>
        Decoder.create({ hmmDir, dictPath, args: [...GRAMMAR_DECODER_ARGS, ...args], streaming }),
      acquireGeneral: () => (this.#busy() ? undefined : pool.tryAcquire()),
      releaseGeneral: (decoder) => pool.release(decoder),
      busy: () => this.#busy(),
      utteranceTopN: () => this.#utteranceTopN(band),
      pronounce: (word) => this.#pronounce(word, accent),
      phonesOf: (word) => this.#phonesOf(word),
      domainVocabulary: this.#domainVocabulary,
      domainLmWith: (names) =>
        names.key === ''
          ? this.#domainLm
          : this.#domainLm.withNames(names.words, this.#domainLm.rarestUnigram, names.members),
      limits: this.options,
      band,
      onClose: () => {
        if (!closed) this.#open--;
        closed = true;
      },
    };
  }

  /**
   * What a stream's own domain decoder adds for an open turn's names (named-lm.ts): the classed
   * names as members of their class, and the other words the domain LM lacks as unigrams, sorted
   * (at most {@link MAX_NAME_WORDS} words in all).
   */
  #domainNames(spec: GrammarSpec): DomainNames {
    if (spec.kind !== 'free' || !spec.names) return NO_DOMAIN_NAMES;
    const members: ClassMember[] = [];
    const seen = new Set<string>();
    let budget = MAX_NAME_WORDS;
    for (const cls of NAME_CLASSES) {
      for (const name of spec.classes?.[cls] ?? []) {
        const words = speakableWords(name);
        const token = memberToken({ cls, words });
        if (words.length === 0 || words.length > budget || seen.has(`${cls} ${token}`)) continue;
        seen.add(`${cls} ${token}`);
        members.push({ cls, words });
        budget -= words.length;
      }
    }
    const tokens = new Set(members.map(memberToken));
    const words = [...new Set(spec.names.flatMap((name) => speakableWords(name)))]
      .filter((w) => !this.#domainLm.has(w) && !tokens.has(w))
      .sort()
      .slice(0, budget);
    if (words.length === 0 && members.length === 0) return NO_DOMAIN_NAMES;
    const key = JSON.stringify([words, members.map((m) => `${m.cls} ${memberToken(m)}`)]);
    return { key, words, members };
  }

  /** A domain decoder; with `names` (from {@link #domainNames}), over a copy of the LM that has them. */
  async #createDomainDecoder(
    names: DomainNames | undefined,
    accent: AsrAccent,
    common: { hmmDir: string; args: string[]; streaming: DecoderThreads | undefined },
  ): Promise<Decoder> {
    const { lmPath } = this.options;
    const dictPath = this.#dictPathOf(accent);
    if (!names || names.key === '') return Decoder.create({ ...common, dictPath, lmPath });
    this.#arpa ??= readFileSync(lmPath, 'latin1');
    let dictionary = this.#dictionaries.get(accent);
    if (dictionary === undefined) {
      dictionary = readFileSync(dictPath, 'latin1');
      this.#dictionaries.set(accent, dictionary);
    }
    const base = { arpa: this.#arpa, dictionary, nameLog10: this.#domainLm.rarestUnigram };
    // A member is heard as its words in a row: "city_power" is "city" then "power". Alternates
    // go in as word(2)…, the dictionary's own convention.
    const pronunciations = [...names.words, ...names.members.map(memberToken)]
      .filter((token) => !this.#domainPhones.has(token))
      .flatMap((token) =>
        this.#namePronunciations(token, accent).map((phones, i) => ({
          word: i === 0 ? token : `${token}(${i + 1})`,
          phones,
        })),
      );
    const files = writeNamedModel(base, names.words, pronunciations, names.members);
    try {
      return await Decoder.create({ ...common, dictPath: files.dictPath, lmPath: files.lmPath });
    } finally {
      files.dispose();
    }
  }

  /**
   * How a name added per stream is said: its words' first pronunciations in a row, and with the
   * `us+gb` accent the same with each word's first British variant ("parker" P AA K AH beside
   * P AA R K ER). None when a word has no pronunciation.
   */
  #namePronunciations(token: string, accent: AsrAccent): string[] {
    const words = token.split(MEMBER_JOINER);
    const first = words.map((word) => this.#phonesOf(word));
    if (!first.every((p) => p !== undefined)) return [];
    return namePronunciations(words, first, accent === 'us+gb');
  }

  /** The first pronunciation of a word: the domain dictionary's, else the CMU dictionary's or a guess. */
  #phonesOf(word: string): string | undefined {
    return this.#domainPhones.get(word) ?? this.#pronounce(word)[0];
  }

  /** Every pronunciation of a word the dictionaries lack: CMU's (or a guess), and with `us+gb` its British variants. */
  #pronounce(word: string, accent: AsrAccent = 'us'): string[] {
    let american = this.#pronunciations.get(word);
    if (!american) {
      this.#cmudict ??= PronouncingDictionary.fromFile(modelPaths(this.options.modelDir).dictPath);
      american = [...this.#cmudict.pronounce(word).phones];
      // Bounded: names come from customer data; 10,000 words is far beyond one bank's payees.
      if (this.#pronunciations.size >= 10_000) this.#pronunciations.clear();
      this.#pronunciations.set(word, american);
    }
    // Grammar turns add every pronunciation of a name; `us+gb` adds its British variants too.
    return accent === 'us+gb' ? [...american, ...britishVariants(word, american)] : american;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#pools.values()].map((pool) => pool.close()));
    await this.#streaming?.close();
  }
}

export { APT_INSTALL };
