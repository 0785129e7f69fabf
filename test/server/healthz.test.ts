import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('server', () => {
  let running: RunningServer | undefined;
  afterAll(async () => running?.close());

  it('serves /healthz on a real port with the demo sandbox bank', async () => {
    running = await startServer({
      port: 0,
      host: '127.0.0.1',
      dbPath: join(tempDir(), 'bank.sqlite'),
      logLevel: 'silent',
    });
    const res = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    expect((await running.bank.listAccounts('alice')).length).toBe(3);
    const missing = await fetch(`http://127.0.0.1:${running.port}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'TELLER_ERR_NOT_FOUND' } });
  });
});
