import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { parseStoreKey, RedisSessionStore } from '../../src/dialog/index.ts';
import { TellerError } from '../../src/shared/index.ts';
import { redisProblem, startRedis, type TestRedis } from '../helpers/redis.ts';

/** Session snapshots in a real redis-server (Debian's), started for this file on a free port. */

const problem = redisProblem();
if (problem) console.warn(`skipping Redis session store tests: ${problem}`);

const SNAPSHOT = {
  awaits: 'confirmation',
  slots: { amount: '250000', payee: 'Greenwood Properties', account: '1234' },
  customer: 'alice',
};

describe.skipIf(problem !== undefined)('RedisSessionStore', () => {
  let redis: TestRedis;
  let store: RedisSessionStore;
  const key = randomBytes(32);

  beforeAll(async () => {
    redis = await startRedis();
    store = await RedisSessionStore.connect({ url: redis.url, key });
  }, 20_000);

  afterAll(async () => {
    await store?.close();
    await redis?.stop();
  });

  /** What a person with access to Redis sees and can do. */
  interface RawRedis {
    keys(pattern: string): Promise<string[]>;
    get(key: string): Promise<string | null>;
    set(key: string, value: string): Promise<unknown>;
  }

  async function raw<T>(work: (client: RawRedis) => Promise<T>): Promise<T> {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.close();
    }
  }

  it('keeps a snapshot until it is taken, once; an expired or unknown one is gone', async () => {
    await store.save('alice:s-1', SNAPSHOT, 60_000);
    expect(await store.take('alice:s-1')).toEqual(SNAPSHOT);
    expect(await store.take('alice:s-1')).toBeUndefined();
    expect(await store.take('alice:never-saved')).toBeUndefined();
    await store.save('alice:s-2', SNAPSHOT, 50);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await store.take('alice:s-2')).toBeUndefined();
    await store.save('alice:s-3', SNAPSHOT, 60_000);
    await store.delete('alice:s-3');
    expect(await store.take('alice:s-3')).toBeUndefined();
  });

  it('gives a session to one of two nodes resuming it at once', async () => {
    const other = await RedisSessionStore.connect({ url: redis.url, key });
    try {
      await store.save('alice:s-4', SNAPSHOT, 60_000);
      const both = await Promise.all([store.take('alice:s-4'), other.take('alice:s-4')]);
      expect(both.filter((s) => s !== undefined)).toEqual([SNAPSHOT]);
    } finally {
      await other.close();
    }
  });

  it('leaves Redis neither the customer id nor a word of the conversation', async () => {
    await store.save('alice:s-5', SNAPSHOT, 60_000);
    const { keys, values } = await raw(async (client) => {
      const keys = await client.keys('*');
      const values = await Promise.all(keys.map((k) => client.get(k)));
      return { keys, values };
    });
    expect(keys.length).toBeGreaterThan(0);
    const everything = [...keys, ...values].join('\n');
    for (const secret of ['alice', 's-5', 'Greenwood', '250000', '1234', 'confirmation'])
      expect(everything).not.toContain(secret);
    expect(keys.every((k) => /^teller:session:[0-9a-f]{64}$/.test(k))).toBe(true);
    await store.delete('alice:s-5');
  });

  it("opens nothing moved under another session's name or sealed with another key", async () => {
    await store.save('alice:s-6', SNAPSHOT, 60_000);
    await store.save('bob:s-7', { awaits: 'nothing' }, 60_000);
    // Someone with write access to Redis copies alice's snapshot over bob's.
    await raw(async (client) => {
      const keys = await client.keys('teller:session:*');
      const values = await Promise.all(keys.map(async (k) => [k, await client.get(k)] as const));
      const bobs = values.find(([, v]) => v !== null && v.length < 100)?.[0];
      const alices = values.find(([, v]) => v !== null && v.length >= 100)?.[1];
      expect(bobs && alices).toBeTruthy();
      await client.set(bobs as string, alices as string);
    });
    expect(await store.take('bob:s-7')).toBeUndefined();
    const otherKey = await RedisSessionStore.connect({ url: redis.url, key: randomBytes(32) });
    try {
      expect(await otherKey.take('alice:s-6')).toBeUndefined();
    } finally {
      await otherKey.close();
    }
  });

  it('refuses to start without a reachable Redis or without a key, with a config error', async () => {
    const unreachable = await RedisSessionStore.connect({ url: 'redis://127.0.0.1:1', key }).catch(
      (error: unknown) => error,
    );
    expect(unreachable).toBeInstanceOf(TellerError);
    expect((unreachable as TellerError).code).toBe('TELLER_ERR_CONFIG');
    expect(() => loadConfig({ sessionStoreUrl: redis.url })).toThrow(/TELLER_SESSION_STORE_KEY/);
    expect(() => parseStoreKey('too short')).toThrow(/32 bytes/);
    expect(parseStoreKey('ab'.repeat(32))).toHaveLength(32);
  });
});
