import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from '../shared/worker-pool.ts';
import { compileFlite, runFlite } from './flite-wasi.ts';
import type { FliteRun } from './flite-wasi.ts';

/**
 * A synthesis worker thread (started by flite-threads.ts): runs one flite call at a time off the
 * main thread, so synthesis neither blocks the event loop (audio of other calls, barge-in) nor
 * stays on one core.
 */

/** A flite call. */
export interface FliteJob {
  readonly wasmPath: string;
  readonly dir: string;
  readonly name: string;
  readonly args: readonly string[];
}

const port = parentPort;
if (port) {
  port.on('message', (job: FliteJob & { id: number }) => {
    void (async (): Promise<void> => {
      try {
        const run = await runFlite(await compileFlite(job.wasmPath), job.dir, job.name, job.args);
        const reply: WorkerReply<FliteRun> = { id: job.id, result: run };
        // The WAVE's buffer moves to the main thread instead of being copied.
        port.postMessage(reply, run.ok ? [run.wav.buffer as ArrayBuffer] : []);
      } catch (error) {
        port.postMessage({ id: job.id, error: String(error) } satisfies WorkerReply<FliteRun>);
      }
    })();
  });
}
