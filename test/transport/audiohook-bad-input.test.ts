import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pocketSphinxProblem, PocketSphinxRecognizer } from '../../src/asr/index.ts';
import { sharedSileroVad } from '../../src/audio/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import { openSandbox, type RunningServer } from '../../src/server/index.ts';
import { AudioHookEndpoint } from '../../src/transport/audiohook/index.ts';
import { startHttpServer } from '../../src/transport/index.ts';
import { AudioHookCaller, audiohookHeaders } from '../../src/testing/phone/index.ts';
import { startTestServer } from '../helpers/server.ts';

/*
 * Bad input on the AudioHook endpoint. The upgrade is refused with 401 unless the API key and the
 * message signature hold; inside a session, protocol errors get `disconnect {reason: "error"}` (the
 * protocol's and its reference server's way), after which the client runs the close transaction.
 */

const API_KEY = 'audiohook-api-key-for-tests';
const SECRET = Buffer.from('a client secret of thirty-two bytes!').toString('base64');
const auth = { apiKey: API_KEY, secret: SECRET };
type Json = Record<string, unknown>;
const OFFER = [{ type: 'audio', format: 'PCMU', channels: ['external'], rate: 8000 }];
const openParams = (organizationId: string, ani = 'tel:+15550100', media: unknown[] = OFFER) => ({
  organizationId,
  conversationId: randomUUID(),
  participant: { id: randomUUID(), ani, aniName: '', dnis: '+18005556789' },
  media,
  language: 'en-US',
});
const info = (m: Json) => String(((m['parameters'] as Json)['info'] as string | undefined) ?? '');

