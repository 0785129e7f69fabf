import { TellerError, isTellerError } from '../shared/index.ts';
import type { ArpaModel } from './arpa-model.ts';
import type { GrammarSpec } from './grammar.ts';
import { GrammarSearches } from './grammar-searches.ts';
import type { CompiledSearch } from './grammar-searches.ts';
import type { Decoder, Hypothesis } from './pocketsphinx-decoder.ts';
import { scoreUtterance } from './pocketsphinx-result.ts';
import type { ScoredResult } from './pocketsphinx-result.ts';
import type { RecognitionEvent, RecognitionResult, RecognitionStream, WriteResult } from './recognizer.ts';
import { emptyResult } from './recognizer.ts';
import { cleanHypothesis } from './rejection.ts';
import {
  admitAudio,
  concatSamples,
  emptyUtteranceAudio,
  SAMPLES_PER_MS,
  takePending,
} from './utterance-audio.ts';
import type { UtteranceAudio } from './utterance-audio.ts';
import type { Band } from './narrowband.ts';
import { NO_DOMAIN_NAMES } from './named-lm.ts';
import type { DomainNames } from './named-lm.ts';

/** What a stream needs from its recogniser: decoders, the reference pool, pronunciations, limits. */
export interface StreamEngine {
  /** The domain decoder; with a customer's names (from {@link domainNames}), over an LM that has them. */
  createDomainDecoder(names?: DomainNames): Promise<Decoder>;
  /** What an open turn's names add to the domain LM: the words it lacks, and class members. */
  domainNames(spec: GrammarSpec): DomainNames;
  createGrammarDecoder(): Promise<Decoder>;
  /** A pooled general-English decoder if one is idle and the node has CPU to spare for it. */
  acquireGeneral(): Decoder | undefined;
  releaseGeneral(decoder: Decoder): void;
  /** Whether streaming decode is behind on this node (a general pass in progress then stops). */
  busy(): boolean;
  /** The top-N the stream's own decoders use for an utterance starting now (fewer under load). */
  utteranceTopN(): number;
  /** Pronunciations (CMU phones) for words the decoder lacks. */
  pronounce(word: string): string[];
  /** The first pronunciation of any word, for comparing readings by sound. */
  phonesOf(word: string): string | undefined;
  readonly domainVocabulary: ReadonlySet<string>;
  /** The banking LM as a stream's domain decoder with these name words has it (for scoring). */
  domainLmWith(names: DomainNames): ArpaModel;
  readonly limits: { maxBacklogMs: number; maxUtteranceMs: number; partialIntervalMs: number };
  /**
   * The audio's band. Phone streams (`narrow`) decode their first utterance a second time (see
   * #decodeAgain) and are scored with their own rejection models.
   */
  readonly band: Band;
  /** Called once when the stream closes. */
  onClose(): void;
}

/** A domain decoder loading for new customer names, and the decoder once it has loaded. */
interface PendingDomain {
  readonly names: string;
  /** The banking LM with the same words, for the rejection features. */
  readonly lm: ArpaModel;
  readonly decoder: Promise<Decoder>;
  ready?: Decoder;
}

/** One utterance in flight. Audio waits in `pending` (bounded) until the pump hands it over. */
interface Utterance extends UtteranceAudio {
  readonly spec: GrammarSpec;
  pumpScheduled: boolean;
  primary?: Decoder | undefined;
  domain?: Decoder | undefined;
  general?: Decoder | undefined;
  generalTail: Promise<void>;
  generalLagSamples: number;
  /** The top-N the stream's own decoders use for this utterance. */
  topN?: number;
  generalDropped: boolean;
  search?: CompiledSearch | undefined;
  lastPartialAtSamples: number;
  lastPartial: string;
  /** The audio handed to the decoders so far (a continuation or a phone call's first turn decodes it again). */
  heard: Int16Array[];
  /** Decode the whole utterance again at its end: a phone stream's first (see #decodeAgain). */
  redecode: boolean;
  /** An utterance finished early whose speech went on (see prepareEnd): its audio is decoded first. */
  continues?: Utterance | undefined;
  /** The turn has ended: its remaining audio is decoded at normal priority (decoder-threads.ts). */
  finishing: boolean;
}

