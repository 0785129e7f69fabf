import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  isInnerList,
  parseDictionary,
  serializeInnerList,
  serializeItem,
  type DictionaryMember,
} from './structured-fields.ts';

/*
 * AudioHook authenticates its WebSocket upgrade with an API key and an HTTP message signature
 * (draft-ietf-httpbis-message-signatures, now RFC 9421) keyed with the integration's client secret:
 * HMAC-SHA256 over `@request-target`, `@authority` and the `audiohook-organization-id`,
 * `audiohook-session-id`, `audiohook-correlation-id` and `x-api-key` header fields. The checks and
 * their limits follow Genesys' reference server (purecloudlabs/audiohook-reference-implementation,
 * app/src/authenticator.ts and app/audiohook/src/httpsignature/signature-verifier.ts).
 */

/** Components every AudioHook signature must cover. */
export const REQUIRED_COMPONENTS = [
  '@request-target',
  '@authority',
  'audiohook-organization-id',
  'audiohook-session-id',
  'audiohook-correlation-id',
  'x-api-key',
] as const;

/** Signature checks' limits, as the reference server sets them. */
export const SIGNATURE_DEFAULTS = {
  /** Oldest `created` accepted (the reference server's maxSignatureAge). */
  maxAgeS: 10,
  /** Clock skew tolerated between Genesys and this server. */
  skewS: 3,
  /** Shortest nonce accepted (the reference server's limit). */
  minNonceChars: 22,
} as const;

/** The upgrade request to check, and the credentials to check it with. */
export interface SignatureRequest {
  readonly headers: IncomingHttpHeaders;
  /** `req.url`: path and query, as the client sent them. */
  readonly target: string;
  readonly apiKey: string;
  /** The client secret, base64-decoded (as Genesys configures it). */
  readonly secret: Buffer;
  readonly nowS: number;
  /** Records a nonce until `untilS`; false when it was already seen (a replayed request). */
  readonly useNonce?: (nonce: string, untilS: number) => boolean;
}

/** Why a request was refused (all become HTTP 401). */
export type SignatureFailure =
  'unsigned' | 'invalid' | 'expired' | 'wrong_key' | 'bad_signature' | 'replayed';

/** The outcome of {@link verifyAudioHookSignature}. */
export type SignatureVerdict =
  { readonly ok: true } | { readonly ok: false; readonly reason: SignatureFailure; readonly message: string };

const fail = (reason: SignatureFailure, message: string): SignatureVerdict => ({
  ok: false,
  reason,
  message,
});

/** A header field's value as RFC 9421 §2.1 covers it: trimmed, repeated fields joined with ", ". */
export function canonicalHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const field = headers[name];
  if (field === undefined) return undefined;
  const values = Array.isArray(field) ? field : [field];
  return values.map((v) => v.trim().replace(/[ \t]*\r\n[ \t]+/g, ' ')).join(', ');
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function member(headers: IncomingHttpHeaders, name: string): Map<string, DictionaryMember> | undefined {
  const value = canonicalHeader(headers, name);
  return value === undefined ? new Map() : parseDictionary(value);
}

