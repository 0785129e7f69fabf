import type { SealedRedis } from '../shared/sealed-redis.ts';
import type { SessionStore } from './session-store.ts';

/**
 * Session snapshots in Redis, so that a conversation whose socket dropped can be resumed on any
 * node behind the load balancer. A snapshot holds the conversation's state (slots such as amounts
 * and payees): SealedRedis encrypts it and hides the customer and session ids in its key name.
 * `take` is `GETDEL`: of two connections resuming the same session at once, on one node or two,
 * one gets it.
 */
export class RedisSessionStore implements SessionStore {
  static readonly NAMESPACE = 'session';

  constructor(private readonly redis: SealedRedis) {}

  save(sessionId: string, snapshot: unknown, ttlMs: number): Promise<void> {
    return this.redis.put(RedisSessionStore.NAMESPACE, sessionId, snapshot, ttlMs);
  }

  take(sessionId: string): Promise<unknown> {
    return this.redis.take(RedisSessionStore.NAMESPACE, sessionId);
  }

  delete(sessionId: string): Promise<void> {
    return this.redis.delete(RedisSessionStore.NAMESPACE, sessionId);
  }
}
