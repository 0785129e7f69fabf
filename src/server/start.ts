import type { Server } from 'node:http';
import { sharedSileroVad, type SileroVadModel } from '../audio/index.ts';
import {
  boundPocketSphinxLibrary,
  createRecognizer,
  PocketSphinxRecognizer,
  RecognizerRouter,
  type Recognizer,
} from '../asr/index.ts';
import { HttpBankingCore, StepUpProofs, type BankingCore } from '../bank/index.ts';
import { loadConfig, type Config } from '../config/index.ts';
import {
  InMemorySessionStore,
  RedisSessionStore,
  StoredUnansweredCalls,
  type SessionStore,
} from '../dialog/index.ts';
import { TellerError } from '../shared/index.ts';
import { parseRedisKey, redactedUrl, SealedRedis } from '../shared/sealed-redis.ts';
import { Nlu } from '../nlu/index.ts';
import { createLogger, TellerMetrics, type Logger } from '../observability/index.ts';
import { SessionTokens, WebAuthnStepUp } from '../security/index.ts';
import { createSynthesizer, FLITE_DEFAULTS, type Synthesizer } from '../tts/index.ts';
import {
  AppGateway,
  AudioHookEndpoint,
  bearerMatches,
  CallSummaryStore,
  callSummaryRoute,
  coreRoutes,
  sendJson,
  startHttpServer,
  SUMMARY_STORE_DEFAULTS,
  TwilioEndpoint,
  VoskEndpoint,
} from '../transport/index.ts';
import { webRoutes } from '../transport/web/index.ts';
import { openSandbox } from './sandbox.ts';
import { sandboxSessions } from './sandbox-sessions.ts';

export interface RunningServer {
  readonly port: number;
  readonly server: Server;
  readonly bank: BankingCore;
  readonly logger: Logger;
  readonly tokens: SessionTokens;
  readonly config: Config;
  readonly app: AppGateway;
  readonly metrics: TellerMetrics;
  close(): Promise<void>;
}

/** How often an open app session renews its place in the shared per-customer count. */
const PLACE_RENEW_MS = 20_000;

const VERSION = '0.1.0';

function sessionTokens(config: Config): { tokens: SessionTokens; sandbox: boolean } {
  const base = { audience: config.jwtAudience, ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}) };
  if (config.jwtSecret)
    return { tokens: new SessionTokens({ ...base, secret: config.jwtSecret }), sandbox: false };
  if (config.jwtPublicKeyPem)
    return { tokens: new SessionTokens({ ...base, publicKeyPem: config.jwtPublicKeyPem }), sandbox: false };
  if (config.jwtJwksUrl)
    return { tokens: new SessionTokens({ ...base, jwksUrl: config.jwtJwksUrl }), sandbox: false };
  return { tokens: SessionTokens.sandbox(config.jwtAudience), sandbox: true };
}

