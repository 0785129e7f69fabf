import v8 from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s16leFromInt16 } from '../../src/audio/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { FakeAzureSpeech } from '../../src/testing/fake-azure-speech.ts';
import { FliteSynthesizer } from '../../src/tts/index.ts';
import { startTestServer } from '../helpers/server.ts';
import { AppClient } from './app-client.ts';

v8.setFlagsFromString('--no-turbo-fast-api-calls');

/**
 * The whole voice path with Azure as both engines, configured as an operator would (key and
 * endpoints), against the local fake of the service: the app's audio → Silero VAD → Azure
 * recognition (the real SDK on a real socket) → NLU → dialog → Azure synthesis → audio back.
 */
describe('app voice with the Azure engines', () => {
  let server: RunningServer;
  let fake: FakeAzureSpeech;
  const tts = new FliteSynthesizer();

  beforeAll(async () => {
    fake = await FakeAzureSpeech.start({
      key: 'operator-key',
      script: () => ({ partials: ["what's"], phrases: [{ lexical: "what's my balance", confidence: 0.93 }] }),
    });
    server = await startTestServer({
      jwtSecret: 'x'.repeat(40),
      asrEngine: 'azure',
      ttsEngine: 'azure',
      azureSpeechKey: 'operator-key',
      azureSpeechEndpoint: fake.sttHost,
      azureTtsEndpoint: fake.ttsUrl,
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('hears a spoken question through Azure and answers with Azure audio', async () => {
    const client = await AppClient.connect(
      `ws://127.0.0.1:${server.port}/v1/app`,
      await server.tokens.sign({ customerId: 'alice' }),
    );
    client.send({
      type: 'session.start',
      lang: 'en',
      audio: { encoding: 'pcm_s16le', sampleRateHz: 16000 },
      output: { sampleRateHz: 16000 },
    });
    expect(await client.next('session.started')).toMatchObject({ asr: { engine: 'azure' } });
    await client.next('agent.audio.end');
    // Real speech for the VAD to find, with silence around it, in 20 ms frames at the pace a
    // microphone sends them (the VAD refuses audio more than 1 s ahead of its inference).
    const { pcm } = await tts.synthesize("what's my balance", { lang: 'en', voice: 'kal16' });
    const audio = new Int16Array(4800 + pcm.length + 19_200);
    audio.set(pcm, 4800);
    for (let i = 0; i < audio.length; i += 320) {
      client.ws.send(s16leFromInt16(audio.subarray(i, i + 320)));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await client.next('asr.final')).toMatchObject({ text: "what's my balance", confidence: 0.93 });
    expect(await client.next('nlu.result')).toMatchObject({ intent: 'account.balance' });
    const answer = await client.next('agent.say', (m) => /\$2,500\.00/.test(String(m['text'])));
    await client.next('agent.audio.end', (m) => m['id'] === answer['id']);
    expect(fake.sessions.at(-1)).toMatchObject({ language: 'en-US', ended: true });
    // The answer is synthesized sentence by sentence: the amount is in one of its requests.
    expect(fake.ttsRequests.map((r) => r.ssml).join(' ')).toContain(
      'two thousand five hundred dollars available',
    );
    await client.close();
  }, 30_000);
});
