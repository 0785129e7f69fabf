import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Proof that a customer passed a step-up (a biometric on the app, the phone PIN on a call) for one
 * bank change: the change's idempotency key, signed with a key the node and the core share. The core
 * asks for one where its step-up policy does (a transfer to a payee over the threshold, a new payee,
 * unfreezing a card; docs/bank-api.md, "Step-up proofs"), so a dialog path that skipped the step-up
 * moves nothing. A proof names one customer and one key, and a key commits one request, so a proof
 * authorises one change once: a replay of its call is answered as a replay, and any other call is refused.
 *
 * Format: `v1.<payload base64url>.<HMAC-SHA256 base64url>`, payload `{"sub","key","m","iat","exp"}`.
 */
export type StepUpMethod = 'webauthn' | 'pin';

export interface StepUpClaims {
  readonly customerId: string;
  readonly idempotencyKey: string;
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
        sub: claims.customerId,
        key: claims.idempotencyKey,
        m: claims.method,
        iat: nowMs,
        exp: nowMs + STEP_UP_PROOF_TTL_MS,
      }),
    ).toString('base64url');
    return `v1.${payload}.${this.sign(payload)}`;
  }

  /** Whether `proof` is good, now, for this customer's change under this key. */
  check(
    proof: unknown,
    request: { readonly customerId: string; readonly idempotencyKey: string },
    nowMs: number,
  ): ProofCheck {
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
    const { sub, key, m, iat, exp } = claims as Record<string, unknown>;
    if (typeof exp !== 'number' || typeof iat !== 'number' || (m !== 'webauthn' && m !== 'pin'))
      return { ok: false, reason: 'malformed' };
    // Expiry from the issue time, which may not be ahead of the bank's clock (a node clock running fast).
    if (nowMs > Math.min(exp, iat + STEP_UP_PROOF_TTL_MS) || iat > nowMs + STEP_UP_CLOCK_SKEW_MS)
      return { ok: false, reason: 'expired' };
    if (sub !== request.customerId || key !== request.idempotencyKey)
      return { ok: false, reason: 'wrong_request' };
    return { ok: true, method: m };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`teller-stepup-v1.${payload}`).digest('base64url');
  }
}
