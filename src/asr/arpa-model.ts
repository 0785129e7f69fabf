import { readFileSync } from 'node:fs';
import { NAME_CLASS_TOKENS } from './named-lm.ts';
import type { ClassMember } from './named-lm.ts';

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
  /** Unigrams added by {@link withNames} (no n-grams, back-off 0). */
  readonly #added: ReadonlyMap<string, number>;
  /** Class members added by {@link withNames}: words → class token and log10 of the class's size. */
  readonly #members: readonly {
    readonly words: readonly string[];
    readonly token: string;
    readonly share: number;
  }[];

  /**
   * @param arpa - ARPA text (`\data\`, `\N-grams:` sections, `\end\`), or a model to share
   *   tables with (see {@link withNames}).
   */
  constructor(
    arpa: string | ArpaModel,
    added: ReadonlyMap<string, number> = new Map(),
    members: readonly ClassMember[] = [],
  ) {
    this.#added = added;
    const sizes = new Map<string, number>();
    for (const m of members) sizes.set(m.cls, (sizes.get(m.cls) ?? 0) + 1);
    this.#members = members
      .map((m) => ({
        words: m.words,
        token: NAME_CLASS_TOKENS[m.cls],
        share: Math.log10(sizes.get(m.cls) ?? 1),
      }))
      .sort((a, b) => b.words.length - a.words.length);
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
   * This model as a stream's own decoder has it (named-lm.ts): `words` it lacks as unigrams of
   * log10 probability `log10p`, and `members` with their class's n-grams. Shares this model's tables.
   */
  withNames(words: readonly string[], log10p: number, members: readonly ClassMember[]): ArpaModel {
    const added = new Map(words.filter((w) => !this.#logProb.has(w)).map((w) => [w, log10p]));
    return new ArpaModel(this, added, members);
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
    const plain = this.#meanLogProb(words, []);
    // A name said as a class member: the decoder takes the likelier of the two readings.
    const classed = this.#asMembers(words);
    return classed ? Math.max(plain, this.#meanLogProb(classed.tokens, classed.shares)) : plain;
  }

  /** Mean log10 probability per token with `<s>` and `</s>`; `shares[i]` is subtracted at token i. */
  #meanLogProb(words: readonly string[], shares: readonly number[]): number {
    const tokens = [...words, '</s>'];
    let total = 0;
    tokens.forEach(
      (w, i) => (total += this.wordLogProb(w, ['<s>', ...tokens.slice(0, i)]) - (shares[i] ?? 0)),
    );
    return total / tokens.length;
  }

  /** `words` with each member's words replaced by its class token; undefined when none is said. */
  #asMembers(words: readonly string[]): { tokens: string[]; shares: number[] } | undefined {
    if (this.#members.length === 0) return undefined;
    const tokens: string[] = [];
    const shares: number[] = [];
    let found = false;
    for (let i = 0; i < words.length;) {
      const member = this.#members.find((m) => m.words.every((w, k) => words[i + k] === w));
      if (member) {
        tokens.push(member.token);
        shares.push(member.share);
        i += member.words.length;
        found = true;
      } else {
        tokens.push(words[i] ?? '');
        shares.push(0);
        i++;
      }
    }
    return found ? { tokens, shares } : undefined;
  }
}
