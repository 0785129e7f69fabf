import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pocketSphinxProblem, PocketSphinxRecognizer } from '../../src/asr/index.ts';
import { sharedSileroVad } from '../../src/audio/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import { openSandbox, type RunningServer } from '../../src/server/index.ts';
import { startHttpServer } from '../../src/transport/index.ts';
import {
  callSummaryRoute,
  TwilioEndpoint,
  twilioCallerToken,
  twilioStreamToken,
  type TwilioEndpointOptions,
  type TwilioLimits,
} from '../../src/transport/twilio/index.ts';
import { TelephonyRecorder, TwilioCaller } from '../../src/testing/phone/index.ts';
import { bankHiccupsOnce, startTestServer } from '../helpers/server.ts';

/*
 * Bad input on the Twilio endpoint. Twilio cannot receive errors, so the documented reply to a bad
 * message is none: it is logged and dropped and the call goes on; a stream that keeps sending them,
 * a frame over the limit, the wrong audio format, a bad token, a silent or dead peer are closed.
 */

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A Twilio endpoint alone on an HTTP server (port 0) over its own demo sandbox, typed turns only
 * unless a recognizer is given; `close` frees all of it.
 */
async function standaloneEndpoint(
  options: Pick<TwilioEndpointOptions, 'recognizer' | 'vad'> & {
    readonly limits?: Partial<TwilioLimits>;
    readonly summaries?: boolean;
    readonly bindCaller?: boolean;
  } = { recognizer: undefined, vad: undefined },
): Promise<{ endpoint: TwilioEndpoint; port: number; close: () => Promise<void> }> {
  const bank = openSandbox(':memory:', 'demo').bank;
  const nlu = await Nlu.load();
  const endpoint = new TwilioEndpoint({
    bank,
    nlu,
    recognizer: options.recognizer,
    vad: options.vad,
    synthesizer: undefined,
    logger: createLogger({ level: 'silent' }),
    authToken: AUTH_TOKEN,
    ...(options.bindCaller ? { bindCaller: true } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const { server, port } = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: options.summaries
      ? { '/v1/twilio/calls/*': callSummaryRoute(endpoint.summaries, AUTH_TOKEN) }
      : {},
    upgrades: { '/v1/twilio': (req, socket, head) => endpoint.upgrade(req, socket, head) },
  });
  return {
    endpoint,
    port,
    close: async () => {
      endpoint.close();
      await new Promise((resolve) => server.close(resolve));
      await nlu.close();
      await bank.close();
    },
  };
}

describe('Twilio endpoint: bad input', () => {
  let server: RunningServer;
  let url: string;
  const events = new TelephonyRecorder();
  const begin = (
    caller: TwilioCaller,
    from = '+15550100',
    token = twilioStreamToken(AUTH_TOKEN, caller.callSid),
  ) => caller.begin({ from, token });
  /** The call still answers: keyed digits get a reply from the agent. */
  const answers = async (caller: TwilioCaller) => {
    const before = events.said(caller.callSid).length;
    await caller.keys('5#');
    await events.next(caller.callSid, 'agent.say', () => events.said(caller.callSid).length > before);
  };

  beforeAll(async () => {
    server = await startTestServer({
      asrEngine: 'text',
      ttsEngine: 'none',
      twilioAuthToken: AUTH_TOKEN,
    });
    url = `ws://127.0.0.1:${server.port}/v1/twilio`;
  });
  afterAll(async () => {
    expect(await server.bank.listMovements('alice', 100)).toHaveLength(0);
    events.dispose();
    await server.close();
  });

  it('refuses a start without the per-call token, or with another call’s (4401)', async () => {
    const missing = await TwilioCaller.connect(url, 'instant');
    missing.begin({ from: '+15550100' });
    expect(await missing.closed).toEqual({ code: 4401, reason: 'TELLER_ERR_UNAUTHENTICATED' });
    const other = await TwilioCaller.connect(url, 'instant');
    begin(other, '+15550100', twilioStreamToken(AUTH_TOKEN, 'CA-some-other-call'));
    expect((await other.closed).code).toBe(4401);
  });

  it('refuses a second stream for a call that has one (a replayed start), and the first goes on', async () => {
    const first = await TwilioCaller.connect(url, 'instant');
    begin(first);
    await events.next(first.callSid, 'call.start');
    const replay = await TwilioCaller.connect(url, 'instant');
    (replay as { callSid: string }).callSid = first.callSid;
    begin(replay, '+8613800138000', twilioStreamToken(AUTH_TOKEN, first.callSid));
    expect(await replay.closed).toEqual({
      code: 1008,
      reason: 'TELLER_ERR_SESSION_LIMIT: the call already has a stream',
    });
    await answers(first);
    first.send({ event: 'stop', stop: { callSid: first.callSid } });
    await first.closed;
  });

  it('drops media before start, unknown events, binary frames, broken base64 and a foreign streamSid', async () => {
    const caller = await TwilioCaller.connect(url, 'instant');
    caller.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    caller.send({ event: 'media', media: { track: 'inbound', payload: '/w==' } });
    caller.send({ event: 'transcription', transcription: { text: 'hi' } });
    caller.sendRaw(Buffer.from([1, 2, 3]));
    caller.sendRaw('{not json');
    begin(caller);
    await events.next(caller.callSid, 'call.start');
    caller.send({
      event: 'media',
      media: { track: 'inbound', chunk: '1', timestamp: '20', payload: 'not base64!' },
    });
    caller.send({ event: 'media', media: { track: 'inbound', payload: '/w=' } });
    caller.send({
      event: 'dtmf',
      streamSid: 'MZ-someone-else',
      dtmf: { track: 'inbound_track', digit: '9' },
    });
    caller.send({ event: 'dtmf', dtmf: { digit: 'x' } });
    caller.send({ event: 'mark', mark: { name: 'never-sent' } });
    await answers(caller);
    caller.send({ event: 'stop', stop: { callSid: caller.callSid } });
    expect(await caller.closed).toEqual({ code: 1000, reason: 'stopped' });
  });

  it('drops events named like Object.prototype members, before and after start, and the call goes on', async () => {
    const caller = await TwilioCaller.connect(url, 'instant');
    const inherited = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
    for (const event of inherited) caller.sendRaw(JSON.stringify({ event }));
    begin(caller);
    await events.next(caller.callSid, 'call.start');
    for (const event of inherited) caller.send({ event });
    await answers(caller);
    caller.send({ event: 'stop', stop: {} });
    expect((await caller.closed).code).toBe(1000);
  });

  it('goes on after a keyed turn fails inside the server', async () => {
    const caller = await TwilioCaller.connect(url, 'instant');
    begin(caller);
    await events.next(caller.callSid, 'call.start');
    const hiccup = bankHiccupsOnce(server);
    try {
      await events.next(caller.callSid, 'turn.done'); // the greeting's
      await caller.keys('5#');
      await events.next(caller.callSid, 'dtmf');
      // The failed turn ends no turn; the next keyed one is answered.
      await caller.keys('5#');
      await events.next(caller.callSid, 'dtmf');
      await events.next(caller.callSid, 'turn.done');
    } finally {
      hiccup.restore();
    }
    caller.send({ event: 'stop', stop: {} });
    expect((await caller.closed).code).toBe(1000);
  });

  it('ignores a repeated or out-of-order sequenceNumber', async () => {
    const caller = await TwilioCaller.connect(url, 'instant');
    begin(caller);
    await events.next(caller.callSid, 'call.start');
    // A replayed `stop` (sequenceNumber already seen) must not end the call.
    caller.sendRaw(
      JSON.stringify({ event: 'stop', sequenceNumber: '1', streamSid: caller.streamSid, stop: {} }),
    );
    caller.sendRaw(
      JSON.stringify({ event: 'stop', sequenceNumber: '0', streamSid: caller.streamSid, stop: {} }),
    );
    await answers(caller);
    expect(caller.ws.readyState).toBe(caller.ws.OPEN);
    caller.send({ event: 'stop', stop: {} });
    expect((await caller.closed).code).toBe(1000);
  });

  it('closes a stream that keeps sending bad messages (1008) and leaves other calls alone', async () => {
    const good = await TwilioCaller.connect(url, 'instant');
    begin(good);
    await events.next(good.callSid, 'call.start');
    const bad = await TwilioCaller.connect(url, 'instant');
    begin(bad);
    for (let i = 0; i < 25; i++) bad.send({ event: 'nonsense' });
    expect(await bad.closed).toEqual({ code: 1008, reason: 'TELLER_ERR_UNKNOWN_MESSAGE_TYPE' });
    await answers(good);
    good.send({ event: 'stop', stop: {} });
    expect((await good.closed).code).toBe(1000);
  });

  it('closes on a frame over 64 KiB (1009) and on audio that is not μ-law 8 kHz (1003)', async () => {
    const big = await TwilioCaller.connect(url, 'instant');
    big.sendRaw('x'.repeat(65 * 1024));
    expect((await big.closed).code).toBe(1009);
    const pcm = await TwilioCaller.connect(url, 'instant');
    pcm.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    pcm.send({
      event: 'start',
      start: {
        accountSid: 'AC0',
        streamSid: pcm.streamSid,
        callSid: pcm.callSid,
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/l16', sampleRate: 16000, channels: 1 },
        customParameters: { from: '+15550100', token: twilioStreamToken(AUTH_TOKEN, pcm.callSid) },
      },
    });
    expect((await pcm.closed).code).toBe(1003);
  });

  it('hands an unknown number off at once when there is no speech synthesis', async () => {
    const caller = await TwilioCaller.connect(url, 'instant');
    begin(caller, '+44 20 7946 0000');
    expect(await events.next(caller.callSid, 'handoff')).toMatchObject({
      summary: { reason: 'unknown_caller' },
    });
    expect(await caller.closed).toEqual({ code: 1000, reason: 'handoff:unknown_caller' });
  });
});

describe('Twilio endpoint: liveness and the call summary', () => {
  let rig: Awaited<ReturnType<typeof standaloneEndpoint>>;
  let endpoint: TwilioEndpoint;
  let port: number;

  beforeAll(async () => {
    rig = await standaloneEndpoint({
      recognizer: undefined,
      vad: undefined,
      limits: { pingIntervalMs: 100, startTimeoutMs: 300 },
      summaries: true,
    });
    ({ endpoint, port } = rig);
  });
  afterAll(() => rig.close());

  it('closes a stream that never sends start (1008) and terminates a peer that stops answering pings', async () => {
    const silent = await TwilioCaller.connect(`ws://127.0.0.1:${port}/v1/twilio`, 'instant');
    expect(await silent.closed).toEqual({ code: 1008, reason: 'start must follow connected' });
    const dead = await TwilioCaller.connect(`ws://127.0.0.1:${port}/v1/twilio`, 'instant', {
      autoPong: false,
    });
    dead.begin({ from: '+15550100', token: twilioStreamToken(AUTH_TOKEN, dead.callSid) });
    const started = Date.now();
    expect((await dead.closed).code).toBe(1006);
    expect(Date.now() - started).toBeLessThan(1000);
    await sleep(50);
    expect(endpoint.activeCalls).toBe(0);
  });

  it('serves the summary of a finished call to the holder of its token', async () => {
    const caller = await TwilioCaller.connect(`ws://127.0.0.1:${port}/v1/twilio`, 'instant');
    caller.begin({ from: '+15559999', token: twilioStreamToken(AUTH_TOKEN, caller.callSid) });
    expect((await caller.closed).reason).toBe('handoff:unknown_caller');
    const summaryUrl = `http://127.0.0.1:${port}/v1/twilio/calls/${caller.callSid}/summary`;
    const ok = await fetch(summaryUrl, {
      headers: { authorization: `Bearer ${twilioStreamToken(AUTH_TOKEN, caller.callSid)}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      callSid: caller.callSid,
      outcome: 'handoff',
      reason: 'unknown_caller',
      slots: {},
      verified: false,
      customerKnown: false,
    });
    expect((await fetch(summaryUrl)).status).toBe(401);
    const other = `http://127.0.0.1:${port}/v1/twilio/calls/CA0000/summary`;
    expect(
      (
        await fetch(other, {
          headers: { authorization: `Bearer ${twilioStreamToken(AUTH_TOKEN, 'CA0000')}` },
        })
      ).status,
    ).toBe(404);
  });
});

describe('Twilio endpoint: sockets that never send start', () => {
  let rig: Awaited<ReturnType<typeof standaloneEndpoint>>;
  let endpoint: TwilioEndpoint;
  let url: string;
  const events = new TelephonyRecorder();

  beforeAll(async () => {
    rig = await standaloneEndpoint({
      recognizer: undefined,
      vad: undefined,
      // No stream here may be closed by the start timeout: only by the limits under test.
      limits: { maxCalls: 1, maxWaitingStreams: 2, startTimeoutMs: 10 * 60_000 },
    });
    endpoint = rig.endpoint;
    url = `ws://127.0.0.1:${rig.port}/v1/twilio`;
  });
  afterAll(async () => {
    events.dispose();
    await rig.close();
  });

  it('keeps them apart from calls: the oldest gives way to a new stream, and a call gets in', async () => {
    const oldest = await TwilioCaller.connect(url, 'instant');
    const late = await TwilioCaller.connect(url, 'instant');
    expect(endpoint.waitingStreams).toBe(2);
    expect(endpoint.activeCalls).toBe(0);
    const caller = await TwilioCaller.connect(url, 'instant');
    expect(await oldest.closed).toEqual({ code: 1008, reason: 'too many streams waiting for start' });
    caller.begin({ from: '+15550100', token: twilioStreamToken(AUTH_TOKEN, caller.callSid) });
    await events.next(caller.callSid, 'call.start');
    expect(endpoint.activeCalls).toBe(1);
    // The one call slot is taken: a new stream is refused, and a waiting one that starts is closed.
    await expect(TwilioCaller.connect(url, 'instant')).rejects.toThrow(/HTTP 503/);
    late.begin({ from: '+15550100', token: twilioStreamToken(AUTH_TOKEN, late.callSid) });
    expect(await late.closed).toEqual({ code: 1013, reason: 'TELLER_ERR_SESSION_LIMIT' });
    expect(endpoint.activeCalls).toBe(1);
    caller.send({ event: 'stop', stop: {} });
    expect((await caller.closed).code).toBe(1000);
    while (endpoint.activeCalls > 0 || endpoint.waitingStreams > 0) await sleep(10);
    const next = await TwilioCaller.connect(url, 'instant');
    next.begin({ from: '+15550100', token: twilioStreamToken(AUTH_TOKEN, next.callSid) });
    await events.next(next.callSid, 'call.start');
    next.send({ event: 'stop', stop: {} });
    expect((await next.closed).code).toBe(1000);
  });
});

describe.skipIf(pocketSphinxProblem() !== undefined)('Twilio endpoint: a speech engine at capacity', () => {
  let rig: Awaited<ReturnType<typeof standaloneEndpoint>>;
  let endpoint: TwilioEndpoint;
  let port: number;
  let recognizer: PocketSphinxRecognizer;

  beforeAll(async () => {
    // Every stream in use: the engine refuses the next one, as the 41st call on 2 cores would be.
    recognizer = new PocketSphinxRecognizer({ maxStreams: 0, generalPoolSize: 0 });
    rig = await standaloneEndpoint({ recognizer, vad: await sharedSileroVad() });
    ({ endpoint, port } = rig);
  });
  afterAll(async () => {
    await rig.close();
    await recognizer.close();
  });

  it('closes the call with 1013 (try again later) and the engine’s code, not as an internal error', async () => {
    const caller = await TwilioCaller.connect(`ws://127.0.0.1:${port}/v1/twilio`, 'instant');
    caller.begin({ from: '+15550100', token: twilioStreamToken(AUTH_TOKEN, caller.callSid) });
    expect(await caller.closed).toEqual({ code: 1013, reason: 'TELLER_ERR_ENGINE_UNAVAILABLE' });
    await sleep(50);
    expect(endpoint.activeCalls).toBe(0);
  });
});

describe('Twilio endpoint: caller-bound tokens (TELLER_TWILIO_BIND_CALLER)', () => {
  let rig: Awaited<ReturnType<typeof standaloneEndpoint>>;
  beforeAll(async () => {
    rig = await standaloneEndpoint({ recognizer: undefined, vad: undefined, bindCaller: true });
  });
  afterAll(() => rig.close());

  it('opens a call only with a token for its caller number: not the call-only token, not another number', async () => {
    const url = `ws://127.0.0.1:${rig.port}/v1/twilio`;
    const callOnly = await TwilioCaller.connect(url, 'instant');
    callOnly.begin({ from: '+15550100', token: twilioStreamToken(AUTH_TOKEN, callOnly.callSid) });
    expect(await callOnly.closed).toEqual({ code: 4401, reason: 'TELLER_ERR_UNAUTHENTICATED' });
    // A token made for Alice's number, sent with Wang Wei's.
    const spoofed = await TwilioCaller.connect(url, 'instant');
    spoofed.begin({
      from: '+8613800138000',
      token: twilioCallerToken(AUTH_TOKEN, spoofed.callSid, '+15550100'),
    });
    expect((await spoofed.closed).code).toBe(4401);
    const bound = await TwilioCaller.connect(url, 'instant');
    bound.begin({ from: '+15550100', token: twilioCallerToken(AUTH_TOKEN, bound.callSid, '+15550100') });
    await sleep(300);
    expect(rig.endpoint.activeCalls).toBe(1);
    bound.send({ event: 'stop', stop: { callSid: bound.callSid } });
    await bound.closed;
  });
});
