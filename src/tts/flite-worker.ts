import { parentPort } from 'node:worker_threads';
import { compileFlite, runFlite } from './flite-wasi.ts';
import type { FliteRun } from './flite-wasi.ts';

/**
 * A synthesis worker thread (started by flite-threads.ts): runs one flite call at a time off the
 * main thread, so synthesis neither blocks the event loop (audio of other calls, barge-in) nor
 * stays on one core.
 */

/** A request from the pool. */
export interface FliteJob {
  readonly id: number;
  readonly wasmPath: string;
  readonly dir: string;
  readonly name: string;
  readonly args: readonly string[];
}

/** The worker's answer: the run, or a thrown error's message. */
export type FliteReply =
  { readonly id: number; readonly run: FliteRun } | { readonly id: number; readonly error: string };

const port = parentPort;
if (port) {
  port.on('message', (job: FliteJob) => {
    void (async (): Promise<void> => {
      try {
        const t0 = performance.now();
        const run = await runFlite(await compileFlite(job.wasmPath), job.dir, job.name, job.args);
        if (process.env.FLITE_TIMING) process.stderr.write(`WORKER ${(performance.now() - t0).toFixed(0)}\n`);
        const reply: FliteReply = { id: job.id, run };
        // The WAVE's buffer moves to the main thread instead of being copied.
        port.postMessage(reply, run.ok ? [run.wav.buffer as ArrayBuffer] : []);
      } catch (error) {
        port.postMessage({ id: job.id, error: String(error) } satisfies FliteReply);
      }
    })();
  });
}
