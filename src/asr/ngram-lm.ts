/**
 * A trigram language model with interpolated modified Kneser-Ney smoothing, written as ARPA text.
 * Small enough to train on the NLU examples at build time (scripts/asr-build-lm.ts) and read by
 * PocketSphinx's `ngram_model_read`.
 *
 * The maths follows Chen & Goodman, "An Empirical Study of Smoothing Techniques for Language
 * Modeling" (TR-10-98, 1998), §3.5–3.6: the highest order uses raw counts, lower orders use
 * continuation counts N1+(• w) except for n-grams that begin with `<s>` (they cannot be extended to
 * the left, so they keep raw counts, as KenLM's lmplz does). Three discounts per order come from the
 * count-of-counts: D1 = 1 − 2Y·n2/n1, D2 = 2 − 3Y·n3/n2, D3+ = 3 − 4Y·n4/n3 with Y = n1/(n1 + 2n2).
 * Interpolated models are stored in ARPA by writing the interpolated probability for every seen
 * n-gram and the interpolation weight γ(h) as the back-off weight of `h`, which gives the same
 * distribution under ARPA's back-off rule (the SRILM convention).
 */

const BOS = '<s>';
const EOS = '</s>';
const SEP = ' ';

/** Counts by n-gram key (words joined by a space). */
type Counts = Map<string, number>;

/** Per-history sums needed for the interpolation weight. */
interface HistoryStats {
  total: number;
  n1: number;
  n2: number;
  n3plus: number;
}

