import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The domain model with a customer's own name words in it. The banking LM is built from every
 * customer's requests, so it lacks the words of one customer's payees and billers ("leo", "park"
 * is there, "greenwood", "columbia"): open speech cannot produce them and hears "wheel park" or
 * "to london". A stream whose customer has such names decodes with a copy of the LM that has them
 * as unigrams, as probable as a word seen once in the LM's training text, and a dictionary with
 * their pronunciations.
 *
 * Not `ps_add_word`: on sphinxbase's trie LM, adding a word to a loaded n-gram model crashed the
 * process in `lm_trie_score` (SIGSEGV reading the new word's bigram bounds) as soon as a later
 * word followed it in a hypothesis. A model loaded from a file has no such hole.
 */

/** One word to add: lower case, as the decoder emits it, and its CMU phones. */
export interface NameWord {
  readonly word: string;
  readonly phones: string;
}

/** Files for `Decoder.create`; `dispose` removes them once the decoder has read them. */
export interface NamedModelFiles {
  readonly lmPath: string;
  readonly dictPath: string;
  dispose(): void;
}

/**
 * `arpa` (ARPA text) with `words` added as unigrams: log10 probability `log10p`, back-off 0 (a new
 * word has no bigrams, so what follows it is scored by unigram). The `ngram 1=` count is updated.
 * @throws Error when the text has no unigram section.
 */
export function arpaWithUnigrams(arpa: string, words: readonly string[], log10p: number): string {
  const header = /^ngram 1=(\d+)$/m.exec(arpa);
  const section = arpa.indexOf('\\1-grams:\n');
  if (!header || section < 0) throw new Error('not an ARPA language model: no unigram section');
  const end = arpa.indexOf('\n\n', section);
  const at = end < 0 ? arpa.length : end + 1;
  const lines = words.map((w) => `${log10p.toFixed(6)}\t${w}\t0\n`).join('');
  const counted = arpa.replace(header[0], `ngram 1=${Number(header[1]) + words.length}`);
  const shift = counted.length - arpa.length;
  return `${counted.slice(0, at + shift)}${lines}${counted.slice(at + shift)}`;
}

/**
 * Writes the domain LM with the `unigrams` added and a dictionary with the `pronunciations` added
 * (words the base dictionary lacks) to a private temporary directory. The decoder reads both whole
 * at `ps_init`, so dispose right after: the files hold a customer's names.
 */
export function writeNamedModel(
  base: { readonly arpa: string; readonly dictionary: string; readonly nameLog10: number },
  unigrams: readonly string[],
  pronunciations: readonly NameWord[],
): NamedModelFiles {
  const dir = mkdtempSync(join(tmpdir(), 'teller-names-'));
  const lmPath = join(dir, 'domain.lm');
  const dictPath = join(dir, 'domain.dic');
  try {
    writeFileSync(lmPath, arpaWithUnigrams(base.arpa, unigrams, base.nameLog10), { mode: 0o600 });
    const extra = pronunciations.map((w) => `${w.word} ${w.phones}\n`).join('');
    const dictionary = base.dictionary.endsWith('\n') ? base.dictionary : `${base.dictionary}\n`;
    writeFileSync(dictPath, `${dictionary}${extra}`, { mode: 0o600 });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { lmPath, dictPath, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
