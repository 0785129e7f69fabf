import { join } from 'node:path';
import type { Config } from '../../src/config/index.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { tempDir } from './tmp.ts';

/** A real server on a free port of 127.0.0.1, with a fresh sandbox bank file and no logs. */
export function startTestServer(options: Partial<Config> = {}): Promise<RunningServer> {
  return startServer({
    port: 0,
    host: '127.0.0.1',
    dbPath: join(tempDir(), 'bank.sqlite'),
    logLevel: 'silent',
    ...options,
  });
}

/**
 * Makes the server's bank fail its next clock read, once (a core that hiccups inside a turn);
 * `restore` puts the clock back if that read never came.
 */
export function bankHiccupsOnce(server: RunningServer): { restore: () => void } {
  const bank = server.bank as { now: () => number };
  const now = bank.now;
  bank.now = () => {
    bank.now = now;
    throw new Error('the core hiccupped');
  };
  return { restore: () => (bank.now = now) };
}
