import { readFileSync } from 'node:fs';

/**
 * Scores word sequences with an ARPA back-off language model in JavaScript. The recogniser uses it
 * on finished hypotheses only (a few words per utterance): how banking-like is what the general
 * English pass heard? "how tall is the eiffel tower" scores far below "what's my balance" under
 * the banking trigram, whatever the acoustics. Reading the ARPA here keeps this off the decoder
 * threads (sphinxbase LMs are not safe to share across threads).
 */

/** log10 probability given to a word the model does not know. */
export const OOV_LOG10 = -7;

/** A back-off n-gram model read from ARPA text. */
export class ArpaModel {
  readonly order: number;
  readonly #logProb = new Map<string, number>();
  readonly #backoff = new Map<string, number>();

  /** @param arpa - ARPA text (`\data\`, `\N-grams:` sections, `\end\`). */
  constructor(arpa: string) {
    let order = 0;
    let section = 0;
    for (const line of arpa.split('\n')) {
      const header = /^\\(\d+)-grams:$/.exec(line);
      if (header) {
        section = Number(header[1]);
        order = Math.max(order, section);
        continue;
      }
      if (section === 0 || line === '' || line.startsWith('\\')) continue;
      const [logp, ngram, bow] = line.split('\t');
      if (ngram === undefined || logp === undefined) continue;
      this.#logProb.set(ngram, Number(logp));
      if (bow !== undefined) this.#backoff.set(ngram, Number(bow));
    }
    if (order === 0) throw new SyntaxError('not an ARPA language model: no n-gram sections');
    this.order = order;
  }

  /** Reads an ARPA file. */
  static fromFile(path: string): ArpaModel {
    return new ArpaModel(readFileSync(path, 'utf8'));
  }

  /** True when the model has `word` as a unigram. */
  has(word: string): boolean {
    return this.#logProb.has(word);
  }

  /** log10 P(word | history) by the ARPA back-off rule; {@link OOV_LOG10} for an unknown word. */
  wordLogProb(word: string, history: readonly string[]): number {
    if (!this.#logProb.has(word)) return OOV_LOG10;
    const context = history.slice(-(this.order - 1));
    let penalty = 0;
    for (let start = 0; start <= context.length; start++) {
      const h = context.slice(start);
      const hit = this.#logProb.get([...h, word].join(' '));
      if (hit !== undefined) return penalty + hit;
      penalty += this.#backoff.get(h.join(' ')) ?? 0;
    }
    return penalty + (this.#logProb.get(word) ?? OOV_LOG10);
  }

  /**
   * Mean log10 probability per token of a sentence, with `<s>` before and `</s>` after.
   * @returns 0 for an empty sentence.
   */
  sentenceScore(words: readonly string[]): number {
    if (words.length === 0) return 0;
    const tokens = [...words, '</s>'];
    let total = 0;
    tokens.forEach((w, i) => (total += this.wordLogProb(w, ['<s>', ...tokens.slice(0, i)])));
    return total / tokens.length;
  }
}
