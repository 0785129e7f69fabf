import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import { TellerError } from './errors.ts';

/**
 * A small pool of worker threads that run one job at a time each, for synchronous native or
 * WebAssembly work that must stay off the event loop: flite synthesis (src/tts) and streaming
 * PocketSphinx decoding (src/asr). Workers start on first use and stay; an idle worker is
 * `unref`'d so it never keeps the process alive. A worker that dies fails its job
 * (`TELLER_ERR_ENGINE_UNAVAILABLE`) and is replaced on the next one. Jobs queue (bounded) when
 * every worker is busy, in two classes: urgent jobs before `deferrable` ones, each class in order
 * of arrival. An aborted job leaves the queue at once; one already running is answered with the
 * abort and its result dropped.
 *
 * The worker's side of the protocol: it receives `{ id, ...job }` and answers
 * `{ id, result }` or `{ id, error: string }`, one job at a time.
 */

/** A worker's answer to one job. */
export type WorkerReply<R> =
  { readonly id: number; readonly result: R } | { readonly id: number; readonly error: string };

/** Jobs waiting for a worker, at most, by default; more are refused rather than queued without bound. */
export const MAX_QUEUED_JOBS = 256;

/** Why `signal` aborted, as an Error (an abort without a reason gives a DOMException, an Error). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}

/**
 * Starts a worker on a module beside the caller (`entry`, a `.ts` URL when running from source).
 * From the compiled package the entry is the `.js` file; from source (tsx, vitest) it is the `.ts`
 * file, which a worker can only load once tsx's loader is registered in that thread (a `--import`
 * flag is not applied to a worker's entry module on Node 20).
 */
