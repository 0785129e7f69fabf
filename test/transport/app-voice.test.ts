import v8 from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pocketSphinxProblem } from '../../src/asr/index.ts';
import { s16leFromInt16 } from '../../src/audio/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { FliteSynthesizer } from '../../src/tts/index.ts';
import { startTestServer } from '../helpers/server.ts';
import { AppClient } from './app-client.ts';

v8.setFlagsFromString('--no-turbo-fast-api-calls');
const problem = pocketSphinxProblem();

/** Streams 16 kHz PCM in 20 ms frames at real-time pace, with silence around it. */
async function stream(client: AppClient, pcm: Int16Array, leadMs = 300, tailMs = 1200): Promise<void> {
  const frame = 320;
  const silence = new Int16Array(frame);
  const send = async (chunk: Int16Array) => {
    client.ws.send(s16leFromInt16(chunk));
    await new Promise((r) => setTimeout(r, 20));
  };
  for (let t = 0; t < leadMs; t += 20) await send(silence);
  for (let i = 0; i < pcm.length; i += frame) {
    const chunk = new Int16Array(frame);
    chunk.set(pcm.subarray(i, Math.min(pcm.length, i + frame)));
    await send(chunk);
  }
  for (let t = 0; t < tailMs; t += 20) await send(silence);
}

describe.skipIf(problem !== undefined)(
  'app voice: VAD, PocketSphinx, dialog and TTS over the WebSocket',
  () => {
    let server: RunningServer;
    let url: string;
    const tts = new FliteSynthesizer();
    beforeAll(async () => {
      server = await startTestServer({
        jwtSecret: 'x'.repeat(40),
        ttsEngine: 'flite',
        asrEngine: 'pocketsphinx',
      });
      url = `ws://127.0.0.1:${server.port}/v1/app`;
    });
    afterAll(async () => server.close());

    it('hears a spoken balance question and answers with text and synthesized audio', async () => {
      const client = await AppClient.connect(url, await server.tokens.sign({ customerId: 'alice' }));
      client.send({
        type: 'session.start',
        lang: 'en',
        audio: { encoding: 'pcm_s16le', sampleRateHz: 16000 },
        output: { sampleRateHz: 16000 },
      });
      expect(await client.next('session.started')).toMatchObject({
        asr: { engine: 'pocketsphinx' },
        tts: { sampleRateHz: 16000 },
      });
      await client.say();
      await client.next('agent.audio.end');
      const speech = await tts.synthesize("what's my balance", { lang: 'en', voice: 'kal16' });
      await stream(client, speech.pcm);
      expect(await client.next('vad.speech_start')).toBeTruthy();
      const final = await client.next('asr.final');
      expect(String(final['text'])).toMatch(/balance/);
      expect(await client.next('nlu.result')).toMatchObject({ intent: 'account.balance' });
      const answer = await client.next('agent.say', (m) => /\$2,500\.00/.test(String(m['text'])));
      const audioStart = await client.next('agent.audio.start', (m) => m['id'] === answer['id']);
      expect(audioStart).toMatchObject({ encoding: 'pcm_s16le', sampleRateHz: 16000 });
      const audioEnd = await client.next('agent.audio.end', (m) => m['id'] === answer['id']);
      expect(Number(audioEnd['durationMs'])).toBeGreaterThan(1000);
      expect(client.audio.length).toBeGreaterThan(20);
      await client.close();
    }, 60_000);

    it('stops the agent’s audio when the customer speaks over it (barge-in)', async () => {
      const client = await AppClient.connect(url, await server.tokens.sign({ customerId: 'alice' }));
      client.send({
        type: 'session.start',
        lang: 'en',
        audio: { encoding: 'pcm_s16le', sampleRateHz: 16000 },
        output: { sampleRateHz: 16000 },
      });
      await client.next('session.started');
      const greeting = await client.next('agent.audio.start');
      // The greeting plays for ~3 s; speak right away.
      const speech = await tts.synthesize('cancel', { lang: 'en', voice: 'kal16' });
      const started = Date.now();
      await stream(client, speech.pcm, 100, 600);
      const stop = await client.next('agent.stop');
      expect(stop).toMatchObject({ id: greeting['id'], reason: 'barge_in' });
      const speechStart = client.messages.find((m) => m['type'] === 'vad.speech_start');
      expect(speechStart).toBeTruthy();
      // agent.stop comes right after the VAD's speech start, in the same event turn.
      const order = client.messages.map((m) => m['type']);
      expect(order.indexOf('agent.stop')).toBeGreaterThan(order.indexOf('vad.speech_start'));
      expect(Date.now() - started).toBeLessThan(30_000);
      await client.close();
    }, 60_000);
  },
);