/** A PocketSphinx recognition stream; see {@link RecognitionStream}. Made by PocketSphinxRecognizer. */
export class PocketSphinxStream implements RecognitionStream {
  readonly #engine: StreamEngine;
  readonly #emit: (event: RecognitionEvent) => void;
  #domainDecoder: Promise<Decoder>;
  /** The name words the domain decoder's LM has (' '-joined), and a decoder being built for new ones. */
  #domainNames = '';
  /** The banking LM with those names, for the rejection features. */
  #domainLm: ArpaModel;
  #nextDomain: PendingDomain | undefined;
  #grammarDecoder: Promise<Decoder> | undefined;
  #searches: GrammarSearches | undefined;
  #nextSpec: GrammarSpec;
  #utterance: Utterance | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #failure: TellerError | undefined;
  #closed = false;
  #utterancesDecoded = 0;
  /** The current utterance, finished before the turn was known to be over (see prepareEnd). */
  #early: { readonly utt: Utterance; readonly scored: Promise<ScoredResult> } | undefined;
  readonly #signal: AbortSignal | undefined;
  /** The last scored result, with its features (calibration and logs). */
  lastScored: ScoredResult | undefined;

  constructor(
    engine: StreamEngine,
    spec: GrammarSpec,
    onEvent: ((event: RecognitionEvent) => void) | undefined,
    signal?: AbortSignal,
  ) {
    this.#engine = engine;
    this.#nextSpec = spec;
    this.#emit = (event) => onEvent?.(event);
    this.#signal = signal;
    const names = this.#namesOf(spec);
    this.#domainNames = names.key;
    this.#domainLm = engine.domainLmWith(names);
    this.#domainDecoder = engine.createDomainDecoder(names);
    this.#domainDecoder.catch((error: unknown) => this.#fail(error));
    if (signal?.aborted) void this.close();
    else signal?.addEventListener('abort', () => void this.close(), { once: true });
  }

