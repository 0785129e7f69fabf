import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { Parsed } from '../shared/index.ts';

/**
 * Size caps for the fields of an assertion, in base64url characters. They bound the work an
 * untrusted body can cause before any cryptography runs; real values are far smaller.
 */
export const ASSERTION_LIMITS = {
  /** Credential ids are at most 1023 bytes (WebAuthn L2 §4, "Credential ID"): 1364 characters. */
  credentialIdChars: 1_364,
  /** CollectedClientData (§5.8.1) is a few hundred bytes; 4 KiB leaves room for extensions. */
  clientDataJsonChars: 5_462,
  /** 37 fixed bytes (§6.1) plus extension outputs. */
  authenticatorDataChars: 2_732,
  /** Enough for an RSA-4096 signature; an ECDSA P-256 DER signature is at most 72 bytes. */
  signatureChars: 1_366,
  /** user.id is at most 64 bytes (§5.4.3). */
  userHandleChars: 88,
} as const;

const base64url = (maxChars: number) =>
  z
    .string()
    .min(1)
    .max(maxChars)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url');

/**
 * The JSON a browser's `PublicKeyCredential.toJSON()` produces for an assertion (WebAuthn L3
 * §5.1, AuthenticationResponseJSON). Unknown keys are dropped, not refused: browsers add fields.
 */
const AssertionSchema = z
  .object({
    id: base64url(ASSERTION_LIMITS.credentialIdChars),
    rawId: base64url(ASSERTION_LIMITS.credentialIdChars),
    type: z.literal('public-key'),
    response: z.object({
      clientDataJSON: base64url(ASSERTION_LIMITS.clientDataJsonChars),
      authenticatorData: base64url(ASSERTION_LIMITS.authenticatorDataChars),
      signature: base64url(ASSERTION_LIMITS.signatureChars),
      userHandle: base64url(ASSERTION_LIMITS.userHandleChars).nullish(),
    }),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).nullish(),
  })
  .refine((a) => a.id === a.rawId, { message: 'id and rawId differ', path: ['rawId'] });

/** The fields of CollectedClientData (§5.8.1) read before verification, to find the challenge. */
const ClientDataSchema = z.object({
  type: z.string().max(64),
  challenge: base64url(ASSERTION_LIMITS.clientDataJsonChars),
  origin: z.string().max(2_048),
});

/** A shape-checked assertion plus the challenge its client data claims to answer. */
export interface ParsedAssertion {
  readonly response: AuthenticationResponseJSON;
  /** base64url, as the client wrote it in clientDataJSON; not yet verified. */
  readonly challenge: string;
}

/**
 * Checks an untrusted step-up answer against the assertion JSON shape and decodes its client data.
 * Nothing here is trusted yet: the signature is what binds these values (§7.2).
 */
export function parseAssertion(input: unknown): Parsed<ParsedAssertion> {
  const shape = AssertionSchema.safeParse(input);
  if (!shape.success) return { ok: false, error: shape.error.issues[0]?.message ?? 'invalid assertion' };
  const a = shape.data;
  let clientData: unknown;
  try {
    clientData = JSON.parse(Buffer.from(a.response.clientDataJSON, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, error: 'clientDataJSON is not JSON' };
  }
  const cd = ClientDataSchema.safeParse(clientData);
  if (!cd.success) return { ok: false, error: 'clientDataJSON lacks type, challenge or origin' };
  const response: AuthenticationResponseJSON = {
    id: a.id,
    rawId: a.rawId,
    type: 'public-key',
    response: {
      clientDataJSON: a.response.clientDataJSON,
      authenticatorData: a.response.authenticatorData,
      signature: a.response.signature,
      ...(a.response.userHandle ? { userHandle: a.response.userHandle } : {}),
    },
    // Step-up requests no extensions, so none of their outputs are passed on.
    clientExtensionResults: {},
    ...(a.authenticatorAttachment ? { authenticatorAttachment: a.authenticatorAttachment } : {}),
  };
  return { ok: true, value: { response, challenge: stripPadding(cd.data.challenge) } };
}

/** base64url without `=` padding: the form challenges are compared in. */
export function stripPadding(value: string): string {
  return value.replace(/=+$/, '');
}
