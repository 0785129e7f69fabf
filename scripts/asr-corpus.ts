/**
 * The English domain corpus behind the free-speech language model: every NLU example except the
 * out-of-scope ones, in spoken words, plus generated amount and digit answers. Shared by
 * scripts/asr-build-lm.ts and scripts/asr-eval.ts (which checks its sentences are not in here).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { PronouncingDictionary } from '../src/asr/lexicon.ts';
import { cardinalVariants, digitWords, spokenVariants } from '../src/asr/spoken-text.ts';

/**
 * Trigrams seen once are pruned from the banking LM: 3.3 MB → 1.5 MB of ARPA, decoder start-up
 * 150 → 90 ms, WER on scripts/asr-eval-set.ts 2.9 % → 3.1 % (mean of the four voices, measured).
 */
export const MIN_TRIGRAM_COUNT = 2;

/** The repository root. */
export const ROOT = new URL('..', import.meta.url).pathname;

/** NLU examples by intent, out-of-scope (`oos`) excluded, from data/nlu/en/*.yaml. */
export function nluExamples(lang = 'en'): Map<string, string[]> {
  const dir = join(ROOT, 'data', 'nlu', lang);
  const byIntent = new Map<string, string[]>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    for (const [intent, examples] of Object.entries(doc)) {
      if (intent === 'oos' || !Array.isArray(examples)) continue;
      byIntent.set(
        intent,
        examples.filter((e): e is string => typeof e === 'string'),
      );
    }
  }
  return byIntent;
}

/** Out-of-scope examples from data/nlu/en/oos.yaml. */
export function oosExamples(lang = 'en'): string[] {
  const doc = parse(readFileSync(join(ROOT, 'data', 'nlu', lang, 'oos.yaml'), 'utf8')) as { oos?: unknown };
  return Array.isArray(doc.oos) ? doc.oos.filter((e): e is string => typeof e === 'string') : [];
}

/** Amounts people answer with; a spread, not every number (the trigram generalises between them). */
function amountsToSay(): number[] {
  const values = new Set<number>();
  for (let n = 1; n <= 20; n++) values.add(n);
  for (let n = 25; n <= 100; n += 5) values.add(n);
  for (let n = 120; n <= 1000; n += 35) values.add(n);
  for (let n = 1000; n <= 10000; n += 250) values.add(n);
  for (const n of [15000, 20000, 25000, 50000, 100000]) values.add(n);
  return [...values].sort((a, b) => a - b);
}

/** Four-digit strings from a fixed linear congruential sequence, so the corpus is reproducible. */
function digitStrings(count: number): string[] {
  const out: string[] = [];
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out.push(String(state % 10000).padStart(4, '0'));
  }
  return out;
}

/**
 * The sentences the domain LM is trained on, in spoken words, in a fixed order.
 * @param maxVariants - spoken forms kept per example (numbers read several ways).
 * @param exclude - examples to leave out (held out for calibration).
 */
export function domainCorpus(maxVariants = 3, exclude: ReadonlySet<string> = new Set()): string[] {
  const sentences: string[] = [];
  for (const examples of nluExamples().values()) {
    for (const example of examples) {
      if (!exclude.has(example)) sentences.push(...spokenVariants(example, maxVariants));
    }
  }
  // Slot answers: bare amounts, amounts in dollars, digit strings ("it's four three two one").
  for (const n of amountsToSay()) {
    for (const form of cardinalVariants(n)) sentences.push(form, `${form} dollars`);
  }
  for (const digits of digitStrings(40)) sentences.push(digitWords(digits), digitWords(digits, 'oh'));
  return [...new Set(sentences)];
}

/** True when `a` and `b` differ by one insertion, deletion, substitution or adjacent swap. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return swapped || a.slice(i + 1) === b.slice(i + 1);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Drops sentences with typed-text typos ("whats my balanse"): the NLU data keeps them on purpose
 * for typed input, but speech has no typos and they would add junk words to the decoder. A typo is
 * a word the CMU dictionary lacks that is one edit from a word it has, used elsewhere in the corpus.
 */
export function withoutTypos(
  sentences: readonly string[],
  dict: PronouncingDictionary,
): { sentences: string[]; dropped: string[] } {
  const vocabulary = [...new Set(sentences.flatMap((s) => s.split(' ')))];
  const known = vocabulary.filter((w) => dict.lookup(w).length > 0);
  const typos = new Set(
    vocabulary.filter(
      (w) =>
        w.length >= 4 &&
        dict.pronounce(w).source === 'guessed' &&
        known.some((k) => oneEditApart(w, k.replace(/'/g, '')) || oneEditApart(w, k)),
    ),
  );
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const s of sentences) (s.split(' ').some((w) => typos.has(w)) ? dropped : kept).push(s);
  return { sentences: kept, dropped };
}