export function startModuleWorker(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/package.json')
      .replace(/package\.json$/, 'dist/esm/api/index.mjs'),
  ).href;
  const bootstrap =
    `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** `./name.ts` beside `moduleUrl` when it is a `.ts` file (running from source), else `./name.js`. */
export function siblingModule(moduleUrl: string, name: string): URL {
  return new URL(`./${name}${moduleUrl.endsWith('.ts') ? '.ts' : '.js'}`, moduleUrl);
}

/** Per-job options. */
export interface JobOptions {
  readonly signal?: AbortSignal | undefined;
  /** Waits while urgent jobs are queued. */
  readonly deferrable?: boolean;
  /** Buffers moved to the worker instead of copied (the caller must not use them afterwards). */
  readonly transfer?: readonly ArrayBuffer[];
}

/** A job handed to the pool, which a caller may take back while it still waits for a worker. */
export interface QueuedJob<R> {
  readonly result: Promise<R>;
  /**
   * Takes the job out of the queue if no worker has started it, and settles `result` with what
   * `instead` gives (the caller runs the work some other way). @returns false when too late.
   */
  withdraw(instead: () => Promise<R>): boolean;
}

interface Pending<J, R> {
  readonly message: J & { readonly id: number };
  readonly deferrable: boolean;
  readonly transfer: readonly ArrayBuffer[];
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
  settled: boolean;
  /** When it was queued (`performance.now()`). */
  readonly queuedAt: number;
  /** Removes the abort listener (a session's signal outlives many jobs). */
  release: () => void;
}

interface Slot<J, R> {
  readonly worker: Worker;
  job: Pending<J, R> | undefined;
  stopping: boolean;
}

/** A pool of worker threads; see the module comment. */
export class WorkerPool<J extends object, R> {
  readonly size: number;
  readonly #label: string;
  readonly #slots: Slot<J, R>[] = [];
  readonly #queue: Pending<J, R>[] = [];
  readonly #start: () => Worker;
  readonly #maxQueued: number;
  #nextId = 0;
  #closed = false;

  /**
   * @param label names the work in error messages ("flite", "PocketSphinx decoding").
   * @param size workers at most (≥ 1). @param start makes a worker (tests inject failures).
   */
  constructor(label: string, size: number, start: () => Worker, maxQueued = MAX_QUEUED_JOBS) {
    if (!(Number.isInteger(size) && size >= 1))
      throw new RangeError(`${label} threads: ${size}, want an integer ≥ 1`);
    this.#label = label;
    this.size = size;
    this.#start = start;
    this.#maxQueued = maxQueued;
  }

  /** Workers running now (started and not dead). */
  get workers(): number {
    return this.#slots.length;
  }

  /** Jobs waiting for a worker now. */
  get queued(): number {
    return this.#queue.length;
  }

  /** How long the job longest in the queue has waited for a worker, ms (0 when none waits). */
  get oldestWaitMs(): number {
    let oldest = Infinity;
    for (const pending of this.#queue) oldest = Math.min(oldest, pending.queuedAt);
    return oldest === Infinity ? 0 : performance.now() - oldest;
  }

  /** Runs one job on a worker. */
  run(job: J, options: JobOptions = {}): Promise<R> {
    return this.enqueue(job, options).result;
  }

  /** Queues one job; see {@link QueuedJob} for taking it back. */
  enqueue(job: J, options: JobOptions = {}): QueuedJob<R> {
    const refused = (error: Error): QueuedJob<R> => ({
      result: Promise.reject(error),
      withdraw: () => false,
    });
    const { signal } = options;
    if (this.#closed)
      return refused(new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `${this.#label} is closed`));
    if (signal?.aborted) return refused(abortReason(signal));
    if (this.#queue.length >= this.#maxQueued) {
      return refused(
        new TellerError(
          'TELLER_ERR_ENGINE_UNAVAILABLE',
          `${this.#label} is overloaded: ${this.#maxQueued} calls are waiting for a worker thread`,
        ),
      );
    }
    const deferrable = options.deferrable ?? false;
    let pending: Pending<J, R> | undefined;
    const result = new Promise<R>((resolve, reject) => {
      const queued: Pending<J, R> = {
        message: { ...job, id: ++this.#nextId },
        deferrable,
        transfer: options.transfer ?? [],
        resolve,
        reject,
        settled: false,
        queuedAt: performance.now(),
        release: () => undefined,
      };
      pending = queued;
      if (signal) {
        const onAbort = (): void => {
          const index = this.#queue.indexOf(queued);
          if (index >= 0) this.#queue.splice(index, 1);
          this.#settle(queued, () => reject(abortReason(signal)));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queued.release = () => signal.removeEventListener('abort', onAbort);
      }
      // Urgent jobs go ahead of every deferrable one, behind the urgent ones already waiting.
      const firstDeferrable = deferrable ? -1 : this.#queue.findIndex((p) => p.deferrable);
      if (firstDeferrable < 0) this.#queue.push(queued);
      else this.#queue.splice(firstDeferrable, 0, queued);
      this.#dispatch();
    });
    return {
      result,
      withdraw: (instead) => {
        const taken = pending;
        const index = taken ? this.#queue.indexOf(taken) : -1;
        if (!taken || index < 0 || taken.settled) return false;
        this.#queue.splice(index, 1);
        this.#settle(taken, () => {
          instead().then(taken.resolve, taken.reject);
        });
        return true;
      },
    };
  }

  #settle(pending: Pending<J, R>, settle: () => void): void {
    if (pending.settled) return;
    pending.settled = true;
    pending.release();
    settle();
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      let slot = this.#slots.find((s) => !s.job && !s.stopping);
      if (!slot) {
        if (this.#slots.length >= this.size) return;
        slot = this.#spawn();
      }
      const pending = this.#queue.shift() as Pending<J, R>;
      if (pending.settled) continue;
      slot.job = pending;
      slot.worker.ref();
      slot.worker.postMessage(pending.message, [...pending.transfer]);
    }
  }

  #spawn(): Slot<J, R> {
    const slot: Slot<J, R> = { worker: this.#start(), job: undefined, stopping: false };
    this.#slots.push(slot);
    slot.worker.on('message', (reply: WorkerReply<R>) => {
      const pending = slot.job;
      if (pending?.message.id !== reply.id) return;
      slot.job = undefined;
      if (!slot.stopping) slot.worker.unref();
      this.#settle(pending, () =>
        'result' in reply
          ? pending.resolve(reply.result)
          : pending.reject(
              new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `${this.#label} failed: ${reply.error}`),
            ),
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
            new TellerError(
              'TELLER_ERR_ENGINE_UNAVAILABLE',
              `the ${this.#label} worker thread stopped: ${why}`,
            ),
          ),
        );
      }
      this.#dispatch();
    };
    slot.worker.on('error', (error) => died(String(error)));
    slot.worker.on('exit', (code) => died(`exit code ${code}`));
    return slot;
  }

  /** Stops the workers; queued and running jobs fail with `TELLER_ERR_ENGINE_UNAVAILABLE`. */
  async close(): Promise<void> {
    this.#closed = true;
    const closed = new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', `${this.#label} was closed`);
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
