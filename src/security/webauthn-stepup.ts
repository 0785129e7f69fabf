import { randomBytes, randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type PublicKeyCredentialRequestOptionsJSON,
  type VerifiedAuthenticationResponse,
} from '@simplewebauthn/server';
import type { BankingCore, DeviceCredential } from '../bank/index.ts';
import { TellerError } from '../shared/index.ts';
import { parseAssertion, stripPadding } from './assertion-schema.ts';

/** A biometric challenge sent to the app; `options` go to `navigator.credentials.get({ publicKey })`. */
export interface StepUpChallenge {
  /** Opaque id for logs and audit; not the challenge bytes. */
  readonly id: string;
  readonly customerId: string;
  readonly sessionId: string;
  readonly options: PublicKeyCredentialRequestOptionsJSON;
  readonly expiresAtMs: number;
}

/** Why an assertion was refused. Every refusal cancels the task; the reason is for audit and metrics. */
export type StepUpRefusal =
  | 'expired'
  | 'replayed'
  | 'unknown_challenge'
  | 'wrong_origin'
  | 'wrong_rp'
  | 'bad_signature'
  | 'no_user_verification'
  | 'unknown_credential'
  | 'malformed'
  | 'counter';

/** The outcome of one step-up answer. */
export type StepUpVerdict = { ok: true; credentialId: string } | { ok: false; reason: StepUpRefusal };

/** Options for {@link WebAuthnStepUp}. */
export interface WebAuthnStepUpOptions {
  readonly bank: BankingCore;
  /** The relying party id the app's credentials are scoped to, e.g. "bank.example" (WebAuthn L2 §5.1.2). */
  readonly rpId: string;
  /** Display name; used only when registering, kept here so one object configures the RP. */
  readonly rpName?: string;
  /** Every origin an assertion may come from: web origins and native-app origins ("android:apk-key-hash:…"). */
  readonly origins: readonly string[];
  /** How long a challenge stays answerable. */
  readonly timeoutMs?: number;
  /** Defaults to the bank's clock, so the sandbox world's simulated time governs expiry too. */
  readonly clock?: { now(): number };
  /** Most challenges pending at once (and most used challenges remembered for replay detection). */
  readonly maxPending?: number;
}

/** Defaults for the optional limits of {@link WebAuthnStepUpOptions}. */
export const WEBAUTHN_STEPUP_DEFAULTS = {
  timeoutMs: 120_000,
  maxPending: 10_000,
} as const satisfies Partial<WebAuthnStepUpOptions>;

/** 32 bytes: WebAuthn L2 §13.4.3 asks for at least 16 random bytes per ceremony. */
const CHALLENGE_BYTES = 32;
const AUDIT_ACTION = 'stepup.webauthn';

interface Pending {
  readonly id: string;
  readonly challenge: string;
  /** Credential ids in allowCredentials, unpadded. */
  readonly allowed: ReadonlySet<string>;
  readonly expiresAtMs: number;
}

interface Checked {
  readonly verdict: StepUpVerdict;
  /** The registered credential the assertion named, once matched: for the audit trail. */
  readonly credentialId?: string;
}

/**
 * The app channel's biometric step-up: a single-use WebAuthn assertion challenge per session,
 * verified against the customer's registered device credentials (WebAuthn L2 §7.2, "Verifying an
 * Authentication Assertion"). Refusals are values, never throws; each verdict is audited.
 */
export class WebAuthnStepUp {
  readonly rpId: string;
  readonly rpName: string | undefined;
  private readonly bank: BankingCore;
  private readonly origins: string[];
  private readonly timeoutMs: number;
  private readonly maxPending: number;
  private readonly clock: { now(): number };
  /** One live challenge per (customer, session), oldest first: Map keeps insertion order. */
  private readonly pending = new Map<string, Pending>();
  /** Challenges already consumed, so a replay can be told from a stray answer. Oldest first. */
  private readonly used = new Set<string>();

