/**
 * Builds the English banking language model and its pronouncing dictionary:
 *   models/asr/en-banking.lm   trigram ARPA (interpolated modified Kneser-Ney), from the NLU data
 *   models/asr/en-banking.dic  pronunciations of every word the LM and the grammars use
 *   models/asr/en-banking-gb.dic  the same with British variants (asrAccent 'us+gb')
 *
 *   npx tsx scripts/asr-build-lm.ts [--dict /usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict]
 *
 * Deterministic: the same data gives byte-identical files. Needs the CMU dictionary from
 * `apt-get install -y pocketsphinx-en-us` at build time only; the outputs are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { grammarVocabulary } from '../src/asr/grammar-source.ts';
import { formatDictionary, PronouncingDictionary, withBritishVariants } from '../src/asr/lexicon.ts';
import type { Pronunciation } from '../src/asr/lexicon.ts';
import { NAME_CLASS_TOKENS } from '../src/asr/named-lm.ts';
import { TrigramBuilder } from '../src/asr/ngram-lm.ts';
import { spokenVariants } from '../src/asr/spoken-text.ts';
import { modelPaths } from '../src/asr/pocketsphinx-native.ts';
import {
  domainCorpus,
  lmSentences,
  MIN_TRIGRAM_COUNT,
  MIN_WORD_COUNT,
  oosExamples,
  ROOT,
} from './asr-corpus.ts';

const { values } = parseArgs({
  options: {
    dict: { type: 'string', default: modelPaths().dictPath },
    'min-trigram-count': { type: 'string', default: String(MIN_TRIGRAM_COUNT) },
    'min-word-count': { type: 'string', default: String(MIN_WORD_COUNT) },
    oos: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'models', 'asr') },
  },
});
const cmudict = PronouncingDictionary.fromFile(values.dict);

// `--oos`: the out-of-scope examples too, once each. Measured and not the default (src/asr/README.md,
// "Out-of-scope text in the LM"): out-of-domain speech is then heard as itself for the NLU to turn
// away, but the recogniser's own rejection weakens, in grammar turns too.
const extra = values.oos ? oosExamples().map((e) => spokenVariants(e, 1)[0] ?? e) : [];
const {
  sentences: corpus,
  typos,
  rare,
} = lmSentences([...domainCorpus(), ...extra], cmudict, Number(values['min-word-count']));
const builder = new TrigramBuilder();
const words = new Set<string>();
for (const sentence of corpus) {
  const tokens = sentence.split(' ');
  builder.add(tokens);
  for (const t of tokens) words.add(t);
}
// Class tokens are in the LM and never in the dictionary: a decoder cannot hear them.
for (const token of Object.values(NAME_CLASS_TOKENS)) words.delete(token);
for (const w of grammarVocabulary('en')) words.add(w);
const { arpa, stats } = builder.build(Number(values['min-trigram-count']));

const entries: Pronunciation[] = [...words].sort().map((w) => cmudict.pronounce(w));
const outDir = values.out;
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'en-banking.lm'), arpa);
writeFileSync(join(outDir, 'en-banking.dic'), formatDictionary(entries));
writeFileSync(join(outDir, 'en-banking-gb.dic'), formatDictionary(withBritishVariants(entries)));

const guessed = entries.filter((e) => e.source !== 'dictionary').map((e) => `${e.word} (${e.source})`);
console.log(
  `en-banking.lm: ${stats.sentences} sentences, ${stats.unigrams} unigrams, ${stats.bigrams} bigrams, ` +
    `${stats.trigrams} trigrams, ${(arpa.length / 1024).toFixed(0)} KiB`,
);
console.log(`dropped ${rare.length} sentences with a word seen fewer than ${values['min-word-count']} times`);
console.log(`dropped ${typos.length} sentences with typos: ${typos.slice(0, 12).join(' | ')}…`);
console.log(
  `en-banking.dic: ${entries.length} words; not in the CMU dictionary: ${guessed.join(', ') || 'none'}`,
);
