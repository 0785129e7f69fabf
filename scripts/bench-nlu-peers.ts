// The peers of `npm run bench:nlu`: NLP.js (@nlpjs/nlp) and natural's BayesClassifier, trained and
// asked through their documented public APIs. Neither ships TypeScript types for these entry points,
// so the few members used are typed here.
import { createRequire } from 'node:module';
import { OOS, type Example } from '../src/nlu/train/dataset.ts';
import { hasCjk } from '../src/nlu/index.ts';
import { asOos, type BenchClassifier } from './bench-nlu-measure.ts';

const require = createRequire(import.meta.url);

interface NlpjsResult {
  readonly intent: string;
  readonly score: number;
}

interface NlpjsNlp {
  settings: Record<string, unknown>;
  nluManager: { settings: Record<string, unknown> };
  addLanguage(locales: string | string[]): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  process(locale: string, utterance: string): Promise<NlpjsResult>;
}

interface NlpjsContainer {
  use(plugin: unknown): void;
  get(name: string): unknown;
}

interface NaturalBayes {
  addDocument(text: string, label: string): void;
  train(): void;
  classify(text: string): string;
}

/** How a peer answers "out of scope". */
export type OosMode =
  /** The library's own mechanism: NLP.js's `None` (top score under `threshold`, 0.5 by default). */
  | 'none-threshold'
  /** Out-of-scope training examples become one more intent, `oos`. */
  | 'oos-intent';

export interface TrainedPeer extends BenchClassifier {
  readonly trainMs: number;
}

/** Locale a peer is asked in: the text's script, as Teller's own CSV loader decides it. */
function localeOf(text: string): 'en' | 'zh' {
  return hasCjk(text) ? 'zh' : 'en';
}

/**
 * NLP.js 4 the way its README sets it up: containerBootstrap, Nlp, one language plugin per locale,
 * addDocument per utterance, train, process. Mandarin uses @nlpjs/lang-zh (dictionary tokenizer);
 * English runs on the core tokenizer without a stemmer, since @nlpjs/lang-en is not installed.
 * Sentiment is turned off (not intent classification), and so are model autoload/autosave.
 */
export async function trainNlpjs(
  train: readonly Example[],
  mode: OosMode,
  locales: readonly ('en' | 'zh')[],
): Promise<TrainedPeer> {
  const nlpRequire = createRequire(require.resolve('@nlpjs/nlp'));
  const { containerBootstrap } = nlpRequire('@nlpjs/core') as { containerBootstrap: () => NlpjsContainer };
  const { Nlp } = require('@nlpjs/nlp') as { Nlp: unknown };
  const started = performance.now();
  const container = containerBootstrap();
  container.use(Nlp);
  if (locales.includes('zh')) {
    const { LangZh } = require('@nlpjs/lang-zh') as { LangZh: unknown };
    container.use(LangZh);
  }
  const nlp = container.get('nlp') as NlpjsNlp;
  nlp.nluManager.settings.log = false;
  nlp.settings.autoSave = false;
  nlp.settings.autoLoad = false;
  nlp.settings.calculateSentiment = false;
  nlp.addLanguage([...locales]);
  for (const e of train) {
    if (e.label === OOS && mode === 'none-threshold') continue;
    nlp.addDocument(localeOf(e.text), e.text, e.label);
  }
  // @nlpjs/lang-zh prints "Compiling dictionary" with console.log; the table owns stdout.
  const consoleLog = console.log;
  console.log = () => undefined;
  try {
    await nlp.train();
  } finally {
    console.log = consoleLog;
  }
  const trainMs = performance.now() - started;
  return {
    trainMs,
    classify: async (text) => asOos((await nlp.process(localeOf(text), text)).intent),
  };
}

/**
 * natural's BayesClassifier with its defaults (Porter stemmer, stop words dropped). It has no
 * out-of-scope mechanism, so out-of-scope examples are one more class. Its tokenizer keeps only
 * [A-Za-z0-9] runs, so it cannot read Mandarin: callers pass English examples only.
 */
export function trainNaturalBayes(train: readonly Example[]): TrainedPeer {
  // Deep import: natural's index loads every module it has (~250 ms); start-up is not measured
  // anyway, but there is no reason to pay it.
  const BayesClassifier =
    require('natural/lib/natural/classifiers/bayes_classifier.js') as new () => NaturalBayes;
  const started = performance.now();
  const classifier = new BayesClassifier();
  for (const e of train) classifier.addDocument(e.text, e.label);
  classifier.train();
  const trainMs = performance.now() - started;
  return { trainMs, classify: (text) => asOos(classifier.classify(text)) };
}