  constructor(options: WebAuthnStepUpOptions) {
    const timeoutMs = options.timeoutMs ?? WEBAUTHN_STEPUP_DEFAULTS.timeoutMs;
    const maxPending = options.maxPending ?? WEBAUTHN_STEPUP_DEFAULTS.maxPending;
    if (options.rpId.trim() === '') {
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        'webauthn rpId is empty: set it to the app domain, like "bank.example"',
      );
    }
    if (options.origins.length === 0) {
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        'webauthn origins is empty: list the origins assertions come from, like "https://bank.example"',
      );
    }
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) {
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        `webauthn timeoutMs ${timeoutMs} is invalid: use a positive integer`,
      );
    }
    if (!Number.isSafeInteger(maxPending) || maxPending <= 0) {
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        `webauthn maxPending ${maxPending} is invalid: use a positive integer`,
      );
    }
    this.bank = options.bank;
    this.rpId = options.rpId;
    this.rpName = options.rpName;
    this.origins = [...options.origins];
    this.timeoutMs = timeoutMs;
    this.maxPending = maxPending;
    const bank = options.bank;
    this.clock = options.clock ?? { now: () => bank.now() };
  }

  /** Challenges waiting for an answer; never above `maxPending`. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Issues a fresh challenge for this session, replacing any earlier one. allowCredentials lists the
   * customer's registered credentials; an empty list lets the platform offer any credential for the
   * RP, which verification still limits to this customer's.
   */
  async createChallenge(customerId: string, sessionId: string): Promise<StepUpChallenge> {
    const credentials = await this.bank.listDeviceCredentials(customerId);
    const options = await generateAuthenticationOptions({
      rpID: this.rpId,
      allowCredentials: credentials.map((c) => ({ id: c.id, transports: [...c.transports] })),
      challenge: new Uint8Array(randomBytes(CHALLENGE_BYTES)),
      timeout: this.timeoutMs,
      // Step-up must prove who holds the device, not just that someone touched it (§6.1 flag UV).
      userVerification: 'required',
    });
    const pending: Pending = {
      id: randomUUID(),
      challenge: stripPadding(options.challenge),
      allowed: new Set(credentials.map((c) => stripPadding(c.id))),
      expiresAtMs: this.clock.now() + this.timeoutMs,
    };
    const key = pendingKey(customerId, sessionId);
    this.pending.delete(key);
    // Timeouts are equal, so the oldest entry is also the first to expire: evicting it first never
    // drops a younger challenge while an older one survives.
    while (this.pending.size >= this.maxPending) this.deleteOldest(this.pending);
    this.pending.set(key, pending);
    return { id: pending.id, customerId, sessionId, options, expiresAtMs: pending.expiresAtMs };
  }

  /** Drops the session's challenge (the customer dismissed the prompt). Returns whether one was pending. */
  cancel(customerId: string, sessionId: string): boolean {
    return this.take(customerId, sessionId) !== undefined;
  }

  /**
   * Verifies the app's answer to this session's challenge. The challenge is consumed whatever the
   * outcome, so every challenge gets exactly one answer.
   */
  async verify(customerId: string, sessionId: string, response: unknown): Promise<StepUpVerdict> {
    // Taken before any await: two concurrent answers cannot both find the challenge.
    const pending = this.take(customerId, sessionId);
    const checked = await this.check(customerId, pending, response);
    const { verdict } = checked;
    await this.bank.audit({
      customerId,
      action: AUDIT_ACTION,
      outcome: verdict.ok ? 'ok' : 'refused',
      ...(verdict.ok ? {} : { code: verdict.reason }),
      details: {
        sessionId,
        challengeId: pending?.id ?? null,
        // A prefix names the device for investigators without copying identifiers wholesale.
        credential: checked.credentialId?.slice(0, 8) ?? null,
      },
    });
    return verdict;
  }

  private async check(customerId: string, pending: Pending | undefined, input: unknown): Promise<Checked> {
    const parsed = parseAssertion(input);
    if (!parsed.ok) return refuse('malformed');
    const { response, challenge } = parsed.value;
    // §7.2: C.challenge must equal this ceremony's challenge. We check before the library does so a
    // replay (a challenge already consumed) is told apart from an answer to no challenge of ours.
    if (pending === undefined || pending.challenge !== challenge) {
      return refuse(this.used.has(challenge) ? 'replayed' : 'unknown_challenge');
    }
    if (this.clock.now() >= pending.expiresAtMs) return refuse('expired');
    // §7.2: the credential must be one allowCredentials listed, and must belong to this customer.
    const credentialId = stripPadding(response.id);
    if (pending.allowed.size > 0 && !pending.allowed.has(credentialId)) return refuse('unknown_credential');
    const credentials = await this.bank.listDeviceCredentials(customerId);
    const credential = credentials.find((c) => stripPadding(c.id) === credentialId);
    if (credential === undefined) return refuse('unknown_credential');
    let result: VerifiedAuthenticationResponse;
    try {
      result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: pending.challenge,
        expectedOrigin: this.origins,
        expectedRPID: this.rpId,
        credential: toWebAuthnCredential(credential),
        requireUserVerification: true,
      });
    } catch (error) {
      return { ...refuse(classify(error)), credentialId: credential.id };
    }
    if (!result.verified) return { ...refuse('bad_signature'), credentialId: credential.id };
    // §6.1.1: storing the new signCount lets the next assertion detect a cloned authenticator.
    await this.bank.updateDeviceCounter(customerId, credential.id, result.authenticationInfo.newCounter);
    return { verdict: { ok: true, credentialId: credential.id }, credentialId: credential.id };
  }

  /** Removes and returns the session's challenge, remembering it as used. */
  private take(customerId: string, sessionId: string): Pending | undefined {
    const key = pendingKey(customerId, sessionId);
    const pending = this.pending.get(key);
    if (pending === undefined) return undefined;
    this.pending.delete(key);
    while (this.used.size >= this.maxPending) this.deleteOldest(this.used);
    this.used.add(pending.challenge);
    return pending;
  }

  private deleteOldest(collection: Map<string, unknown> | Set<string>): void {
    const first = collection.keys().next();
    if (first.done !== true) collection.delete(first.value);
  }
}

