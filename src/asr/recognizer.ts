import type { Lang, TellerError } from '../shared/index.ts';
import type { GrammarSpec } from './grammar.ts';
import type { Band } from './narrowband.ts';
import type { AsrAccent } from './accents.ts';

/**
 * The speech-recognition port. Engines (PocketSphinx, Vosk, Azure Speech, typed text) are
 * adapters of it; transports and the dialog see only this. Audio in is 16 kHz mono int16, the
 * audio stage's output (src/audio).
 */

/** One recognised word with its time in the utterance and a 0–1 confidence. */
export interface RecognizedWord {
  readonly word: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly confidence: number;
}

/** Another reading of the utterance, e.g. open speech when a grammar was active. */
export interface RecognitionAlternative {
  readonly text: string;
  readonly confidence: number;
  /** What produced it: the state's grammar, the domain language model, a general English model. */
  readonly source: 'grammar' | 'domain' | 'general';
}

/**
 * The final result of one utterance. Numbers are words ("two hundred and fifty"); the NLU reads
 * them. An empty `text` means nothing was recognised (silence, noise).
 */
export interface RecognitionResult {
  readonly text: string;
  /**
   * Probability that `text` is what was said and is a request Teller can act on, 0–1, calibrated
   * on held-out speech (src/asr/README.md). Below ~0.5 the dialog should treat it as no match.
   */
  readonly confidence: number;
  /**
   * False when the recogniser judges the speech out of domain, or out of the state's grammar: the
   * dialog's no-match path. `undefined` when the engine cannot tell (typed text, cloud engines).
   */
  readonly inDomain?: boolean;
  /**
   * True when an independent reading of the audio heard the same words (PocketSphinx: its
   * general-English reference pass, phone agreement ≥ CORROBORATION_AGREEMENT, 0.8). Such words are reliable even when the
   * request looks out of domain to the recogniser (a customer's own payee or biller names are not
   * in the banking LM): the voice pipeline hands them to the NLU, whose out-of-scope class judges
   * them as it judges typed text.
   */
  readonly corroborated?: boolean;
  readonly words?: readonly RecognizedWord[];
  readonly alternatives?: readonly RecognitionAlternative[];
  /** The grammar kind the utterance was decoded with. */
  readonly grammar: GrammarSpec['kind'];
  /** Audio length of the utterance, ms. */
  readonly durationMs: number;
  /** Set when the utterance hit `maxUtteranceMs` and later audio was ignored. */
  readonly truncated?: boolean;
}

/** What a stream reports while it runs. */
export type RecognitionEvent =
  | { readonly type: 'asr.partial'; readonly text: string }
  | { readonly type: 'asr.final'; readonly result: RecognitionResult }
  | { readonly type: 'asr.error'; readonly error: TellerError };

/** Options of {@link Recognizer.createStream}. */
export interface StreamOptions {
  readonly lang: Lang;
  /** Only 16 kHz: resample with src/audio first. */
  readonly sampleRateHz: 16000;
  /**
   * The audio's bandwidth before resampling: `narrow` for telephone audio (8 kHz), so an engine
   * can start from normalisation fitted to it (see narrowband.ts). Default `wide`.
   */
  readonly band?: Band;
  /** Grammar for the first utterance; `{ kind: 'free' }` when absent. */
  readonly grammar?: GrammarSpec;
  /**
   * The caller's English pronunciations, where the engine has a choice (PocketSphinx: accents.ts,
   * `us+gb` for callers who drop their Rs); absent: the engine's own setting. Others ignore it.
   */
  readonly accent?: AsrAccent;
  /** Closes the stream when aborted; a pending `endUtterance` rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Receives partials, finals and errors in order. Must not throw. */
  readonly onEvent?: (event: RecognitionEvent) => void;
}

/** Result of {@link RecognitionStream.write}: overload is a value, not an exception. */
export type WriteResult = { ok: true } | { ok: false; error: TellerError };

/** One caller's audio, utterance by utterance. */
export interface RecognitionStream {
  /**
   * Feeds audio (16 kHz mono int16, any length; 20 ms frames are typical). The first write after
   * creation or after {@link endUtterance} starts an utterance. Work is bounded: when decoding has
   * fallen more than the engine's backlog behind, the frame is refused with
   * `TELLER_ERR_AUDIO_OVERLOAD` and nothing is buffered.
   */
  write(pcm: Int16Array): WriteResult;
  /** Sets the grammar from the next utterance on (the current one keeps its grammar). */
  setGrammar(spec: GrammarSpec): void;
  /**
   * Ends the utterance (the VAD said the turn is over) and resolves with its result, also sent
   * as `asr.final`. Resolves with an empty result when no audio came.
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when the engine failed.
   */
  endUtterance(): Promise<RecognitionResult>;
  /**
   * Optional. The caller has gone quiet and the turn has probably ended, though the VAD has not
   * decided yet: an engine may start finishing the utterance now, so that {@link endUtterance}
   * answers sooner. A later write continues the same utterance as if this had not been called.
   */
  prepareEnd?(): void;
  /** Frees the stream's engine resources. Idempotent; later writes are refused. */
  close(): Promise<void>;
}

/** A speech-recognition engine: makes streams. */
export interface Recognizer {
  /** Engine name, stable: logs and metrics label (`pocketsphinx`, `text`). */
  readonly name: string;
  /** Languages it can recognise. */
  readonly languages: readonly Lang[];
  /**
   * Opens a stream. Cheap and synchronous: engine work (model loading) starts in the background
   * and its failure surfaces through `asr.error` and `endUtterance`.
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` for a language the engine lacks or when its
   * stream limit is reached (every engine's `maxStreams`), `TELLER_ERR_BAD_AUDIO_FORMAT` for another
   * sample rate.
   */
  createStream(options: StreamOptions): RecognitionStream;
  /** Frees shared engine resources. Streams should be closed first. */
  close(): Promise<void>;
}

/** A result for an utterance with nothing in it. */
export function emptyResult(grammar: GrammarSpec['kind'], durationMs = 0): RecognitionResult {
  return { text: '', confidence: 0, inDomain: false, words: [], grammar, durationMs };
}
