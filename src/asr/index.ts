import { TellerError } from '../shared/index.ts';
import type { Lang } from '../shared/index.ts';
import { AzureRecognizer } from './azure/azure-recognizer.ts';
import type { AzureSpeechOptions } from './azure/azure-options.ts';
import { RecognizerRouter } from './language-router.ts';
import { PocketSphinxRecognizer, pocketSphinxProblem } from './pocketsphinx.ts';
import type { PocketSphinxOptions } from './pocketsphinx.ts';
import type { Recognizer } from './recognizer.ts';
import { TextOnlyRecognizer } from './text-only.ts';
import { VoskRecognizer, voskAvailability } from './vosk/vosk-recognizer.ts';
import type { VoskOptions } from './vosk/vosk-recognizer.ts';

/**
 * The speech-recognition stage: the {@link Recognizer} port, its adapters (PocketSphinx: English,
 * embedded; Vosk: English and Mandarin, embedded; Azure Speech: cloud), the typed-text recogniser,
 * and the grammars that say what each dialog state expects.
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
export {
  POCKETSPHINX_DEFAULTS,
  PocketSphinxRecognizer,
  defaultTopN,
  pocketSphinxProblem,
} from './pocketsphinx.ts';
export { ASR_ACCENTS, accentDictPath } from './accents.ts';
export type { AsrAccent } from './accents.ts';
export type { PocketSphinxOptions } from './pocketsphinx.ts';
export { PocketSphinxStream } from './pocketsphinx-stream.ts';
export { APT_INSTALL, boundPocketSphinxLibrary } from './pocketsphinx-native.ts';
export { BUILT_POCKETSPHINX, SYSTEM_POCKETSPHINX } from './pocketsphinx-library.ts';
export type { PocketSphinxLibrary } from './pocketsphinx-library.ts';
export { MAX_TYPED_CHARS, TextOnlyRecognizer, TextOnlyStream } from './text-only.ts';
export { cardinalWords, digitWords, spokenVariants } from './spoken-text.ts';
export {
  bandOf,
  NARROWBAND_CMN_SHIFT,
  narrowbandFeatParams,
  narrowbandModelDir,
  type Band,
} from './narrowband.ts';
export { normalizeTranscript } from './transcript-text.ts';
export { RecognizerRouter } from './language-router.ts';
export { VOSK_DEFAULTS, VoskRecognizer, voskAvailability, voskProblem } from './vosk/vosk-recognizer.ts';
export type { VoskOptions } from './vosk/vosk-recognizer.ts';
export { VoskStream } from './vosk/vosk-stream.ts';
export type { VoskSession, VoskStreamEngine } from './vosk/vosk-stream.ts';
export {
  VOSK_DIR,
  VOSK_INSTALL,
  VOSK_LIBRARY,
  VOSK_MODELS,
  voskModelProblem,
} from './vosk/vosk-catalogue.ts';
export { UNK, segmentMandarin, voskGrammar } from './vosk/vosk-grammar.ts';
export { parseVoskPartial, parseVoskResult, voskResult } from './vosk/vosk-result.ts';
export { AzureRecognizer } from './azure/azure-recognizer.ts';
export { AZURE_SPEECH_DEFAULTS, azureSpeechProblem } from './azure/azure-options.ts';
export type { AzureSpeechOptions } from './azure/azure-options.ts';
export { AzureStream } from './azure/azure-stream.ts';
export { azureResult, cancellationError, parseAzurePhrase } from './azure/azure-result.ts';

/** The engines {@link createRecognizer} knows. */
export const ASR_ENGINES = ['pocketsphinx', 'vosk', 'azure', 'text', 'auto'] as const;

