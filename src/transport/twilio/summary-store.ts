import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http-server.ts';
import { verifyTwilioStreamToken } from './auth.ts';
import type { CallSummary } from '../telephony/index.ts';

/** How many finished Twilio calls are kept, and for how long, for the agent desktop to fetch. */
export const SUMMARY_STORE_DEFAULTS = { maxEntries: 1_000, ttlMs: 10 * 60_000 } as const;

/**
 * Summaries of finished Twilio calls by CallSid. Twilio has no channel from the stream back into the
 * call flow, so when Teller closes the stream (Twilio then runs the TwiML after `</Connect>`, e.g. an
 * `<Enqueue>`), the bank's `<Connect action>` webhook or agent desktop fetches the summary here.
 * Bounded: the oldest entry goes first; entries expire after `ttlMs`.
 */
export class CallSummaryStore {
  private readonly entries = new Map<string, { summary: CallSummary; expiresAt: number }>();

  constructor(
    private readonly options: { maxEntries: number; ttlMs: number } = SUMMARY_STORE_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {}

  set(callSid: string, summary: CallSummary): void {
    this.entries.delete(callSid);
    this.entries.set(callSid, { summary, expiresAt: this.now() + this.options.ttlMs });
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(key);
    }
  }

  get(callSid: string): CallSummary | undefined {
    const entry = this.entries.get(callSid);
    if (entry && entry.expiresAt <= this.now()) this.entries.delete(callSid);
    return entry && entry.expiresAt > this.now() ? entry.summary : undefined;
  }
}

/**
 * `GET /v1/twilio/calls/{CallSid}/summary` (mount as the prefix route `/v1/twilio/calls/*`): the call's
 * {@link CallSummary}. With an Auth Token configured it needs `Authorization: Bearer <token>`, the same
 * per-call token as the stream's `token` parameter.
 */
export function callSummaryRoute(store: CallSummaryStore, authToken: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse): void => {
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
    const summary = store.get(callSid);
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
