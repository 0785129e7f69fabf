import { MAX_UNCERTAIN as MAX_UNANSWERED } from './session/effects.ts';
import type { SessionStore } from './session-store.ts';
import type { UncertainRequest } from './tasks/machine.ts';

/**
 * A customer's bank calls that got no answer, kept across conversations: a caller told "I can't tell
 * whether that went through" who hangs up and calls back to ask for the same transfer gets the first
 * call's idempotency key again, so a core that had committed it replays it instead of moving the
 * money twice (docs/bank-api.md, "Money, and answers that never arrive").
 */
export interface UnansweredCalls {
  load(customerId: string): Promise<readonly UncertainRequest[]>;
  /** The customer's list as the conversation leaves it; empty clears it. */
  save(customerId: string, calls: readonly UncertainRequest[]): Promise<void>;
}

/** How long an unanswered call is remembered: well inside any core's idempotency retention. */
export const UNANSWERED_TTL_MS = 24 * 3_600_000;

function isUncertain(v: unknown): v is UncertainRequest {
  if (!v || typeof v !== 'object') return false;
  const { request, key } = v as Record<string, unknown>;
  return typeof request === 'string' && typeof key === 'string' && request.length <= 64 && key.length <= 128;
}

/**
 * {@link UnansweredCalls} in the node's SessionStore (memory, or Redis shared by the nodes, encrypted),
 * under `unanswered:<customer id>`. The store hands a value out once (`take`), so a load puts it back.
 */
export class StoredUnansweredCalls implements UnansweredCalls {
  constructor(
    private readonly store: SessionStore,
    private readonly ttlMs = UNANSWERED_TTL_MS,
  ) {}

  async load(customerId: string): Promise<readonly UncertainRequest[]> {
    const id = `unanswered:${customerId}`;
    const value = await this.store.take(id);
    const calls = Array.isArray(value) ? value.filter(isUncertain).slice(-MAX_UNANSWERED) : [];
    if (calls.length > 0) await this.store.save(id, calls, this.ttlMs);
    return calls;
  }

  async save(customerId: string, calls: readonly UncertainRequest[]): Promise<void> {
    const id = `unanswered:${customerId}`;
    if (calls.length === 0) await this.store.delete(id);
    else await this.store.save(id, calls.slice(-MAX_UNANSWERED), this.ttlMs);
  }
}
