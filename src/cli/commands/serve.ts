import { parseArgs } from 'node:util';
import { startServer } from '../../server/index.ts';
import type { CliIo } from '../io.ts';

export const SERVE_HELP = `teller serve [--port N] [--db FILE] [--world demo|FILE]

Starts the server with the embedded sandbox bank (default: the demo world in .teller/sandbox.sqlite,
port 8080). Environment: PORT, HOST, TELLER_DB, TELLER_WORLD, LOG_LEVEL.`;

export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      db: { type: 'string' },
      world: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(SERVE_HELP);
    return 0;
  }
  const running = await startServer({
    ...(values.port === undefined ? {} : { port: Number(values.port) }),
    ...(values.db === undefined ? {} : { dbPath: values.db }),
    ...(values.world === undefined ? {} : { world: values.world }),
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  running.logger.info('shutting down');
  await running.close();
  return 0;
}
