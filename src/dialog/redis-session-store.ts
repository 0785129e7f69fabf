import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { TellerError } from '../shared/index.ts';
import type { SessionStore } from './session-store.ts';

/** Key names: a prefix and an HMAC of the session key, so Redis never shows a customer id. */
const KEY_PREFIX = 'teller:session:';
/** AES-256-GCM: 12-byte IV, 16-byte tag. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Parses a 32-byte key given as 64 hex characters or as base64. */
export function parseStoreKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      'TELLER_SESSION_STORE_KEY must be 32 bytes: 64 hex characters or 44 base64 characters (openssl rand -hex 32)',
    );
  return key;
}

/** The commands the store uses (node-redis's client type is generic over modules and RESP). */
interface RedisCommands {
  set(key: string, value: string, options: { expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  getDel(key: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
}

export interface RedisSessionStoreOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  readonly url: string;
  /** 32 bytes: encrypts snapshots (AES-256-GCM) and hides session keys (HMAC-SHA256). */
  readonly key: Buffer;
}

/**
 * Session snapshots in Redis, so that a conversation whose socket dropped can be resumed on any
 * node behind the load balancer. A snapshot holds the conversation's state (slots such as amounts
 * and payees), so it is encrypted with AES-256-GCM before it leaves the process, bound to its key
 * name (a snapshot copied under another session's name does not decrypt), and the key name is an
 * HMAC of the customer and session ids. Expiry is Redis's own (`PX`). `take` is Redis's `GETDEL`:
 * of two connections resuming the same session at once, on one node or two, one gets it.
 */
export class RedisSessionStore implements SessionStore {
  readonly #client: RedisCommands;
  readonly #key: Buffer;

  private constructor(client: RedisCommands, key: Buffer) {
    this.#client = client;
    this.#key = key;
  }

  /** Connects; rejects with `TELLER_ERR_CONFIG` when Redis cannot be reached. */
  static async connect(
    options: RedisSessionStoreOptions,
    onError?: (error: Error) => void,
  ): Promise<RedisSessionStore> {
    if (options.key.length !== 32)
      throw new TellerError('TELLER_ERR_CONFIG', 'the session store key must be 32 bytes');
    let connected = false;
    const client = createClient({
      url: options.url,
      socket: {
        connectTimeout: 5000,
        // At start-up a refused connection is a configuration error, at once; later, reconnect.
        reconnectStrategy: (retries: number, cause: Error) =>
          connected ? Math.min(50 * 2 ** retries, 2000) : cause,
      },
    });
    client.on('error', (error: Error) => {
      if (connected) onError?.(error);
    });
    try {
      await client.connect();
    } catch (error) {
      client.destroy();
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        `the session store at ${redactedUrl(options.url)} cannot be reached: ${(error as Error).message}`,
      );
    }
    connected = true;
    return new RedisSessionStore(client, options.key);
  }

  async save(sessionId: string, snapshot: unknown, ttlMs: number): Promise<void> {
    const name = this.#name(sessionId);
    await this.#client.set(name, this.#seal(name, JSON.stringify(snapshot)), {
      expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) },
    });
  }

  async take(sessionId: string): Promise<unknown> {
    const name = this.#name(sessionId);
    const sealed = await this.#client.getDel(name);
    if (typeof sealed !== 'string') return undefined;
    const json = this.#open(name, sealed);
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  }

  async delete(sessionId: string): Promise<void> {
    await this.#client.del(this.#name(sessionId));
  }

  async close(): Promise<void> {
    await this.#client.close().catch(() => this.#client.destroy());
  }

  #name(sessionId: string): string {
    return KEY_PREFIX + createHmac('sha256', this.#key).update(sessionId).digest('hex');
  }

  /** base64(iv ‖ tag ‖ ciphertext), with the key name as associated data. */
  #seal(name: string, json: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(name));
    const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The plaintext, or undefined when the value was not sealed by this key under this name. */
  #open(name: string, sealed: string): string | undefined {
    const raw = Buffer.from(sealed, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return undefined;
    }
  }
}

/** The URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparseable URL';
  }
}
