import { describe, expect, it } from 'vitest';
import { CachingSynthesizer, createSynthesizer, isEspeakInstalled } from '../../src/tts/index.ts';

describe('createSynthesizer', () => {
  it('builds a cached flite synthesizer that refuses Mandarin clearly', async () => {
    const tts = await createSynthesizer({ engine: 'flite', fliteVoice: 'kal16' });
    expect(tts).toBeInstanceOf(CachingSynthesizer);
    expect(tts.name).toBe('flite');
    expect((await tts.synthesize('hello', { lang: 'en' })).sampleRateHz).toBe(16000);
    await expect(tts.synthesize('你好', { lang: 'zh' })).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
    });
    await tts.close?.();
  });

  it('can run without a cache', async () => {
    const tts = await createSynthesizer({ engine: 'flite', cacheMaxBytes: 0 });
    expect(tts).not.toBeInstanceOf(CachingSynthesizer);
    await tts.close?.();
  });

  it.skipIf(!isEspeakInstalled())(
    'routes English to flite and Mandarin to espeak-ng in auto mode',
    async () => {
      const tts = await createSynthesizer({ engine: 'auto' });
      expect(tts.name).toBe('flite+espeak-ng');
      expect(tts.voices().map((v) => `${v.lang}:${v.name}`)).toContain('zh:cmn');
      expect(tts.voices().some((v) => v.lang === 'en' && v.name === 'en-us')).toBe(false);
      const zh = await tts.synthesize('三百元', { lang: 'zh' });
      expect(zh.pcm.length).toBeGreaterThan(8000);
      await tts.close?.();
    },
  );
});
