import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TrigramBuilder } from '../../src/asr/ngram-lm.ts';
import { POCKETSPHINX_DEFAULTS } from '../../src/asr/pocketsphinx.ts';

/** A reader of the ARPA it writes: P(w | h) by the back-off rule, to check the model sums to one. */
function arpaModel(arpa: string): {
  prob: (w: string, h: readonly string[]) => number;
  vocabulary: string[];
} {
  const entries = new Map<string, { logp: number; bow: number }>();
  for (const line of arpa.split('\n')) {
    const parts = line.split('\t');
    if (parts.length < 2) continue;
    entries.set(parts[1] ?? '', { logp: Number(parts[0]), bow: parts[2] ? Number(parts[2]) : 0 });
  }
  const vocabulary = [...entries.keys()].filter((k) => !k.includes(' ') && k !== '<s>');
  const prob = (w: string, h: readonly string[]): number => {
    const key = [...h, w].join(' ');
    const hit = entries.get(key);
    if (hit) return 10 ** hit.logp;
    if (h.length === 0) return 0;
    const backoff = entries.get(h.join(' '))?.bow ?? 0;
    return 10 ** backoff * prob(w, h.slice(1));
  };
  return { prob, vocabulary };
}

const CORPUS = [
  'send fifty dollars to bob',
  'send money to bob',
  'pay bob fifty dollars',
  'what is my balance',
  'what is my credit card balance',
  'send fifty dollars to alice',
  'pay my credit card',
];

function build(minTrigramCount = 1): ReturnType<TrigramBuilder['build']> {
  const builder = new TrigramBuilder();
  for (const s of CORPUS) builder.add(s.split(' '));
  builder.add([]);
  return builder.build(minTrigramCount);
}

describe('trigram language model (interpolated modified Kneser-Ney)', () => {
  it('writes a well-formed ARPA file with the right counts', () => {
    const { arpa, stats } = build();
    expect(arpa.startsWith('\\data\\\n')).toBe(true);
    expect(arpa.trimEnd().endsWith('\\end\\')).toBe(true);
    expect(stats.sentences).toBe(CORPUS.length);
    expect(arpa).toContain(`ngram 1=${stats.unigrams}`);
    expect(arpa).toContain(`ngram 3=${stats.trigrams}`);
    expect(arpa).toMatch(/^-99\t<s>\t-?\d/m);
  });

  it.each([1, 2])('gives distributions that sum to one in every context (trigram cutoff %i)', (cutoff) => {
    const { arpa, stats } = build(cutoff);
    if (cutoff > 1) expect(stats.trigrams).toBeLessThan(build().stats.trigrams);
    const { prob, vocabulary } = arpaModel(arpa);
    for (const history of [[], ['<s>'], ['send'], ['send', 'fifty'], ['my', 'credit'], ['alice', 'bob']]) {
      const total = vocabulary.reduce((sum, w) => sum + prob(w, history), 0);
      expect(total).toBeCloseTo(1, 4);
    }
  });

  it('prefers seen continuations and is deterministic', () => {
    const { prob } = arpaModel(build().arpa);
    expect(prob('dollars', ['send', 'fifty'])).toBeGreaterThan(prob('balance', ['send', 'fifty']));
    expect(build().arpa).toBe(build().arpa);
  });

  it('ships a domain model for PocketSphinx', () => {
    const head = readFileSync(POCKETSPHINX_DEFAULTS.lmPath, 'utf8').slice(0, 200);
    expect(head).toMatch(/^\\data\\\nngram 1=\d+\nngram 2=\d+\nngram 3=\d+/);
    const dictionary = readFileSync(POCKETSPHINX_DEFAULTS.dictPath, 'latin1');
    expect(dictionary).toMatch(/^dollars D AA L ER Z$/m);
  });
});
