import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from '../shared/worker-pool.ts';
import { PicoEngine } from './pico.ts';
import type { PicoJob } from './pico.ts';

/**
 * A SVOX Pico worker thread (started by PicoSynthesizer): its own engine, loaded at the first
 * call, speaking one call at a time off the main thread.
 */

let engine: Promise<PicoEngine> | undefined;

const port = parentPort;
if (port) {
  port.on('message', (job: PicoJob & { id: number }) => {
    void (async (): Promise<void> => {
      try {
        engine ??= PicoEngine.load(job.dataDir);
        const pcm = (await engine).speak(job.voice, job.text);
        const reply: WorkerReply<Int16Array> = { id: job.id, result: pcm };
        // The samples' buffer moves to the main thread instead of being copied.
        port.postMessage(reply, [pcm.buffer as ArrayBuffer]);
      } catch (error) {
        port.postMessage({ id: job.id, error: String(error) } satisfies WorkerReply<Int16Array>);
      }
    })();
  });
}