/** The HTTP status an upgrade with these headers gets (101 when accepted). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve) => {
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', () => resolve(0));
  });
}

describe('AudioHook endpoint: bad input', () => {
  let server: RunningServer;
  let url: string;
  /** An opened session with a known caller, and its organization id. */
  const session = async (ani = 'tel:+15550100') => {
    const ids = { sessionId: randomUUID(), organizationId: randomUUID() };
    const caller = await AudioHookCaller.connect(url, auth, ids);
    caller.send('open', openParams(ids.organizationId, ani));
    await caller.next('opened');
    return caller;
  };
  /** The client's side of a server `disconnect`: close, then `closed`. */
  const closeAfter = async (caller: AudioHookCaller) => {
    caller.send('close', { reason: 'disconnect' });
    await caller.next('closed');
    caller.ws.close();
  };

  beforeAll(async () => {
    server = await startTestServer({
      asrEngine: 'text',
      ttsEngine: 'none',
      audiohookApiKey: API_KEY,
      audiohookClientSecret: SECRET,
    });
    url = `ws://127.0.0.1:${server.port}/v1/audiohook`;
  });
  afterAll(async () => {
    expect(await server.bank.listMovements('alice', 100)).toHaveLength(0);
    await server.close();
  });

  it('refuses unsigned, wrongly keyed, wrongly signed, stale and replayed upgrades with 401', async () => {
    const ids = () => ({ sessionId: randomUUID(), organizationId: randomUUID() });
    const nowS = Math.floor(Date.now() / 1000);
    const unsigned = { ...audiohookHeaders(url, ids(), undefined), 'x-api-key': API_KEY };
    expect(await upgradeStatus(url, unsigned)).toBe(401);
    expect(await upgradeStatus(url, audiohookHeaders(url, ids(), { ...auth, apiKey: 'another-key' }))).toBe(
      401,
    );
    const forged = { ...auth, secret: Buffer.from('not the secret').toString('base64') };
    expect(await upgradeStatus(url, audiohookHeaders(url, ids(), forged))).toBe(401);
    expect(await upgradeStatus(url, audiohookHeaders(url, ids(), { ...auth, createdS: nowS - 60 }))).toBe(
      401,
    );
    expect(await upgradeStatus(url, audiohookHeaders(url, ids(), { ...auth, createdS: nowS + 60 }))).toBe(
      401,
    );
    const tampered = audiohookHeaders(url, ids(), auth);
    expect(await upgradeStatus(url, { ...tampered, 'audiohook-session-id': randomUUID() })).toBe(401);
    const once = audiohookHeaders(url, ids(), auth);
    expect(await upgradeStatus(url, once)).toBe(101);
    expect(await upgradeStatus(url, once)).toBe(401);
    const { ['audiohook-session-id']: _dropped, ...noSession } = audiohookHeaders(url, ids(), auth);
    expect(await upgradeStatus(url, noSession)).toBe(400);
  });

  it('answers audio before opened with disconnect (error), then completes the close transaction', async () => {
    const caller = await AudioHookCaller.connect(url, auth);
    caller.ws.send(Buffer.alloc(160, 0xff), { binary: true });
    const disconnect = await caller.next('disconnect');
    expect(disconnect).toMatchObject({ seq: 1, clientseq: 0, parameters: { reason: 'error' } });
    expect(info(disconnect)).toMatch(/^TELLER_ERR_AUDIO_BEFORE_START/);
    caller.send('close', { reason: 'error' });
    expect(await caller.next('closed')).toMatchObject({ seq: 2, clientseq: 1, parameters: {} });
  });

  it.each([
    ['a skipped seq', { seq: 3 }, /each client message must add 1/],
    ['a repeated seq', { seq: 1 }, /each client message must add 1/],
    ['a serverseq from the future', { serverseq: 9 }, /serverseq 9 is ahead/],
    ['another session id', { id: randomUUID() }, /Audiohook-Session-Id/],
  ])('disconnects on %s', async (_name, override, why) => {
    const caller = await session();
    caller.send('ping', {}, override);
    const disconnect = await caller.next('disconnect');
    expect(disconnect).toMatchObject({ parameters: { reason: 'error' } });
    expect(info(disconnect)).toMatch(why);
    await closeAfter(caller);
  });

  it('disconnects on text that is not JSON or not a client message', async () => {
    const caller = await session();
    caller.ws.send('{"version": "2", "type": ');
    expect(info(await caller.next('disconnect'))).toMatch(/^TELLER_ERR_BAD_JSON/);
    const other = await session();
    other.ws.send(JSON.stringify({ version: '1', type: 'ping', seq: 2 }));
    expect(info(await other.next('disconnect'))).toMatch(/^TELLER_ERR_BAD_MESSAGE/);
  });

  it('ignores a message type it does not know, and keeps answering pings', async () => {
    const caller = await session();
    caller.send('transcript', { text: 'hello' });
    caller.send('ping');
    expect(await caller.next('pong')).toMatchObject({ clientseq: 3 });
    expect(caller.types).not.toContain('disconnect');
    await closeAfter(caller);
  });

  it('refuses media it cannot take, and an organization that does not match the upgrade', async () => {
    const organizationId = randomUUID();
    const opus = await AudioHookCaller.connect(url, auth, { sessionId: randomUUID(), organizationId });
    opus.send(
      'open',
      openParams(organizationId, 'tel:+15550100', [
        { type: 'audio', format: 'opus', channels: ['external'], rate: 48000 },
        { type: 'audio', format: 'PCMU', channels: ['internal'], rate: 8000 },
      ]),
    );
    expect(info(await opus.next('disconnect'))).toMatch(/^TELLER_ERR_BAD_AUDIO_FORMAT: offer PCMU or L16/);
    const stranger = await AudioHookCaller.connect(url, auth);
    stranger.send('open', openParams(randomUUID()));
    expect(await stranger.next('disconnect')).toMatchObject({ parameters: { reason: 'unauthorized' } });
  });

  it('disconnects on audio that is not whole samples, and closes on a frame over 64 KiB (1009)', async () => {
    const ids = { sessionId: randomUUID(), organizationId: randomUUID() };
    const l16 = await AudioHookCaller.connect(url, auth, ids);
    l16.send('open', openParams(ids.organizationId, 'tel:+15550100', [{ ...OFFER[0], format: 'L16' }]));
    await l16.next('opened');
    l16.ws.send(Buffer.alloc(161), { binary: true });
    expect(info(await l16.next('disconnect'))).toMatch(/^TELLER_ERR_BAD_AUDIO_FORMAT/);
    const big = await session();
    big.ws.send(Buffer.alloc(65 * 1024), { binary: true });
    expect((await big.closed).code).toBe(1009);
  });

  it('keeps other sessions going while one is disconnected for bad input', async () => {
    const good = await session();
    const bad = await session();
    bad.send('ping', {}, { seq: 7 });
    await bad.next('disconnect');
    good.send('dtmf', { digit: '5' });
    good.send('dtmf', { digit: '#' });
    expect(await good.next('event')).toMatchObject({
      parameters: { entities: [{ type: 'bot_turn_response' }] },
    });
    good.send('ping');
    expect(await good.next('pong')).toBeTruthy();
    await closeAfter(good);
  });

  it('hands an unknown number off with disconnect (completed) and its output variables', async () => {
    const caller = await session('tel:+1-555-555-1234');
    const disconnect = await caller.next('disconnect');
    expect(disconnect).toMatchObject({
      parameters: {
        reason: 'completed',
        outputVariables: {
          outcome: 'handoff',
          handoffReason: 'unknown_caller',
          intent: '',
          verified: 'false',
          customerKnown: 'false',
          slots: '{}',
        },
      },
    });
    await closeAfter(caller);
  });
});

