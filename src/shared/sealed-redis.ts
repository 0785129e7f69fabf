import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { TellerError } from './errors.ts';

/**
 * How long a command may take. Commands are not queued while the connection is down: they fail at
 * once, and callers go on without the shared state (a new session instead of a resumed one).
 */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;

/** AES-256-GCM: 12-byte IV, 16-byte tag. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Parses a 32-byte key given as 64 hex characters or as base64. */
export function parseRedisKey(text: string, name = 'TELLER_REDIS_KEY'): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      `${name} must be 32 bytes: 64 hex characters or 44 base64 characters (openssl rand -hex 32)`,
    );
  return key;
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

/** Places expire by score (Redis's clock, ms); a member already holding one renews it. */
const CLAIM_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[3]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1`;

/** `command`'s answer, or a rejection after {@link REDIS_COMMAND_TIMEOUT_MS}. */
function answer<T>(command: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis did not answer within ${REDIS_COMMAND_TIMEOUT_MS} ms`)),
      REDIS_COMMAND_TIMEOUT_MS,
    );
  });
  return Promise.race([command, late]).finally(() => clearTimeout(timer));
}

/** The commands used here (node-redis's client type is generic over modules and RESP versions). */
interface RedisCommands {
  readonly isReady: boolean;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  set(key: string, value: string, options: { expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  get(key: string): Promise<unknown>;
  getDel(key: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
}

export interface SealedRedisOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  readonly url: string;
  /** 32 bytes: encrypts values (AES-256-GCM) and hides ids in key names (HMAC-SHA256). */
  readonly key: Buffer;
}

/**
 * What the nodes of one deployment share through Redis: JSON values that expire, under key names
 * `teller:<namespace>:<HMAC of the id>`, so Redis shows no customer id, session id or CallSid. Each
 * value is sealed with AES-256-GCM before it leaves the process, with its key name as associated
 * data: a value copied under another name does not open. Expiry is Redis's own (`PX`); `take` is
 * `GETDEL`, so of two nodes taking the same value at once, one gets it.
 */
export class SealedRedis {
  readonly #client: RedisCommands;
  readonly #key: Buffer;

  private constructor(client: RedisCommands, key: Buffer) {
    this.#client = client;
    this.#key = key;
  }

  /**
   * Connects. At start-up an unreachable Redis is a configuration error (`TELLER_ERR_CONFIG`), at
   * once; once connected, a lost connection is retried with backoff and reported to `onError`.
   */
  static async connect(options: SealedRedisOptions, onError?: (error: Error) => void): Promise<SealedRedis> {
    if (options.key.length !== 32)
      throw new TellerError('TELLER_ERR_CONFIG', 'the Redis key must be 32 bytes');
    let connected = false;
    const client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 5000,
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
        `Redis at ${redactedUrl(options.url)} cannot be reached: ${(error as Error).message}`,
      );
    }
    connected = true;
    return new SealedRedis(client, options.key);
  }

  /** Connected and answering now (false while a lost connection is being retried). */
  get up(): boolean {
    return this.#client.isReady;
  }

  async put(namespace: string, id: string, value: unknown, ttlMs: number): Promise<void> {
    const name = this.#name(namespace, id);
    await answer(
      this.#client.set(name, this.#seal(name, JSON.stringify(value)), {
        expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) },
      }),
    );
  }

  /** The value, or undefined when there is none (expired, never put, or not sealed by this key here). */
  async get(namespace: string, id: string): Promise<unknown> {
    const name = this.#name(namespace, id);
    return this.#open(name, await answer(this.#client.get(name)));
  }

  /** The value, removed: one caller gets it. */
  async take(namespace: string, id: string): Promise<unknown> {
    const name = this.#name(namespace, id);
    return this.#open(name, await answer(this.#client.getDel(name)));
  }

  async delete(namespace: string, id: string): Promise<void> {
    await answer(this.#client.del(this.#name(namespace, id)));
  }

  /**
   * Takes or keeps one of at most `limit` places in a group (a customer's open sessions on every
   * node) until `ttlMs` passes without another claim. False when the group is full. One script,
   * on Redis's clock: two nodes claiming the last place at once cannot both get it.
   */
  async claim(
    namespace: string,
    groupId: string,
    memberId: string,
    limit: number,
    ttlMs: number,
  ): Promise<boolean> {
    const claimed = await answer(
      this.#client.eval(CLAIM_SCRIPT, {
        keys: [this.#name(namespace, groupId)],
        arguments: [String(Math.round(ttlMs)), String(limit), memberId],
      }),
    );
    return claimed === 1;
  }

  /** Gives a place back. */
  async release(namespace: string, groupId: string, memberId: string): Promise<void> {
    await answer(
      this.#client.eval('return redis.call("ZREM", KEYS[1], ARGV[1])', {
        keys: [this.#name(namespace, groupId)],
        arguments: [memberId],
      }),
    );
  }

  async close(): Promise<void> {
    await this.#client.close().catch(() => this.#client.destroy());
  }

  #name(namespace: string, id: string): string {
    return `teller:${namespace}:${createHmac('sha256', this.#key).update(`${namespace}\u0000${id}`).digest('hex')}`;
  }

  /** base64(iv ‖ tag ‖ ciphertext), with the key name as associated data. */
  #seal(name: string, json: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(name));
    const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  #open(name: string, sealed: unknown): unknown {
    if (typeof sealed !== 'string') return undefined;
    const raw = Buffer.from(sealed, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const json = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return JSON.parse(json.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
}
