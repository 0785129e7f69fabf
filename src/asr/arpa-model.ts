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
  /** The lowest unigram log10 probability (`<s>`'s -99 aside): what a word seen once gets. */
  readonly rarestUnigram: number;
  readonly #logProb: Map<string, number>;
  readonly #backoff: Map<string, number>;
  /** Unigrams added by {@link withUnigrams} (no n-grams, back-off 0). */
  readonly #added: ReadonlyMap<string, number>;

  /**
   * @param arpa - ARPA text (`\data\`, `\N-grams:` sections, `\end\`), or a model to share
   *   tables with (see {@link withUnigrams}).
   */
  constructor(arpa: string | ArpaModel, added: ReadonlyMap<string, number> = new Map()) {
    this.#added = added;
    if (arpa instanceof ArpaModel) {
      this.order = arpa.order;
      this.rarestUnigram = arpa.rarestUnigram;
      this.#logProb = arpa.#logProb;
      this.#backoff = arpa.#backoff;
      return;
    }
    this.#logProb = new Map();
    this.#backoff = new Map();
    let rarest = 0;
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
      if (section === 1 && Number(logp) > -99) rarest = Math.min(rarest, Number(logp));
    }
    if (order === 0) throw new SyntaxError('not an ARPA language model: no n-gram sections');
    this.order = order;
    this.rarestUnigram = rarest;
  }

  /**
   * This model with `words` it lacks as unigrams of log10 probability `log10p` and back-off 0, as
   * a stream's own decoder has them (named-lm.ts). Shares this model's tables.
   */
  withUnigrams(words: readonly string[], log10p: number): ArpaModel {
    return new ArpaModel(this, new Map(words.filter((w) => !this.#logProb.has(w)).map((w) => [w, log10p])));
  }

  /** Reads an ARPA file. */
  static fromFile(path: string): ArpaModel {
    return new ArpaModel(readFileSync(path, 'utf8'));
  }

  /** True when the model has `word` as a unigram. */
  has(word: string): boolean {
    return this.#logProb.has(word) || this.#added.has(word);
  }

  /** log10 P(word | history) by the ARPA back-off rule; {@link OOV_LOG10} for an unknown word. */
  wordLogProb(word: string, history: readonly string[]): number {
    if (!this.has(word)) return OOV_LOG10;
    const context = history.slice(-(this.order - 1));
    let penalty = 0;
    for (let start = 0; start <= context.length; start++) {
      const h = context.slice(start);
      const hit = this.#logProb.get([...h, word].join(' '));
      if (hit !== undefined) return penalty + hit;
      penalty += this.#backoff.get(h.join(' ')) ?? 0;
    }
    return penalty + (this.#logProb.get(word) ?? this.#added.get(word) ?? OOV_LOG10);
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