async function speechEngines(
  config: Config,
  logger: Logger,
): Promise<{
  recognizer: Recognizer | undefined;
  asrEngine: string;
  synthesizer: Synthesizer | undefined;
  ttsEngine: string;
  vad: SileroVadModel | undefined;
}> {
  const azure = {
    ...(config.azureSpeechKey ? { key: config.azureSpeechKey } : {}),
    ...(config.azureSpeechRegion ? { region: config.azureSpeechRegion } : {}),
  };
  const asr = await createRecognizer({
    engine: config.asrEngine,
    pocketsphinx: {
      accent: config.asrAccent,
      ...(config.asrTopN === undefined ? {} : { topN: config.asrTopN }),
      ...(config.asrBusyTopN === undefined ? {} : { busyTopN: config.asrBusyTopN }),
    },
    ...(config.voskDir ? { vosk: { dir: config.voskDir } } : {}),
    azure: { ...azure, ...(config.azureSpeechEndpoint ? { endpoint: config.azureSpeechEndpoint } : {}) },
  });
  if (asr.fallbackReason)
    logger.warn({ engine: asr.engine, reason: asr.fallbackReason }, 'speech recognition engine fallback');
  const sphinx = onDevicePocketSphinx(asr.recognizer);
  logger.info(
    {
      engine: asr.engine,
      languages: asr.recognizer.languages,
      accent: config.asrAccent,
      // Teller's SIMD build (npm run build:pocketsphinx) or the system's libpocketsphinx, the
      // top-N it decodes with, and the top-N it drops to while the node is busy.
      ...(sphinx
        ? {
            pocketsphinxLibrary: boundPocketSphinxLibrary()?.path,
            topN: sphinx.topN,
            busyTopN: sphinx.busyTopN,
          }
        : {}),
      skipped: asr.skipped,
    },
    'speech recognition engine',
  );
  const vad = asr.engine === 'text' ? undefined : await sharedSileroVad();
  let synthesizer: Synthesizer | undefined;
  if (config.ttsEngine !== 'none')
    synthesizer = await createSynthesizer({
      engine: config.ttsEngine,
      ...(config.fliteVoice ? { fliteVoice: config.fliteVoice } : {}),
      azure: {
        ...azure,
        ...(config.azureTtsEndpoint ? { endpoint: config.azureTtsEndpoint } : {}),
        voices: {
          ...(config.azureTtsVoiceEn ? { en: config.azureTtsVoiceEn } : {}),
          ...(config.azureTtsVoiceZh ? { zh: config.azureTtsVoiceZh } : {}),
        },
      },
    });
  logger.info(
    {
      engine: synthesizer ? synthesizer.name : 'none',
      ...(synthesizer?.name.includes('flite')
        ? { fliteVoice: config.fliteVoice ?? FLITE_DEFAULTS.defaultVoice }
        : {}),
    },
    'speech synthesis engine',
  );
  return {
    recognizer: asr.engine === 'text' ? undefined : asr.recognizer,
    asrEngine: asr.engine,
    synthesizer,
    ttsEngine: synthesizer?.name ?? 'none',
    vad,
  };
}

/** The composition root: config → bank → NLU → speech engines → transports. */
export async function startServer(options: Partial<Config> = {}): Promise<RunningServer> {
  const config = loadConfig(options);
  const logger = createLogger({ level: config.logLevel });
  // First: an unreachable Redis fails the start before the models load.
  const shared = await sharedRedis(config, logger);
  try {
    return await startNode(config, logger, shared);
  } catch (error) {
    // A start that fails later (a port in use, a model missing) must not leave the process held
    // open by the Redis connection.
    await shared?.close();
    throw error;
  }
}

