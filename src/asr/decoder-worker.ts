import { parentPort, workerData } from 'node:worker_threads';
import koffi from 'koffi';
import type { WorkerReply } from '../shared/worker-pool.ts';

/**
 * A streaming-decoding worker thread (started by decoder-threads.ts): runs `ps_process_raw` for
 * audio of turns still in progress, one call at a time, at a lower OS scheduling priority than
 * the rest of the process, so that work a caller is waiting for (the end of a turn, the reply's
 * speech, the event loop) runs first when the cores are busy. Imports nothing from Teller but
 * types, so a worker loads only koffi and the library.
 */

/** One call: decode `pcm` (16 kHz mono) on the decoder at `ps`, which no other thread is using. */
export interface DecodeJob {
  readonly ps: bigint;
  readonly pcm: Int16Array;
}

/** What the pool gives each worker. */
export interface DecoderWorkerData {
  /** Nice increment for this thread (0 keeps the process's priority). */
  readonly nice: number;
  /** The libpocketsphinx the main thread bound (a path or the soname): the same library. */
  readonly library: string;
}

/**
 * Lowers this thread's priority. On Linux the nice value is per thread (setpriority(2), NOTES), so
 * this leaves the other threads alone. Raising it needs no privilege; where it fails (no glibc,
 * a sandbox) the thread runs at the process's priority.
 */
function lowerPriority(nice: number): void {
  if (nice <= 0) return;
  try {
    const libc = koffi.load('libc.so.6');
    const gettid = libc.func('int gettid()') as () => number;
    const setpriority = libc.func('int setpriority(int which, unsigned int who, int prio)') as (
      which: number,
      who: number,
      prio: number,
    ) => number;
    const PRIO_PROCESS = 0;
    setpriority(PRIO_PROCESS, gettid(), nice);
  } catch {
    // not glibc: decode at normal priority
  }
}

const port = parentPort;
if (port) {
  const { nice, library } = workerData as DecoderWorkerData;
  lowerPriority(nice);
  const processRaw = koffi
    .load(library)
    .func('ps_process_raw', 'int', ['void *', 'const int16_t *', 'size_t', 'int', 'int']) as (
    ps: bigint,
    pcm: Int16Array,
    samples: number,
    noSearch: number,
    fullUtterance: number,
  ) => number;
  port.on('message', (job: DecodeJob & { id: number }) => {
    try {
      const searched = processRaw(job.ps, job.pcm, job.pcm.length, 0, 0);
      port.postMessage({ id: job.id, result: searched } satisfies WorkerReply<number>);
    } catch (error) {
      port.postMessage({ id: job.id, error: String(error) } satisfies WorkerReply<number>);
    }
  });
}
