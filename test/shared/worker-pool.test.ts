import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { TellerError } from '../../src/shared/index.ts';
import { WorkerPool } from '../../src/shared/worker-pool.ts';

/** A worker that holds its thread for `ms`, then answers with its job's `value`. */
const BUSY_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (job) => {
  const until = Date.now() + job.ms;
  while (Date.now() < until) {}
  if (job.fail) parentPort.postMessage({ id: job.id, error: 'asked to fail' });
  else parentPort.postMessage({ id: job.id, result: job.value });
});`;

interface Job {
  readonly ms: number;
  readonly value: string;
  readonly fail?: boolean;
}

const pool = (size: number, maxQueued?: number) =>
  new WorkerPool<Job, string>('test work', size, () => new Worker(BUSY_WORKER, { eval: true }), maxQueued);

describe('WorkerPool', () => {
  it('answers each job with its own result, on at most `size` workers', async () => {
    const p = pool(2);
    try {
      const values = ['a', 'b', 'c', 'd', 'e'];
      expect(await Promise.all(values.map((value) => p.run({ ms: 5, value })))).toEqual(values);
      expect(p.workers).toBe(2);
    } finally {
      await p.close();
    }
  });

  it('lets a caller take back a queued job and settle it another way; a running job stays', async () => {
    const p = pool(1);
    try {
      const running = p.enqueue({ ms: 100, value: 'ran on the worker' });
      const waiting = p.enqueue({ ms: 5, value: 'would have run on the worker' });
      expect(p.queued).toBe(1);
      expect(running.withdraw(() => Promise.resolve('never used'))).toBe(false);
      expect(waiting.withdraw(() => Promise.resolve('ran elsewhere'))).toBe(true);
      expect(p.queued).toBe(0);
      expect(waiting.withdraw(() => Promise.resolve('twice'))).toBe(false);
      expect(await waiting.result).toBe('ran elsewhere');
      expect(await running.result).toBe('ran on the worker');
    } finally {
      await p.close();
    }
  });

  it('says how long its oldest queued job has waited for a worker', async () => {
    const p = pool(1);
    try {
      expect(p.oldestWaitMs).toBe(0);
      const running = p.run({ ms: 150, value: 'first' });
      const queued = p.run({ ms: 1, value: 'second' });
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(p.oldestWaitMs).toBeGreaterThanOrEqual(50);
      expect(await Promise.all([running, queued])).toEqual(['first', 'second']);
      expect(p.oldestWaitMs).toBe(0);
    } finally {
      await p.close();
    }
  });

  it('refuses jobs past its queue bound and reports a worker’s failure, with a stable code', async () => {
    const p = pool(1, 1);
    try {
      const busy = p.run({ ms: 50, value: 'first' });
      const queued = p.run({ ms: 1, value: 'second', fail: true });
      const refused = await p.run({ ms: 1, value: 'third' }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TellerError);
      expect((refused as TellerError).code).toBe('TELLER_ERR_ENGINE_UNAVAILABLE');
      expect(await busy).toBe('first');
      const failed = await queued.catch((error: unknown) => error);
      expect((failed as TellerError).code).toBe('TELLER_ERR_ENGINE_UNAVAILABLE');
      expect((failed as Error).message).toContain('asked to fail');
    } finally {
      await p.close();
    }
  });

  it('drops an aborted job from the queue', async () => {
    const p = pool(1);
    try {
      const controller = new AbortController();
      const first = p.run({ ms: 30, value: 'first' });
      const second = p.run({ ms: 1, value: 'second' }, { signal: controller.signal });
      controller.abort(new Error('caller hung up'));
      expect(((await second.catch((error: unknown) => error)) as Error).message).toBe('caller hung up');
      expect(await first).toBe('first');
      expect(p.queued).toBe(0);
    } finally {
      await p.close();
    }
  });
});