async function startNode(
  config: Config,
  logger: Logger,
  shared: SealedRedis | undefined,
): Promise<RunningServer> {
  const bank = await openBank(config, logger);
  const loadStarted = performance.now();
  const nlu = await Nlu.load();
  logger.info(
    { labels: nlu.model.labels.length, loadMs: Math.round(performance.now() - loadStarted) },
    'nlu model loaded',
  );
  const engines = await speechEngines(config, logger);
  const store: SessionStore = shared ? new RedisSessionStore(shared) : new InMemorySessionStore();
  const metrics = new TellerMetrics();
  if (shared) metrics.watchRedis(() => shared.up);
  const pocketsphinx = engines.recognizer && onDevicePocketSphinx(engines.recognizer);
  if (pocketsphinx) metrics.watchAsrUtterances(() => pocketsphinx.utteranceCounts);
  const { tokens, sandbox } = sessionTokens(config);
  const startedAt = Date.now();
  // The gateway needs the listening port (its WebAuthn origins default to this server's own).
  const ref: { app?: AppGateway } = {};
  // vosk-server compatible ASR for existing Vosk clients; open in the sandbox, token-protected otherwise.
  const vosk =
    engines.recognizer && engines.vad
      ? new VoskEndpoint({
          recognizer: engines.recognizer,
          vad: engines.vad,
          tokens: sandbox ? undefined : tokens,
          logger,
        })
      : undefined;
  // Contact-center phone calls (docs/telephony.md): Twilio Media Streams and Genesys AudioHook. Open
  // in the sandbox; outside it an endpoint is mounted only once its platform credential is configured.
  const phone = {
    bank,
    nlu,
    recognizer: engines.recognizer,
    vad: engines.vad,
    synthesizer: engines.synthesizer,
    logger,
    metrics,
    britishCallerPrefixes: config.asrBritishCallerPrefixes,
    unanswered: new StoredUnansweredCalls(store),
  };
  const twilio =
    sandbox || config.twilioAuthToken
      ? new TwilioEndpoint({
          ...phone,
          authToken: config.twilioAuthToken,
          bindCaller: config.twilioBindCaller,
          summaries: new CallSummaryStore(
            SUMMARY_STORE_DEFAULTS,
            Date.now,
            shared
              ? {
                  redis: shared,
                  onError: (error) => logger.warn({ err: error }, 'call summary not shared through redis'),
                }
              : undefined,
          ),
        })
      : undefined;
  const audiohook =
    sandbox || config.audiohookApiKey
      ? new AudioHookEndpoint({
          ...phone,
          apiKey: config.audiohookApiKey,
          clientSecret: config.audiohookClientSecret,
        })
      : undefined;
  const { server, port } = await startHttpServer({
    port: config.port,
    host: config.host,
    routes: {
      '/healthz': (_req, res) => {
        sendJson(res, 200, {
          status: 'ok',
          version: VERSION,
          uptimeS: Math.round((Date.now() - startedAt) / 1000),
          sessions: ref.app?.activeSessions ?? 0,
          // Without Redis the node still serves; it only cannot share sessions and summaries.
          ...(shared ? { redis: shared.up ? 'up' : 'down' } : {}),
        });
      },
      // Prometheus scrape target (docs/operations.md): counts and latencies, never customer data.
      '/metrics': async (req, res) => {
        if (config.metricsToken && !bearerMatches(req, config.metricsToken))
          return sendJson(res, 401, {
            error: { code: 'TELLER_ERR_UNAUTHENTICATED', message: 'GET /metrics wants its bearer token' },
          });
        const body = await metrics.text();
        res.writeHead(200, {
          'Content-Type': metrics.contentType,
          'Content-Length': Buffer.byteLength(body),
        });
        res.end(body);
      },
      // Sandbox only (no bank key configured): a token for a demo customer, so the demo app can sign in.
      ...(twilio ? { '/v1/twilio/calls/*': callSummaryRoute(twilio.summaries, config.twilioAuthToken) } : {}),
      // This node's sandbox bank as the core API, for other nodes' TELLER_BANK_URL (docs/bank-api.md).
      ...(config.coreToken && !config.bankUrl
        ? { '/v1/core/*': { POST: coreRoutes(bank, config.coreToken) } }
        : {}),
      '/v1/demo/token': async (req, res) => {
        if (!sandbox)
          return sendJson(res, 404, {
            error: { code: 'TELLER_ERR_NOT_FOUND', message: 'demo tokens exist only in the sandbox' },
          });
        const customer = new URL(req.url ?? '/', 'http://x').searchParams.get('customer') ?? 'alice';
        if (!(await bank.getCustomer(customer)))
          return sendJson(res, 404, {
            error: { code: 'TELLER_ERR_NOT_FOUND', message: 'no such demo customer' },
          });
        sendJson(res, 200, { token: await tokens.sign({ customerId: customer }, bank.now()), customer });
      },
      // Sandbox only: the demo web client at `/` and the passkey registration its sign-in uses.
      ...webRoutes({ sandbox, bank, tokens, rpId: config.rpId, origins: config.origins }),
    },
    upgrades: {
      '/v1/app': async (req, socket, head) => {
        if (ref.app) await ref.app.upgrade(req, socket, head);
        else socket.destroy();
      },
      ...(vosk ? { '/v1/vosk': (req, socket, head) => vosk.upgrade(req, socket, head) } : {}),
      ...(twilio ? { '/v1/twilio': (req, socket, head) => twilio.upgrade(req, socket, head) } : {}),
      ...(audiohook ? { '/v1/audiohook': (req, socket, head) => audiohook.upgrade(req, socket, head) } : {}),
    },
    onError: (error) => logger.error({ err: error }, 'request failed'),
  });
  const origins = config.origins ?? [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const stepUp = new WebAuthnStepUp({ bank, rpId: config.rpId, rpName: 'Teller', origins });
  const gateway = new AppGateway({
    bank,
    nlu,
    tokens,
    stepUp,
    store,
    ...(shared
      ? {
          // A customer's open sessions on every node; a place lapses after three missed renewals.
          sharedPlaces: {
            renewMs: PLACE_RENEW_MS,
            claim: (customerId: string, id: string, limit: number) =>
              shared.claim('open-sessions', customerId, id, limit, 3 * PLACE_RENEW_MS),
            release: (customerId: string, id: string) => shared.release('open-sessions', customerId, id),
          },
        }
      : {}),
    logger,
    metrics,
    ...engines,
    // A sandbox server is a test rig: scripts run in parallel as the same demo customer.
    ...(sandbox
      ? { sandbox: sandboxSessions(config.rpId, origins), limits: { maxSessionsPerCustomer: 32 } }
      : {}),
  });
  ref.app = gateway;
  logger.info({ port }, 'teller listening');
  if (sandbox)
    logger.info(
      { url: `http://localhost:${port}/v1/demo/token?customer=alice` },
      'sandbox: get a demo session token',
    );
  return {
    port,
    server,
    bank,
    logger,
    tokens,
    config,
    app: gateway,
    metrics,
    close: async () => {
      gateway.close();
      vosk?.close();
      twilio?.close();
      audiohook?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await engines.recognizer?.close();
      await nlu.close();
      await bank.close();
      await shared?.close();
    },
  };
}

/**
 * The bank: a core behind the Teller core API (TELLER_BANK_URL), checked at start-up, or the
 * embedded sandbox.
 */
async function openBank(config: Config, logger: Logger): Promise<BankingCore> {
  const stepUpProofs = config.stepUpKey
    ? new StepUpProofs(parseRedisKey(config.stepUpKey, 'TELLER_STEPUP_KEY'))
    : undefined;
  if (config.bankUrl && config.bankToken) {
    const core = new HttpBankingCore({
      baseUrl: config.bankUrl,
      token: config.bankToken,
      ...(stepUpProofs ? { stepUpProofs } : {}),
      ...(config.bankCertPem || config.bankCaPem
        ? {
            tls: {
              ...(config.bankCertPem && config.bankKeyPem
                ? { cert: config.bankCertPem, key: config.bankKeyPem }
                : {}),
              ...(config.bankCaPem ? { ca: config.bankCaPem } : {}),
            },
          }
        : {}),
    });
    try {
      await core.listExchangeRates();
    } catch (error) {
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        `the bank core at ${redactedUrl(config.bankUrl)} does not answer: ${(error as Error).message}`,
      );
    }
    logger.info({ url: redactedUrl(config.bankUrl) }, 'bank core ready');
    return core;
  }
  const { bank, created } = openSandbox(config.dbPath, config.world, undefined, stepUpProofs);
  logger.info(
    { dbPath: config.dbPath, created, world: created ? config.world : undefined },
    'sandbox bank ready',
  );
  return bank;
}

/**
 * What this node shares with the others behind the load balancer (dropped app sessions, finished
 * calls' summaries): Redis when configured, else nothing (each node keeps its own in memory).
 */
async function sharedRedis(config: Config, logger: Logger): Promise<SealedRedis | undefined> {
  if (!config.redisUrl || !config.redisKey) return undefined;
  const redis = await SealedRedis.connect(
    { url: config.redisUrl, key: parseRedisKey(config.redisKey) },
    (error) => logger.warn({ err: error }, 'redis connection error'),
  );
  logger.info({ url: redactedUrl(config.redisUrl) }, 'sessions and call summaries shared through redis');
  return redis;
}

/** The PocketSphinx recogniser serving English, alone or behind a language router. */
function onDevicePocketSphinx(recognizer: Recognizer): PocketSphinxRecognizer | undefined {
  const english = recognizer instanceof RecognizerRouter ? recognizer.engineFor('en') : recognizer;
  return english instanceof PocketSphinxRecognizer ? english : undefined;
}
