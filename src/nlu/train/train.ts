import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from '../features.ts';
import type { ModelManifest } from '../model.ts';
import { exportOnnx, quantizeNetwork, type WeightBits } from '../onnx-export.ts';
import { Vectorizer } from '../vectorizer.ts';
import { OOS, type Example } from './dataset.ts';
import { calibrateThreshold, evaluate, type Evaluation } from './evaluate.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  mergeNetworks,
  predictProbabilities,
  trainNetwork,
  type NetworkWeights,
} from './network.ts';

export interface TrainModelOptions {
  readonly seed: number;
  readonly epochs: number;
  /** Hidden units of each ensemble member. */
  readonly hiddenSize: number;
  /**
   * Networks trained from different seeds (seed, seed + 1, ...) and averaged in one graph: their
   * logits are averaged, so the shipped model is one MLP with `ensemble × hiddenSize` hidden units.
   */
  readonly ensemble: number;
  readonly learningRate: number;
  readonly l2: number;
  /**
   * Features seen in fewer training texts are dropped (smaller model). Sets under
   * `SMALL_SET_TEXTS` use at most 2, or a few dozen examples would keep hardly any feature.
   */
  readonly minDf: number;
  /** Loss weight of the out-of-scope class. */
  readonly oosWeight: number;
  /** How the first layer ships: int8, or 4-bit (half the size). Evaluated as it ships. */
  readonly weightBits: WeightBits;
  /** Share of input features dropped per example and epoch (regularisation). */
  readonly inputDropout?: number;
  readonly features: FeatureOptions;
  readonly onProgress?: (done: number, total: number, loss: number) => void;
}

/** Below this many training texts, `minDf` is capped at 2. */
export const SMALL_SET_TEXTS = 2000;

/**
 * Measured one change at a time on the project's held-out split and CLINC150's validation split
 * (docs/benchmarks.md, "What was tried"): an ensemble of 4 networks with 64 hidden units each
 * (+1.1 points on both over one network; wider single networks gain less), word trigrams and
 * minDf 3 (a third fewer features, no loss), 4-bit rows (no measurable loss, half the bytes).
 */
export const DEFAULT_MODEL_OPTIONS: TrainModelOptions = {
  seed: 1,
  epochs: 12,
  hiddenSize: 64,
  ensemble: 4,
  learningRate: 0.05,
  l2: DEFAULT_TRAIN_OPTIONS.l2,
  minDf: 3,
  oosWeight: 3,
  weightBits: 4,
  features: DEFAULT_FEATURE_OPTIONS,
};

export interface TrainedModel {
  readonly labels: string[];
  readonly vectorizer: Vectorizer;
  /** The merged ensemble with its first layer as quantised for ONNX. */
  readonly net: NetworkWeights;
  readonly weightBits: WeightBits;
  readonly oosThreshold: number;
  /** Held-out evaluation with the calibrated threshold (undefined without held-out data). */
  readonly heldOut: Evaluation | undefined;
  readonly trainMs: number;
}

/**
 * Trains the intent classifier: fit the feature vocabulary, train the network (seeded, so the same
 * data and options give the same model), calibrate the out-of-scope threshold on `calibration`
 * (default: the held-out examples), and evaluate on the held-out examples.
 */
export function trainModel(
  train: readonly Example[],
  heldOut: readonly Example[],
  options: TrainModelOptions,
  calibration: readonly Example[] = heldOut,
): TrainedModel {
  const started = performance.now();
  const labels = [...new Set(train.map((e) => e.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const vectorizer = Vectorizer.fit(
    train.map((e) => e.text),
    options.features,
    train.length < SMALL_SET_TEXTS ? Math.min(options.minDf, 2) : options.minDf,
  );
  const inputs = train.map((e) => vectorizer.vectorize(e.text));
  const y = Int32Array.from(train.map((e) => index.get(e.label) ?? 0));
  const classWeights = new Float32Array(labels.length).fill(1);
  const oosIndex = index.get(OOS);
  if (oosIndex !== undefined) classWeights[oosIndex] = options.oosWeight;
  const members = Math.max(1, options.ensemble);
  const nets: NetworkWeights[] = [];
  for (let k = 0; k < members; k++) {
    nets.push(
      trainNetwork(inputs, y, vectorizer.size, labels.length, {
        hiddenSize: options.hiddenSize,
        epochs: options.epochs,
        learningRate: options.learningRate,
        l2: options.l2,
        dropout: DEFAULT_TRAIN_OPTIONS.dropout,
        ...(options.inputDropout ? { inputDropout: options.inputDropout } : {}),
        classWeights,
        seed: options.seed + k,
        onEpoch: (epoch, loss) =>
          options.onProgress?.(k * options.epochs + epoch, members * options.epochs, loss),
      }),
    );
  }
  const net = quantizeNetwork(mergeNetworks(nets), options.weightBits);
  const predict = (text: string) => predictProbabilities(net, vectorizer.vectorize(text));
  let oosThreshold = 0;
  let evaluation: Evaluation | undefined;
  // The threshold is chosen on the calibration examples; the held-out ones only measure.
  if (calibration.length > 0) {
    oosThreshold = calibrateThreshold(
      calibration.map((e) => ({ example: e, probabilities: predict(e.text) })),
      labels,
    );
  }
  if (heldOut.length > 0) {
    const scored = heldOut.map((e) => ({ example: e, probabilities: predict(e.text) }));
    evaluation = evaluate(scored, labels, oosThreshold);
  }
  return {
    labels,
    vectorizer,
    net,
    weightBits: options.weightBits,
    oosThreshold,
    heldOut: evaluation,
    trainMs: performance.now() - started,
  };
}

/** Writes model.onnx and model.json into `dir`; returns the ONNX size in bytes. */
export function saveModel(model: TrainedModel, dir: string, training: Record<string, unknown>): number {
  mkdirSync(dir, { recursive: true });
  const onnx = exportOnnx(
    model.net,
    { labels: String(model.labels.length), format: 'teller-intent-model/1' },
    model.weightBits,
  );
  writeFileSync(join(dir, 'model.onnx'), onnx);
  const manifest: ModelManifest = {
    format: 'teller-intent-model/1',
    labels: model.labels,
    oosThreshold: Math.round(model.oosThreshold * 1e4) / 1e4,
    vectorizer: model.vectorizer.spec,
    training,
  };
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(manifest)}\n`);
  return onnx.byteLength;
}