function increment(map: Counts, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Modified-KN discounts [D1, D2, D3+] from count-of-counts, with safe fallbacks for tiny data. */
function discounts(counts: Iterable<number>): [number, number, number] {
  const n = [0, 0, 0, 0, 0];
  for (const c of counts) if (c <= 4) n[c] = (n[c] ?? 0) + 1;
  const [, n1 = 0, n2 = 0, n3 = 0, n4 = 0] = n;
  const fallback: [number, number, number] = [0.5, 1, 1.5];
  if (n1 === 0 || n2 === 0 || n3 === 0 || n4 === 0) return fallback;
  const y = n1 / (n1 + 2 * n2);
  const d: [number, number, number] = [1 - (2 * y * n2) / n1, 2 - (3 * y * n3) / n2, 3 - (4 * y * n4) / n3];
  return d.every((v, i) => v > 0 && v < i + 1) ? d : fallback;
}

function discountFor(count: number, d: readonly [number, number, number]): number {
  return count >= 3 ? d[2] : count === 2 ? d[1] : d[0];
}

function historyStats(counts: Counts): Map<string, HistoryStats> {
  const stats = new Map<string, HistoryStats>();
  for (const [key, count] of counts) {
    const cut = key.lastIndexOf(SEP);
    const history = key.slice(0, cut);
    const s = stats.get(history) ?? { total: 0, n1: 0, n2: 0, n3plus: 0 };
    s.total += count;
    if (count === 1) s.n1++;
    else if (count === 2) s.n2++;
    else s.n3plus++;
    stats.set(history, s);
  }
  return stats;
}

function gamma(s: HistoryStats, d: readonly [number, number, number]): number {
  return (d[0] * s.n1 + d[1] * s.n2 + d[2] * s.n3plus) / s.total;
}

const log10 = (p: number): string => (p > 0 ? Math.log10(p).toFixed(6) : '-99');

/** Sizes of a built model, for logs and tests. */
export interface LmStats {
  readonly unigrams: number;
  readonly bigrams: number;
  readonly trigrams: number;
  readonly sentences: number;
}

/** Accumulates sentences, then writes a trigram ARPA model. Deterministic for the same input. */
export class TrigramBuilder {
  readonly #trigrams: Counts = new Map();
  /** Raw counts of bigrams that start a sentence (`<s> w`). */
  readonly #startBigrams: Counts = new Map();
  #sentences = 0;

  /** Adds one sentence (already spoken words, lower case). Empty sentences are ignored. */
  add(words: readonly string[]): void {
    if (words.length === 0) return;
    const tokens = [BOS, ...words, EOS];
    for (let i = 2; i < tokens.length; i++) increment(this.#trigrams, tokens.slice(i - 2, i + 1).join(SEP));
    increment(this.#startBigrams, `${BOS}${SEP}${tokens[1] ?? ''}`);
    this.#sentences++;
  }

  /**
   * Builds the model.
   * @param minTrigramCount - trigrams seen fewer times are pruned (they still count towards the
   * lower orders' continuation counts); back-off weights are then renormalised so every context
   * still sums to one: bow(h) = (1 − Σ kept P(w|h)) / (1 − Σ kept P(w|h')), as SRILM prunes.
   * @returns ARPA text and its sizes.
   */
  build(minTrigramCount = 1): { arpa: string; stats: LmStats } {
    const trigrams = this.#trigrams;
    // Continuation counts for bigrams: distinct left words; `<s> w` keeps its raw count.
    const bigrams: Counts = new Map(this.#startBigrams);
    for (const key of trigrams.keys()) increment(bigrams, key.slice(key.indexOf(SEP) + 1));
    const unigrams: Counts = new Map();
    for (const key of bigrams.keys()) increment(unigrams, key.slice(key.indexOf(SEP) + 1));

    const d1 = discounts(unigrams.values());
    const d2 = discounts(bigrams.values());
    const d3 = discounts(trigrams.values());
    const uniTotal = [...unigrams.values()].reduce((a, b) => a + b, 0);
    const uniGamma =
      (d1[0] * count(unigrams, 1) + d1[1] * count(unigrams, 2) + d1[2] * count(unigrams, 3)) / uniTotal;
    const vocabulary = [...unigrams.keys()].sort();
    const p1 = new Map<string, number>();
    for (const w of vocabulary) {
      const c = unigrams.get(w) ?? 0;
      p1.set(w, (c - discountFor(c, d1)) / uniTotal + uniGamma / vocabulary.length);
    }
    const biHist = historyStats(bigrams);
    const triHist = historyStats(trigrams);
    const p2 = new Map<string, number>();
    for (const [key, c] of bigrams) {
      const [v = '', w = ''] = key.split(SEP);
      const s = biHist.get(v);
      if (!s) continue;
      p2.set(key, (c - discountFor(c, d2)) / s.total + gamma(s, d2) * (p1.get(w) ?? 0));
    }
    // Interpolated trigram probabilities of the kept trigrams, and each history's renormalised
    // back-off weight.
    const p3 = new Map<string, number>();
    const kept = new Map<string, { sum: number; lowerSum: number }>();
    for (const [key, c] of trigrams) {
      if (c < minTrigramCount) continue;
      const history = key.slice(0, key.lastIndexOf(SEP));
      const s = triHist.get(history);
      if (!s) continue;
      const lower = p2.get(key.slice(key.indexOf(SEP) + 1)) ?? 0;
      const p = (c - discountFor(c, d3)) / s.total + gamma(s, d3) * lower;
      p3.set(key, p);
      const k = kept.get(history) ?? { sum: 0, lowerSum: 0 };
      k.sum += p;
      k.lowerSum += lower;
      kept.set(history, k);
    }
    const triBow = (h: string): string => {
      const k = kept.get(h);
      if (!k) return '';
      return `\t${log10(k.lowerSum < 1 - 1e-12 ? Math.max(1e-12, 1 - k.sum) / (1 - k.lowerSum) : 1)}`;
    };
    const lines: string[] = ['\\data\\'];
    lines.push(`ngram 1=${vocabulary.length + 1}`, `ngram 2=${bigrams.size}`, `ngram 3=${p3.size}`, '');
    lines.push('\\1-grams:');
    for (const w of [BOS, ...vocabulary].sort()) {
      const s = biHist.get(w);
      const bow = s ? `\t${log10(gamma(s, d2))}` : '';
      lines.push(`${w === BOS ? '-99' : log10(p1.get(w) ?? 0)}\t${w}${bow}`);
    }
    lines.push('', '\\2-grams:');
    for (const key of [...bigrams.keys()].sort()) {
      lines.push(`${log10(p2.get(key) ?? 0)}\t${key}${triBow(key)}`);
    }
    lines.push('', '\\3-grams:');
    for (const key of [...p3.keys()].sort()) lines.push(`${log10(p3.get(key) ?? 0)}\t${key}`);
    lines.push('', '\\end\\', '');
    return {
      arpa: lines.join('\n'),
      stats: {
        unigrams: vocabulary.length + 1,
        bigrams: bigrams.size,
        trigrams: p3.size,
        sentences: this.#sentences,
      },
    };
  }
}

function count(counts: Counts, c: number): number {
  let n = 0;
  for (const v of counts.values()) if (c === 3 ? v >= 3 : v === c) n++;
  return n;
}
