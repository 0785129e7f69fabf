import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pocketSphinxProblem } from '../../src/asr/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import {
  AudioHookCaller,
  speech8k,
  speechMulaw,
  stereoL16,
  TelephonyRecorder,
} from '../../src/testing/phone/index.ts';
import { startTestServer } from '../helpers/server.ts';

/*
 * Genesys AudioHook / Audio Connector conformance and phone conversations, in audio: a scripted
 * client signs its upgrade like Genesys, runs the documented open/close transactions with `seq` and
 * `serverseq`, and streams synthesized caller speech as binary frames at real-time pace. The agent's
 * words come back in `bot_turn_response` events (and on the `teller:telephony` channel).
 */

const problem = pocketSphinxProblem();
const API_KEY = 'SGVsbG8sIEkgYW0gdGhlIEFQSSBrZXkh';
const SECRET = 'TXlTdXBlclNlY3JldEtleVRlbGxOby0xITJAMyM0JDU=';
type Json = Record<string, unknown>;
const DOCS = JSON.parse(
  readFileSync(new URL('../fixtures/telephony/audiohook-messages.json', import.meta.url), 'utf8'),
) as { fromClient: { open: Json } };

const entity = (m: Json) => ((m['parameters'] as Json)['entities'] as Json[])[0] as Json;
const turnText = (m: Json) => String(((entity(m)['data'] as Json)['text'] as string | undefined) ?? '');

describe.skipIf(problem !== undefined)('Genesys AudioHook: phone calls in audio', () => {
  let server: RunningServer;
  let url: string;
  const events = new TelephonyRecorder();
  const auth = { apiKey: API_KEY, secret: SECRET };

  beforeAll(async () => {
    server = await startTestServer({
      asrEngine: 'pocketsphinx',
      ttsEngine: 'flite',
      audiohookApiKey: API_KEY,
      audiohookClientSecret: SECRET,
    });
    url = `ws://127.0.0.1:${server.port}/v1/audiohook`;
  });
  afterAll(async () => {
    events.dispose();
    await server.close();
  });

  it('follows the documented flow: open/opened, audio, ping/pong, pause/resume, keyed PIN, close/closed', async () => {
    const organizationId = randomUUID();
    const caller = await AudioHookCaller.connect(url, auth, { sessionId: randomUUID(), organizationId });
    caller.open(DOCS.fromClient.open, 'tel:+15550100', organizationId);
    // The documented offer lists stereo first; the external channel alone is chosen.
    expect(await caller.next('opened')).toEqual({
      version: '2',
      type: 'opened',
      id: caller.sessionId,
      seq: 1,
      clientseq: 1,
      parameters: {
        media: [{ type: 'audio', format: 'PCMU', channels: ['external'], rate: 8000 }],
        startPaused: false,
      },
    });
    const greeting = await caller.next('event');
    expect(entity(greeting)).toMatchObject({ type: 'bot_turn_response', data: { disposition: 'match' } });
    expect(turnText(greeting)).toMatch(/Thanks for calling, Alice/);

    caller.send('ping', { rtt: 'PT0.05S' });
    expect(await caller.next('pong')).toMatchObject({ clientseq: 2, parameters: {} });
    // Audio sent while paused (on hold) is not listened to: "I want an operator" would hand off.
    caller.send('paused');
    await caller.say(await speechMulaw('i want an operator'), 160, 0xff);
    caller.send('resumed', { start: 'PT1S', discarded: 'PT2S' });
    await caller.quiet();
    expect(caller.audio.length).toBeGreaterThan(10);
    expect(caller.audio.every((frame) => frame.length <= 1600)).toBe(true);

    await caller.say(await speechMulaw("what's my balance"), 160, 0xff);
    expect(await events.next(caller.sessionId, 'asr.final')).toMatchObject({
      text: expect.stringMatching(/balance/) as unknown,
    });
    const ask = await caller.next('event', (m) => /PIN/.test(turnText(m)));
    expect(turnText(ask)).not.toMatch(/\$\d/);
    for (const digit of '2468#') caller.send('dtmf', { digit });
    const answer = await caller.next('event', (m) => /\$2,500\.00/.test(turnText(m)));
    expect(answer).toBeTruthy();

    caller.send('close', { reason: 'end' });
    const closed = await caller.next('closed');
    expect(closed).toMatchObject({
      clientseq: caller.seq,
      parameters: {
        outputVariables: {
          outcome: 'hangup',
          intent: 'account.balance',
          verified: 'true',
          customerKnown: 'true',
        },
      },
    });
    // Server seq counts from 1 by one; nothing was heard while paused.
    expect(caller.inbox.all.map((m) => m['seq'])).toEqual(caller.inbox.all.map((_, i) => i + 1));
    expect(events.said(caller.sessionId).join(' ')).not.toMatch(/colleague/);
    caller.ws.close();
    expect((await caller.closed).code).toBe(1005);
  }, 60_000);

  it('takes the customer from the external channel of stereo L16, barges in, and hands off on request', async () => {
    const organizationId = randomUUID();
    const caller = await AudioHookCaller.connect(url, auth, { sessionId: randomUUID(), organizationId });
    caller.open(DOCS.fromClient.open, '+15550100', organizationId, [
      { type: 'audio', format: 'L16', channels: ['external', 'internal'], rate: 8000 },
    ]);
    expect(await caller.next('opened')).toMatchObject({
      parameters: { media: [{ format: 'L16', channels: ['external', 'internal'], rate: 8000 }] },
    });
    await caller.next('event');
    // Over the greeting: the customer asks for a person; the internal channel says something else.
    const external = await speech8k('i want an operator');
    const internal = await speech8k("what's my balance");
    await caller.say(stereoL16(external, internal), 640, 0);
    const bargeIn = await caller.next('event', (m) => entity(m)['type'] === 'barge_in');
    expect(entity(bargeIn)).toEqual({ type: 'barge_in', data: {} });
    const disconnect = await caller.next('disconnect');
    expect(disconnect).toMatchObject({
      parameters: {
        reason: 'completed',
        outputVariables: { outcome: 'handoff', handoffReason: 'customer_request', customerKnown: 'true' },
      },
    });
    expect(events.said(caller.sessionId).join(' ')).toMatch(/colleague/);
    caller.send('close', { reason: 'disconnect' });
    expect(await caller.next('closed')).toMatchObject({
      parameters: { outputVariables: { outcome: 'handoff', handoffReason: 'customer_request' } },
    });
    caller.ws.close();
    await caller.closed;
  }, 60_000);
});
