import { TellerError } from '../shared/index.ts';
import { PocketSphinxRecognizer, pocketSphinxProblem } from './pocketsphinx.ts';
import type { PocketSphinxOptions } from './pocketsphinx.ts';
import type { Recognizer } from './recognizer.ts';
import { TextOnlyRecognizer } from './text-only.ts';

/**
 * The speech-recognition stage: the {@link Recognizer} port, the PocketSphinx adapter (English,
 * embedded), the typed-text recogniser, and the grammars that say what each dialog state expects.
 */
export type {
  RecognitionAlternative,
  RecognitionEvent,
  RecognitionResult,
  RecognitionStream,
  RecognizedWord,
  Recognizer,
  StreamOptions,
  WriteResult,
} from './recognizer.ts';
export { emptyResult } from './recognizer.ts';
export type {
  AmountGrammar,
  ChoiceGrammar,
  ConfirmationGrammar,
  DigitsGrammar,
  FreeGrammar,
  GrammarCheck,
  GrammarKind,
  GrammarSpec,
} from './grammar.ts';
export { GRAMMAR_LIMITS, checkGrammar, grammarKey } from './grammar.ts';
export { dialogStates, grammarForAwaits } from './grammar-source.ts';
export type { DialogStateGrammar, OptionSource, SessionOptions } from './grammar-source.ts';
export { compileJsgf, optionForms, speakableWords } from './grammar-compile.ts';
export type { CompiledJsgf } from './grammar-compile.ts';
export { PHRASE_LIST_LIMITS, phraseLists } from './phrase-lists.ts';
export type { PhraseLists } from './phrase-lists.ts';
export { POCKETSPHINX_DEFAULTS, PocketSphinxRecognizer, pocketSphinxProblem } from './pocketsphinx.ts';
export type { PocketSphinxOptions } from './pocketsphinx.ts';
export { PocketSphinxStream } from './pocketsphinx-stream.ts';
export { APT_INSTALL } from './pocketsphinx-native.ts';
export { MAX_TYPED_CHARS, TextOnlyRecognizer, TextOnlyStream } from './text-only.ts';
export { cardinalWords, digitWords, spokenVariants } from './spoken-text.ts';

/** The engines {@link createRecognizer} knows. */
export const ASR_ENGINES = ['pocketsphinx', 'vosk', 'azure', 'text', 'auto'] as const;

/** How {@link createRecognizer} builds speech recognition. */
export interface AsrConfig {
  /**
   * `pocketsphinx`: embedded English (Debian packages). `vosk`, `azure`: not built yet. `text`:
   * typed text only. `auto`: the best installed engine, PocketSphinx, else typed text only.
   */
  readonly engine: (typeof ASR_ENGINES)[number];
  readonly pocketsphinx?: PocketSphinxOptions;
}

/** What {@link createRecognizer} chose, so the caller can log it. */
export interface RecognizerChoice {
  readonly recognizer: Recognizer;
  /** The engine running: `pocketsphinx` or `text`. */
  readonly engine: string;
  /** For `auto`: why a better engine was not used (e.g. PocketSphinx not installed, with the fix). */
  readonly fallbackReason?: string;
}

/**
 * Builds the configured recogniser.
 * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when the engine asked for explicitly is not
 * installed or not built yet (the message says how to install it); `TELLER_ERR_CONFIG` for an
 * unknown engine. `auto` never throws for a missing engine: it falls back and says why.
 */
export function createRecognizer(config: AsrConfig): Promise<RecognizerChoice> {
  try {
    return Promise.resolve(choose(config));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function choose(config: AsrConfig): RecognizerChoice {
  const options = config.pocketsphinx ?? {};
  switch (config.engine) {
    case 'pocketsphinx':
      return { recognizer: new PocketSphinxRecognizer(options), engine: 'pocketsphinx' };
    case 'text':
      return { recognizer: new TextOnlyRecognizer(), engine: 'text' };
    case 'vosk':
    case 'azure':
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `asr.engine "${config.engine}" is not available in this build: use "pocketsphinx", "text" or "auto"`,
      );
    case 'auto': {
      const problem = pocketSphinxProblem(options);
      if (!problem) return { recognizer: new PocketSphinxRecognizer(options), engine: 'pocketsphinx' };
      return { recognizer: new TextOnlyRecognizer(), engine: 'text', fallbackReason: problem };
    }
    default:
      throw new TellerError('TELLER_ERR_CONFIG', `unknown asr.engine: use one of ${ASR_ENGINES.join(', ')}`);
  }
}
