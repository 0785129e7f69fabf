import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TellerError } from '../shared/index.ts';
import { ASR_ACCENTS } from '../asr/accents.ts';
import { FLITE_VOICES } from '../tts/flite.ts';
import { resolveEnv } from './env.ts';

export const DEFAULTS = {
  port: 8080,
  host: '0.0.0.0',
  dbPath: '.teller/sandbox.sqlite',
  world: 'demo',
  logLevel: 'info',
  asrEngine: 'auto',
  asrAccent: 'us',
  ttsEngine: 'auto',
  jwtAudience: 'teller',
  rpId: 'localhost',
} as const satisfies Partial<Config>;

/** An E.164 country or area prefix: `+44`, `+1415`. */
export const E164_PREFIX = /^\+\d{1,6}$/;

/** A comma-separated list of caller-number prefixes (`+44, +61`), as TELLER_ASR_BRITISH_CALLERS gives it. */
export function parseCallerPrefixes(list: string): string[] {
  return list
    .split(',')
    .map((prefix) => prefix.trim())
    .filter(Boolean);
}

const ConfigSchema = z.strictObject({
  port: z.number().int().min(0).max(65535),
  host: z.string().min(1),
  /** The sandbox bank's SQLite file; created from `world` when missing. ':memory:' for none on disk. */
  dbPath: z.string().min(1),
  /** 'demo' or a world YAML file, used when the database is new. */
  world: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  asrEngine: z.enum(['auto', 'pocketsphinx', 'vosk', 'azure', 'text']),
  /**
   * PocketSphinx's English pronunciations: American (`us`), or American and British (`us+gb`:
   * dropped Rs, the BATH vowel) for callers in the UK, Australia, Singapore or Hong Kong.
   */
  asrAccent: z.enum(ASR_ACCENTS),
  /**
   * PocketSphinx: Gaussians of each phone's mixture in a frame's score (`-topn`), for app streams
   * and phone calls alike. Unset: 8 with Teller's build of the library, else 4 (src/asr
   * `defaultTopN`; src/asr/README.md, "Speed").
   */
  asrTopN: z.number().int().min(1).max(128).optional(),
  /**
   * PocketSphinx: the top-N utterances start with while the node is busy, when lower than
   * `asrTopN` (Teller's build only); 0 keeps the full top-N under load. Unset: 4.
   */
  asrBusyTopN: z.number().int().min(0).max(128).optional(),
  /**
   * Phone calls from numbers with these E.164 prefixes (`+44`, `+61`, …) are recognised with
   * British pronunciations too (PocketSphinx `us+gb`), whatever `asrAccent` says for the rest.
   */
  asrBritishCallerPrefixes: z.array(z.string().regex(E164_PREFIX, 'an E.164 prefix such as +44')).max(64),
  ttsEngine: z.enum(['auto', 'flite', 'espeak', 'pico', 'azure', 'none']),
  /** The embedded English voice (flite); its default is flite's (src/tts FLITE_DEFAULTS). */
  fliteVoice: z.enum(FLITE_VOICES).optional(),
  /** Vosk's library and models (`lib/libvosk.so`, `en/`, `zh/`); default models/vosk/ (`npm run models`). */
  voskDir: z.string().min(1).optional(),
  /** Azure Speech resource: key, region, and optional overrides of the service addresses. */
  azureSpeechKey: z.string().min(1).optional(),
  azureSpeechRegion: z
    .string()
    .regex(/^[a-z0-9]+$/, 'TELLER_AZURE_SPEECH_REGION is an Azure region name such as westeurope')
    .optional(),
  /** Speech-to-text host or endpoint (ws://, wss://), instead of the region's. */
  azureSpeechEndpoint: z.string().url().optional(),
  /** Text-to-speech URL (https://…/cognitiveservices/v1), instead of the region's. */
  azureTtsEndpoint: z.string().url().optional(),
  /** Azure voices for English and Mandarin prompts. */
  azureTtsVoiceEn: z.string().min(1).optional(),
  azureTtsVoiceZh: z.string().min(1).optional(),
  /** Session tokens: an HS256 secret, an SPKI public key, or a JWKS URL. None: sandbox demo tokens. */
  jwtSecret: z.string().min(32, 'TELLER_JWT_SECRET must be at least 32 characters').optional(),
  jwtPublicKeyPem: z.string().optional(),
  jwtJwksUrl: z.string().url().optional(),
  jwtIssuer: z.string().optional(),
  jwtAudience: z.string().min(1),
  /** WebAuthn relying party id and the origins the app's assertions may come from. */
  rpId: z.string().min(1),
  origins: z.array(z.string().min(1)).optional(),
  /** When set, `GET /metrics` wants `Authorization: Bearer <token>`; unset, it is open (docs/operations.md). */
  metricsToken: z.string().min(16, 'TELLER_METRICS_TOKEN must be at least 16 characters').optional(),
  /** Twilio Auth Token: when set, a Media Stream's `start` must carry its per-call `token` parameter. */
  twilioAuthToken: z.string().min(1).optional(),
  /** Only the caller-bound token (HMAC of `<CallSid>:<from>`) opens a Twilio call (docs/telephony.md). */
  twilioBindCaller: z.boolean().default(false),
  /** Genesys AudioHook integration: API key (X-API-KEY) and base64 client secret (message signatures). */
  audiohookApiKey: z.string().min(1).optional(),
  audiohookClientSecret: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'TELLER_AUDIOHOOK_CLIENT_SECRET must be base64, as Genesys shows it')
    .optional(),
  /**
   * What the nodes of one deployment share: dropped app sessions waiting to be resumed and
   * finished Twilio calls' summaries. Unset, each node keeps its own in memory; a `redis://` or
   * `rediss://` URL, in Redis (docs/operations.md, "Several nodes").
   */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'TELLER_REDIS_URL must be a redis:// or rediss:// URL')
    .optional(),
  /** 32 bytes (64 hex or base64 characters) that encrypt what is kept in Redis. */
  redisKey: z.string().min(1).optional(),
  /** The bank's core behind the Teller core API (docs/bank-api.md) instead of the sandbox, and its token. */
  bankUrl: z.string().url().optional(),
  bankToken: z.string().min(16, 'TELLER_BANK_TOKEN must be at least 16 characters').optional(),
  /** Mutual TLS to the core: this node's client certificate and key, and the core's CA (PEM). */
  bankCertPem: z.string().optional(),
  bankKeyPem: z.string().optional(),
  bankCaPem: z.string().optional(),
  /**
   * 32 bytes (64 hex or base64 characters) that sign step-up proofs for the bank (docs/bank-api.md,
   * "Step-up proofs"): shared by the nodes and a core that checks proofs. Unset, each node makes its own.
   */
  stepUpKey: z.string().min(1).optional(),
  /** When set, this node serves its sandbox bank as the core API at /v1/core/* (bearer token). */
  coreToken: z.string().min(16, 'TELLER_CORE_TOKEN must be at least 16 characters').optional(),
});

