import type { Example } from './dataset.ts';
import { OOS } from './dataset.ts';

export interface Scored {
  readonly example: Example;
  readonly probabilities: Float32Array;
}

export interface LabelMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Evaluation {
  readonly n: number;
  readonly accuracy: number;
  /** Accuracy on in-scope examples only (an `oos` answer counts as wrong). */
  readonly inScopeAccuracy: number;
  /** Share of out-of-scope examples answered `oos`; undefined when there are none. */
  readonly oosRecall: number | undefined;
  readonly byLanguage: Readonly<Record<string, { n: number; accuracy: number }>>;
  readonly labels: Readonly<Record<string, LabelMetrics>>;
  /** Most frequent (gold → predicted) mistakes. */
  readonly confusions: readonly { gold: string; predicted: string; count: number }[];
}

export function decide(p: Float32Array, labels: readonly string[], threshold: number): string {
  let best = 0;
  for (let c = 1; c < p.length; c++) if ((p[c] as number) > (p[best] as number)) best = c;
  return (p[best] as number) < threshold ? OOS : (labels[best] ?? OOS);
}

export function evaluate(
  scored: readonly Scored[],
  labels: readonly string[],
  threshold: number,
): Evaluation {
  const predicted = scored.map((s) => decide(s.probabilities, labels, threshold));
  return evaluatePredictions(
    scored.map((s) => s.example),
    predicted,
  );
}

/** Accuracy, per-label precision/recall/F1 and confusions for predicted labels. */
export function evaluatePredictions(examples: readonly Example[], predicted: readonly string[]): Evaluation {
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const support = new Map<string, number>();
  const confusions = new Map<string, number>();
  const byLang = new Map<string, { n: number; ok: number }>();
  let ok = 0;
  let inN = 0;
  let inOk = 0;
  let oosN = 0;
  let oosOk = 0;
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  examples.forEach((e, i) => {
    const p = predicted[i] ?? OOS;
    inc(support, e.label);
    const lang = byLang.get(e.lang) ?? { n: 0, ok: 0 };
    lang.n++;
    if (p === e.label) {
      ok++;
      lang.ok++;
      inc(tp, e.label);
    } else {
      inc(fp, p);
      inc(fn, e.label);
      inc(confusions, `${e.label}\u0000${p}`);
    }
    byLang.set(e.lang, lang);
    if (e.label === OOS) {
      oosN++;
      if (p === OOS) oosOk++;
    } else {
      inN++;
      if (p === e.label) inOk++;
    }
  });
  const labels: Record<string, LabelMetrics> = {};
  for (const label of new Set([...support.keys(), ...fp.keys()])) {
    const t = tp.get(label) ?? 0;
    const precision = t + (fp.get(label) ?? 0) === 0 ? 0 : t / (t + (fp.get(label) ?? 0));
    const recall = t + (fn.get(label) ?? 0) === 0 ? 0 : t / (t + (fn.get(label) ?? 0));
    labels[label] = {
      precision: round(precision),
      recall: round(recall),
      f1: round(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)),
      support: support.get(label) ?? 0,
    };
  }
  return {
    n: examples.length,
    accuracy: round(ok / Math.max(1, examples.length)),
    inScopeAccuracy: round(inOk / Math.max(1, inN)),
    oosRecall: oosN === 0 ? undefined : round(oosOk / oosN),
    byLanguage: Object.fromEntries([...byLang].map(([k, v]) => [k, { n: v.n, accuracy: round(v.ok / v.n) }])),
    labels,
    confusions: [...confusions]
      .map(([k, count]) => {
        const [gold = '', pred = ''] = k.split('\u0000');
        return { gold, predicted: pred, count };
      })
      .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold))
      .slice(0, 15),
  };
}

/**
 * Picks the out-of-scope threshold on held-out data. Among cuts of the top probability that cost at
 * most `maxInScopeLoss` of in-scope accuracy (an in-scope request answered "sorry?" is a re-prompt,
 * an out-of-scope one acted on is a wrong turn; both are recoverable, so neither may dominate), the one
 * with the best in-scope accuracy plus out-of-scope recall. Without out-of-scope examples: 0.
 */
export function calibrateThreshold(
  scored: readonly Scored[],
  labels: readonly string[],
  maxInScopeLoss = 0.01,
): number {
  if (!scored.some((s) => s.example.label === OOS)) return 0;
  const floor = evaluate(scored, labels, 0).inScopeAccuracy - maxInScopeLoss;
  let best = 0;
  let bestScore = -1;
  for (let step = 0; step <= 90; step++) {
    const t = step / 100;
    const e = evaluate(scored, labels, t);
    if (e.inScopeAccuracy < floor) break;
    const score = e.inScopeAccuracy + (e.oosRecall ?? 0);
    if (score > bestScore + 1e-9) {
      bestScore = score;
      best = t;
    }
  }
  return best;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
