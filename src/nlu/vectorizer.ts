import { DEFAULT_FEATURE_OPTIONS, extractFeatures, type FeatureOptions } from './features.ts';

/** A sparse feature vector: parallel arrays of feature indices and weights, L2-normalised. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** What a model directory stores about its features (features.json). */
export interface VectorizerSpec {
  readonly options: FeatureOptions;
  readonly features: readonly string[];
  /** Inverse document frequency per feature, rounded to 4 decimals. */
  readonly idf: readonly number[];
}

/**
 * Maps utterances to TF-IDF vectors over a fixed feature vocabulary: sublinear term frequency
 * (1 + ln tf) times idf, L2-normalised. Features unseen in training are dropped.
 */
export class Vectorizer {
  readonly spec: VectorizerSpec;
  private readonly index: Map<string, number>;
  private readonly idf: Float32Array;

  constructor(spec: VectorizerSpec) {
    this.spec = spec;
    this.index = new Map(spec.features.map((f, i) => [f, i]));
    this.idf = Float32Array.from(spec.idf);
  }

  get size(): number {
    return this.spec.features.length;
  }

  /** Builds the vocabulary from training texts, keeping features seen in at least `minDf` texts. */
  static fit(
    texts: readonly string[],
    options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
    minDf = 1,
  ): Vectorizer {
    const df = new Map<string, number>();
    for (const text of texts) {
      for (const f of new Set(extractFeatures(text, options))) df.set(f, (df.get(f) ?? 0) + 1);
    }
    const features = [...df.entries()]
      .filter(([, n]) => n >= minDf)
      .map(([f]) => f)
      .sort();
    const n = texts.length;
    const idf = features.map((f) => Math.round((Math.log((1 + n) / (1 + (df.get(f) ?? 0))) + 1) * 1e4) / 1e4);
    return new Vectorizer({ options, features, idf });
  }

  vectorize(text: string): SparseVector {
    const counts = new Map<number, number>();
    for (const f of extractFeatures(text, this.spec.options)) {
      const i = this.index.get(f);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const indices = new Int32Array(counts.size);
    const values = new Float32Array(counts.size);
    let k = 0;
    let norm = 0;
    for (const [i, tf] of counts) {
      const v = (1 + Math.log(tf)) * (this.idf[i] ?? 1);
      indices[k] = i;
      values[k] = v;
      norm += v * v;
      k++;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < values.length; j++) values[j] = (values[j] ?? 0) * scale;
    return { indices, values };
  }
}
