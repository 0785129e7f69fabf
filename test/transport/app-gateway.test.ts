import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.ts';
import { startTestServer } from '../helpers/server.ts';
import { AppClient } from './app-client.ts';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

describe('app WebSocket gateway', () => {
  let server: RunningServer;
  let url: string;
  const token = (customerId = 'alice', ttlS = 600) => server.tokens.sign({ customerId, ttlS }, Date.now());

  beforeAll(async () => {
    server = await startTestServer({
      jwtSecret: SECRET,
      ttsEngine: 'none',
    });
    url = `ws://127.0.0.1:${server.port}/v1/app`;
  });
  afterAll(async () => server.close());

  it('runs a typed conversation end to end: balance, then a transfer read back and confirmed', async () => {
    const client = await AppClient.connect(url, await token());
    client.send({ type: 'session.start', lang: 'en' });
    const started = await client.next('session.started');
    expect(started).toMatchObject({
      channel: 'app',
      customer: { id: 'alice', name: 'Alice Chen' },
      asr: { engine: 'text' },
    });
    expect((await client.say()).text).toMatch(/Hi Alice/);
    client.send({ type: 'text', text: "what's my checking balance" });
    expect(await client.next('nlu.result')).toMatchObject({
      intent: 'account.balance',
      entities: { account: 'checking' },
    });
    expect((await client.say()).text).toMatch(/\$2,500\.00/);
    client.send({ type: 'text', text: 'move 100 dollars from checking to savings' });
    const readBack = await client.say();
    expect(readBack.awaits).toBe('confirmation');
    expect(readBack.text).toMatch(/\$100\.00/);
    client.send({ type: 'text', text: 'yes' });
    expect((await client.say()).text).toMatch(/moved \$100\.00/i);
    const accounts = await server.bank.listAccounts('alice');
    expect(accounts.find((a) => a.id === 'savings')?.balanceMinor).toBe(1_010_000);
    await client.close();
  });

  it('accepts the token in an Authorization header too', async () => {
    const client = await AppClient.connect(url, await token(), 'header');
    client.send({ type: 'session.start' });
    await client.next('session.started');
    await client.close();
  });

  it('refuses missing, forged, expired and wrong-audience tokens at the handshake', async () => {
    await expect(AppClient.connect(url, undefined)).rejects.toThrow(/401.*TELLER_ERR_UNAUTHENTICATED/);
    const forged = await new SignJWT({ channel: 'app' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setAudience('teller')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    await expect(AppClient.connect(url, forged)).rejects.toThrow(/401.*signature/);
    const expired = await server.tokens.sign({ customerId: 'alice', ttlS: 60 }, Date.now() - 3_600_000);
    await expect(AppClient.connect(url, expired)).rejects.toThrow(/401.*expired/);
    const wrongAudience = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setAudience('someone-else')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    await expect(AppClient.connect(url, wrongAudience)).rejects.toThrow(/401.*aud/);
    await expect(AppClient.connect(url, await token('mallory'))).rejects.toThrow(/401.*unknown customer/);
  });

  it('answers bad input with stable codes, and the session lives on', async () => {
    const client = await AppClient.connect(url, await token());
    client.send('{not json');
    expect(await client.next('error')).toMatchObject({ code: 'TELLER_ERR_BAD_JSON', fatal: false });
    client.send({ type: 'teleport' });
    expect(await client.next('error', (m) => m['code'] === 'TELLER_ERR_UNKNOWN_MESSAGE_TYPE')).toMatchObject({
      fatal: false,
    });
    client.ws.send(Buffer.alloc(640));
    expect(await client.next('error', (m) => m['code'] === 'TELLER_ERR_AUDIO_BEFORE_START')).toBeTruthy();
    client.send({ type: 'session.start', audio: { encoding: 'pcm_s16le', sampleRateHz: 44100 } });
    expect(await client.next('error', (m) => m['code'] === 'TELLER_ERR_BAD_AUDIO_FORMAT')).toMatchObject({
      message: expect.stringMatching(/8000, 16000 or 48000/) as unknown,
    });
    client.send({
      type: 'session.start',
      audio: { encoding: 'pcm_s16le', sampleRateHz: 16000, accent: 'gb' },
    });
    expect(
      await client.next('error', (m) => /audio\.accent must be one of us, us\+gb/.test(String(m['message']))),
    ).toMatchObject({ fatal: false });
    client.send({ type: 'session.start' });
    await client.next('session.started');
    await client.say();
    client.send({ type: 'text', text: 'x'.repeat(501) });
    expect(await client.next('error', (m) => m['code'] === 'TELLER_ERR_TEXT_TOO_LONG')).toBeTruthy();
    client.send({ type: 'text', text: 'Robert"); DROP TABLE accounts;-- <script>alert(1)</script>' });
    expect((await client.say()).awaits).toBe('nothing');
    client.send({ type: 'session.start' });
    expect(await client.next('error', (m) => m['code'] === 'TELLER_ERR_BAD_MESSAGE')).toBeTruthy();
    client.send({ type: 'ping', id: 'p1' });
    expect(await client.next('pong')).toMatchObject({ id: 'p1' });
    client.send({ type: 'text', text: 'what is my savings balance' });
    expect((await client.say()).text).toMatch(/\$10,/);
    await client.close();
    expect((await server.bank.listAccounts('alice')).length).toBe(3);
  });

  it('closes the connection on a frame larger than the limit, and other sessions are untouched', async () => {
    const other = await AppClient.connect(url, await token('wei'));
    other.send({ type: 'session.start' });
    await other.next('session.started');
    await other.say();
    const client = await AppClient.connect(url, await token());
    client.ws.send(Buffer.alloc(server.app.limits.maxFrameBytes + 1));
    await new Promise((r) => client.ws.once('close', r));
    expect(client.closeCode).toBe(1009);
    other.send({ type: 'text', text: '我的余额是多少' });
    expect((await other.say()).text).toMatch(/¥/);
    await other.close();
  });

  it('limits sessions per customer', async () => {
    const max = server.app.limits.maxSessionsPerCustomer;
    const clients = await Promise.all(
      Array.from({ length: max }, async () => AppClient.connect(url, await token())),
    );
    await expect(AppClient.connect(url, await token())).rejects.toThrow(/429.*TELLER_ERR_SESSION_LIMIT/);
    await Promise.all(clients.map((c) => c.close()));
    await new Promise((r) => setTimeout(r, 50));
    const again = await AppClient.connect(url, await token());
    await again.close();
  });

  it('keeps each customer to their own data', async () => {
    const wei = await AppClient.connect(url, await token('wei'));
    wei.send({ type: 'session.start', lang: 'en' });
    await wei.next('session.started');
    await wei.say();
    wei.send({ type: 'text', text: 'send 100 dollars from everyday checking to bob li' });
    const reply = await wei.say();
    expect(reply.text).not.toMatch(/Bob Li|Everyday Checking/);
    await wei.close();
  });
});
