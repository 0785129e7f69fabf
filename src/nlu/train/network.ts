import type { SparseVector } from '../vectorizer.ts';
import { seededRandom, shuffle } from './random.ts';

/**
 * The intent classifier's network: sparse TF-IDF input → (optional ReLU hidden layer) → softmax.
 * Trained here in TypeScript with AdaGrad, which suits sparse features: rare n-grams keep large
 * steps, frequent ones settle. Weights are plain Float32Arrays, exported to ONNX by ../onnx.ts.
 */
export interface NetworkWeights {
  readonly inputSize: number;
  readonly hiddenSize: number; // 0: a linear model (input → classes)
  readonly numClasses: number;
  /** [inputSize × (hiddenSize || numClasses)], row-major by input feature. */
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  /** [hiddenSize × numClasses]; empty for a linear model. */
  readonly w2: Float32Array;
  readonly b2: Float32Array;
}

export interface TrainOptions {
  readonly hiddenSize: number;
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty applied to the rows each example touches. */
  readonly l2: number;
  /** Hidden-unit dropout (MLP only). */
  readonly dropout: number;
  /**
   * Input-feature dropout: each example's n-grams are dropped at this rate per epoch, so the model
   * cannot lean on any single word and copes better with phrasings it never saw.
   */
  readonly inputDropout?: number;
  /** Per-class loss weight (e.g. to weigh the out-of-scope class), by class index. */
  readonly classWeights?: Float32Array;
  readonly seed: number;
  /** Called after each epoch with the weights so far (shared, not copied). */
  readonly onEpoch?: (epoch: number, loss: number, weights: NetworkWeights) => void;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  hiddenSize: 0,
  epochs: 30,
  learningRate: 0.4,
  l2: 1e-6,
  dropout: 0.2,
  seed: 1,
};

