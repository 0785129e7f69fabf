import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http-server.ts';
import { verifyTwilioStreamToken } from './auth.ts';
import type { SealedRedis } from '../../shared/sealed-redis.ts';
import type { CallSummary } from '../telephony/index.ts';

/** How many finished Twilio calls are kept, and for how long, for the agent desktop to fetch. */
export const SUMMARY_STORE_DEFAULTS = { maxEntries: 1_000, ttlMs: 10 * 60_000 } as const;

/**
 * Summaries of finished Twilio calls by CallSid. Twilio has no channel from the stream back into the
 * call flow, so when Teller closes the stream (Twilio then runs the TwiML after `</Connect>`, e.g. an
 * `<Enqueue>`), the bank's `<Connect action>` webhook or agent desktop fetches the summary here.
 * Bounded: the oldest entry goes first; entries expire after `ttlMs`. With `shared` (Redis, on a
 * deployment of several nodes) every summary is written there too, so the fetch may reach any node.
 */
export class CallSummaryStore {
  static readonly NAMESPACE = 'call-summary';
  private readonly entries = new Map<string, { summary: CallSummary; expiresAt: number }>();

  constructor(
    private readonly options: { maxEntries: number; ttlMs: number } = SUMMARY_STORE_DEFAULTS,
    private readonly now: () => number = Date.now,
    private readonly shared?: {
      readonly redis: SealedRedis;
      /** A summary that could not be shared (it stays on this node). */
      readonly onError: (error: Error) => void;
    },
  ) {}

  set(callSid: string, summary: CallSummary): void {
    this.entries.delete(callSid);
    this.entries.set(callSid, { summary, expiresAt: this.now() + this.options.ttlMs });
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(key);
    }
    const shared = this.shared;
    if (shared)
      shared.redis
        .put(CallSummaryStore.NAMESPACE, callSid, summary, this.options.ttlMs)
        .catch((error: unknown) => shared.onError(error as Error));
  }

  /** This node's summary, else the shared one (a call another node answered). */
  async get(callSid: string): Promise<CallSummary | undefined> {
    const entry = this.entries.get(callSid);
    if (entry && entry.expiresAt <= this.now()) this.entries.delete(callSid);
    if (entry && entry.expiresAt > this.now()) return entry.summary;
    return (await this.shared?.redis.get(CallSummaryStore.NAMESPACE, callSid)) as CallSummary | undefined;
  }
}

/**
 * `GET /v1/twilio/calls/{CallSid}/summary` (mount as the prefix route `/v1/twilio/calls/*`): the call's
 * {@link CallSummary}. With an Auth Token configured it needs `Authorization: Bearer <token>`, the same
 * per-call token as the stream's `token` parameter.
 */
export function callSummaryRoute(store: CallSummaryStore, authToken: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const match = /^\/v1\/twilio\/calls\/([A-Za-z0-9]{1,64})\/summary$/.exec(path);
    const callSid = match?.[1];
    if (!callSid)
      return sendJson(res, 404, {
        error: { code: 'TELLER_ERR_NOT_FOUND', message: 'use /v1/twilio/calls/{CallSid}/summary' },
      });
    const bearer = req.headers.authorization?.startsWith('Bearer ')
      ? req.headers.authorization.slice(7).trim()
      : undefined;
    if (authToken && !verifyTwilioStreamToken(authToken, callSid, bearer))
      return sendJson(res, 401, {
        error: { code: 'TELLER_ERR_UNAUTHENTICATED', message: 'send Authorization: Bearer <call token>' },
      });
    const summary = await store.get(callSid).catch(() => undefined);
    if (!summary)
      return sendJson(res, 404, {
        error: {
          code: 'TELLER_ERR_NOT_FOUND',
          message: 'no finished call with that CallSid (kept 10 minutes)',
        },
      });
    sendJson(res, 200, { callSid, ...summary });
  };
}
