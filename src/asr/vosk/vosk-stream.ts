import { TellerError, isTellerError } from '../../shared/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { GrammarSpec } from '../grammar.ts';
import type { RecognitionEvent, RecognitionResult, RecognitionStream, WriteResult } from '../recognizer.ts';
import { emptyResult } from '../recognizer.ts';
import { admitAudio, emptyUtteranceAudio, SAMPLES_PER_MS, takePending } from '../utterance-audio.ts';
import type { UtteranceAudio } from '../utterance-audio.ts';
import { parseVoskPartial, parseVoskResult, voskResult } from './vosk-result.ts';
import type { VoskSegment } from './vosk-result.ts';

/**
 * One native Vosk recogniser, used for one utterance. A fresh one per utterance costs little (the
 * model is shared) and is what Vosk does anyway: after `final_result` it rebuilds the decoder and
 * feature pipeline (vosk-api src/recognizer.cc `CleanUp`). It also gives each turn its own grammar
 * and word times from the turn's start.
 */
export interface VoskSession {
  /** Decodes audio; true when Vosk detected an endpoint (its own silence rule) and has a result. */
  accept(pcm: Int16Array): Promise<boolean>;
  /** The segment up to the endpoint just detected (JSON). */
  result(): Promise<string>;
  /** The best hypothesis so far (JSON). */
  partial(): Promise<string>;
  /** Finishes the utterance (JSON). */
  final(): Promise<string>;
  free(): void;
}

/** What a stream needs from its recogniser. */
export interface VoskStreamEngine {
  readonly lang: Lang;
  /** Opens a recogniser for `spec`; `constrained` says whether it got a grammar. */
  open(spec: GrammarSpec): Promise<{ session: VoskSession; constrained: boolean }>;
  readonly limits: { maxBacklogMs: number; maxUtteranceMs: number; partialIntervalMs: number };
  /** Called once when the stream closes. */
  onClose(): void;
}

interface Utterance extends UtteranceAudio {
  readonly spec: GrammarSpec;
  session?: VoskSession | undefined;
  constrained: boolean;
  pumpScheduled: boolean;
  segments: VoskSegment[];
  lastPartialAtSamples: number;
  lastPartial: string;
  /** `samples` when prepareEnd took Vosk's final result; audio since then needs another. */
  finalAtSamples?: number | undefined;
}

