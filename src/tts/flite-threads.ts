import type { Worker } from 'node:worker_threads';
import { siblingModule, startModuleWorker, WorkerPool } from '../shared/worker-pool.ts';
import type { FliteRun } from './flite-wasi.ts';
import type { FliteJob } from './flite-worker.ts';

/**
 * flite's worker threads. A flite call is synchronous WebAssembly (tens of ms per sentence, plus
 * instantiating a 21 MB module): on the main thread it stalls every other call's audio, VAD and
 * barge-in for that long, and a burst of replies runs one after another on one core. Workers take
 * it off the event loop and onto the other cores (src/shared/worker-pool.ts: start, replacement,
 * bounded queue, aborts).
 *
 * Queued calls are served in two classes: the start of a prompt before audio that only follows
 * audio already synthesized (`deferrable`: a prompt's second sentence onwards). First in, first
 * out made one caller's first sentence wait behind other callers' later sentences.
 */

/** Calls waiting for a worker, at most; more are refused rather than queued without bound. */
export const MAX_QUEUED_CALLS = 256;

/** Starts one synthesis worker (flite-worker.ts beside this file). */
export function startFliteWorker(): Worker {
  return startModuleWorker(siblingModule(import.meta.url, 'flite-worker'));
}

/** flite's worker pool; see the module comment. */
export class FliteThreads {
  readonly #pool: WorkerPool<FliteJob, FliteRun>;

  /** @param size workers at most (≥ 1). @param start makes a worker (tests inject failures). */
  constructor(size: number, start: () => Worker = startFliteWorker) {
    this.#pool = new WorkerPool('flite', size, start, MAX_QUEUED_CALLS);
  }

  /** Workers running now (started and not dead). */
  get workers(): number {
    return this.#pool.workers;
  }

  /** Runs one flite call on a worker; `deferrable` calls wait while others are queued. */
  run(call: FliteJob, signal?: AbortSignal, deferrable = false): Promise<FliteRun> {
    return this.#pool.run(call, { signal, deferrable });
  }

  /** Stops the workers; queued and running calls fail with `TELLER_ERR_ENGINE_UNAVAILABLE`. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}
