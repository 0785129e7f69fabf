import {
  createECDH,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { cose, isoCBOR } from '@simplewebauthn/server/helpers';
import type { BankingCore, DeviceCredential } from '../bank/index.ts';

/** Options for {@link SoftwareAuthenticator.create} and {@link SoftwareAuthenticator.register}. */
export interface SoftwareAuthenticatorOptions {
  /** The device's name in the bank ("Test phone"). */
  readonly label?: string;
  /** Derives the key pair and credential id, so fixtures stay stable across runs; absent: random. */
  readonly seed?: string | Uint8Array;
}

/** Parameters of one assertion, as a browser would fill them in. */
export interface AssertParams {
  /** The origin the client reports in clientDataJSON. */
  readonly origin: string;
  /** Sets the UV flag; false models a tap without biometrics. Default true. */
  readonly userVerified?: boolean;
  /** Overrides `options.rpId` in the rpIdHash, to model a credential scoped to another RP. */
  readonly rpId?: string;
}

/** authenticatorData flags (WebAuthn L2 §6.1): bit 0 user present, bit 2 user verified. */
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
/** Order of the P-256 group (SEC 2 §2.4.2): a private scalar must lie in [1, n). */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/**
 * A software WebAuthn authenticator with one ES256 (P-256) credential, for tests and bank QA: it
 * produces the AuthenticationResponseJSON a browser would send after a biometric prompt. It signs
 * whatever it is given (it does not enforce allowCredentials or origins), because checking those is
 * the relying party's job and tests need to prove the server does.
 */
export class SoftwareAuthenticator {
  /** base64url credential id. */
  readonly credentialId: string;
  readonly label: string;
  /** COSE_Key encoding of the public key (§6.5.1.1), as stored in the bank. */
  readonly publicKey: Uint8Array;
  private readonly privateKey: KeyObject;
  private signCount = 0;
  private impostor: KeyObject | undefined;

  private constructor(privateKey: KeyObject, credentialId: string, label: string) {
    this.privateKey = privateKey;
    this.credentialId = credentialId;
    this.label = label;
    this.publicKey = coseEc2PublicKey(privateKey);
  }

  /** A new authenticator that no bank knows yet (for "unknown credential" cases). */
  static create(options: SoftwareAuthenticatorOptions = {}): SoftwareAuthenticator {
    const label = options.label ?? 'Software authenticator';
    if (options.seed === undefined) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const id = createHash('sha256').update(privateKey.export({ format: 'der', type: 'pkcs8' }));
      return new SoftwareAuthenticator(privateKey, id.digest().subarray(0, 16).toString('base64url'), label);
    }
    const seed = typeof options.seed === 'string' ? Buffer.from(options.seed, 'utf8') : options.seed;
    const id = createHash('sha256').update('teller-credential-id\0').update(seed).digest();
    return new SoftwareAuthenticator(seededKey(seed), id.subarray(0, 16).toString('base64url'), label);
  }

  /** Makes an authenticator and registers its credential for the customer with `bank.addDeviceCredential`. */
  static async register(
    bank: BankingCore,
    customerId: string,
    options: SoftwareAuthenticatorOptions = {},
  ): Promise<SoftwareAuthenticator> {
    const authenticator = SoftwareAuthenticator.create(options);
    await bank.addDeviceCredential(authenticator.deviceCredential(customerId));
    return authenticator;
  }

  /** The public part the bank stores. The counter starts at 0; the first assertion reports 1. */
  deviceCredential(customerId: string): DeviceCredential {
    return {
      id: this.credentialId,
      customerId,
      publicKey: this.publicKey,
      counter: 0,
      transports: ['internal'],
      label: this.label,
    };
  }

  /** A valid assertion for these request options, as the browser's AuthenticationResponseJSON. */
  assert(options: PublicKeyCredentialRequestOptionsJSON, params: AssertParams): AuthenticationResponseJSON {
    this.signCount += 1;
    return this.build(options, params, this.signCount, this.privateKey);
  }

  /**
   * An assertion that must not verify: same shape and a fresh counter, signed by a different key.
   * It does not advance this authenticator's counter, since the real device never signed it.
   */
  forge(
    options: PublicKeyCredentialRequestOptionsJSON,
    params: { origin: string },
  ): AuthenticationResponseJSON {
    this.impostor ??= generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    return this.build(options, params, this.signCount + 1, this.impostor);
  }

  private build(
    options: PublicKeyCredentialRequestOptionsJSON,
    params: AssertParams,
    signCount: number,
    key: KeyObject,
  ): AuthenticationResponseJSON {
    const rpId = params.rpId ?? options.rpId;
    if (rpId === undefined) throw new Error('no rpId: the request options carry none, so pass params.rpId');
    // authenticatorData (§6.1): rpIdHash ‖ flags ‖ signCount (32-bit big-endian); no attested data on get.
    const authenticatorData = Buffer.alloc(37);
    sha256(Buffer.from(rpId, 'utf8')).copy(authenticatorData, 0);
    authenticatorData[32] = FLAG_UP | ((params.userVerified ?? true) ? FLAG_UV : 0);
    authenticatorData.writeUInt32BE(signCount >>> 0, 33);
    // CollectedClientData (§5.8.1), serialised as browsers do; the RP hashes these exact bytes.
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: 'webauthn.get',
        challenge: options.challenge,
        origin: params.origin,
        crossOrigin: false,
      }),
      'utf8',
    );
    // §6.3.3: sign authenticatorData ‖ SHA-256(clientDataJSON); ES256 signatures are ASN.1 DER (L2 §6.5.5).
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), key);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authenticatorData.toString('base64url'),
        signature: signature.toString('base64url'),
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** A P-256 private key derived from a seed: SHA-256 chained until the scalar is in [1, n). */
function seededKey(seed: Uint8Array): KeyObject {
  let digest = sha256(Buffer.concat([Buffer.from('teller-p256-key\0', 'utf8'), seed]));
  while (
    BigInt(`0x${digest.toString('hex')}`) === 0n ||
    BigInt(`0x${digest.toString('hex')}`) >= P256_ORDER
  ) {
    digest = sha256(digest);
  }
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(digest);
  const point = ecdh.getPublicKey(); // 0x04 ‖ x ‖ y
  return createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: digest.toString('base64url'),
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
  });
}

/** COSE_Key for an EC2 P-256 ES256 key (RFC 9053 §7.1.1; WebAuthn L2 §6.5.1.1), CBOR-encoded. */
function coseEc2PublicKey(privateKey: KeyObject): Uint8Array {
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.x === undefined || jwk.y === undefined) throw new Error('not an EC key');
  const key = new Map<number, number | Uint8Array>([
    [cose.COSEKEYS.kty, cose.COSEKTY.EC2],
    [cose.COSEKEYS.alg, cose.COSEALG.ES256],
    [cose.COSEKEYS.crv, cose.COSECRV.P256],
    [cose.COSEKEYS.x, new Uint8Array(Buffer.from(jwk.x, 'base64url'))],
    [cose.COSEKEYS.y, new Uint8Array(Buffer.from(jwk.y, 'base64url'))],
  ]);
  return isoCBOR.encode(key);
}
