import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { startTestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('server', () => {
  let running: RunningServer | undefined;
  afterAll(async () => running?.close());

  it('serves /healthz on a real port with the demo sandbox bank', async () => {
    running = await startTestServer({});
    const res = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    expect((await running.bank.listAccounts('alice')).length).toBe(3);
    const missing = await fetch(`http://127.0.0.1:${running.port}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'TELLER_ERR_NOT_FOUND' } });
  });

  it('mounts the phone endpoints outside the sandbox only when their credentials are set', async () => {
    const upgrade = (port: number, path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({
          port,
          host: '127.0.0.1',
          path,
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
          },
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    const base = {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent' as const,
      asrEngine: 'text' as const,
      ttsEngine: 'none' as const,
      jwtSecret: 'a-production-secret-of-at-least-32-bytes!!',
    };
    const closed = await startServer({ ...base, dbPath: join(tempDir(), 'bank.sqlite') });
    try {
      expect(await upgrade(closed.port, '/v1/twilio')).toBe(404);
      expect(await upgrade(closed.port, '/v1/audiohook')).toBe(404);
      expect((await fetch(`http://127.0.0.1:${closed.port}/v1/twilio/calls/CA1/summary`)).status).toBe(404);
    } finally {
      await closed.close();
    }
    const open = await startServer({
      ...base,
      dbPath: join(tempDir(), 'bank.sqlite'),
      twilioAuthToken: 'twilio-auth-token',
    });
    try {
      // Mounted: the endpoint answers the upgrade; the per-call token is checked on `start`.
      expect(await upgrade(open.port, '/v1/twilio')).toBe(101);
      expect(await upgrade(open.port, '/v1/audiohook')).toBe(404);
      const summary = await fetch(`http://127.0.0.1:${open.port}/v1/twilio/calls/CA1/summary`);
      expect(summary.status).toBe(401);
    } finally {
      await open.close();
    }
  });
});
