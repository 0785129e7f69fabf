import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.ts';
import { redisProblem, startRedis, type TestRedis } from '../helpers/redis.ts';
import { startTestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/tmp.ts';
import { AppClient } from './app-client.ts';

/**
 * Two Teller nodes behind one load balancer: the same bank (one SQLite file), the same token key,
 * and one Redis for sessions. A caller's socket drops on one node and the app resumes on the other.
 */

const problem = redisProblem();
if (problem) console.warn(`skipping the two-node resume tests: ${problem}`);

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

describe.skipIf(problem !== undefined)('resuming a conversation on another node', () => {
  let redis: TestRedis;
  let nodes: RunningServer[] = [];
  const url = (node: RunningServer) => `ws://127.0.0.1:${node.port}/v1/app`;
  const token = (node: RunningServer, customerId = 'alice') =>
    node.tokens.sign({ customerId, ttlS: 600 }, Date.now());

  beforeAll(async () => {
    redis = await startRedis();
    const common = {
      jwtSecret: SECRET,
      ttsEngine: 'none' as const,
      asrEngine: 'text' as const,
      dbPath: join(tempDir(), 'bank.sqlite'),
      redisUrl: redis.url,
      redisKey: randomBytes(32).toString('hex'),
    };
    // One after the other: the first creates the bank file, the second opens it.
    nodes = [await startTestServer(common)];
    nodes.push(await startTestServer(common));
  }, 60_000);

  afterAll(async () => {
    for (const node of nodes) await node.close();
    await redis?.stop();
  });

  /** Sessions waiting in Redis now. */
  async function waiting(): Promise<number> {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      return (await client.keys('teller:session:*')).length;
    } finally {
      await client.close();
    }
  }

  it('picks up at the read-back on the other node, moves the money once, and resumes only once', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const before = (await a.bank.listAccounts('alice')).find((x) => x.id === 'savings')?.balanceMinor ?? 0;
    const first = await AppClient.connect(url(a), await token(a));
    first.send({ type: 'session.start', lang: 'en' });
    const { sessionId } = (await first.next('session.started')) as { sessionId: string };
    await first.say();
    first.send({ type: 'text', text: 'move 100 dollars from checking to savings' });
    expect(await first.say()).toMatchObject({ awaits: 'confirmation' });
    await first.close(); // the phone went through a tunnel
    await expect.poll(waiting, { timeout: 5000 }).toBe(1);

    const second = await AppClient.connect(url(b), await token(b));
    second.send({ type: 'session.start', lang: 'en', resume: sessionId });
    expect(await second.next('session.started')).toMatchObject({ sessionId });
    expect(await second.next('turn.done')).toMatchObject({ awaits: 'confirmation' });
    expect(await waiting()).toBe(0);
    second.send({ type: 'text', text: 'yes' });
    expect((await second.say()).text).toMatch(/moved \$100\.00/i);
    const after = (await b.bank.listAccounts('alice')).find((x) => x.id === 'savings')?.balanceMinor;
    expect(after).toBe(before + 10_000);

    // The same id again, from a third connection on the first node while the second is open.
    const third = await AppClient.connect(url(a), await token(a));
    third.send({ type: 'session.start', lang: 'en', resume: sessionId });
    expect(await third.next('error')).toMatchObject({ code: 'TELLER_ERR_SESSION_EXPIRED' });
    expect((await third.next('session.started'))['sessionId']).not.toBe(sessionId);
    await Promise.all([second.close(), third.close()]);
  });

  it("does not give one customer another's conversation", async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const alice = await AppClient.connect(url(a), await token(a));
    alice.send({ type: 'session.start', lang: 'en' });
    const { sessionId } = (await alice.next('session.started')) as { sessionId: string };
    await alice.say();
    await alice.close();
    await expect.poll(waiting, { timeout: 5000 }).toBeGreaterThan(0);
    const wei = await AppClient.connect(url(b), await token(b, 'wei'));
    wei.send({ type: 'session.start', lang: 'en', resume: sessionId });
    expect(await wei.next('error')).toMatchObject({ code: 'TELLER_ERR_SESSION_EXPIRED' });
    expect((await wei.next('session.started'))['customer']).toMatchObject({ id: 'wei' });
    await wei.close();
  });

  it('holds the per-customer session limit across nodes, and frees a place when a session closes', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const open = async (node: RunningServer) => AppClient.connect(url(node), await token(node));
    // Three sessions: two on one node, one on the other. Each node alone would take a fourth.
    const sessions = [await open(a), await open(a), await open(b)];
    const refused = await open(b).catch((error: unknown) => error);
    expect(String(refused)).toMatch(/429.*TELLER_ERR_SESSION_LIMIT.*all nodes/);
    await sessions[0]?.close();
    await expect
      .poll(async () => {
        const again = await open(b).catch(() => undefined);
        if (again) sessions.push(again);
        return again !== undefined;
      })
      .toBe(true);
    await Promise.all(sessions.slice(1).map((c) => c.close()));
  });

  // Last: it stops Redis.
  it('goes on without resuming while Redis is down: no crash, a clear error, a new session', async () => {
    const [a, b] = nodes as [RunningServer, RunningServer];
    const first = await AppClient.connect(url(a), await token(a));
    first.send({ type: 'session.start', lang: 'en' });
    const { sessionId } = (await first.next('session.started')) as { sessionId: string };
    await first.say();
    const health = async (node: RunningServer) =>
      ((await (await fetch(`http://127.0.0.1:${node.port}/healthz`)).json()) as { redis?: string }).redis;
    const redisUp = async (node: RunningServer) =>
      /^teller_redis_up (\d)$/m.exec(
        await (await fetch(`http://127.0.0.1:${node.port}/metrics`)).text(),
      )?.[1];
    expect(await health(a)).toBe('up');
    expect(await redisUp(a)).toBe('1');
    await redis.stop();
    await expect.poll(() => health(b), { timeout: 5000 }).toBe('down');
    expect(await redisUp(b)).toBe('0');
    await first.close(); // its snapshot cannot be saved
    const second = await AppClient.connect(url(b), await token(b));
    second.send({ type: 'session.start', lang: 'en', resume: sessionId });
    expect(await second.next('error')).toMatchObject({
      code: 'TELLER_ERR_SESSION_EXPIRED',
      message: expect.stringMatching(/right now/) as unknown,
    });
    expect((await second.next('session.started'))['sessionId']).not.toBe(sessionId);
    await second.say();
    second.send({ type: 'text', text: "what's my checking balance" });
    expect((await second.say()).text).toMatch(/\$/);
    await second.close();
    for (const node of nodes) {
      const health = await fetch(`http://127.0.0.1:${node.port}/healthz`);
      expect(health.status).toBe(200);
    }
  });
});
