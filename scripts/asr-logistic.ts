/**
 * L2-regularised logistic regression by Newton's method (iteratively reweighted least squares),
 * small and exact enough for a handful of features and a thousand examples. Used by
 * scripts/asr-calibrate.ts to fit the confidence models.
 */

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and dense). */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    [m[col], m[pivot]] = [m[pivot] ?? [], m[col] ?? []];
    const p = m[col]?.[col] ?? 0;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = (m[r]?.[col] ?? 0) / p;
      for (let c = col; c <= n; c++) (m[r] as number[])[c] = (m[r]?.[c] ?? 0) - factor * (m[col]?.[c] ?? 0);
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] || 1));
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** A fitted model: bias and one weight per column. */
export interface Fitted {
  readonly bias: number;
  readonly weights: readonly number[];
}

/**
 * Fits P(y = 1 | x).
 * @param x - rows of features; @param y - labels 0/1; @param lambda - ridge penalty (not on the bias).
 */
export function fitLogistic(x: readonly (readonly number[])[], y: readonly number[], lambda = 0.1): Fitted {
  const d = (x[0]?.length ?? 0) + 1;
  let w = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    x.forEach((row, i) => {
      const features = [1, ...row];
      const p = sigmoid(features.reduce((z, v, j) => z + v * (w[j] ?? 0), 0));
      const r = p * (1 - p);
      for (let j = 0; j < d; j++) {
        gradient[j] = (gradient[j] ?? 0) + (p - (y[i] ?? 0)) * (features[j] ?? 0);
        for (let k = 0; k < d; k++)
          (hessian[j] as number[])[k] = (hessian[j]?.[k] ?? 0) + r * (features[j] ?? 0) * (features[k] ?? 0);
      }
    });
    for (let j = 1; j < d; j++) {
      gradient[j] = (gradient[j] ?? 0) + lambda * (w[j] ?? 0);
      (hessian[j] as number[])[j] = (hessian[j]?.[j] ?? 0) + lambda;
    }
    const step = solve(hessian, gradient);
    w = w.map((v, j) => v - (step[j] ?? 0));
    if (step.every((s) => Math.abs(s) < 1e-7)) break;
  }
  return { bias: w[0] ?? 0, weights: w.slice(1) };
}

/** P(y = 1) under a fitted model. */
export function predict(model: Fitted, row: readonly number[]): number {
  return sigmoid(row.reduce((z, v, j) => z + v * (model.weights[j] ?? 0), model.bias));
}

/** Area under the ROC curve (probability a positive outranks a negative). */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  const pos = scores.filter((_, i) => labels[i] === 1);
  const neg = scores.filter((_, i) => labels[i] === 0);
  if (pos.length === 0 || neg.length === 0) return Number.NaN;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/** Expected calibration error over 10 equal-width bins. */
export function calibrationError(probabilities: readonly number[], labels: readonly number[]): number {
  let error = 0;
  for (let bin = 0; bin < 10; bin++) {
    const members = probabilities
      .map((p, i) => [p, labels[i] ?? 0] as const)
      .filter(([p]) => Math.min(9, Math.floor(p * 10)) === bin);
    if (members.length === 0) continue;
    const meanP = members.reduce((s, [p]) => s + p, 0) / members.length;
    const rate = members.reduce((s, [, l]) => s + l, 0) / members.length;
    error += (members.length / probabilities.length) * Math.abs(meanP - rate);
  }
  return error;
}
