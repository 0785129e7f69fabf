import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json.ts';
import type { Idempotent } from './port.ts';

/**
 * Proof that a customer passed a step-up (a biometric on the app, the phone PIN on a call) for one
 * bank change: the change's idempotency key, signed with a key the node and the core share. The core
 * asks for one where its step-up policy does (a transfer to a payee over the threshold, a new payee,
 * unfreezing a card; docs/bank-api.md, "Step-up proofs"), so a dialog path that skipped the step-up
 * moves nothing. A proof names one customer, one key and the change itself (a keyed digest of the
 * request), so it authorises that change once: a replay of its call is answered as a replay, and any
 * other call, under its key or not, is refused — also one made by whoever read the proof in transit
 * or in a session snapshot before the bank answered.
 *
 * Format: `v1.<payload base64url>.<HMAC-SHA256 base64url>`, payload `{"sub","key","req","m","iat","exp"}`;
 * `req` is {@link StepUpProofs.digest} of the request.
 */
export type StepUpMethod = 'webauthn' | 'pin';

export interface StepUpClaims {
  /** The change the customer stepped up for, as the bank will receive it (its proof aside). */
  readonly request: Idempotent;
  readonly method: StepUpMethod;
}

export type ProofCheck =
  | { readonly ok: true; readonly method: StepUpMethod }
  | {
      readonly ok: false;
      readonly reason: 'missing' | 'malformed' | 'bad_signature' | 'expired' | 'wrong_request';
    };

/** How long a proof stays good: the step-up is done right before the call it authorises. */
export const STEP_UP_PROOF_TTL_MS = 10 * 60_000;

/** How far ahead of the bank's clock a node's may run. */
export const STEP_UP_CLOCK_SKEW_MS = 60_000;

export class StepUpProofs {
  private readonly key: Buffer;

  /** `key`: at least 32 bytes (TELLER_STEPUP_KEY, base64, shared with an HTTP core that checks proofs). */
  constructor(key: Uint8Array = randomBytes(32)) {
    if (key.length < 32) throw new Error('a step-up proof key needs at least 32 bytes');
    this.key = Buffer.from(key);
  }

  /** A key from TELLER_STEPUP_KEY's base64 text. */
  static fromBase64(text: string): StepUpProofs {
    return new StepUpProofs(Buffer.from(text, 'base64'));
  }

  issue(claims: StepUpClaims, nowMs: number): string {
    const payload = Buffer.from(
      JSON.stringify({
        sub: claims.request.customerId,
        key: claims.request.idempotencyKey,
        req: this.digest(claims.request),
        m: claims.method,
        iat: nowMs,
        exp: nowMs + STEP_UP_PROOF_TTL_MS,
      }),
    ).toString('base64url');
    return `v1.${payload}.${this.sign(payload)}`;
  }

  /**
   * What a proof binds: every field of the request but the proof (its customer and key among them),
   * as canonical JSON, HMAC-SHA256 under the proof key. Keyed, so a proof that names a PIN change
   * does not let a reader try the 10^6 PINs against it.
   */
  digest(request: Idempotent): string {
    const { stepUp: _proof, ...change } = request;
    return createHmac('sha256', this.key)
      .update(`teller-stepup-req-v1.${canonicalJson(change)}`)
      .digest('base64url');
  }

  /** Whether `proof` is good, now, for this very request. */
  check(proof: unknown, request: Idempotent, nowMs: number): ProofCheck {
    if (proof === undefined) return { ok: false, reason: 'missing' };
    if (typeof proof !== 'string' || proof.length > 2048) return { ok: false, reason: 'malformed' };
    const [version, payload, signature, ...rest] = proof.split('.');
    if (version !== 'v1' || !payload || !signature || rest.length > 0)
      return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'bad_signature' };
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (!claims || typeof claims !== 'object') return { ok: false, reason: 'malformed' };
    const { sub, key, req, m, iat, exp } = claims as Record<string, unknown>;
    if (typeof exp !== 'number' || typeof iat !== 'number' || (m !== 'webauthn' && m !== 'pin'))
      return { ok: false, reason: 'malformed' };
    // Expiry from the issue time, which may not be ahead of the bank's clock (a node clock running fast).
    if (nowMs > Math.min(exp, iat + STEP_UP_PROOF_TTL_MS) || iat > nowMs + STEP_UP_CLOCK_SKEW_MS)
      return { ok: false, reason: 'expired' };
    if (sub !== request.customerId || key !== request.idempotencyKey || typeof req !== 'string')
      return { ok: false, reason: 'wrong_request' };
    const expectedReq = Buffer.from(this.digest(request));
    const givenReq = Buffer.from(req);
    if (givenReq.length !== expectedReq.length || !timingSafeEqual(givenReq, expectedReq))
      return { ok: false, reason: 'wrong_request' };
    return { ok: true, method: m };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`teller-stepup-v1.${payload}`).digest('base64url');
  }
}
