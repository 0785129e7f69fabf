import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type RegistrationResponseJSON,
  type VerifiedRegistrationResponse,
} from '@simplewebauthn/server';
import { z } from 'zod';
import type { BankingCore } from '../../bank/index.ts';
import type { SessionTokens } from '../../security/index.ts';
import type { ErrorCode } from '../../shared/index.ts';
import { readJsonBody, sendJson, type Route } from '../http-server.ts';

/** Options for {@link demoPasskeyRoutes}. */
export interface DemoPasskeyOptions {
  readonly bank: BankingCore;
  readonly tokens: SessionTokens;
  /** The WebAuthn relying party id; the step-up verifier must use the same one. */
  readonly rpId: string;
  readonly rpName?: string;
  /**
   * Origins a registration may come from. Absent: this server's own `http://localhost:PORT` and
   * `http://127.0.0.1:PORT`, the same default the server gives its step-up verifier.
   */
  readonly origins?: readonly string[] | undefined;
  /** How long a registration challenge stays answerable. */
  readonly timeoutMs?: number;
  /** Most registrations pending at once; the oldest is dropped beyond it. */
  readonly maxPending?: number;
  /** For challenge expiry; wall time by default. */
  readonly clock?: { now(): number };
}

/** Defaults for the optional limits of {@link DemoPasskeyOptions}. */
export const DEMO_PASSKEY_DEFAULTS = {
  rpName: 'Teller',
  timeoutMs: 120_000,
  maxPending: 1_000,
} as const satisfies Partial<DemoPasskeyOptions>;

/** Registration responses are a few hundred bytes; 16 KiB leaves room for large attestation objects. */
const MAX_BODY_BYTES = 16 * 1024;

const b64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url');

/** The JSON form of a `PublicKeyCredential` from `navigator.credentials.create` (WebAuthn L3 §5.1.8). */
const VerifyBody = z.object({
  response: z.looseObject({
    id: b64url.max(1024),
    rawId: b64url.max(1024),
    type: z.literal('public-key'),
    response: z.looseObject({
      clientDataJSON: b64url.max(4096),
      attestationObject: b64url.max(12_288),
      transports: z.array(z.string().max(32)).max(8).optional(),
    }),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  }),
});

interface Pending {
  readonly challenge: string;
  readonly expiresAtMs: number;
}

