import { z } from 'zod';
import { TellerError } from '../shared/index.ts';
import { resolveEnv } from './env.ts';

export const DEFAULTS = {
  port: 8080,
  host: '0.0.0.0',
  dbPath: '.teller/sandbox.sqlite',
  world: 'demo',
  logLevel: 'info',
} as const satisfies Partial<Config>;

const ConfigSchema = z.strictObject({
  port: z.number().int().min(0).max(65535),
  host: z.string().min(1),
  /** The sandbox bank's SQLite file; created from `world` when missing. ':memory:' for none on disk. */
  dbPath: z.string().min(1),
  /** 'demo' or a world YAML file, used when the database is new. */
  world: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

function intFromEnv(name: string): number | undefined {
  const raw = resolveEnv(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n))
    throw new TellerError('TELLER_ERR_CONFIG', `${name} must be an integer, got "${raw}"`);
  return n;
}

/**
 * Builds the server configuration: explicit options, then environment (PORT, HOST, TELLER_DB,
 * TELLER_WORLD, LOG_LEVEL), then defaults. Validated once and frozen.
 */
export function loadConfig(options: Partial<Config> = {}): Config {
  const merged = {
    port: options.port ?? intFromEnv('PORT') ?? DEFAULTS.port,
    host: options.host ?? resolveEnv('HOST') ?? DEFAULTS.host,
    dbPath: options.dbPath ?? resolveEnv('TELLER_DB') ?? DEFAULTS.dbPath,
    world: options.world ?? resolveEnv('TELLER_WORLD') ?? DEFAULTS.world,
    logLevel: options.logLevel ?? resolveEnv('LOG_LEVEL') ?? DEFAULTS.logLevel,
  };
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      `config ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return Object.freeze(parsed.data);
}
