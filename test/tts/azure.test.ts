import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureSynthesizer, CachingSynthesizer, azureSsml, createSynthesizer } from '../../src/tts/index.ts';
import { FakeAzureSpeech } from '../../src/testing/fake-azure-speech.ts';

/** Typed asymmetric matchers (vitest's return `any`). */
const containing = (text: string): string => expect.stringContaining(text) as string;
const like = (value: Record<string, unknown>): object => expect.objectContaining(value) as object;

/**
 * Azure text-to-speech over real HTTP to a local fake of the REST endpoint
 * (src/testing/fake-azure-speech.ts), which answers 60 ms of tone per character of the prompt.
 */

const KEY = 'tts-key';
let fake: FakeAzureSpeech;

beforeAll(async () => {
  fake = await FakeAzureSpeech.start({ key: KEY });
});
afterAll(async () => {
  await fake.close();
});

describe('Azure text-to-speech', () => {
  it('posts SSML with the key and raw 16 kHz PCM format, and returns that PCM', async () => {
    const tts = new AzureSynthesizer({ key: KEY, endpoint: fake.ttsUrl });
    const audio = await tts.synthesize('Send <$5> to Bob & Li?', { lang: 'en', rate: 0.8 });
    expect(audio.sampleRateHz).toBe(16000);
    const request = fake.ttsRequests.at(-1);
    expect(request?.outputFormat).toBe('raw-16khz-16bit-mono-pcm');
    expect(request?.ssml).toBe(
      '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US">' +
        '<voice name="en-US-JennyNeural"><prosody rate="-20%">Send &#60;$5&#62; to Bob &#38; Li?</prosody></voice></speak>',
    );
    // The fake's tone: 960 samples per character of the text it read out of the SSML.
    expect(audio.pcm.length).toBe('Send &#60;$5&#62; to Bob &#38; Li?'.length * 960);
    expect(audio.pcm[40]).toBe(Math.round(8000 * Math.sin((2 * Math.PI * 440 * 40) / 16000)));
    const zh = await tts.synthesize('三百元', { lang: 'zh' });
    expect(zh.pcm.length).toBe(3 * 960);
    expect(fake.ttsRequests.at(-1)?.ssml).toContain(
      'xml:lang="zh-CN"><voice name="zh-CN-XiaoxiaoNeural">三百元<',
    );
  });

  it('works behind the prompt cache: a repeated prompt is not requested again', async () => {
    const tts = await createSynthesizer({ engine: 'azure', azure: { key: KEY, endpoint: fake.ttsUrl } });
    expect(tts).toBeInstanceOf(CachingSynthesizer);
    expect(tts.name).toBe('azure');
    const before = fake.ttsRequests.length;
    const first = await tts.synthesize('Which account?', { lang: 'en' });
    const second = await tts.synthesize('Which account?', { lang: 'en' });
    expect(second.pcm).toEqual(first.pcm);
    expect(fake.ttsRequests.length).toBe(before + 1);
    await tts.close?.();
  });

  it('maps refusals and failures to stable codes', async () => {
    const wrongKey = new AzureSynthesizer({ key: 'nope', endpoint: fake.ttsUrl });
    const auth = await wrongKey.synthesize('hello', { lang: 'en' }).catch((e: unknown) => e);
    expect(auth).toMatchObject({ code: 'TELLER_ERR_ENGINE_AUTH', details: { status: 401 } });
    expect((auth as Error).message).not.toContain('nope');

    const throttled = await FakeAzureSpeech.start({ key: KEY, ttsStatus: 429 });
    const badRequest = await FakeAzureSpeech.start({ key: KEY, ttsStatus: 400 });
    try {
      await expect(
        new AzureSynthesizer({ key: KEY, endpoint: throttled.ttsUrl }).synthesize('hello', { lang: 'en' }),
      ).rejects.toMatchObject({ code: 'TELLER_ERR_ENGINE_UNAVAILABLE', details: { status: 429 } });
      await expect(
        new AzureSynthesizer({ key: KEY, endpoint: badRequest.ttsUrl }).synthesize('hello', { lang: 'en' }),
      ).rejects.toMatchObject({ code: 'TELLER_ERR_CONFIG' });
    } finally {
      await Promise.all([throttled.close(), badRequest.close()]);
    }

    const unreachable = new AzureSynthesizer({
      key: KEY,
      endpoint: 'http://127.0.0.1:9/cognitiveservices/v1',
    });
    await expect(unreachable.synthesize('hello', { lang: 'en' })).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
      message: containing('cannot reach Azure text-to-speech'),
    });
  });

  it('checks voices, credentials and the caller’s abort before sending anything', async () => {
    expect(() => new AzureSynthesizer({})).toThrow(like({ code: 'TELLER_ERR_ENGINE_UNAVAILABLE' }));
    expect(
      () => new AzureSynthesizer({ key: KEY, region: 'westeurope', voices: { zh: 'en-US-GuyNeural' } }),
    ).toThrow(like({ code: 'TELLER_ERR_CONFIG' }));
    const tts = new AzureSynthesizer({
      key: KEY,
      endpoint: fake.ttsUrl,
      voices: { en: 'en-GB-SoniaNeural' },
    });
    expect(tts.voices().map((v) => v.name)).toContain('en-GB-SoniaNeural');
    const before = fake.ttsRequests.length;
    await expect(tts.synthesize('hi', { lang: 'en', voice: 'fr-FR-DeniseNeural' })).rejects.toMatchObject({
      code: 'TELLER_ERR_CONFIG',
    });
    const controller = new AbortController();
    controller.abort(new Error('barge-in'));
    await expect(tts.synthesize('hi', { lang: 'en', signal: controller.signal })).rejects.toThrow('barge-in');
    expect(await tts.synthesize('   ', { lang: 'en' })).toEqual({
      pcm: new Int16Array(0),
      sampleRateHz: 16000,
    });
    expect(fake.ttsRequests.length).toBe(before);
    expect(azureSsml('ok', 'zh-CN-YunxiNeural', 1.25)).toContain('<prosody rate="+25%">ok</prosody>');
  });
});