function fail(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

function bearer(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
}

/**
 * Sandbox demo routes that register a passkey for the demo customer (WebAuthn L3 §7.1, "Registering
 * a New Credential"), so the web client's biometric step-up has a credential to assert with. A real
 * deployment registers devices in the bank's own app; these routes exist only where demo tokens do.
 *
 * - `POST /v1/demo/passkey/options` → `PublicKeyCredentialCreationOptionsJSON` for
 *   `navigator.credentials.create`, with user verification required.
 * - `POST /v1/demo/passkey/verify` with `{ response }` (the credential's JSON) → `{ ok, credentialId }`
 *   after verifying the attestation; the credential is stored with `bank.addDeviceCredential`.
 *
 * Both need `Authorization: Bearer <demo token>`.
 */
export function demoPasskeyRoutes(options: DemoPasskeyOptions): Record<string, Route> {
  const { bank, tokens, rpId } = options;
  const rpName = options.rpName ?? DEMO_PASSKEY_DEFAULTS.rpName;
  const timeoutMs = options.timeoutMs ?? DEMO_PASSKEY_DEFAULTS.timeoutMs;
  const maxPending = options.maxPending ?? DEMO_PASSKEY_DEFAULTS.maxPending;
  const clock = options.clock ?? Date;
  /** One registration in flight per customer, oldest first (Map keeps insertion order). */
  const pending = new Map<string, Pending>();

  const customerOf = async (req: IncomingMessage, res: ServerResponse) => {
    const token = bearer(req);
    if (!token) {
      fail(res, 401, 'TELLER_ERR_UNAUTHENTICATED', 'send the demo token as "Authorization: Bearer <token>"');
      return undefined;
    }
    const verdict = await tokens.verify(token, bank.now());
    const customer = verdict.ok ? await bank.getCustomer(verdict.claims.customerId) : undefined;
    if (!customer) {
      fail(res, 401, 'TELLER_ERR_UNAUTHENTICATED', 'the demo token is invalid or expired: sign in again');
      return undefined;
    }
    return customer;
  };

  const originsFor = (req: IncomingMessage): string[] => {
    if (options.origins) return [...options.origins];
    const port = req.socket.localPort;
    return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  };

  const createOptions: Route = {
    POST: async (req, res) => {
      const customer = await customerOf(req, res);
      if (!customer) return;
      const existing = await bank.listDeviceCredentials(customer.id);
      const creation = await generateRegistrationOptions({
        rpName,
        rpID: rpId,
        userName: customer.id,
        userDisplayName: customer.name,
        // A stable opaque handle (WebAuthn L3 §14.6.1: no personal data in user.id), so a second
        // registration on one authenticator replaces the first discoverable credential.
        userID: new Uint8Array(createHash('sha256').update(`teller-demo:${customer.id}`).digest()),
        timeout: timeoutMs,
        attestationType: 'none',
        // The browser refuses to register a second credential on an authenticator that holds one.
        excludeCredentials: existing.map((c) => ({ id: c.id, transports: [...c.transports] })),
        authenticatorSelection: {
          authenticatorAttachment: 'platform',
          residentKey: 'preferred',
          userVerification: 'required',
        },
      });
      pending.delete(customer.id);
      while (pending.size >= maxPending) {
        const oldest = pending.keys().next();
        if (oldest.done === true) break;
        pending.delete(oldest.value);
      }
      pending.set(customer.id, { challenge: creation.challenge, expiresAtMs: clock.now() + timeoutMs });
      sendJson(res, 200, creation);
    },
  };

  const verify: Route = {
    POST: async (req, res) => {
      const customer = await customerOf(req, res);
      if (!customer) return;
      const body = VerifyBody.safeParse(await readJsonBody(req, MAX_BODY_BYTES));
      if (!body.success) {
        const issue = body.error.issues[0];
        return fail(
          res,
          400,
          'TELLER_ERR_INVALID_REQUEST',
          `send {"response": <PublicKeyCredential JSON>}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
        );
      }
      // Single use: taken before any await, so two answers cannot both use one challenge.
      const challenge = pending.get(customer.id);
      pending.delete(customer.id);
      if (!challenge || clock.now() >= challenge.expiresAtMs) {
        return fail(
          res,
          400,
          'TELLER_ERR_INVALID_REQUEST',
          'no registration is pending or it expired: request new options from /v1/demo/passkey/options',
        );
      }
      let verified: VerifiedRegistrationResponse;
      try {
        verified = await verifyRegistrationResponse({
          response: body.data.response as unknown as RegistrationResponseJSON,
          expectedChallenge: challenge.challenge,
          expectedOrigin: originsFor(req),
          expectedRPID: rpId,
          requireUserVerification: true,
        });
      } catch (error) {
        return fail(
          res,
          400,
          'TELLER_ERR_INVALID_REQUEST',
          `the passkey registration did not verify: ${(error as Error).message}`,
        );
      }
      if (!verified.verified)
        return fail(res, 400, 'TELLER_ERR_INVALID_REQUEST', 'the passkey registration did not verify');
      const { credential } = verified.registrationInfo;
      const known = await bank.listDeviceCredentials(customer.id);
      if (known.some((c) => c.id === credential.id))
        return fail(res, 409, 'TELLER_ERR_INVALID_REQUEST', 'this passkey is already registered');
      await bank.addDeviceCredential({
        id: credential.id,
        customerId: customer.id,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: body.data.response.response.transports ?? ['internal'],
        label: 'demo web passkey',
      });
      sendJson(res, 200, { ok: true, credentialId: credential.id });
    },
  };

  return { '/v1/demo/passkey/options': createOptions, '/v1/demo/passkey/verify': verify };
}
