// Shared measurement for `npm run bench:nlu`: every system classifies the same utterances the same
// way, one call at a time on the main thread, each call timed with performance.now().
import type { Lang } from '../src/shared/index.ts';
import { OOS, type Example } from '../src/nlu/train/dataset.ts';
import { evaluatePredictions, type Evaluation } from '../src/nlu/train/evaluate.ts';

/** One system under test, trained and ready: raw text in, label out (`oos` for out of scope). */
export interface BenchClassifier {
  classify(text: string, lang: Lang): string | Promise<string>;
}

export interface Contender {
  readonly classifier: BenchClassifier;
  /** Examples this system is asked about (default: all). */
  readonly accepts?: (example: Example) => boolean;
}

export interface Latency {
  readonly n: number;
  readonly medianMs: number;
  readonly p99Ms: number;
}

export interface Measurement {
  readonly examples: readonly Example[];
  readonly predictions: readonly string[];
  readonly evaluation: Evaluation;
  readonly latency: Latency;
}

/** Utterances classified untimed before timing starts, so the JIT has compiled the hot paths. */
export const WARMUP_UTTERANCES = 200;

/**
 * Classifies every example with every contender, timing each call (featurisation included: the
 * classifier gets raw text). The contenders take turns utterance by utterance, in a rotating order,
 * so whatever else the machine is doing during the run falls on all of them alike. Warm-up uses
 * `warmup`, never the measured examples, so no per-text cache is primed.
 */
export async function measureTogether(
  contenders: readonly Contender[],
  examples: readonly Example[],
  warmup: readonly Example[],
): Promise<Measurement[]> {
  const accepts = (c: Contender, e: Example) => c.accepts?.(e) ?? true;
  for (const c of contenders) {
    for (const e of warmup.slice(0, WARMUP_UTTERANCES)) {
      if (accepts(c, e)) await c.classifier.classify(e.text, e.lang);
    }
  }
  const runs = contenders.map(() => ({
    examples: [] as Example[],
    predictions: [] as string[],
    ms: [] as number[],
  }));
  for (let i = 0; i < examples.length; i++) {
    const e = examples[i] as Example;
    for (let k = 0; k < contenders.length; k++) {
      const j = (i + k) % contenders.length;
      const c = contenders[j] as Contender;
      const run = runs[j];
      if (!run || !accepts(c, e)) continue;
      const started = performance.now();
      const out = c.classifier.classify(e.text, e.lang);
      const label = typeof out === 'string' ? out : await out;
      run.ms.push(performance.now() - started);
      run.examples.push(e);
      run.predictions.push(label);
    }
  }
  return runs.map((r) => ({
    examples: r.examples,
    predictions: r.predictions,
    evaluation: evaluatePredictions(r.examples, r.predictions),
    latency: summarise(r.ms),
  }));
}

export function summarise(latenciesMs: readonly number[]): Latency {
  const sorted = Float64Array.from(latenciesMs).sort();
  return { n: sorted.length, medianMs: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Peers name out-of-scope differently (NLP.js says `None`); the benchmark says `oos`. */
export function asOos(label: string | undefined): string {
  return label === undefined || label === '' || label === 'None' ? OOS : label;
}
