import { afterAll, describe, expect, it } from 'vitest';
import { CachingSynthesizer, FliteSynthesizer, SynthesisCache } from '../../src/tts/index.ts';
import type { SynthesizedAudio, SynthesizeOptions, Synthesizer, SynthesisKey } from '../../src/tts/index.ts';

function key(text: string, overrides: Partial<SynthesisKey> = {}): SynthesisKey {
  return { engine: 'flite', voice: 'slt', rate: 1, lang: 'en', text, ...overrides };
}

function audio(samples: number): SynthesizedAudio {
  return { pcm: new Int16Array(samples).fill(7), sampleRateHz: 16000 };
}

describe('SynthesisCache', () => {
  it('evicts the least recently used prompts to stay under its byte budget', () => {
    const cache = new SynthesisCache({ maxBytes: 3 * (2000 + 400) });
    cache.set(key('a'), audio(1000));
    cache.set(key('b'), audio(1000));
    cache.set(key('c'), audio(1000));
    expect(cache.size).toBe(3);
    cache.get(key('a')); // a is now the most recent
    cache.set(key('d'), audio(1000));
    expect(cache.get(key('b'))).toBeUndefined();
    expect(cache.get(key('a'))).toBeDefined();
    expect(cache.sizeBytes).toBeLessThanOrEqual(cache.maxBytes);
  });

  it('keys on engine, voice, rate, language and text', () => {
    const cache = new SynthesisCache({ maxBytes: 1 << 20 });
    cache.set(key('yes'), audio(10));
    expect(cache.get(key('yes'))).toBeDefined();
    for (const other of [
      { engine: 'espeak-ng' },
      { voice: 'kal16' },
      { rate: 0.8 },
      { lang: 'zh' },
      { text: 'Yes' },
    ]) {
      expect(cache.get(key('yes', other))).toBeUndefined();
    }
  });

  it('does not keep a prompt larger than the whole cache', () => {
    const cache = new SynthesisCache({ maxBytes: 1000 });
    cache.set(key('long'), audio(10_000));
    expect(cache.size).toBe(0);
    expect(cache.sizeBytes).toBe(0);
  });

  it('hands out copies, so a caller cannot corrupt a cached prompt', () => {
    const cache = new SynthesisCache({ maxBytes: 1 << 20 });
    const original = audio(4);
    cache.set(key('x'), original);
    original.pcm[0] = 99;
    const first = cache.get(key('x'));
    if (first) first.pcm[1] = 99;
    expect([...(cache.get(key('x'))?.pcm ?? [])]).toEqual([7, 7, 7, 7]);
  });
});

/** Real flite, counting how often it is asked. */
class CountingSynthesizer implements Synthesizer {
  readonly name: string;
  calls = 0;
  constructor(readonly inner: Synthesizer) {
    this.name = inner.name;
  }
  voices() {
    return this.inner.voices();
  }
  synthesize(text: string, options: SynthesizeOptions) {
    this.calls++;
    return this.inner.synthesize(text, options);
  }
}

describe('CachingSynthesizer', () => {
  const flite = new FliteSynthesizer();
  afterAll(() => flite.close());

  it('synthesizes a repeated prompt once', async () => {
    const counting = new CountingSynthesizer(flite);
    const cached = new CachingSynthesizer(counting, new SynthesisCache({ maxBytes: 1 << 20 }));
    const first = await cached.synthesize('Which account?', { lang: 'en' });
    const second = await cached.synthesize('Which account?', { lang: 'en' });
    expect(counting.calls).toBe(1);
    expect(second.pcm).toEqual(first.pcm);
    expect(second.pcm).not.toBe(first.pcm);
    await cached.synthesize('Which account?', { lang: 'en', rate: 0.8 });
    expect(counting.calls).toBe(2);
  });

  it('shares one synthesis between concurrent requests, and one caller’s abort leaves the other', async () => {
    const counting = new CountingSynthesizer(flite);
    const cached = new CachingSynthesizer(counting, new SynthesisCache({ maxBytes: 1 << 20 }));
    const controller = new AbortController();
    const aborted = cached.synthesize('Welcome to the bank.', { lang: 'en', signal: controller.signal });
    const kept = cached.synthesize('Welcome to the bank.', { lang: 'en' });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect((await kept).pcm.length).toBeGreaterThan(8000);
    expect(counting.calls).toBe(1);
  });

  it('does not cache failures', async () => {
    const counting = new CountingSynthesizer(flite);
    const cached = new CachingSynthesizer(counting, new SynthesisCache({ maxBytes: 1 << 20 }));
    await expect(cached.synthesize('你好', { lang: 'zh' })).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
    });
    await expect(cached.synthesize('你好', { lang: 'zh' })).rejects.toBeDefined();
    expect(counting.calls).toBe(2);
  });
});
