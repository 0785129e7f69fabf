import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { RedisSessionStore } from '../../src/dialog/index.ts';
import { TellerError } from '../../src/shared/index.ts';
import { parseRedisKey, SealedRedis } from '../../src/shared/sealed-redis.ts';
import type { CallSummary } from '../../src/transport/telephony/index.ts';
import { CallSummaryStore } from '../../src/transport/twilio/index.ts';
import { redisProblem, startRedis, type TestRedis } from '../helpers/redis.ts';

/**
 * What nodes share through a real redis-server (Debian's, started for this file on a free port):
 * session snapshots and finished calls' summaries, sealed.
 */

const problem = redisProblem();
if (problem) console.warn(`skipping the Redis tests: ${problem}`);

const SNAPSHOT = {
  awaits: 'confirmation',
  slots: { amount: '250000', payee: 'Greenwood Properties', account: '1234' },
  customer: 'alice',
};

describe.skipIf(problem !== undefined)('SealedRedis: sessions and call summaries shared by nodes', () => {
  let redis: TestRedis;
  let shared: SealedRedis;
  let store: RedisSessionStore;
  const key = randomBytes(32);
  const node = () => SealedRedis.connect({ url: redis.url, key });

  beforeAll(async () => {
    redis = await startRedis();
    shared = await node();
    store = new RedisSessionStore(shared);
  }, 20_000);

  afterAll(async () => {
    await shared?.close();
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
    const other = await node();
    try {
      await store.save('alice:s-4', SNAPSHOT, 60_000);
      const both = await Promise.all([
        store.take('alice:s-4'),
        new RedisSessionStore(other).take('alice:s-4'),
      ]);
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
    expect(keys.every((k) => /^teller:(session|call-summary|open-sessions):[0-9a-f]{64}$/.test(k))).toBe(
      true,
    );
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
    const otherKey = await SealedRedis.connect({ url: redis.url, key: randomBytes(32) });
    try {
      expect(await new RedisSessionStore(otherKey).take('alice:s-6')).toBeUndefined();
    } finally {
      await otherKey.close();
    }
  });

  it("serves a finished call's summary from any node, kept as long as on the node itself", async () => {
    const summary: CallSummary = {
      outcome: 'handoff',
      reason: 'customer_request',
      intent: 'transfer.money',
      slots: { amount: '250000', payee: 'Greenwood Properties' },
      verified: true,
      customerKnown: true,
    };
    const errors: Error[] = [];
    const onError = (error: Error) => errors.push(error);
    const other = await node();
    try {
      const answered = new CallSummaryStore({ maxEntries: 10, ttlMs: 60_000 }, Date.now, {
        redis: shared,
        onError,
      });
      const elsewhere = new CallSummaryStore({ maxEntries: 10, ttlMs: 60_000 }, Date.now, {
        redis: other,
        onError,
      });
      answered.set('CA0123456789abcdef', summary);
      await expect.poll(() => elsewhere.get('CA0123456789abcdef')).toEqual(summary);
      // Fetched twice (webhook, then desktop): a summary is read, not taken.
      expect(await elsewhere.get('CA0123456789abcdef')).toEqual(summary);
      expect(await elsewhere.get('CAnever')).toBeUndefined();
      const everything = await raw(async (client) => {
        const keys = await client.keys('teller:call-summary:*');
        return [...keys, ...(await Promise.all(keys.map((k) => client.get(k))))].join('\n');
      });
      for (const secret of ['CA0123456789abcdef', 'Greenwood', '250000', 'transfer.money'])
        expect(everything).not.toContain(secret);
      expect(errors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('counts places in a group across connections: full is full, a renewal keeps one, a lapse frees it', async () => {
    const other = await node();
    try {
      expect(await shared.claim('open-sessions', 'alice', 'c1', 2, 60_000)).toBe(true);
      expect(await other.claim('open-sessions', 'alice', 'c2', 2, 60_000)).toBe(true);
      expect(await other.claim('open-sessions', 'alice', 'c3', 2, 60_000)).toBe(false);
      expect(await shared.claim('open-sessions', 'alice', 'c1', 2, 60_000)).toBe(true); // a renewal
      expect(await shared.claim('open-sessions', 'wei', 'c4', 2, 60_000)).toBe(true); // another group
      await shared.release('open-sessions', 'alice', 'c2');
      expect(await other.claim('open-sessions', 'alice', 'c3', 2, 60_000)).toBe(true);
      // A place that is not renewed lapses (a node that died with its connections open).
      expect(await shared.claim('open-sessions', 'bo', 'c5', 1, 50)).toBe(true);
      expect(await shared.claim('open-sessions', 'bo', 'c6', 1, 50)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await shared.claim('open-sessions', 'bo', 'c6', 1, 50)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('refuses to start without a reachable Redis or without a key, with a config error', async () => {
    const unreachable = await SealedRedis.connect({ url: 'redis://127.0.0.1:1', key }).catch(
      (error: unknown) => error,
    );
    expect(unreachable).toBeInstanceOf(TellerError);
    expect((unreachable as TellerError).code).toBe('TELLER_ERR_CONFIG');
    expect(() => loadConfig({ redisUrl: redis.url })).toThrow(/TELLER_REDIS_KEY/);
    expect(() => parseRedisKey('too short')).toThrow(/32 bytes/);
    expect(parseRedisKey('ab'.repeat(32))).toHaveLength(32);
  });
});