export function trainNetwork(
  inputs: readonly SparseVector[],
  labels: Int32Array,
  inputSize: number,
  numClasses: number,
  options: TrainOptions,
): NetworkWeights {
  const random = seededRandom(options.seed);
  const H = options.hiddenSize;
  const out1 = H > 0 ? H : numClasses;
  const w1 = new Float32Array(inputSize * out1);
  const b1 = new Float32Array(out1);
  const w2 = new Float32Array(H * numClasses);
  const b2 = new Float32Array(H > 0 ? numClasses : 0);
  if (H > 0) {
    // He-style init scaled for a sum of ~50 L2-normalised inputs.
    const s1 = Math.sqrt(6 / 64);
    for (let i = 0; i < w1.length; i++) w1[i] = (random() * 2 - 1) * s1;
    const s2 = Math.sqrt(6 / (H + numClasses));
    for (let i = 0; i < w2.length; i++) w2[i] = (random() * 2 - 1) * s2;
  }
  const g1 = new Float32Array(w1.length).fill(1e-8);
  const gb1 = new Float32Array(b1.length).fill(1e-8);
  const g2 = new Float32Array(w2.length).fill(1e-8);
  const gb2 = new Float32Array(b2.length).fill(1e-8);

  const order = Array.from({ length: inputs.length }, (_, i) => i);
  const logits = new Float32Array(numClasses);
  const hidden = new Float32Array(H);
  const mask = new Float32Array(H);
  const dHidden = new Float32Array(H);
  const lr = options.learningRate;
  const l2 = options.l2;
  const inputDrop = options.inputDropout ?? 0;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    let loss = 0;
    for (const n of order) {
      const x =
        inputDrop > 0
          ? dropFeatures(inputs[n] as SparseVector, inputDrop, random)
          : (inputs[n] as SparseVector);
      const y = labels[n] as number;
      const weight = options.classWeights?.[y] ?? 1;
      // Forward.
      if (H > 0) {
        hidden.set(b1);
        for (let k = 0; k < x.indices.length; k++) {
          const row = (x.indices[k] as number) * H;
          const v = x.values[k] as number;
          for (let h = 0; h < H; h++) hidden[h] = (hidden[h] as number) + (w1[row + h] as number) * v;
        }
        const keep = 1 - options.dropout;
        for (let h = 0; h < H; h++) {
          const on = (hidden[h] as number) > 0 && random() < keep ? 1 / keep : 0;
          mask[h] = on;
          hidden[h] = (hidden[h] as number) * on;
        }
        logits.set(b2);
        for (let h = 0; h < H; h++) {
          const a = hidden[h] as number;
          if (a === 0) continue;
          const row = h * numClasses;
          for (let c = 0; c < numClasses; c++)
            logits[c] = (logits[c] as number) + (w2[row + c] as number) * a;
        }
      } else {
        logits.set(b1);
        for (let k = 0; k < x.indices.length; k++) {
          const row = (x.indices[k] as number) * numClasses;
          const v = x.values[k] as number;
          for (let c = 0; c < numClasses; c++)
            logits[c] = (logits[c] as number) + (w1[row + c] as number) * v;
        }
      }
      softmaxInPlace(logits);
      loss -= Math.log(Math.max(1e-12, logits[y] as number)) * weight;
      // Backward: dL/dlogit = (p - onehot) * weight; reuse `logits` as the gradient.
      logits[y] = (logits[y] as number) - 1;
      if (weight !== 1) for (let c = 0; c < numClasses; c++) logits[c] = (logits[c] as number) * weight;
      if (H > 0) {
        dHidden.fill(0);
        for (let h = 0; h < H; h++) {
          const a = hidden[h] as number;
          const row = h * numClasses;
          let dh = 0;
          for (let c = 0; c < numClasses; c++) {
            const g = logits[c] as number;
            dh += (w2[row + c] as number) * g;
            if (a !== 0) {
              const grad = g * a + l2 * (w2[row + c] as number);
              g2[row + c] = (g2[row + c] as number) + grad * grad;
              w2[row + c] = (w2[row + c] as number) - (lr * grad) / Math.sqrt(g2[row + c] as number);
            }
          }
          dHidden[h] = dh * (mask[h] as number);
        }
        for (let c = 0; c < numClasses; c++) {
          const grad = logits[c] as number;
          gb2[c] = (gb2[c] as number) + grad * grad;
          b2[c] = (b2[c] as number) - (lr * grad) / Math.sqrt(gb2[c] as number);
        }
        for (let h = 0; h < H; h++) {
          const grad = dHidden[h] as number;
          if (grad === 0) continue;
          gb1[h] = (gb1[h] as number) + grad * grad;
          b1[h] = (b1[h] as number) - (lr * grad) / Math.sqrt(gb1[h] as number);
        }
        for (let k = 0; k < x.indices.length; k++) {
          const row = (x.indices[k] as number) * H;
          const v = x.values[k] as number;
          for (let h = 0; h < H; h++) {
            const dh = dHidden[h] as number;
            if (dh === 0) continue;
            const grad = dh * v + l2 * (w1[row + h] as number);
            g1[row + h] = (g1[row + h] as number) + grad * grad;
            w1[row + h] = (w1[row + h] as number) - (lr * grad) / Math.sqrt(g1[row + h] as number);
          }
        }
      } else {
        for (let c = 0; c < numClasses; c++) {
          const grad = logits[c] as number;
          gb1[c] = (gb1[c] as number) + grad * grad;
          b1[c] = (b1[c] as number) - (lr * grad) / Math.sqrt(gb1[c] as number);
        }
        for (let k = 0; k < x.indices.length; k++) {
          const row = (x.indices[k] as number) * numClasses;
          const v = x.values[k] as number;
          for (let c = 0; c < numClasses; c++) {
            const grad = (logits[c] as number) * v + l2 * (w1[row + c] as number);
            g1[row + c] = (g1[row + c] as number) + grad * grad;
            w1[row + c] = (w1[row + c] as number) - (lr * grad) / Math.sqrt(g1[row + c] as number);
          }
        }
      }
    }
    options.onEpoch?.(epoch + 1, loss / inputs.length, {
      inputSize,
      hiddenSize: H,
      numClasses,
      w1,
      b1,
      w2,
      b2,
    });
  }
  return { inputSize, hiddenSize: H, numClasses, w1, b1, w2, b2 };
}

