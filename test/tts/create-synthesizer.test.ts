import { describe, expect, it } from 'vitest';
import {
  CachingSynthesizer,
  callerVoiceProblem,
  createCallerVoice,
  createSynthesizer,
  isCallerVoice,
  isEspeakInstalled,
  isPicoInstalled,
} from '../../src/tts/index.ts';

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

  it.skipIf(!isPicoInstalled())('builds SVOX Pico, English only, behind the cache', async () => {
    const tts = await createSynthesizer({ engine: 'pico' });
    expect(tts).toBeInstanceOf(CachingSynthesizer);
    expect(tts.name).toBe('pico');
    expect((await tts.synthesize('hello', { lang: 'en', voice: 'en-GB' })).pcm.length).toBeGreaterThan(4000);
    await expect(tts.synthesize('你好', { lang: 'zh' })).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
    });
  });
});

describe('caller voices (teller test --voice, bench:voice --voices)', () => {
  it('knows the flite, eSpeak NG and Pico voices and builds a flite one', async () => {
    expect(isCallerVoice('rms')).toBe(true);
    expect(isCallerVoice('pico-gb')).toBe(true);
    expect(isCallerVoice('alex')).toBe(false);
    expect(callerVoiceProblem('slt')).toBeUndefined();
    const { synthesizer, voice } = await createCallerVoice('awb');
    expect(voice).toBe('awb');
    expect(
      (await synthesizer.synthesize('hello', { lang: 'en', voice: voice ?? 'awb' })).pcm.length,
    ).toBeGreaterThan(4000);
    await synthesizer.close?.();
  });
});
