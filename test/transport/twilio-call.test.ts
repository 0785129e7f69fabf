import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pocketSphinxProblem } from '../../src/asr/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { twilioStreamToken } from '../../src/transport/twilio/index.ts';
import { speechMulaw, TelephonyRecorder, TwilioCaller } from '../../src/testing/phone/index.ts';
import { startTestServer } from '../helpers/server.ts';

/*
 * Twilio Media Streams conformance and phone conversations, in audio: a scripted Twilio client built
 * from the documented messages (test/fixtures/telephony/twilio-messages.json) streams synthesized
 * μ-law speech at real-time pace and plays the agent's audio back in real time. The agent's words are
 * read from the `teller:telephony` diagnostics channel (μ-law audio cannot be read back as text).
 */

const problem = pocketSphinxProblem();
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const DOCS = JSON.parse(
  readFileSync(new URL('../fixtures/telephony/twilio-messages.json', import.meta.url), 'utf8'),
) as { fromTwilio: { start: { start: { customParameters: Record<string, string> } } } };

type Json = Record<string, unknown>;
const markName = (m: Json) => String((m['mark'] as Json)['name']);

describe.skipIf(problem !== undefined)('Twilio Media Streams: phone calls in audio', () => {
  let server: RunningServer;
  let url: string;
  const events = new TelephonyRecorder();
  const params = (caller: TwilioCaller, from: string) => ({
    ...DOCS.fromTwilio.start.start.customParameters,
    from,
    token: twilioStreamToken(AUTH_TOKEN, caller.callSid),
  });

  beforeAll(async () => {
    server = await startTestServer({
      asrEngine: 'pocketsphinx',
      ttsEngine: 'flite',
      twilioAuthToken: AUTH_TOKEN,
    });
    url = `ws://127.0.0.1:${server.port}/v1/twilio`;
  });
  afterAll(async () => {
    events.dispose();
    await server.close();
  });

  it('follows the documented flow: caller ID, PIN before the balance (keyed), media and marks, stop', async () => {
    const caller = await TwilioCaller.connect(url);
    caller.begin(params(caller, '+15550100'));
    expect(await events.next(caller.callSid, 'call.start')).toMatchObject({ customerKnown: true });
    expect(await events.next(caller.callSid, 'agent.say')).toMatchObject({
      text: expect.stringMatching(/Alice/) as unknown,
    });
    // The greeting: μ-law media for this stream, then a mark naming the prompt.
    const greetingMark = await caller.next('mark');
    expect(caller.events.slice(0, caller.events.indexOf('mark'))).toEqual(
      Array(caller.events.indexOf('mark')).fill('media'),
    );
    const first = await caller.next('media');
    expect(first).toMatchObject({ event: 'media', streamSid: caller.streamSid });
    expect(caller.audio[0]?.length).toBe(160);
    expect(markName(greetingMark)).toMatch(/^[0-9a-f-]{36}$/);
    await caller.playedOut();

    await caller.say(await speechMulaw("what's my balance"));
    expect(await events.next(caller.callSid, 'asr.final')).toMatchObject({
      text: expect.stringMatching(/balance/) as unknown,
    });
    const ask = await events.next(caller.callSid, 'agent.say');
    expect(ask).toMatchObject({ awaits: 'stepup', text: expect.stringMatching(/PIN/) as unknown });
    // No account data before the PIN.
    expect(events.said(caller.callSid).join(' ')).not.toMatch(/\$\d/);
    caller.fastForward();

    await caller.keys('2468#');
    expect(await events.next(caller.callSid, 'dtmf')).toMatchObject({ length: 4 });
    const answer = await events.next(caller.callSid, 'agent.say');
    expect(answer).toMatchObject({ text: expect.stringMatching(/\$2,500\.00/) as unknown });
    // Every prompt is media then its mark; no clear was needed in a call nobody interrupted.
    await caller.next('mark');
    await caller.next('mark');
    expect(caller.events.filter((e) => e === 'mark')).toHaveLength(3);
    expect(caller.events).not.toContain('clear');

    caller.send({
      event: 'stop',
      stop: { accountSid: 'AC00000000000000000000000000000000', callSid: caller.callSid },
    });
    expect(await caller.closed).toMatchObject({ code: 1000 });
    expect(await events.next(caller.callSid, 'call.end')).toMatchObject({
      summary: { outcome: 'hangup', verified: true, customerKnown: true },
    });
  }, 60_000);

  it('clears playback on barge-in, and hands off after three wrong PINs with a handoff mark', async () => {
    const caller = await TwilioCaller.connect(url);
    caller.begin(params(caller, '+1 (555) 0100'));
    await caller.next('mark');
    // Speak over the greeting while it is still playing.
    await caller.say(await speechMulaw("what's my balance"), 5);
    const clear = await caller.next('clear');
    expect(clear).toEqual({ event: 'clear', streamSid: caller.streamSid });
    expect(caller.events.indexOf('clear')).toBeGreaterThan(caller.events.indexOf('mark'));
    expect(
      await events.next(caller.callSid, 'agent.say', (e) => 'awaits' in e && e.awaits === 'stepup'),
    ).toBeTruthy();
    caller.fastForward();
    for (let i = 0; i < 3; i++) await caller.keys('1111#');
    const handoff = await events.next(caller.callSid, 'handoff');
    expect(handoff).toMatchObject({ summary: { reason: 'pin_failed', verified: false } });
    // The handoff prompt plays, then the `handoff` mark; when it comes back the stream is closed.
    const last = await caller.next('mark', (m) => markName(m) === 'handoff');
    expect(last).toMatchObject({ streamSid: caller.streamSid });
    expect(await caller.closed).toEqual({ code: 1000, reason: 'handoff:pin_failed' });
    expect(events.said(caller.callSid).join(' ')).not.toMatch(/\$\d/);
    expect(await server.bank.listMovements('alice', 100)).toHaveLength(0);
    // The node's metrics saw it: the barge-in, the handoff, and a spoken turn's reply latency.
    const metrics = await server.metrics.text();
    const value = (series: string) =>
      Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0);
    expect(value('teller_barge_ins_total{channel="twilio"}')).toBeGreaterThanOrEqual(1);
    expect(value('teller_handoffs_total{channel="twilio"}')).toBeGreaterThanOrEqual(1);
    expect(value('teller_reply_latency_seconds_count{channel="twilio"}')).toBeGreaterThanOrEqual(1);
    expect(
      value('teller_turns_total{channel="twilio",input="speech",outcome="understood"}'),
    ).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('greets an unknown number, says it is not recognised and hands off without account data', async () => {
    const caller = await TwilioCaller.connect(url, 'instant');
    caller.begin(params(caller, '+15559999'));
    expect(await events.next(caller.callSid, 'call.start')).toMatchObject({ customerKnown: false });
    expect(await events.next(caller.callSid, 'agent.say')).toMatchObject({
      text: expect.stringMatching(/don't recognise the number/) as unknown,
    });
    expect(await events.next(caller.callSid, 'handoff')).toMatchObject({
      summary: { reason: 'unknown_caller', verified: false },
    });
    await caller.next('mark', (m) => markName(m) === 'handoff');
    expect(await caller.closed).toEqual({ code: 1000, reason: 'handoff:unknown_caller' });
    expect(caller.audio.length).toBeGreaterThan(100);
  }, 30_000);
});
