import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.ts';
import { parseClientMessage } from '../../src/transport/index.ts';
import { bankHiccupsOnce, startTestServer } from '../helpers/server.ts';
import { AppClient } from './app-client.ts';

/*
 * Hostile input on the app WebSocket that app-gateway.test.ts does not cover: values that throw when
 * a careless path stringifies them, a turn that fails inside the server, a client that leaves while
 * its session is starting, and a client that sends turns faster than they are answered.
 */

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

/** A promise and the function that settles it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('app WebSocket gateway: hostile input', () => {
  let server: RunningServer;
  let url: string;
  const token = (customerId = 'alice') => server.tokens.sign({ customerId, ttlS: 600 }, Date.now());
  const started = async (customerId = 'alice') => {
    const client = await AppClient.connect(url, await token(customerId));
    client.send({ type: 'session.start', lang: 'en' });
    await client.next('session.started');
    await client.next('turn.done');
    return client;
  };
  const metric = async (name: string) =>
    Number(
      new RegExp(`^${name}\\{channel="app"\\} (\\d+)$`, 'm').exec(await server.metrics.text())?.[1] ?? 0,
    );

  beforeAll(async () => {
    server = await startTestServer({ jwtSecret: SECRET, ttsEngine: 'none' });
    url = `ws://127.0.0.1:${server.port}/v1/app`;
  });
  afterAll(async () => server.close());

  it('answers a "type" that cannot be turned into a string with a stable code, and lives on', async () => {
    for (const type of ['{"toString":1}', '{"toString":1,"valueOf":1}', 'null', '[]', '7'])
      expect(parseClientMessage(`{"type":${type}}`), type).toMatchObject({
        ok: false,
        code: 'TELLER_ERR_UNKNOWN_MESSAGE_TYPE',
      });
    const client = await AppClient.connect(url, await token());
    client.send('{"type":{"toString":1,"valueOf":1}}');
    expect(await client.next('error')).toMatchObject({
      code: 'TELLER_ERR_UNKNOWN_MESSAGE_TYPE',
      fatal: false,
    });
    client.send({ type: 'ping', id: 'after' });
    expect(await client.next('pong')).toMatchObject({ id: 'after' });
    await client.close();
  });

  it('goes on answering after a turn fails inside the server', async () => {
    const client = await started();
    const hiccup = bankHiccupsOnce(server);
    try {
      client.send({ type: 'text', text: "what's my checking balance" });
      expect(await client.next('error')).toMatchObject({ code: 'TELLER_ERR_INTERNAL', fatal: false });
      client.send({ type: 'text', text: "what's my checking balance" });
      await client.next('agent.say', (m) => /\$2,500\.00/.test(String(m['text'])));
    } finally {
      hiccup.restore();
    }
    expect(client.messages.filter((m) => m['type'] === 'error')).toHaveLength(1);
    await client.close();
  });

  it('frees the session of a client that leaves while it is starting', async () => {
    const before = await metric('teller_sessions_started_total');
    const open = server.app.activeSessions;
    const client = await AppClient.connect(url, await token());
    const bank = server.bank as { getCustomer: (id: string) => Promise<unknown> };
    const getCustomer = bank.getCustomer;
    const held = gate();
    const asked = gate();
    bank.getCustomer = async (id) => {
      asked.open();
      await held.promise;
      return getCustomer.call(server.bank, id);
    };
    try {
      client.send({ type: 'session.start' });
      await asked.promise;
      bank.getCustomer = getCustomer;
      client.ws.terminate();
      while (server.app.activeSessions > open) await new Promise((r) => setTimeout(r, 10));
      held.open();
      while ((await metric('teller_sessions_started_total')) === before)
        await new Promise((r) => setTimeout(r, 10));
    } finally {
      bank.getCustomer = getCustomer;
      held.open();
    }
    expect(await metric('teller_sessions_active')).toBe(0);
  });

  it('disconnects a client that keeps sending bad frames without reading the answers', async () => {
    const open = server.app.activeSessions;
    // A raw socket that never reads: the upgrade, then masked (zero-key) text frames holding "{".
    const socket = connect(server.port, '127.0.0.1');
    socket.pause();
    // The server ends the connection mid-write: a reset is the expected outcome here.
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `GET /v1/app HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n` +
        `Sec-WebSocket-Protocol: teller.v1, bearer.${await token()}\r\n\r\n`,
    );
    while (server.app.activeSessions === open) await new Promise((r) => setTimeout(r, 10));
    const frames = Buffer.concat(
      Array.from({ length: 10_000 }, () => Buffer.from([0x81, 0x81, 0, 0, 0, 0, 0x7b])),
    );
    // Each frame is answered with an error of ~100 bytes; the kernel's buffers take some megabytes first.
    for (let sent = 0; server.app.activeSessions > open && sent < 300; sent++) {
      if (!socket.write(frames)) await new Promise((r) => setTimeout(r, 10));
      else await new Promise((r) => setImmediate(r));
    }
    socket.destroy();
    expect(server.app.activeSessions).toBe(open);
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  });

  it('refuses turns beyond the queue limit while one is being answered, then answers the rest', async () => {
    const client = await started();
    const max = server.app.limits.maxQueuedTurns;
    const bank = server.bank as { listAccounts: (id: string) => Promise<unknown> };
    const listAccounts = bank.listAccounts;
    const held = gate();
    bank.listAccounts = async (id) => {
      await held.promise;
      return listAccounts.call(server.bank, id);
    };
    try {
      for (let i = 0; i < max + 3; i++) client.send({ type: 'text', text: "what's my checking balance" });
      for (let i = 0; i < 3; i++)
        expect(await client.next('error')).toMatchObject({
          code: 'TELLER_ERR_RATE_LIMITED',
          message: expect.stringMatching(/wait for turn\.done/) as unknown,
        });
    } finally {
      bank.listAccounts = listAccounts;
      held.open();
    }
    for (let i = 0; i < max; i++) await client.next('turn.done');
    client.send({ type: 'text', text: "what's my savings balance" });
    await client.next('agent.say', (m) => /\$10,/.test(String(m['text'])));
    expect(client.messages.filter((m) => m['type'] === 'error')).toHaveLength(3);
    await client.close();
  });

  it('ends the session after a handoff: session.end, a normal close, counted once, not resumable', async () => {
    const handoffs = await metric('teller_handoffs_total');
    const client = await started();
    const closed = new Promise<number>((r) => client.ws.once('close', r));
    for (const text of NOT_UNDERSTOOD) {
      client.send({ type: 'text', text });
      await client.next('turn.done');
    }
    expect(await client.next('handoff')).toMatchObject({ reason: 'no_match' });
    const end = await client.next('session.end');
    expect(end).toMatchObject({ type: 'session.end', reason: 'handoff' });
    expect(await closed).toBe(1000);
    expect(await metric('teller_handoffs_total')).toBe(handoffs + 1);
    const sessionId = String(client.messages.find((m) => m['type'] === 'session.started')?.['sessionId']);
    const again = await AppClient.connect(url, await token());
    again.send({ type: 'session.start', lang: 'en', resume: sessionId });
    expect(await again.next('error')).toMatchObject({ code: 'TELLER_ERR_SESSION_EXPIRED' });
    await again.next('session.started');
    await again.close();
  });
});

/** Three turns in a row the agent does not understand: the third hands off (docs/dialog.md). */
const NOT_UNDERSTOOD = [
  'who painted the ceiling of the sistine chapel',
  'put on some smooth jazz for me',
  'how tall is mount everest in feet',
];