describe('AudioHook endpoint: timeouts and liveness', () => {
  let http: Server;
  let url: string;
  let endpoint: AudioHookEndpoint;
  let keyOnly: AudioHookEndpoint;
  let nlu: Nlu;
  const bank = openSandbox(':memory:', 'demo').bank;

  beforeAll(async () => {
    nlu = await Nlu.load();
    endpoint = new AudioHookEndpoint({
      bank,
      nlu,
      recognizer: undefined,
      vad: undefined,
      synthesizer: undefined,
      logger: createLogger({ level: 'silent' }),
      apiKey: undefined,
      clientSecret: undefined,
      limits: { pingIntervalMs: 100, openTimeoutMs: 300, closeTimeoutMs: 200 },
    });
    // An integration configured with an API key and no client secret: the key alone is checked.
    keyOnly = new AudioHookEndpoint({
      bank,
      nlu,
      recognizer: undefined,
      vad: undefined,
      synthesizer: undefined,
      logger: createLogger({ level: 'silent' }),
      apiKey: API_KEY,
      clientSecret: undefined,
    });
    let port: number;
    ({ server: http, port } = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: {},
      upgrades: {
        '/v1/audiohook': (req, socket, head) => endpoint.upgrade(req, socket, head),
        '/v1/audiohook-key': (req, socket, head) => keyOnly.upgrade(req, socket, head),
      },
    }));
    url = `ws://127.0.0.1:${port}/v1/audiohook`;
  });
  afterAll(async () => {
    endpoint.close();
    keyOnly.close();
    await new Promise((resolve) => http.close(resolve));
    await nlu.close();
    await bank.close();
  });

  it('disconnects a client that never opens, and closes the socket when it does not answer', async () => {
    const caller = await AudioHookCaller.connect(url, undefined);
    expect(info(await caller.next('disconnect'))).toMatch(/open must follow the upgrade/);
    expect(await caller.closed).toEqual({ code: 1000, reason: 'disconnected' });
  });

  it('checks the API key alone when no client secret is configured', async () => {
    const keyUrl = url.replace('/v1/audiohook', '/v1/audiohook-key');
    const ids = { sessionId: randomUUID(), organizationId: randomUUID() };
    const headers = audiohookHeaders(keyUrl, ids, undefined);
    expect(await upgradeStatus(keyUrl, headers)).toBe(401);
    expect(await upgradeStatus(keyUrl, { ...headers, 'x-api-key': 'wrong' })).toBe(401);
    expect(await upgradeStatus(keyUrl, { ...headers, 'x-api-key': API_KEY })).toBe(101);
  });

  it('terminates a peer that stops answering pings', async () => {
    const caller = await AudioHookCaller.connect(url, undefined, undefined, { autoPong: false });
    const started = Date.now();
    expect((await caller.closed).code).toBe(1006);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe.skipIf(pocketSphinxProblem() !== undefined)(
  'AudioHook endpoint: a speech engine at capacity',
  () => {
    let http: Server;
    let url: string;
    let endpoint: AudioHookEndpoint;
    let nlu: Nlu;
    let recognizer: PocketSphinxRecognizer;
    const bank = openSandbox(':memory:', 'demo').bank;

    beforeAll(async () => {
      nlu = await Nlu.load();
      // Every stream in use: the engine refuses the next one, as the 41st call on 2 cores would be.
      recognizer = new PocketSphinxRecognizer({ maxStreams: 0, generalPoolSize: 0 });
      endpoint = new AudioHookEndpoint({
        bank,
        nlu,
        recognizer,
        vad: await sharedSileroVad(),
        synthesizer: undefined,
        logger: createLogger({ level: 'silent' }),
        apiKey: undefined,
        clientSecret: undefined,
      });
      let port: number;
      ({ server: http, port } = await startHttpServer({
        port: 0,
        host: '127.0.0.1',
        routes: {},
        upgrades: { '/v1/audiohook': (req, socket, head) => endpoint.upgrade(req, socket, head) },
      }));
      url = `ws://127.0.0.1:${port}/v1/audiohook`;
    });
    afterAll(async () => {
      endpoint.close();
      await new Promise((resolve) => http.close(resolve));
      await recognizer.close();
      await nlu.close();
      await bank.close();
    });

    it('answers open with disconnect (error) naming the engine’s code, not an internal error', async () => {
      const ids = { sessionId: randomUUID(), organizationId: randomUUID() };
      const caller = await AudioHookCaller.connect(url, undefined, ids);
      caller.send('open', openParams(ids.organizationId));
      const disconnect = await caller.next('disconnect');
      expect(disconnect).toMatchObject({ parameters: { reason: 'error' } });
      expect(info(disconnect)).toMatch(
        /^TELLER_ERR_ENGINE_UNAVAILABLE: all 0 PocketSphinx streams are in use/,
      );
      caller.send('close', { reason: 'disconnect' });
      await caller.next('closed');
      caller.ws.close();
    });
  },
);
