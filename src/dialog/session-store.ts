/**
 * Where session snapshots live between a disconnect and a reconnect. In memory by default (one
 * node); RedisSessionStore lets any node resume the conversation.
 */
export interface SessionStore {
  save(sessionId: string, snapshot: unknown, ttlMs: number): Promise<void>;
  /**
   * The snapshot, removed from the store: a saved session resumes once. A second reconnect with
   * the same id (a replayed message, two devices) finds nothing and starts afresh.
   */
  take(sessionId: string): Promise<unknown>;
  delete(sessionId: string): Promise<void>;
}

/** A bounded in-memory store with expiry: oldest entries go first when full. */
export class InMemorySessionStore implements SessionStore {
  private readonly entries = new Map<string, { json: string; expiresAtMs: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  save(sessionId: string, snapshot: unknown, ttlMs: number): Promise<void> {
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { json: JSON.stringify(snapshot), expiresAtMs: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return Promise.resolve();
  }

  take(sessionId: string): Promise<unknown> {
    const entry = this.entries.get(sessionId);
    this.entries.delete(sessionId);
    if (!entry || entry.expiresAtMs < this.now()) return Promise.resolve(undefined);
    return Promise.resolve(JSON.parse(entry.json) as unknown);
  }

  delete(sessionId: string): Promise<void> {
    this.entries.delete(sessionId);
    return Promise.resolve();
  }
}