/** A cloud engine needs its credentials; say so at start-up rather than on the first call. */
const CheckedConfigSchema = ConfigSchema.superRefine((config, context) => {
  if (config.bankUrl && !(config.jwtSecret || config.jwtPublicKeyPem || config.jwtJwksUrl)) {
    context.addIssue({
      code: 'custom',
      path: ['bankUrl'],
      message:
        "TELLER_BANK_URL needs the bank's session tokens (TELLER_JWT_SECRET, TELLER_JWT_PUBLIC_KEY_FILE or TELLER_JWKS_URL): a real bank never runs with the sandbox's demo tokens and open phone endpoints",
    });
  }
  if (config.twilioBindCaller && !config.twilioAuthToken) {
    context.addIssue({
      code: 'custom',
      path: ['twilioBindCaller'],
      message: 'TELLER_TWILIO_BIND_CALLER needs TELLER_TWILIO_AUTH_TOKEN (the tokens are keyed with it)',
    });
  }
  if ((config.bankCertPem === undefined) !== (config.bankKeyPem === undefined)) {
    context.addIssue({
      code: 'custom',
      path: ['bankCertPem'],
      message: 'TELLER_BANK_CERT_FILE and TELLER_BANK_KEY_FILE go together (mutual TLS to the core)',
    });
  }
  if (config.bankUrl && !config.bankToken) {
    context.addIssue({
      code: 'custom',
      path: ['bankToken'],
      message: 'TELLER_BANK_URL needs TELLER_BANK_TOKEN, the bearer token the core API expects',
    });
  }
  if (config.redisUrl && !config.redisKey) {
    context.addIssue({
      code: 'custom',
      path: ['redisKey'],
      message:
        'TELLER_REDIS_URL needs TELLER_REDIS_KEY (32 bytes, e.g. openssl rand -hex 32): what is kept in Redis is encrypted',
    });
  }
  const uses = config.asrEngine === 'azure' || config.ttsEngine === 'azure';
  if (!uses) return;
  if (!config.azureSpeechKey) {
    context.addIssue({
      code: 'custom',
      path: ['azureSpeechKey'],
      message: 'the azure speech engine needs TELLER_AZURE_SPEECH_KEY',
    });
  }
  const sttAddress = config.asrEngine !== 'azure' || config.azureSpeechRegion || config.azureSpeechEndpoint;
  const ttsAddress = config.ttsEngine !== 'azure' || config.azureSpeechRegion || config.azureTtsEndpoint;
  if (!sttAddress || !ttsAddress) {
    context.addIssue({
      code: 'custom',
      path: ['azureSpeechRegion'],
      message: 'the azure speech engine needs TELLER_AZURE_SPEECH_REGION (or an endpoint)',
    });
  }
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

function boolFromEnv(name: string): boolean | undefined {
  const raw = resolveEnv(name);
  if (raw === undefined) return undefined;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new TellerError('TELLER_ERR_CONFIG', `${name} must be true or false, got "${raw}"`);
}

function fileFromEnv(name: string): string | undefined {
  const path = resolveEnv(name);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new TellerError('TELLER_ERR_CONFIG', `${name}: cannot read ${path}: ${(error as Error).message}`);
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/**
 * Builds the server configuration: explicit options, then environment (PORT, HOST, TELLER_DB,
 * TELLER_WORLD, LOG_LEVEL, TELLER_ASR, TELLER_ASR_ACCENT, TELLER_ASR_TOP_N, TELLER_ASR_BUSY_TOP_N, TELLER_ASR_BRITISH_CALLERS, TELLER_TTS, TELLER_FLITE_VOICE, TELLER_JWT_SECRET, TELLER_JWT_PUBLIC_KEY_FILE,
 * TELLER_JWKS_URL, TELLER_JWT_ISSUER, TELLER_JWT_AUDIENCE, TELLER_RP_ID, TELLER_ORIGINS,
 * TELLER_TWILIO_AUTH_TOKEN, TELLER_TWILIO_BIND_CALLER, TELLER_AUDIOHOOK_API_KEY, TELLER_AUDIOHOOK_CLIENT_SECRET, TELLER_VOSK_DIR,
 * TELLER_AZURE_SPEECH_KEY, TELLER_AZURE_SPEECH_REGION, TELLER_AZURE_SPEECH_ENDPOINT,
 * TELLER_AZURE_TTS_ENDPOINT, TELLER_AZURE_TTS_VOICE_EN, TELLER_AZURE_TTS_VOICE_ZH,
 * TELLER_REDIS_URL, TELLER_REDIS_KEY, TELLER_BANK_URL, TELLER_BANK_TOKEN, TELLER_BANK_CERT_FILE,
 * TELLER_BANK_KEY_FILE, TELLER_BANK_CA_FILE, TELLER_CORE_TOKEN, TELLER_STEPUP_KEY), then
 * defaults.
 * Validated once and frozen.
 */
export function loadConfig(options: Partial<Config> = {}): Config {
  const origins = resolveEnv('TELLER_ORIGINS')
    ?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const merged = {
    port: options.port ?? intFromEnv('PORT') ?? DEFAULTS.port,
    host: options.host ?? resolveEnv('HOST') ?? DEFAULTS.host,
    dbPath: options.dbPath ?? resolveEnv('TELLER_DB') ?? DEFAULTS.dbPath,
    world: options.world ?? resolveEnv('TELLER_WORLD') ?? DEFAULTS.world,
    logLevel: options.logLevel ?? resolveEnv('LOG_LEVEL') ?? DEFAULTS.logLevel,
    asrEngine: options.asrEngine ?? resolveEnv('TELLER_ASR') ?? DEFAULTS.asrEngine,
    asrAccent: options.asrAccent ?? resolveEnv('TELLER_ASR_ACCENT') ?? DEFAULTS.asrAccent,
    ...optional('asrTopN', options.asrTopN ?? intFromEnv('TELLER_ASR_TOP_N')),
    ...optional('asrBusyTopN', options.asrBusyTopN ?? intFromEnv('TELLER_ASR_BUSY_TOP_N')),
    asrBritishCallerPrefixes:
      options.asrBritishCallerPrefixes ?? parseCallerPrefixes(resolveEnv('TELLER_ASR_BRITISH_CALLERS') ?? ''),
    ttsEngine: options.ttsEngine ?? resolveEnv('TELLER_TTS') ?? DEFAULTS.ttsEngine,
    ...optional('fliteVoice', options.fliteVoice ?? resolveEnv('TELLER_FLITE_VOICE')),
    ...optional('jwtSecret', options.jwtSecret ?? resolveEnv('TELLER_JWT_SECRET')),
    ...optional('jwtPublicKeyPem', options.jwtPublicKeyPem ?? fileFromEnv('TELLER_JWT_PUBLIC_KEY_FILE')),
    ...optional('jwtJwksUrl', options.jwtJwksUrl ?? resolveEnv('TELLER_JWKS_URL')),
    ...optional('jwtIssuer', options.jwtIssuer ?? resolveEnv('TELLER_JWT_ISSUER')),
    jwtAudience: options.jwtAudience ?? resolveEnv('TELLER_JWT_AUDIENCE') ?? DEFAULTS.jwtAudience,
    rpId: options.rpId ?? resolveEnv('TELLER_RP_ID') ?? DEFAULTS.rpId,
    ...optional('origins', options.origins ?? origins),
    ...optional('metricsToken', options.metricsToken ?? resolveEnv('TELLER_METRICS_TOKEN')),
    ...optional('twilioAuthToken', options.twilioAuthToken ?? resolveEnv('TELLER_TWILIO_AUTH_TOKEN')),
    ...optional('twilioBindCaller', options.twilioBindCaller ?? boolFromEnv('TELLER_TWILIO_BIND_CALLER')),
    ...optional('audiohookApiKey', options.audiohookApiKey ?? resolveEnv('TELLER_AUDIOHOOK_API_KEY')),
    ...optional(
      'audiohookClientSecret',
      options.audiohookClientSecret ?? resolveEnv('TELLER_AUDIOHOOK_CLIENT_SECRET'),
    ),
    ...optional('voskDir', options.voskDir ?? resolveEnv('TELLER_VOSK_DIR')),
    ...optional('azureSpeechKey', options.azureSpeechKey ?? resolveEnv('TELLER_AZURE_SPEECH_KEY')),
    ...optional('azureSpeechRegion', options.azureSpeechRegion ?? resolveEnv('TELLER_AZURE_SPEECH_REGION')),
    ...optional(
      'azureSpeechEndpoint',
      options.azureSpeechEndpoint ?? resolveEnv('TELLER_AZURE_SPEECH_ENDPOINT'),
    ),
    ...optional('azureTtsEndpoint', options.azureTtsEndpoint ?? resolveEnv('TELLER_AZURE_TTS_ENDPOINT')),
    ...optional('azureTtsVoiceEn', options.azureTtsVoiceEn ?? resolveEnv('TELLER_AZURE_TTS_VOICE_EN')),
    ...optional('azureTtsVoiceZh', options.azureTtsVoiceZh ?? resolveEnv('TELLER_AZURE_TTS_VOICE_ZH')),
    ...optional('redisUrl', options.redisUrl ?? resolveEnv('TELLER_REDIS_URL')),
    ...optional('redisKey', options.redisKey ?? resolveEnv('TELLER_REDIS_KEY')),
    ...optional('bankUrl', options.bankUrl ?? resolveEnv('TELLER_BANK_URL')),
    ...optional('bankToken', options.bankToken ?? resolveEnv('TELLER_BANK_TOKEN')),
    ...optional('coreToken', options.coreToken ?? resolveEnv('TELLER_CORE_TOKEN')),
    ...optional('stepUpKey', options.stepUpKey ?? resolveEnv('TELLER_STEPUP_KEY')),
    ...optional('bankCertPem', options.bankCertPem ?? fileFromEnv('TELLER_BANK_CERT_FILE')),
    ...optional('bankKeyPem', options.bankKeyPem ?? fileFromEnv('TELLER_BANK_KEY_FILE')),
    ...optional('bankCaPem', options.bankCaPem ?? fileFromEnv('TELLER_BANK_CA_FILE')),
  };
  const parsed = CheckedConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      `config ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return Object.freeze(parsed.data);
}
