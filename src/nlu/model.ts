import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { TellerError } from '../shared/index.ts';
import { Vectorizer, type VectorizerSpec } from './vectorizer.ts';

/** model.json beside model.onnx: everything needed to featurise and read the output. */
export interface ModelManifest {
  readonly format: 'teller-intent-model/1';
  readonly labels: readonly string[];
  /** Below this top probability the answer is `oos`; calibrated on held-out data by `teller train`. */
  readonly oosThreshold: number;
  readonly vectorizer: VectorizerSpec;
  readonly training: Readonly<Record<string, unknown>>;
}

export interface IntentScore {
  readonly intent: string;
  readonly confidence: number;
}

export interface Classification extends IntentScore {
  /** The best labels before the out-of-scope decision, best first. */
  readonly ranked: readonly IntentScore[];
}

/**
 * The intent classifier at run time: TypeScript featurisation, then the ONNX graph on
 * onnxruntime-node (CPU, one intra-op thread: an utterance is a few dozen features, and threads
 * would cost more in hand-off than they save).
 */
export class IntentModel {
  readonly manifest: ModelManifest;
  private readonly session: ort.InferenceSession;
  private readonly vectorizer: Vectorizer;

  private constructor(manifest: ModelManifest, session: ort.InferenceSession) {
    this.manifest = manifest;
    this.session = session;
    this.vectorizer = new Vectorizer(manifest.vectorizer);
  }

  /** Loads `model.onnx` + `model.json` from a directory. */
  static async load(dir: string): Promise<IntentModel> {
    let manifest: ModelManifest;
    let bytes: Uint8Array;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelManifest;
      bytes = readFileSync(join(dir, 'model.onnx'));
    } catch (error) {
      throw new TellerError(
        'TELLER_ERR_MODEL_INVALID',
        `cannot read an NLU model in ${dir}: ${(error as Error).message}`,
      );
    }
    if (manifest.format !== 'teller-intent-model/1') {
      throw new TellerError('TELLER_ERR_MODEL_INVALID', `${dir}/model.json is not a teller intent model`);
    }
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    return new IntentModel(manifest, session);
  }

  get labels(): readonly string[] {
    return this.manifest.labels;
  }

  /** Class probabilities for one utterance, in `labels` order. */
  async probabilities(text: string): Promise<Float32Array> {
    const { indices, values } = this.vectorizer.vectorize(text);
    const idx = new BigInt64Array(indices.length);
    for (let i = 0; i < indices.length; i++) idx[i] = BigInt(indices[i] as number);
    const out = await this.session.run({
      indices: new ort.Tensor('int64', idx, [idx.length]),
      values: new ort.Tensor('float32', values, [values.length]),
    });
    return out['probabilities']?.data as Float32Array;
  }

  /** The intent, or `oos` when the best probability is under the calibrated threshold. */
  async classify(text: string, options: { topK?: number; threshold?: number } = {}): Promise<Classification> {
    const p = await this.probabilities(text);
    const ranked = rank(p, this.manifest.labels, options.topK ?? 3);
    const best = ranked[0] ?? { intent: 'oos', confidence: 0 };
    const threshold = options.threshold ?? this.manifest.oosThreshold;
    const intent = best.confidence < threshold ? 'oos' : best.intent;
    return { intent, confidence: best.confidence, ranked };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** The `k` best labels, best first: one pass with a small insertion list, no sort of every label. */
export function rank(p: Float32Array, labels: readonly string[], k: number): IntentScore[] {
  const top: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    if (top.length === k && v <= (p[top[k - 1] as number] as number)) continue;
    let j = top.length < k ? top.length : k - 1;
    while (j > 0 && (p[top[j - 1] as number] as number) < v) j--;
    top.splice(j, 0, i);
    if (top.length > k) top.pop();
  }
  return top.map((i) => ({ intent: labels[i] ?? 'oos', confidence: p[i] as number }));
}
