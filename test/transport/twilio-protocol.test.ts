import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  callerDigits,
  DtmfCollector,
  PlaybackClock,
  type CallSummary,
} from '../../src/transport/telephony/index.ts';
import {
  decodePayload,
  CallSummaryStore,
  parseTwilioMessage,
  twilioStreamToken,
  verifyTwilioStreamToken,
} from '../../src/transport/twilio/index.ts';
import { clearMessage, markMessage, mediaMessage } from '../../src/transport/twilio/protocol.ts';

/** The documented messages (twilio.com/docs/voice/media-streams/websocket-messages). */
const DOCS = JSON.parse(
  readFileSync(new URL('../fixtures/telephony/twilio-messages.json', import.meta.url), 'utf8'),
) as {
  fromTwilio: Record<string, Record<string, unknown>>;
  toTwilio: Record<string, Record<string, unknown>>;
};

describe('Twilio Media Streams messages', () => {
  it('parses every documented message Twilio sends', () => {
    for (const [event, message] of Object.entries(DOCS.fromTwilio)) {
      const parsed = parseTwilioMessage(JSON.stringify(message));
      expect(parsed, event).toMatchObject({ ok: true, value: { event } });
    }
    const start = parseTwilioMessage(JSON.stringify(DOCS.fromTwilio['start']));
    expect(start.ok && start.value.event === 'start' && start.value.sequenceNumber).toBe(1);
  });

  it('builds media, mark and clear exactly as documented', () => {
    const doc = DOCS.toTwilio;
    const sid = String(doc['clear']?.['streamSid']);
    const payload = String((doc['media']?.['media'] as { payload: string }).payload);
    expect(mediaMessage(sid, Buffer.from(payload, 'base64'))).toEqual(doc['media']);
    expect(markMessage(sid, 'my label')).toEqual(doc['mark']);
    expect(clearMessage(sid)).toEqual(doc['clear']);
  });

  it('names the problem of a bad frame with a stable code', () => {
    expect(parseTwilioMessage('{nope')).toMatchObject({ ok: false, code: 'TELLER_ERR_BAD_JSON' });
    expect(parseTwilioMessage('{"event":"transcription"}')).toMatchObject({
      ok: false,
      code: 'TELLER_ERR_UNKNOWN_MESSAGE_TYPE',
    });
    // Names inherited from Object.prototype are not events (they once reached a missing schema and threw).
    for (const event of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(parseTwilioMessage(JSON.stringify({ event })), event).toMatchObject({
        ok: false,
        code: 'TELLER_ERR_UNKNOWN_MESSAGE_TYPE',
      });
    const media = { ...DOCS.fromTwilio['media'], sequenceNumber: 'three' };
    expect(parseTwilioMessage(JSON.stringify(media))).toMatchObject({
      ok: false,
      code: 'TELLER_ERR_BAD_MESSAGE',
      message: expect.stringMatching(/^media\.sequenceNumber/) as unknown,
    });
  });

  it('decodes media payloads strictly', () => {
    expect(decodePayload('/w==')).toEqual(Buffer.from([0xff]));
    expect(decodePayload('')).toEqual(Buffer.alloc(0));
    for (const bad of ['/w=', 'not base64!', '/w==/w==x', 'a\nb='])
      expect(decodePayload(bad), bad).toBeUndefined();
  });
});

describe('the per-call stream token', () => {
  it('is the hex HMAC-SHA256 of the CallSid keyed with the Auth Token, checked in constant time', () => {
    const token = twilioStreamToken('auth-token', 'CA123');
    expect(token).toBe(createHmac('sha256', 'auth-token').update('CA123').digest('hex'));
    expect(verifyTwilioStreamToken('auth-token', 'CA123', token)).toBe(true);
    expect(verifyTwilioStreamToken('auth-token', 'CA124', token)).toBe(false);
    expect(verifyTwilioStreamToken('auth-token', 'CA123', token.slice(1))).toBe(false);
    expect(verifyTwilioStreamToken('auth-token', 'CA123', undefined)).toBe(false);
  });
});

describe('caller ID', () => {
  it('reads E.164, tel: and sip: numbers and refuses withheld ones', () => {
    expect(callerDigits('+15550100')).toBe('+15550100');
    expect(callerDigits('tel:+1-555-555-1234')).toBe('+15555551234');
    expect(callerDigits('sip:+15550100@pbx.example.com')).toBe('+15550100');
    expect(callerDigits('anonymous')).toBeUndefined();
    expect(callerDigits(undefined)).toBeUndefined();
  });
});

describe('keypad entry and the playback clock (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ends an entry on #, after the inter-digit pause, or at the longest length', () => {
    const entries: string[] = [];
    const keys = new DtmfCollector({ onDigits: (d) => entries.push(d), interDigitMs: 3000, maxDigits: 6 });
    for (const k of '2468#') keys.press(k);
    expect(entries).toEqual(['2468']);
    keys.press('1');
    keys.press('*');
    vi.advanceTimersByTime(2999);
    expect(entries).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(entries).toEqual(['2468', '1*']);
    for (const k of '1234567') keys.press(k);
    expect(entries).toEqual(['2468', '1*', '123456']);
    expect(keys.press('A')).toBe(true);
    expect(keys.press('x')).toBe(false);
    keys.press('#');
    expect(entries).toEqual(['2468', '1*', '123456', '7']);
    keys.press('9');
    keys.reset();
    vi.advanceTimersByTime(10_000);
    expect(entries).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a no-input timer run out only after the agent has finished speaking', () => {
    const playback = { untilMs: Date.now() + 4000 };
    const clock = new PlaybackClock(playback);
    const fired: number[] = [];
    const start = Date.now();
    clock.setTimeout(() => fired.push(Date.now() - start), 6000);
    vi.advanceTimersByTime(9999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([10_000]);
    const cancelled = clock.setTimeout(() => fired.push(-1), 100);
    clock.clearTimeout(cancelled);
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual([10_000]);
  });
});

describe('the handoff store', () => {
  it('keeps the newest summaries for a while', async () => {
    let now = 0;
    const store = new CallSummaryStore({ maxEntries: 2, ttlMs: 1000 }, () => now);
    const summary = (reason: string): CallSummary => ({
      outcome: 'handoff',
      reason,
      intent: undefined,
      slots: {},
      verified: false,
      customerKnown: true,
    });
    store.set('CA1', summary('a'));
    store.set('CA2', summary('b'));
    store.set('CA3', summary('c'));
    expect(await store.get('CA1')).toBeUndefined();
    expect((await store.get('CA3'))?.reason).toBe('c');
    now = 1000;
    expect(await store.get('CA2')).toBeUndefined();
  });
});