/** Checks the API key and the signature of an AudioHook upgrade request. */
export function verifyAudioHookSignature(request: SignatureRequest): SignatureVerdict {
  const { headers } = request;
  const apiKey = canonicalHeader(headers, 'x-api-key');
  if (!apiKey || !safeEqual(Buffer.from(apiKey), Buffer.from(request.apiKey)))
    return fail('wrong_key', 'X-API-KEY is missing or not the configured key');
  let inputs: Map<string, DictionaryMember> | undefined;
  let signatures: Map<string, DictionaryMember> | undefined;
  try {
    inputs = member(headers, 'signature-input');
    signatures = member(headers, 'signature');
  } catch (error) {
    return fail('invalid', (error as Error).message);
  }
  if (!inputs || !signatures || (inputs.size === 0 && signatures.size === 0))
    return fail('unsigned', 'no Signature and Signature-Input header fields');
  const [label, input] = [...inputs][0] ?? [];
  const signature = label ? signatures.get(label) : undefined;
  if (!label || !input || !isInnerList(input)) return fail('invalid', 'Signature-Input is not an inner list');
  if (!signature || isInnerList(signature) || !(signature.value instanceof Uint8Array))
    return fail('invalid', `no Signature byte sequence labelled ${label}`);

  const params = new Map(input.params);
  const created = params.get('created');
  const expires = params.get('expires');
  const keyid = params.get('keyid');
  const nonce = params.get('nonce');
  const alg = params.get('alg');
  for (const key of params.keys())
    if (!['created', 'expires', 'keyid', 'nonce', 'alg'].includes(key))
      return fail('invalid', `unknown signature parameter ${key}`);
  if (typeof created !== 'number' || !Number.isInteger(created))
    return fail('invalid', 'the created parameter is required');
  if (created > request.nowS + SIGNATURE_DEFAULTS.skewS) return fail('invalid', 'created is in the future');
  if (request.nowS - created > SIGNATURE_DEFAULTS.maxAgeS + SIGNATURE_DEFAULTS.skewS)
    return fail('expired', `the signature is older than ${SIGNATURE_DEFAULTS.maxAgeS} s`);
  if (typeof expires === 'number' && expires < request.nowS)
    return fail('expired', 'the signature has expired');
  if (typeof keyid !== 'string' || keyid !== apiKey) return fail('invalid', 'keyid does not match X-API-KEY');
  if (typeof nonce !== 'string' || nonce.length < SIGNATURE_DEFAULTS.minNonceChars)
    return fail('invalid', 'the nonce parameter is missing or too short');
  if (alg !== undefined && alg !== 'hmac-sha256') return fail('invalid', 'alg must be hmac-sha256');

  const lines: string[] = [];
  const covered = new Set<string>();
  for (const item of input.items) {
    const name = item.value;
    if (typeof name !== 'string' || item.params.length > 0)
      return fail('invalid', 'covered components must be plain strings');
    if (covered.has(name) || name === '@signature-params')
      return fail('invalid', `component ${name} not allowed`);
    const value = componentValue(name, request);
    if (value === undefined) return fail('invalid', `component ${name} is not in the request`);
    covered.add(name);
    lines.push(`${serializeItem(item)}: ${value}`);
  }
  const missing = REQUIRED_COMPONENTS.filter((c) => !covered.has(c));
  if (missing.length > 0) return fail('invalid', `the signature does not cover ${missing.join(', ')}`);
  lines.push(`"@signature-params": ${serializeInnerList(input)}`);

  const expected = createHmac('sha256', request.secret).update(lines.join('\n')).digest();
  if (!safeEqual(Buffer.from(signature.value), expected))
    return fail('bad_signature', 'the signature does not match the client secret');
  const untilS = Math.max(created + SIGNATURE_DEFAULTS.maxAgeS, typeof expires === 'number' ? expires : 0);
  if (
    request.useNonce &&
    !request.useNonce(nonce, Math.min(untilS, created + 3600) + SIGNATURE_DEFAULTS.skewS)
  )
    return fail('replayed', 'this signature was already used');
  return { ok: true };
}

function componentValue(name: string, request: SignatureRequest): string | undefined {
  const [path = '', query] = request.target.split('?', 2);
  switch (name) {
    case '@request-target':
      return request.target;
    case '@authority':
      return canonicalHeader(request.headers, 'host')?.toLowerCase();
    case '@method':
      return 'GET';
    case '@path':
      return path;
    case '@query':
      return `?${query ?? ''}`;
    default:
      return name.startsWith('@') ? undefined : canonicalHeader(request.headers, name);
  }
}

/** Remembers nonces for their signature's lifetime, bounded, to refuse replayed upgrade requests. */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly maxEntries = 10_000) {}

  use(nonce: string, untilS: number, nowS: number): boolean {
    for (const [key, until] of this.seen) {
      if (until > nowS && this.seen.size < this.maxEntries) break;
      this.seen.delete(key);
    }
    const previous = this.seen.get(nonce);
    if (previous !== undefined && previous > nowS) return false;
    this.seen.set(nonce, untilS);
    return true;
  }
}
