import { describe, expect, it } from 'vitest';
import { rmsDbfs } from '../../src/audio/index.ts';
import { EspeakSynthesizer, isEspeakInstalled } from '../../src/tts/index.ts';

// eSpeak NG is an optional (GPL-3.0) dependency: these tests run only where it is installed.
describe.skipIf(!isEspeakInstalled())('EspeakSynthesizer (optional package)', () => {
  it('speaks English and Mandarin at 16 kHz', async () => {
    const start = performance.now();
    const espeak = await EspeakSynthesizer.create();
    console.log(`espeak-ng init: ${(performance.now() - start).toFixed(0)} ms`);
    for (const [lang, text] of [
      ['en', 'transfer three hundred dollars to bob'],
      ['zh', '给鲍勃转账三百元'],
    ] as const) {
      const t0 = performance.now();
      const { pcm, sampleRateHz } = await espeak.synthesize(text, { lang });
      const ms = performance.now() - t0;
      console.log(`espeak-ng ${lang}: ${ms.toFixed(1)} ms for ${(pcm.length / 16000).toFixed(2)} s of audio`);
      expect(sampleRateHz).toBe(16000);
      expect(pcm.length / sampleRateHz).toBeGreaterThan(1);
      expect(rmsDbfs(pcm)).toBeGreaterThan(-35);
    }
  });

  it('slows down for rate 0.8 and refuses a voice of the wrong language', async () => {
    const espeak = await EspeakSynthesizer.create();
    const normal = await espeak.synthesize('three hundred', { lang: 'en' });
    const slow = await espeak.synthesize('three hundred', { lang: 'en', rate: 0.8 });
    expect(slow.pcm.length).toBeGreaterThan(normal.pcm.length * 1.1);
    await expect(espeak.synthesize('你好', { lang: 'zh', voice: 'en-us' })).rejects.toMatchObject({
      code: 'TELLER_ERR_CONFIG',
    });
  });
});
