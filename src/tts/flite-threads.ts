import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TellerError } from '../shared/index.ts';
import type { FliteRun } from './flite-wasi.ts';
import type { FliteJob, FliteReply } from './flite-worker.ts';

/**
 * A small pool of synthesis worker threads for flite. A flite call is synchronous WebAssembly
 * (tens of ms per sentence, plus instantiating a 21 MB module): on the main thread it stalls every
 * other call's audio, VAD and barge-in for that long, and a burst of replies runs one after another
 * on one core. Workers take it off the event loop and onto the other cores.
 *
 * Workers start on first use and stay; an idle worker is `unref`'d so it never keeps the process
 * alive. A worker that dies fails its call (`TELLER_ERR_ENGINE_UNAVAILABLE`) and is replaced on the
 * next one. Calls queue (bounded) when every worker is busy; an aborted call leaves the queue at
 * once, and one already running is answered with the abort and its audio dropped.
 */

/** Calls waiting for a worker, at most; more are refused rather than queued without bound. */
export const MAX_QUEUED_CALLS = 256;

/** Why `signal` aborted, as an Error (an abort without a reason gives a DOMException, an Error). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}

interface Pending {
  readonly job: FliteJob;
  readonly resolve: (run: FliteRun) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
  settled: boolean;
}

interface Slot {
  readonly worker: Worker;
  job: Pending | undefined;
  stopping: boolean;
}

/**
 * The worker entry. From the compiled package it is flite-worker.js beside this file; from source
 * (tsx, vitest) it is the .ts file, which a worker can only load once tsx's loader is registered
 * in that thread (a `--import` flag is not applied to a worker's entry module on Node 20).
 */
export function startFliteWorker(): Worker {
  const entry = new URL(
    import.meta.url.endsWith('.ts') ? './flite-worker.ts' : './flite-worker.js',
    import.meta.url,
  );
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/package.json')
      .replace(/package\.json$/, 'dist/esm/api/index.mjs'),
  ).href;
  const bootstrap =
    `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

/** flite's worker pool; see the module comment. */
export class FliteThreads {
  readonly size: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  readonly #start: () => Worker;
  #nextId = 0;
  #closed = false;

  /** @param size workers at most (≥ 1). @param start makes a worker (tests inject failures). */
  constructor(size: number, start: () => Worker = startFliteWorker) {
    if (!(Number.isInteger(size) && size >= 1))
      throw new RangeError(`flite threads: ${size}, want an integer ≥ 1`);
    this.size = size;
    this.#start = start;
  }

  /** Workers running now (started and not dead). */
  get workers(): number {
    return this.#slots.length;
  }

  /** Runs one flite call on a worker. */
  run(call: Omit<FliteJob, 'id'>, signal?: AbortSignal): Promise<FliteRun> {
    if (this.#closed) {
      return Promise.reject(
        new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'the flite synthesizer is closed'),
      );
    }
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#queue.length >= MAX_QUEUED_CALLS) {
      return Promise.reject(
        new TellerError(
          'TELLER_ERR_ENGINE_UNAVAILABLE',
          `speech synthesis is overloaded: ${MAX_QUEUED_CALLS} calls are waiting for a flite worker`,
        ),
      );
    }
    return new Promise<FliteRun>((resolve, reject) => {
      const pending: Pending = {
        job: { ...call, id: ++this.#nextId },
        resolve,
        reject,
        signal,
        settled: false,
      };
      signal?.addEventListener(
        'abort',
        () => {
          const queued = this.#queue.indexOf(pending);
          if (queued >= 0) this.#queue.splice(queued, 1);
          this.#settle(pending, () => reject(abortReason(signal)));
        },
        { once: true },
      );
      this.#queue.push(pending);
      this.#dispatch();
    });
  }

  #settle(pending: Pending, settle: () => void): void {
    if (pending.settled) return;
    pending.settled = true;
    settle();
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      let slot = this.#slots.find((s) => !s.job && !s.stopping);
      if (!slot) {
        if (this.#slots.length >= this.size) return;
        slot = this.#spawn();
      }
      const pending = this.#queue.shift() as Pending;
      if (pending.settled) continue;
      slot.job = pending;
      slot.worker.ref();
      slot.worker.postMessage(pending.job);
    }
  }

  #spawn(): Slot {
    const slot: Slot = { worker: this.#start(), job: undefined, stopping: false };
    this.#slots.push(slot);
    slot.worker.on('message', (reply: FliteReply) => {
      const pending = slot.job;
      if (!pending || pending.job.id !== reply.id) return;
      slot.job = undefined;
      if (!slot.stopping) slot.worker.unref();
      this.#settle(pending, () =>
        'run' in reply
          ? pending.resolve(reply.run)
          : pending.reject(new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `flite failed: ${reply.error}`)),
      );
      this.#dispatch();
    });
    const died = (why: string): void => {
      const index = this.#slots.indexOf(slot);
      if (index < 0) return;
      this.#slots.splice(index, 1);
      const pending = slot.job;
      slot.job = undefined;
      if (pending && !slot.stopping) {
        this.#settle(pending, () =>
          pending.reject(
            new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `the flite worker stopped: ${why}`),
          ),
        );
      }
      this.#dispatch();
    };
    slot.worker.on('error', (error) => died(String(error)));
    slot.worker.on('exit', (code) => died(`exit code ${code}`));
    return slot;
  }

  /** Stops the workers; queued and running calls fail with `TELLER_ERR_ENGINE_UNAVAILABLE`. */
  async close(): Promise<void> {
    this.#closed = true;
    const closed = new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'the flite synthesizer was closed');
    for (const pending of this.#queue.splice(0)) this.#settle(pending, () => pending.reject(closed));
    const slots = this.#slots.splice(0);
    for (const slot of slots) {
      slot.stopping = true;
      const pending = slot.job;
      if (pending) this.#settle(pending, () => pending.reject(closed));
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }
}