describe('app WebSocket gateway on a sandbox server: hostile input', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ ttsEngine: 'none', asrEngine: 'text' });
  });
  afterAll(async () => server.close());

  it('answers a sandbox world that does not load with its code and the reason, and lives on', async () => {
    const url = `ws://127.0.0.1:${server.port}/v1/app`;
    const client = await AppClient.connect(url, await server.tokens.sign({ customerId: 'alice' }));
    client.send({ type: 'session.start', sandbox: { world: { customers: 'everyone' } } });
    expect(await client.next('error')).toMatchObject({
      code: 'TELLER_ERR_WORLD_INVALID',
      message: expect.stringMatching(/customers/) as unknown,
      fatal: false,
    });
    client.send({ type: 'session.start', sandbox: {} });
    await client.next('session.started');
    await client.close();
  });

  it('answers a turn sent after a handoff with an error, and neither logs nor counts a turn again', async () => {
    const handoffs = () =>
      server.metrics
        .text()
        .then((text) => Number(/^teller_handoffs_total\{channel="app"\} (\d+)$/m.exec(text)?.[1] ?? 0));
    const before = await handoffs();
    const url = `ws://127.0.0.1:${server.port}/v1/app`;
    const client = await AppClient.connect(url, await server.tokens.sign({ customerId: 'alice' }));
    // A sandbox session stays open after its end, for `teller test --url` to read its bank.
    client.send({ type: 'session.start', sandbox: {} });
    await client.next('turn.done');
    for (const text of NOT_UNDERSTOOD) {
      client.send({ type: 'text', text });
      await client.next('turn.done');
    }
    await client.next('handoff');
    expect(await client.next('session.end')).toMatchObject({ reason: 'handoff' });
    const turns = client.messages.filter((m) => m['type'] === 'turn.done').length;
    client.send({ type: 'text', text: 'what is my balance' });
    client.send({ type: 'dtmf', digits: '1' });
    for (let i = 0; i < 2; i++)
      expect(await client.next('error')).toMatchObject({
        code: 'TELLER_ERR_BAD_MESSAGE',
        message: expect.stringMatching(/handed off to a colleague: start a new session/) as unknown,
        fatal: false,
      });
    client.send({ type: 'ping', id: 'after' });
    await client.next('pong');
    expect(client.messages.filter((m) => m['type'] === 'turn.done')).toHaveLength(turns);
    expect(client.messages.filter((m) => m['type'] === 'nlu.result')).toHaveLength(3);
    expect(await handoffs()).toBe(before + 1);
    await client.close();
  });
});

describe('app WebSocket gateway with speech output: hostile input', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ jwtSecret: SECRET, ttsEngine: 'flite' });
  });
  afterAll(async () => server.close());

  it('refuses an output voice the server does not have at session.start, naming those it has', async () => {
    const url = `ws://127.0.0.1:${server.port}/v1/app`;
    const client = await AppClient.connect(url, await server.tokens.sign({ customerId: 'alice' }));
    client.send({ type: 'session.start', lang: 'en', output: { sampleRateHz: 16000, voice: 'nobody' } });
    expect(await client.next('error')).toMatchObject({
      code: 'TELLER_ERR_BAD_MESSAGE',
      message: expect.stringMatching(/output\.voice "nobody" .*: use one of .*kal16/) as unknown,
      fatal: false,
    });
    client.send({ type: 'session.start', lang: 'en', output: { sampleRateHz: 16000, voice: 'kal16' } });
    expect(await client.next('session.started')).toMatchObject({ tts: { sampleRateHz: 16000 } });
    await client.next('agent.audio.end');
    expect(client.messages.filter((m) => m['type'] === 'error')).toHaveLength(1);
    await client.close();
  });
});