/** A Vosk recognition stream; see {@link RecognitionStream}. Made by VoskRecognizer. */
export class VoskStream implements RecognitionStream {
  readonly #engine: VoskStreamEngine;
  readonly #emit: (event: RecognitionEvent) => void;
  readonly #signal: AbortSignal | undefined;
  #nextSpec: GrammarSpec;
  #utterance: Utterance | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #failure: TellerError | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(
    engine: VoskStreamEngine,
    spec: GrammarSpec,
    onEvent: ((event: RecognitionEvent) => void) | undefined,
    signal?: AbortSignal,
  ) {
    this.#engine = engine;
    this.#nextSpec = spec;
    this.#emit = (event) => onEvent?.(event);
    this.#signal = signal;
    if (signal?.aborted) void this.close();
    else signal?.addEventListener('abort', () => void this.close(), { once: true });
  }

  #fail(error: unknown): void {
    if (this.#failure) return;
    this.#failure = isTellerError(error)
      ? error
      : new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `Vosk failed: ${String(error)}`, { engine: 'vosk' });
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
    if (!utt) {
      utt = this.#newUtterance(this.#nextSpec);
      const started = utt;
      void this.#enqueue(async () => {
        const { session, constrained } = await this.#engine.open(started.spec);
        started.session = session;
        started.constrained = constrained;
      }).catch((error: unknown) => this.#fail(error));
    }
    const admitted = admitAudio(utt, pcm, this.#engine.limits);
    if (!admitted.ok || utt.pending.length === 0) return admitted;
    if (!utt.pumpScheduled) {
      utt.pumpScheduled = true;
      const pumped = utt;
      void this.#enqueue(() => this.#pump(pumped)).catch((error: unknown) => this.#fail(error));
    }
    return { ok: true };
  }

  /** Audio accepted but not yet decoded, ms (a client sending faster than real time can pace on it). */
  get backlogMs(): number {
    return (this.#utterance?.pendingSamples ?? 0) / SAMPLES_PER_MS;
  }

  setGrammar(spec: GrammarSpec): void {
    this.#nextSpec = spec;
  }

  #newUtterance(spec: GrammarSpec): Utterance {
    const utt: Utterance = {
      spec,
      constrained: false,
      ...emptyUtteranceAudio(),
      pumpScheduled: false,
      segments: [],
      lastPartialAtSamples: 0,
      lastPartial: '',
    };
    this.#utterance = utt;
    return utt;
  }

  async #pump(utt: Utterance): Promise<void> {
    const session = utt.session;
    if (!session) throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'Vosk did not start');
    const { partialIntervalMs } = this.#engine.limits;
    while (utt.pending.length > 0) {
      const chunk = takePending(utt);
      if (await session.accept(chunk)) {
        utt.segments.push(parseVoskResult(await session.result()));
      } else if (utt.samples - utt.lastPartialAtSamples >= partialIntervalMs * SAMPLES_PER_MS) {
        utt.lastPartialAtSamples = utt.samples;
        const heard = utt.segments.map((s) => s.text);
        const text = parseVoskPartial(await session.partial(), this.#engine.lang);
        const whole = [...heard, text].filter(Boolean).join(' ');
        if (text && whole !== utt.lastPartial) {
          utt.lastPartial = whole;
          this.#emit({ type: 'asr.partial', text: whole });
        }
      }
    }
    utt.pumpScheduled = false;
  }

  /**
   * Takes Vosk's final result now, while the VAD still waits to end the turn. Vosk goes on
   * after a final result (the next audio starts a new segment), so a caller who speaks again
   * loses nothing; endUtterance then asks only for what came after.
   */
  prepareEnd(): void {
    const utt = this.#utterance;
    if (!utt || utt.finalAtSamples === utt.samples || this.#closed || this.#failure) return;
    utt.finalAtSamples = utt.samples;
    void this.#enqueue(async () => {
      const session = utt.session;
      if (!session) return;
      utt.segments.push(parseVoskResult(await session.final()));
    }).catch((error: unknown) => this.#fail(error));
  }

  async endUtterance(): Promise<RecognitionResult> {
    const utt = this.#utterance;
    this.#utterance = undefined;
    this.#signal?.throwIfAborted();
    if (this.#failure) throw this.#failure;
    if (!utt) {
      const empty = emptyResult(this.#nextSpec.kind);
      this.#emit({ type: 'asr.final', result: empty });
      return empty;
    }
    try {
      const result = await this.#enqueue(() => this.#finish(utt));
      this.#signal?.throwIfAborted();
      this.#emit({ type: 'asr.final', result });
      return result;
    } catch (error) {
      if (this.#signal?.aborted) throw error;
      this.#fail(error);
      throw this.#failure ?? error;
    }
  }

  async #finish(utt: Utterance): Promise<RecognitionResult> {
    const session = utt.session;
    if (!session) throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'Vosk did not start');
    try {
      if (utt.finalAtSamples !== utt.samples) utt.segments.push(parseVoskResult(await session.final()));
    } finally {
      session.free();
      utt.session = undefined;
    }
    return voskResult(utt.segments, {
      lang: this.#engine.lang,
      grammar: utt.spec.kind,
      constrained: utt.constrained,
      durationMs: Math.round(utt.samples / SAMPLES_PER_MS),
      truncated: utt.truncated,
    });
  }

  /** Frees the stream's native resources; every call returns the same promise. */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    const utt = this.#utterance;
    this.#utterance = undefined;
    await this.#chain;
    utt?.session?.free();
    this.#engine.onClose();
  }
}
