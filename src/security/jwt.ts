import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import {
  createRemoteJWKSet,
  errors,
  importSPKI,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWTVerifyGetKey,
} from 'jose';
import { TellerError } from '../shared/index.ts';

/** Who a session token says is calling. */
export interface SessionClaims {
  readonly customerId: string;
  readonly channel: 'app' | 'phone';
  readonly lang: 'en' | 'zh' | undefined;
  readonly expiresAtMs: number;
}

export type TokenVerdict =
  { readonly ok: true; readonly claims: SessionClaims } | { readonly ok: false; readonly reason: string };

export interface JwtOptions {
  /** HS256 shared secret (at least 32 bytes), ... */
  readonly secret?: string;
  /** ... or an SPKI PEM public key (RS256 / ES256 / EdDSA), ... */
  readonly publicKeyPem?: string;
  readonly publicKeyAlg?: string;
  /** ... or the bank's JWKS endpoint. */
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience: string;
  /** Allowed clock skew. */
  readonly clockToleranceS?: number;
}

const ALGS_FOR_SECRET = ['HS256', 'HS384', 'HS512'];

/**
 * Verifies the bank-signed session tokens the app presents at the WebSocket handshake (jose): the
 * signature, `exp` (required), `aud`, `iss` when configured, and a `sub` naming the customer. A
 * forged, expired or wrong-audience token is refused with the reason; nothing of it is logged.
 */
export class SessionTokens {
  private readonly key: KeyObject | JWTVerifyGetKey | Promise<CryptoKey>;
  private readonly algorithms: string[] | undefined;
  private readonly secret: KeyObject | undefined;

  constructor(private readonly options: JwtOptions) {
    if (options.secret !== undefined) {
      if (Buffer.byteLength(options.secret) < 32)
        throw new TellerError('TELLER_ERR_CONFIG', 'the JWT secret must be at least 32 bytes');
      this.secret = createSecretKey(Buffer.from(options.secret));
      this.key = this.secret;
      this.algorithms = ALGS_FOR_SECRET;
    } else if (options.publicKeyPem !== undefined) {
      const alg = options.publicKeyAlg ?? 'ES256';
      this.key = importSPKI(options.publicKeyPem, alg);
      this.algorithms = [alg];
    } else if (options.jwksUrl !== undefined) {
      this.key = createRemoteJWKSet(new URL(options.jwksUrl));
      this.algorithms = undefined;
    } else {
      throw new TellerError('TELLER_ERR_CONFIG', 'configure a JWT secret, public key or JWKS URL');
    }
  }

  /** A sandbox-only signer: a random secret, so demo tokens can be minted (see `teller serve`). */
  static sandbox(audience: string): SessionTokens {
    return new SessionTokens({
      secret: randomBytes(32).toString('base64url'),
      audience,
      issuer: 'teller-sandbox',
    });
  }

  get canSign(): boolean {
    return this.secret !== undefined;
  }

  /** Mints a token (HS256; only with a shared secret): for the sandbox's demo sign-in and tests. */
  async sign(
    claims: { customerId: string; channel?: 'app' | 'phone'; lang?: 'en' | 'zh'; ttlS?: number },
    nowMs = Date.now(),
  ): Promise<string> {
    if (!this.secret)
      throw new TellerError('TELLER_ERR_CONFIG', 'tokens can only be minted with a shared secret');
    const jwt = new SignJWT({
      channel: claims.channel ?? 'app',
      ...(claims.lang ? { lang: claims.lang } : {}),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.customerId)
      .setAudience(this.options.audience)
      .setIssuedAt(Math.floor(nowMs / 1000))
      .setExpirationTime(Math.floor(nowMs / 1000) + (claims.ttlS ?? 3600));
    if (this.options.issuer) jwt.setIssuer(this.options.issuer);
    return jwt.sign(this.secret);
  }

  async verify(token: string, nowMs = Date.now()): Promise<TokenVerdict> {
    if (token.length === 0 || token.length > 8192) return { ok: false, reason: 'token missing or too long' };
    try {
      const key = this.key instanceof Promise ? await this.key : this.key;
      const options = {
        audience: this.options.audience,
        ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
        ...(this.algorithms ? { algorithms: this.algorithms } : {}),
        requiredClaims: ['exp', 'sub'],
        clockTolerance: this.options.clockToleranceS ?? 30,
        currentDate: new Date(nowMs),
      };
      const { payload } =
        typeof key === 'function'
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key, options);
      const channel = payload['channel'] === 'phone' ? 'phone' : 'app';
      const lang = payload['lang'] === 'en' || payload['lang'] === 'zh' ? payload['lang'] : undefined;
      if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 128) {
        return { ok: false, reason: 'the token names no customer' };
      }
      return {
        ok: true,
        claims: { customerId: payload.sub, channel, lang, expiresAtMs: (payload.exp ?? 0) * 1000 },
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'the token has expired' };
      if (error instanceof errors.JWTClaimValidationFailed)
        return { ok: false, reason: `the token's ${error.claim} claim is not accepted` };
      if (error instanceof errors.JWSSignatureVerificationFailed)
        return { ok: false, reason: 'the token signature does not verify' };
      if (error instanceof errors.JOSEAlgNotAllowed)
        return { ok: false, reason: 'the token algorithm is not accepted' };
      return { ok: false, reason: 'the token is malformed' };
    }
  }
}
