import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AudioPacer,
  langOf,
  NonceCache,
  outputVariables,
  parseClientMessage,
  parseDictionary,
  selectMedia,
  serializeInnerList,
  verifyAudioHookSignature,
  type SignatureRequest,
} from '../../src/transport/audiohook/index.ts';

type Json = Record<string, unknown>;
const DOCS = JSON.parse(
  readFileSync(new URL('../fixtures/telephony/audiohook-messages.json', import.meta.url), 'utf8'),
) as {
  upgradeExample: { target: string; clientSecret: string; headers: Record<string, string> };
  fromClient: Record<string, Json>;
};

describe('AudioHook upgrade signatures (the documentation example)', () => {
  const example = DOCS.upgradeExample;
  const request = (headers: Record<string, string> = {}, nowS = 1641013201): SignatureRequest => ({
    headers: { ...example.headers, ...headers },
    target: example.target,
    apiKey: example.headers['x-api-key'] ?? '',
    secret: Buffer.from(example.clientSecret, 'base64'),
    nowS,
  });

  it('verifies the documented signed request', () => {
    expect(verifyAudioHookSignature(request())).toEqual({ ok: true });
  });

  it('refuses a changed covered header, a wrong key, a missing component, and an unsigned request', () => {
    expect(verifyAudioHookSignature(request({ 'audiohook-session-id': 'x' }))).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyAudioHookSignature({ ...request(), apiKey: 'another' })).toMatchObject({
      reason: 'wrong_key',
    });
    const input = example.headers['signature-input']?.replace(' "x-api-key"', '') ?? '';
    expect(verifyAudioHookSignature(request({ 'signature-input': input }))).toMatchObject({
      reason: 'invalid',
      message: expect.stringMatching(/does not cover x-api-key/) as unknown,
    });
    const { signature: _s, 'signature-input': _i, ...unsigned } = example.headers;
    expect(verifyAudioHookSignature({ ...request(), headers: unsigned })).toMatchObject({
      reason: 'unsigned',
    });
    expect(verifyAudioHookSignature(request({ signature: 'sig1=(garbage' }))).toMatchObject({
      reason: 'invalid',
    });
  });

  it('refuses stale, future and replayed signatures', () => {
    expect(verifyAudioHookSignature(request({}, 1641013200 + 14))).toMatchObject({ reason: 'expired' });
    expect(verifyAudioHookSignature(request({}, 1641013200 - 10))).toMatchObject({
      reason: 'invalid',
      message: 'created is in the future',
    });
    const nonces = new NonceCache();
    const once = { ...request(), useNonce: (n: string, until: number) => nonces.use(n, until, 1641013201) };
    expect(verifyAudioHookSignature(once)).toEqual({ ok: true });
    expect(verifyAudioHookSignature(once)).toMatchObject({ reason: 'replayed' });
  });

  it('parses and re-serializes Signature-Input exactly (RFC 8941)', () => {
    const value = example.headers['signature-input'] ?? '';
    const member = parseDictionary(value).get('sig1');
    expect(member && 'items' in member && `sig1=${serializeInnerList(member)}`).toBe(value);
    for (const bad of ['sig1=("a"),', 'sig1=("a\\q")', 'Sig1=("a")', 'sig1=("a";x=?2)'])
      expect(() => parseDictionary(bad), bad).toThrow(SyntaxError);
  });
});

describe('AudioHook messages', () => {
  it('parses every documented client message', () => {
    for (const [type, message] of Object.entries(DOCS.fromClient)) {
      expect(parseClientMessage(JSON.stringify(message)), type).toMatchObject({ ok: true, value: { type } });
    }
    expect(parseClientMessage('[')).toMatchObject({ ok: false, code: 'TELLER_ERR_BAD_JSON' });
    expect(parseClientMessage('{"version":"2","type":"ping"}')).toMatchObject({
      ok: false,
      code: 'TELLER_ERR_BAD_MESSAGE',
    });
  });

  it('chooses PCMU or L16 at 8 kHz with the customer (external) channel', () => {
    const offer = (DOCS.fromClient['open']?.['parameters'] as { media: never[] }).media;
    expect(selectMedia(offer)).toMatchObject({
      media: { format: 'PCMU', channels: ['external'] },
      input: { encoding: 'mulaw', sampleRateHz: 8000, channels: 1, channel: 0 },
      output: { encoding: 'mulaw', sampleRateHz: 8000 },
    });
    const stereo = [{ type: 'audio', format: 'L16', channels: ['internal', 'external'], rate: 8000 }];
    expect(selectMedia(stereo)).toMatchObject({ input: { encoding: 'pcm_s16le', channels: 2, channel: 1 } });
    expect(
      selectMedia([{ type: 'audio', format: 'PCMU', channels: ['internal'], rate: 8000 }]),
    ).toBeUndefined();
    expect(
      selectMedia([{ type: 'audio', format: 'PCMU', channels: ['external'], rate: 16000 }]),
    ).toBeUndefined();
  });

  it('maps languages and reports output variables as strings', () => {
    expect([langOf('en-US'), langOf('zh-CN'), langOf('es-ES'), langOf(undefined)]).toEqual([
      'en',
      'zh',
      undefined,
      undefined,
    ]);
    const vars = outputVariables({
      outcome: 'handoff',
      reason: 'pin_failed',
      intent: 'transfer.money',
      slots: { payee: 'bob' },
      verified: false,
      customerKnown: true,
    });
    expect(vars).toEqual({
      outcome: 'handoff',
      reason: 'pin_failed',
      intent: 'transfer.money',
      handoffReason: 'pin_failed',
      verified: 'false',
      customerKnown: 'true',
      slots: '{"payee":"bob"}',
    });
    expect(Object.values(vars).every((v) => typeof v === 'string')).toBe(true);
  });
});

describe('the agent-audio pacer (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const frame = () => Buffer.alloc(1600);

  it('keeps at most the lead ahead of playback, drops the queue on clear, and holds while paused', async () => {
    const sent: number[] = [];
    const pacer = new AudioPacer({ send: () => sent.push(Date.now()), leadMs: 1000, maxQueuedMs: 3000 });
    for (let i = 0; i < 10; i++) pacer.enqueue(frame(), 200);
    expect(sent).toHaveLength(5);
    expect(pacer.enqueue(frame(), 200)).toBe(true);
    expect(pacer.enqueue(Buffer.alloc(1), 10_000)).toBe(false);
    vi.advanceTimersByTime(400);
    expect(sent).toHaveLength(7);
    pacer.pause();
    vi.advanceTimersByTime(2000);
    expect(sent).toHaveLength(7);
    pacer.resume();
    expect(sent).toHaveLength(11);
    pacer.clear();
    expect(pacer.busy).toBe(false);
    pacer.holdFor(1500);
    pacer.enqueue(frame(), 200);
    vi.advanceTimersByTime(1400);
    expect(sent).toHaveLength(11);
    vi.advanceTimersByTime(200);
    expect(sent).toHaveLength(12);
    let drained = false;
    void pacer.whenDrained().then(() => (drained = true));
    await vi.advanceTimersByTimeAsync(250);
    expect(drained).toBe(true);
    pacer.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