/** How {@link createRecognizer} builds speech recognition. */
export interface AsrConfig {
  /**
   * `pocketsphinx`: embedded English (Debian packages). `vosk`: embedded English and Mandarin
   * (`npm run models`). `azure`: the Azure Speech cloud service (key and region). `text`: typed
   * text only. `auto`: per language the best installed embedded engine (Vosk, then PocketSphinx
   * for English), else typed text only; never the cloud.
   */
  readonly engine: (typeof ASR_ENGINES)[number];
  readonly pocketsphinx?: PocketSphinxOptions;
  readonly vosk?: VoskOptions;
  readonly azure?: Partial<AzureSpeechOptions>;
}

/** What {@link createRecognizer} chose, so the caller can log it. */
export interface RecognizerChoice {
  readonly recognizer: Recognizer;
  /** The engine running: `pocketsphinx`, `vosk`, `azure`, `text`, or joined (`vosk+pocketsphinx`). */
  readonly engine: string;
  /** For `auto`: why it fell back to typed text (PocketSphinx not installed, with the fix). */
  readonly fallbackReason?: string;
  /**
   * For `auto`: engines or languages it could not use and why, with the fix (`vosk`, `vosk:zh`).
   * Informational: the server runs without them.
   */
  readonly skipped?: Readonly<Record<string, string>>;
}

/**
 * Builds the configured recogniser. An explicit `vosk` loads its models before resolving, so a
 * broken model fails at start-up.
 * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when the engine asked for explicitly is not
 * installed or configured (the message says how to fix it); `TELLER_ERR_CONFIG` for an unknown
 * engine. `auto` never throws for a missing engine: it falls back and says why.
 */
export async function createRecognizer(config: AsrConfig): Promise<RecognizerChoice> {
  const options = config.pocketsphinx ?? {};
  switch (config.engine) {
    case 'pocketsphinx':
      return { recognizer: new PocketSphinxRecognizer(options), engine: 'pocketsphinx' };
    case 'text':
      return { recognizer: new TextOnlyRecognizer(), engine: 'text' };
    case 'vosk': {
      const vosk = new VoskRecognizer(config.vosk ?? {});
      await vosk.warmUp();
      return { recognizer: vosk, engine: 'vosk' };
    }
    case 'azure':
      return { recognizer: await AzureRecognizer.create(config.azure), engine: 'azure' };
    case 'auto':
      return chooseAuto(config);
    default:
      throw new TellerError('TELLER_ERR_CONFIG', `unknown asr.engine: use one of ${ASR_ENGINES.join(', ')}`);
  }
}

async function chooseAuto(config: AsrConfig): Promise<RecognizerChoice> {
  const skipped: Record<string, string> = {};
  const { languages, problems, libraryProblem } = voskAvailability(config.vosk ?? {});
  let vosk: VoskRecognizer | undefined;
  if (libraryProblem) skipped.vosk = libraryProblem;
  for (const [lang, problem] of Object.entries(problems)) skipped[`vosk:${lang}`] = problem;
  if (languages.length > 0) {
    vosk = new VoskRecognizer(config.vosk ?? {});
    try {
      await vosk.warmUp();
    } catch (error) {
      skipped.vosk = (error as Error).message;
      await vosk.close();
      vosk = undefined;
    }
  }
  const sphinxProblem = pocketSphinxProblem(config.pocketsphinx ?? {});
  const engines: Partial<Record<Lang, Recognizer>> = {};
  if (vosk) for (const lang of vosk.languages) engines[lang] = vosk;
  if (!engines.en && !sphinxProblem) engines.en = new PocketSphinxRecognizer(config.pocketsphinx ?? {});
  else if (sphinxProblem) skipped.pocketsphinx = sphinxProblem;
  const used = [...new Set(Object.values(engines))];
  const extra = Object.keys(skipped).length > 0 ? { skipped } : {};
  if (used.length === 0) {
    const reason = sphinxProblem ?? skipped.vosk ?? 'no speech engine installed';
    return { recognizer: new TextOnlyRecognizer(), engine: 'text', fallbackReason: reason, ...extra };
  }
  const recognizer = used.length === 1 && used[0] ? used[0] : new RecognizerRouter(engines);
  return { recognizer, engine: recognizer.name, ...extra };
}
