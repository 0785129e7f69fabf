import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { tempDir } from '../helpers/tmp.ts';

/** The web client's HTTP side without a browser: static files and the demo passkey routes' refusals. */
describe('web client routes', () => {
  const dir = tempDir('teller-web-');
  let sandbox: RunningServer;
  let configured: RunningServer;
  let base: string;

  beforeAll(async () => {
    const common = {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      asrEngine: 'text',
      ttsEngine: 'none',
    } as const;
    sandbox = await startServer({ ...common, dbPath: join(dir, 'sandbox.sqlite') });
    configured = await startServer({
      ...common,
      dbPath: join(dir, 'bank.sqlite'),
      jwtSecret: 'k'.repeat(40),
    });
    base = `http://127.0.0.1:${sandbox.port}`;
  });
  afterAll(async () => {
    await sandbox.close();
    await configured.close();
  });

  const token = async (customer = 'alice') =>
    ((await (await fetch(`${base}/v1/demo/token?customer=${customer}`)).json()) as { token: string }).token;

  const post = (path: string, body: unknown, bearer?: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });

  it('serves the client at / with a same-origin content security policy', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('Sign in as Alice');
    for (const [path, type] of [
      ['/app.js', 'text/javascript; charset=utf-8'],
      ['/capture-worklet.js', 'text/javascript; charset=utf-8'],
      ['/styles.css', 'text/css; charset=utf-8'],
    ] as const) {
      const file = await fetch(`${base}${path}`);
      expect(file.status, path).toBe(200);
      expect(file.headers.get('content-type'), path).toBe(type);
    }
  });

  it('serves only the files that are there: no path leaves public/', async () => {
    for (const path of [
      '/package.json',
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/src/server/start.ts',
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
    }
  });

  it('refuses passkey registration without a valid demo token', async () => {
    for (const bearer of [undefined, 'not-a-token', (await token()).slice(0, -4) + 'AAAA']) {
      const res = await post('/v1/demo/passkey/options', {}, bearer);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'TELLER_ERR_UNAUTHENTICATED' } });
    }
    expect((await fetch(`${base}/v1/demo/passkey/options`)).status).toBe(405);
  });

  it('offers registration options that require user verification on a platform authenticator', async () => {
    const res = await post('/v1/demo/passkey/options', {}, await token());
    expect(res.status).toBe(200);
    const options = (await res.json()) as Record<string, unknown>;
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'Teller' },
      user: { name: 'alice', displayName: 'Alice Chen' },
      attestation: 'none',
      authenticatorSelection: { authenticatorAttachment: 'platform', userVerification: 'required' },
    });
    expect(String(options['challenge'])).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses a registration that is malformed, unverifiable or not pending, and stores nothing', async () => {
    const bearer = await token('wei');
    const before = (await sandbox.bank.listDeviceCredentials('wei')).length;
    const bad = await post('/v1/demo/passkey/verify', { response: { id: 'x' } }, bearer);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'TELLER_ERR_INVALID_REQUEST' } });
    const forged = {
      response: {
        id: 'AAAA',
        rawId: 'AAAA',
        type: 'public-key',
        response: { clientDataJSON: 'e30', attestationObject: 'oA' },
        clientExtensionResults: {},
      },
    };
    // No options asked for: nothing is pending.
    const unasked = await post('/v1/demo/passkey/verify', forged, bearer);
    expect(unasked.status).toBe(400);
    expect(((await unasked.json()) as { error: { message: string } }).error.message).toMatch(
      /no registration/,
    );
    await post('/v1/demo/passkey/options', {}, bearer);
    const unverified = await post('/v1/demo/passkey/verify', forged, bearer);
    expect(unverified.status).toBe(400);
    expect(((await unverified.json()) as { error: { message: string } }).error.message).toMatch(
      /did not verify/,
    );
    // The challenge was used up by that attempt.
    const again = await post('/v1/demo/passkey/verify', forged, bearer);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/no registration/);
    expect((await sandbox.bank.listDeviceCredentials('wei')).length).toBe(before);
  });

  it('serves neither the client nor the passkey routes when a bank key is configured', async () => {
    const other = `http://127.0.0.1:${configured.port}`;
    expect((await fetch(`${other}/`)).status).toBe(404);
    expect((await fetch(`${other}/v1/demo/passkey/options`, { method: 'POST' })).status).toBe(404);
  });
});