/** JSON array form, so no customer or session id can forge another pair's key with a separator. */
function pendingKey(customerId: string, sessionId: string): string {
  return JSON.stringify([customerId, sessionId]);
}

function refuse(reason: StepUpRefusal): Checked {
  return { verdict: { ok: false, reason } };
}

function toWebAuthnCredential(c: DeviceCredential) {
  return {
    id: c.id,
    publicKey: new Uint8Array(c.publicKey),
    counter: c.counter,
    transports: [...c.transports],
  };
}

/**
 * @simplewebauthn/server throws plain Errors, so the reason is read from the message. Patterns are
 * anchored at the start because messages go on to quote client-supplied values (an origin, a type);
 * tests pin each mapping against the installed version. Anything unrecognised is a bad signature:
 * it failed after the shape checks, and a refusal is the safe default.
 */
function classify(error: unknown): StepUpRefusal {
  const message = error instanceof Error ? error.message : '';
  if (error instanceof Error && error.name === 'UnexpectedRPIDHash') return 'wrong_rp';
  if (/^Unexpected RP ID hash/.test(message)) return 'wrong_rp';
  if (
    /^(Unexpected (cross-origin )?authentication response (top )?origin|Unexpected top origin|Detected cross-origin)/.test(
      message,
    )
  ) {
    return 'wrong_origin';
  }
  if (/^User (verification required|not present)/.test(message)) return 'no_user_verification';
  if (/^Response counter value/.test(message)) return 'counter';
  if (/^(Unexpected authentication response challenge|Custom challenge verifier)/.test(message)) {
    return 'unknown_challenge';
  }
  if (
    /^(Missing credential ID|Credential ID was not|Unexpected credential type|Credential missing response|Credential response|Unexpected authentication response type|ClientDataJSON tokenBinding|Unexpected tokenBinding|Authenticator data was)/.test(
      message,
    )
  ) {
    return 'malformed';
  }
  return 'bad_signature';
}