/**
 * Several networks over the same inputs as one wider network whose logits are the average of theirs:
 * hidden units side by side, output weights and biases divided by the number of members. The result
 * is an ordinary MLP, so the ONNX export and the TypeScript forward pass need nothing new.
 */
export function mergeNetworks(nets: readonly NetworkWeights[]): NetworkWeights {
  const first = nets[0];
  if (!first) throw new Error('mergeNetworks needs at least one network');
  if (nets.length === 1) return first;
  const { inputSize: F, hiddenSize: H, numClasses: C } = first;
  if (H === 0 || nets.some((n) => n.inputSize !== F || n.hiddenSize !== H || n.numClasses !== C))
    throw new Error('mergeNetworks needs MLPs of one shape');
  const K = nets.length;
  const w1 = new Float32Array(F * H * K);
  const b1 = new Float32Array(H * K);
  const w2 = new Float32Array(H * K * C);
  const b2 = new Float32Array(C);
  nets.forEach((n, k) => {
    for (let f = 0; f < F; f++) w1.set(n.w1.subarray(f * H, (f + 1) * H), f * H * K + k * H);
    b1.set(n.b1, k * H);
    for (let i = 0; i < H * C; i++) w2[k * H * C + i] = (n.w2[i] as number) / K;
    for (let c = 0; c < C; c++) b2[c] = (b2[c] as number) + (n.b2[c] as number) / K;
  });
  return { inputSize: F, hiddenSize: H * K, numClasses: C, w1, b1, w2, b2 };
}

/** A copy of `x` without a random share of its features; the rest scaled up to keep the expected sum. */
function dropFeatures(x: SparseVector, rate: number, random: () => number): SparseVector {
  const keep: number[] = [];
  for (let k = 0; k < x.indices.length; k++) if (random() >= rate) keep.push(k);
  if (keep.length === 0) return x;
  const scale = 1 / (1 - rate);
  return {
    indices: Int32Array.from(keep, (k) => x.indices[k] as number),
    values: Float32Array.from(keep, (k) => (x.values[k] as number) * scale),
  };
}

export function softmaxInPlace(v: Float32Array): void {
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) if ((v[i] as number) > max) max = v[i] as number;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const e = Math.exp((v[i] as number) - max);
    v[i] = e;
    sum += e;
  }
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / sum;
}

/** Class probabilities for one input, computed in TypeScript (training-time evaluation). */
export function predictProbabilities(net: NetworkWeights, x: SparseVector): Float32Array {
  const C = net.numClasses;
  const H = net.hiddenSize;
  const out = new Float32Array(C);
  if (H > 0) {
    const hidden = Float32Array.from(net.b1);
    for (let k = 0; k < x.indices.length; k++) {
      const row = (x.indices[k] as number) * H;
      const v = x.values[k] as number;
      for (let h = 0; h < H; h++) hidden[h] = (hidden[h] as number) + (net.w1[row + h] as number) * v;
    }
    out.set(net.b2);
    for (let h = 0; h < H; h++) {
      const a = Math.max(0, hidden[h] as number);
      if (a === 0) continue;
      for (let c = 0; c < C; c++) out[c] = (out[c] as number) + (net.w2[h * C + c] as number) * a;
    }
  } else {
    out.set(net.b1);
    for (let k = 0; k < x.indices.length; k++) {
      const row = (x.indices[k] as number) * C;
      const v = x.values[k] as number;
      for (let c = 0; c < C; c++) out[c] = (out[c] as number) + (net.w1[row + c] as number) * v;
    }
  }
  softmaxInPlace(out);
  return out;
}
