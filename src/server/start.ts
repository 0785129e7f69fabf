import type { Server } from 'node:http';
import type { BankingCore } from '../bank/index.ts';
import { loadConfig, type Config } from '../config/index.ts';
import { createLogger, type Logger } from '../observability/index.ts';
import { sendJson, startHttpServer } from '../transport/index.ts';
import { openSandbox } from './sandbox.ts';

export interface RunningServer {
  readonly port: number;
  readonly server: Server;
  readonly bank: BankingCore;
  readonly logger: Logger;
  close(): Promise<void>;
}

const VERSION = '0.1.0';

/** The composition root: config → bank → transport. Later stages plug in here. */
export async function startServer(options: Partial<Config> = {}): Promise<RunningServer> {
  const config = loadConfig(options);
  const logger = createLogger({ level: config.logLevel });
  const { bank, created } = openSandbox(config.dbPath, config.world);
  logger.info(
    { dbPath: config.dbPath, created, world: created ? config.world : undefined },
    'sandbox bank ready',
  );
  const startedAt = Date.now();
  const { server, port } = await startHttpServer({
    port: config.port,
    host: config.host,
    routes: {
      '/healthz': (_req, res) => {
        sendJson(res, 200, {
          status: 'ok',
          version: VERSION,
          uptimeS: Math.round((Date.now() - startedAt) / 1000),
        });
      },
    },
    onError: (error) => logger.error({ err: error }, 'request failed'),
  });
  logger.info({ port }, 'teller listening');
  return {
    port,
    server,
    bank,
    logger,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await bank.close();
    },
  };
}
