import { LANGS, TellerError } from '../shared/index.ts';
import type { Lang } from '../shared/index.ts';
import type { GrammarSpec } from './grammar.ts';
import { emptyResult } from './recognizer.ts';
import type {
  RecognitionEvent,
  RecognitionResult,
  RecognitionStream,
  Recognizer,
  StreamOptions,
  WriteResult,
} from './recognizer.ts';

/**
 * The recogniser for sessions without speech recognition: the app's typed-text channel, or a
 * server without an engine. Its streams refuse audio with a clear error, and turn typed text into
 * the same {@link RecognitionResult} a speech engine gives, so the dialog has one input path.
 */

/** Longest typed utterance accepted (characters); the transport's own limit should be lower. */
export const MAX_TYPED_CHARS = 2000;

/** A stream that takes typed text and refuses audio. */
export class TextOnlyStream implements RecognitionStream {
  readonly #onEvent: ((event: RecognitionEvent) => void) | undefined;
  #grammar: GrammarSpec;
  #closed = false;

  constructor(grammar: GrammarSpec, onEvent?: (event: RecognitionEvent) => void) {
    this.#grammar = grammar;
    this.#onEvent = onEvent;
  }

  write(_pcm: Int16Array): WriteResult {
    return {
      ok: false,
      error: new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        'this session has no speech recognition (asr.engine "text"): send typed text, or install ' +
          'PocketSphinx ("apt-get install -y pocketsphinx pocketsphinx-en-us") and set asr.engine "auto"',
      ),
    };
  }

  setGrammar(spec: GrammarSpec): void {
    this.#grammar = spec;
  }

  /**
   * Takes a typed utterance as a final result (confidence 1: typing has no recognition errors).
   * @throws TellerError `TELLER_ERR_TEXT_TOO_LONG` over {@link MAX_TYPED_CHARS}.
   */
  acceptText(text: string): RecognitionResult {
    if (text.length > MAX_TYPED_CHARS) {
      throw new TellerError(
        'TELLER_ERR_TEXT_TOO_LONG',
        `typed text of ${text.length} characters: at most ${MAX_TYPED_CHARS}`,
      );
    }
    const trimmed = text.replace(/\s+/g, ' ').trim();
    const result: RecognitionResult = trimmed
      ? { text: trimmed, confidence: 1, grammar: this.#grammar.kind, durationMs: 0 }
      : emptyResult(this.#grammar.kind);
    this.#onEvent?.({ type: 'asr.final', result });
    return result;
  }

  endUtterance(): Promise<RecognitionResult> {
    if (this.#closed)
      return Promise.reject(new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'the stream is closed'));
    const result = emptyResult(this.#grammar.kind);
    this.#onEvent?.({ type: 'asr.final', result });
    return Promise.resolve(result);
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}

/** The typed-text {@link Recognizer}: every language, no audio. */
export class TextOnlyRecognizer implements Recognizer {
  readonly name = 'text';
  readonly languages: readonly Lang[] = LANGS;

  createStream(options: StreamOptions): TextOnlyStream {
    return new TextOnlyStream(options.grammar ?? { kind: 'free' }, options.onEvent);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