  #fail(error: unknown): void {
    if (this.#failure) return;
    this.#failure = isTellerError(error)
      ? error
      : new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `PocketSphinx failed: ${String(error)}`);
    this.#emit({ type: 'asr.error', error: this.#failure });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(task);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  write(pcm: Int16Array): WriteResult {
    if (this.#closed) {
      return {
        ok: false,
        error: new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'the recognition stream is closed'),
      };
    }
    if (this.#failure) return { ok: false, error: this.#failure };
    let utt = this.#utterance;
    if (utt && this.#early?.utt === utt) utt = this.#continue(utt);
    if (!utt) {
      utt = this.#newUtterance(this.#nextSpec);
      const started = utt;
      void this.#enqueue(() => this.#start(started)).catch((error: unknown) => this.#fail(error));
    }
    const admitted = admitAudio(utt, pcm, this.#engine.limits);
    if (!admitted.ok || utt.pending.length === 0) return admitted;
    if (utt.pendingSamples >= this.#catchUpSamples) {
      // Low-priority decoding has fallen half a backlog behind: catch up before audio is refused.
      utt.primary?.expedite();
      utt.domain?.expedite();
    }
    if (!utt.pumpScheduled) {
      utt.pumpScheduled = true;
      const pumped = utt;
      void this.#enqueue(() => this.#pump(pumped)).catch((error: unknown) => this.#fail(error));
    }
    return { ok: true };
  }

  /** Backlog at which streaming decode stops yielding to other work: half the limit. */
  get #catchUpSamples(): number {
    return (this.#engine.limits.maxBacklogMs / 2) * SAMPLES_PER_MS;
  }

  /**
   * Audio accepted but not yet decoded, ms, counting the optional general pass. A client that
   * sends faster than real time (a file, a test) can pace itself on this, as on ws `bufferedAmount`.
   */
  get backlogMs(): number {
    const utt = this.#utterance;
    if (!utt) return 0;
    const lag = utt.generalDropped ? 0 : utt.generalLagSamples;
    return Math.max(utt.pendingSamples, lag) / SAMPLES_PER_MS;
  }

  setGrammar(spec: GrammarSpec): void {
    this.#nextSpec = spec;
    this.#prepareNames(spec);
  }

  /**
   * Starts finishing the utterance while the VAD still waits to end the turn, so that
   * endUtterance answers at once (the end-of-turn passes take ~40 ms of CPU, far more on busy
   * cores). If the caller speaks again, the next write discards that work (see #continue).
   */
  prepareEnd(): void {
    const utt = this.#utterance;
    if (!utt || this.#early || this.#closed || this.#failure) return;
    this.#hurry(utt);
    const scored = this.#enqueue(() => this.#finish(utt));
    scored.catch(() => undefined); // endUtterance or #continue observes it
    this.#early = { utt, scored };
  }

  /** The turn is over: the rest of its audio decodes at normal priority (decoder-threads.ts). */
  #hurry(utt: Utterance): void {
    utt.finishing = true;
    for (const decoder of [utt.primary, utt.domain, utt.general]) decoder?.hurry();
  }

  /**
   * Speech resumed after prepareEnd: the early result is dropped and the utterance goes on in a
   * new one that first decodes everything heard so far (without the general pass, which has given
   * its decoder back). Costs one more decode of the turn's start.
   */
  #continue(before: Utterance): Utterance {
    this.#early = undefined;
    const next = this.#newUtterance(before.spec);
    next.samples = before.samples;
    next.truncated = before.truncated;
    next.redecode = false; // decoding `before` again is the second pass
    next.continues = before;
    void this.#enqueue(() => this.#start(next)).catch((error: unknown) => this.#fail(error));
    return next;
  }

  #newUtterance(spec: GrammarSpec): Utterance {
    const utt: Utterance = {
      spec,
      ...emptyUtteranceAudio(),
      pumpScheduled: false,
      generalTail: Promise.resolve(),
      generalLagSamples: 0,
      generalDropped: false,
      lastPartialAtSamples: 0,
      lastPartial: '',
      heard: [],
      redecode: this.#engine.band === 'narrow' && this.#utterancesDecoded === 0,
      finishing: false,
    };
    this.#utterance = utt;
    return utt;
  }

  /** What an open turn's names add to the domain LM; nothing for other kinds. */
  #namesOf(spec: GrammarSpec): DomainNames {
    return spec.kind === 'free' && spec.names ? this.#engine.domainNames(spec) : NO_DOMAIN_NAMES;
  }

  /**
   * New customer names (the dialog sets them from the first prompt on, and again after a payee is
   * added): a domain decoder over an LM with them starts loading now, while the agent speaks, and
   * replaces the current one at the first utterance after it has loaded. The LM is the stream's
   * own, so one customer's names never reach another's turns.
   */
  #prepareNames(spec: GrammarSpec): void {
    if (spec.kind !== 'free' || !spec.names || this.#closed) return;
    const domainNames = this.#namesOf(spec);
    const names = domainNames.key;
    if (names === '' || names === (this.#nextDomain?.names ?? this.#domainNames)) return;
    // Names changed again: a decoder built for the previous change is not needed.
    const superseded = this.#nextDomain;
    this.#nextDomain = undefined;
    if (superseded?.ready) void superseded.ready.free();
    if (names === this.#domainNames) return;
    const decoder = this.#engine.createDomainDecoder(domainNames);
    const next: PendingDomain = { names, lm: this.#engine.domainLmWith(domainNames), decoder };
    this.#nextDomain = next;
    // Ready or failed, it is looked at only between utterances (#swapDomain); a failed build keeps
    // the current decoder, and one superseded before it was used is freed.
    decoder.then(
      (d) => {
        next.ready = d;
        if (this.#nextDomain !== next || this.#closed) void d.free();
      },
      () => {
        if (this.#nextDomain === next) this.#nextDomain = undefined;
      },
    );
  }

  /**
   * Takes the decoder {@link #prepareNames} built, between utterances, once it has loaded. A turn
   * never waits for it: until then the current decoder serves (a build takes ~0.3 s of a busy
   * node's pool, and audio waiting for it would be refused).
   */
  async #swapDomain(): Promise<void> {
    const next = this.#nextDomain;
    const decoder = next?.ready;
    if (!next || !decoder) return;
    this.#nextDomain = undefined;
    const old = this.#domainDecoder;
    this.#domainDecoder = Promise.resolve(decoder);
    this.#domainNames = next.names;
    this.#domainLm = next.lm;
    await old.then((d) => d.free()).catch(() => undefined);
  }

  async #start(utt: Utterance): Promise<void> {
    if (!utt.continues) await this.#swapDomain();
    const domain = await this.#domainDecoder;
    if (utt.spec.kind !== 'free') {
      const grammar = await (this.#grammarDecoder ??= this.#engine.createGrammarDecoder());
      this.#searches ??= new GrammarSearches(grammar, (word) => this.#engine.pronounce(word));
      // A grammar the decoder refuses costs this turn its constraint, not the stream: open speech.
      utt.search = await this.#searches.use(utt.spec).catch(() => undefined);
      if (utt.search) {
        utt.primary = grammar;
        utt.domain = domain;
      }
    }
    utt.primary ??= domain;
    // Grammar turns use it too: it judges the domain reading when the answer is out of grammar.
    if (!utt.continues) utt.general = this.#engine.acquireGeneral();
    utt.topN = this.#engine.utteranceTopN();
    await Promise.all([utt.primary.start(utt.topN), utt.domain?.start(utt.topN), utt.general?.start()]);
    if (utt.continues) {
      const before = concatSamples(utt.continues.heard);
      utt.continues = undefined;
      utt.heard.unshift(before);
      await Promise.all([
        utt.primary.process(before, utt.finishing),
        utt.domain?.process(before, utt.finishing),
      ]);
    }
  }

  async #pump(utt: Utterance): Promise<void> {
    const { partialIntervalMs, maxBacklogMs } = this.#engine.limits;
    while (utt.pending.length > 0) {
      const chunk = takePending(utt);
      utt.heard.push(chunk);
      this.#feedGeneral(utt, chunk, maxBacklogMs);
      const urgent = utt.finishing || chunk.length >= this.#catchUpSamples;
      await Promise.all([utt.primary?.process(chunk, urgent), utt.domain?.process(chunk, urgent)]);
      if (utt.primary && utt.samples - utt.lastPartialAtSamples >= partialIntervalMs * SAMPLES_PER_MS) {
        utt.lastPartialAtSamples = utt.samples;
        const text = cleanHypothesis(await utt.primary.partial());
        if (text && text !== utt.lastPartial) {
          utt.lastPartial = text;
          this.#emit({ type: 'asr.partial', text });
        }
      }
    }
    utt.pumpScheduled = false;
  }

  /**
   * The general pass runs on its own chain, so its slower decoding never holds up the stream's own
   * decoders. It may lag by up to three backlogs; beyond that, or as soon as the node's streaming
   * decode falls behind, it is dropped for the utterance (its audio freed) rather than waited for,
   * allowed to grow, or allowed to take CPU the callers' own decoding needs.
   */
  #feedGeneral(utt: Utterance, chunk: Int16Array, maxBacklogMs: number): void {
    const general = utt.general;
    if (!general || utt.generalDropped) return;
    if (utt.generalLagSamples + chunk.length > 3 * maxBacklogMs * SAMPLES_PER_MS || this.#engine.busy()) {
      utt.generalDropped = true;
      return;
    }
    utt.generalLagSamples += chunk.length;
    // A failed general pass only loses the reference: the turn is scored without it.
    utt.generalTail = utt.generalTail
      .then(() => general.process(chunk, utt.finishing))
      .catch(() => {
        utt.generalDropped = true;
      })
      .finally(() => {
        utt.generalLagSamples -= chunk.length;
      });
  }

  async endUtterance(): Promise<RecognitionResult> {
    const utt = this.#utterance;
    this.#utterance = undefined;
    this.#signal?.throwIfAborted();
    if (this.#failure) throw this.#failure;
    const early = this.#early;
    this.#early = undefined;
    if (utt && early?.utt !== utt) this.#hurry(utt);
    if (!utt) {
      const empty = emptyResult(this.#nextSpec.kind);
      this.#emit({ type: 'asr.final', result: empty });
      return empty;
    }
    try {
      const scored = await (early?.utt === utt ? early.scored : this.#enqueue(() => this.#finish(utt)));
      this.#signal?.throwIfAborted();
      this.lastScored = scored;
      this.#emit({ type: 'asr.final', result: scored.result });
      return scored.result;
    } catch (error) {
      if (this.#signal?.aborted) throw error;
      this.#fail(error);
      throw this.#failure ?? error;
    }
  }

  async #finish(utt: Utterance): Promise<ScoredResult> {
    const primary = utt.primary;
    if (!primary) throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'PocketSphinx did not start');
    const generalDone = this.#endGeneral(utt);
    let [main, domain] = await Promise.all([primary.end(), utt.domain?.end()]);
    let general = await generalDone;
    this.#utterancesDecoded++;
    if (utt.redecode && utt.heard.length > 0) {
      const again = await this.#decodeAgain(utt, utt.heard);
      main = again.main;
      domain = again.domain ?? domain;
      general = again.general ?? general;
    }
    return scoreUtterance({
      spec: utt.search ? utt.spec : { kind: 'free' },
      primary: main,
      ...(domain ? { domain } : {}),
      ...(general ? { general } : {}),
      domainVocabulary: this.#engine.domainVocabulary,
      domainLm: this.#domainLm,
      phonesOf: (word) => this.#engine.phonesOf(word),
      ...(utt.search ? { grammarVocabulary: utt.search.vocabulary } : {}),
      durationMs: Math.round(utt.samples / SAMPLES_PER_MS),
      truncated: utt.truncated,
      band: this.#engine.band,
    });
  }

  /**
   * The stream's first utterance, decoded a second time. Live CMN starts from the acoustic model's
   * initial mean; on phone audio (the narrowband model) that is far from a real line, and the
   * first pass of a call's first turn scored correct requests as out of domain ("how much do i
   * have in savings": P(in domain) 0.35 on the first pass, 0.97 once the mean had adapted; 16 of
   * 17 phone-script failures were the call's first utterance). The first pass has moved the mean
   * to this caller and line; the second pass decodes the same audio with it, as every later turn
   * is. Costs one more decode of the first utterance only. The general reference is decoded again
   * when a pooled decoder is free, else the first pass's is kept. Phone streams only: on wideband
   * audio the first pass already scores as later turns do, and the second pass turned one app
   * script's "how much money do i have in checking" into "…to close my account" (3 runs of 3).
   */
  async #decodeAgain(
    utt: Utterance,
    chunks: readonly Int16Array[],
  ): Promise<{ main: Hypothesis; domain?: Hypothesis | undefined; general?: Hypothesis | undefined }> {
    const audio = concatSamples(chunks);
    const general = utt.generalDropped ? undefined : this.#engine.acquireGeneral();
    const decode = async (decoder: Decoder | undefined, topN?: number): Promise<Hypothesis | undefined> => {
      if (!decoder) return undefined;
      await decoder.start(topN);
      await decoder.process(audio, true);
      return decoder.end();
    };
    try {
      const [main, domain, reference] = await Promise.all([
        decode(utt.primary, utt.topN),
        decode(utt.domain, utt.topN),
        decode(general).catch(() => undefined),
      ]);
      if (!main) throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'PocketSphinx did not start');
      return { main, domain, general: reference };
    } finally {
      if (general) this.#engine.releaseGeneral(general);
    }
  }

  /** Finishes the general pass (if any) and always gives its decoder back to the pool. */
  async #endGeneral(utt: Utterance): Promise<Hypothesis | undefined> {
    const general = utt.general;
    if (!general) return undefined;
    utt.general = undefined;
    try {
      await utt.generalTail.catch(() => undefined);
      const ended = await general.end().catch(() => undefined);
      return utt.generalDropped ? undefined : ended;
    } finally {
      this.#engine.releaseGeneral(general);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const utt = this.#utterance;
    this.#utterance = undefined;
    await this.#chain;
    if (utt) await this.#endGeneral(utt);
    // A decoder still loading for new names frees itself when it arrives (see #prepareNames).
    const pending = this.#nextDomain?.ready;
    this.#nextDomain = undefined;
    const settled = await Promise.allSettled([this.#domainDecoder, this.#grammarDecoder]);
    const decoders = settled.flatMap((d) => (d.status === 'fulfilled' && d.value ? [d.value] : []));
    if (pending) decoders.push(pending);
    await Promise.all(decoders.map((d) => d.free()));
    this.#engine.onClose();
  }
}
