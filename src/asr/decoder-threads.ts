import { siblingModule, startModuleWorker, WorkerPool } from '../shared/worker-pool.ts';
import type { QueuedJob } from '../shared/worker-pool.ts';
import type { DecodeJob, DecoderWorkerData } from './decoder-worker.ts';
import type { Pointer } from './pocketsphinx-native.ts';

/**
 * Where a turn's audio is decoded while the caller is still speaking: worker threads at a lower
 * OS priority (decoder-worker.ts). That work can fall behind by up to the stream's backlog limit
 * and catch up in the pause that ends the turn; what a caller waits for cannot. When the cores are
 * busy, the turn-ending decode (ps_end_utt, on libuv's pool), reply synthesis (flite's workers)
 * and the event loop run first, and streaming decode takes the CPU left over. Measured with
 * conversational callers on 2 cores: docs/benchmarks.md ("Voice", concurrency).
 */

/** Nice increment of the streaming-decode threads: CFS then weighs them ~9× below normal threads. */
export const STREAMING_NICE = 10;

/** Streaming decode's worker threads. */
export class DecoderThreads {
  readonly #pool: WorkerPool<DecodeJob, number>;

  /**
   * @param size threads (≥ 1); @param library the libpocketsphinx the decoders were made with
   * (pocketsphinx-library.ts); @param nice the threads' nice increment.
   */
  constructor(size: number, library: string, nice = STREAMING_NICE) {
    const workerData: DecoderWorkerData = { nice, library };
    // Each decoder has at most one call in flight (its calls are serialised), so the queue is
    // bounded by the number of decoders; the limit is a backstop, not a policy.
    this.#pool = new WorkerPool(
      'PocketSphinx decoding',
      size,
      () => startModuleWorker(siblingModule(import.meta.url, 'decoder-worker'), { workerData }),
      4096,
    );
  }

  /**
   * Queues `pcm` (copied) for decoding on the decoder `ps`, whose calls the caller serialises.
   * The result is ps_process_raw's value; a caller that can no longer wait withdraws the job.
   */
  enqueue(ps: Pointer, pcm: Int16Array): QueuedJob<number> {
    return this.#pool.enqueue({ ps, pcm });
  }

  /**
   * How long the oldest job has waited for a thread, ms: above a few tens of ms, streaming
   * decode is taking all the CPU its priority gets.
   */
  get waitMs(): number {
    return this.#pool.oldestWaitMs;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
