import { describe, expect, it } from 'vitest';
import { RecognizerRouter, TextOnlyRecognizer } from '../../src/asr/index.ts';

/** One engine per language, as `auto` builds when Vosk has only some of the models. */
describe('recogniser router', () => {
  it('sends each language to its engine, names them all, and closes each once', async () => {
    const closed: string[] = [];
    const engine = (name: string): TextOnlyRecognizer =>
      Object.assign(new TextOnlyRecognizer(), {
        name,
        close: () => {
          closed.push(name);
          return Promise.resolve();
        },
      });
    const vosk = engine('vosk');
    const router = new RecognizerRouter({ en: engine('pocketsphinx'), zh: vosk });
    expect(router.name).toBe('pocketsphinx+vosk');
    expect(router.languages).toEqual(['en', 'zh']);
    expect(router.engineFor('zh')).toBe(vosk);
    expect(router.createStream({ lang: 'zh', sampleRateHz: 16000 }).write(new Int16Array(1)).ok).toBe(false);
    await router.close();
    expect(closed.sort()).toEqual(['pocketsphinx', 'vosk']);
    const englishOnly = new RecognizerRouter({ en: vosk });
    expect(() => englishOnly.createStream({ lang: 'zh', sampleRateHz: 16000 })).toThrow(
      expect.objectContaining({ code: 'TELLER_ERR_ENGINE_UNAVAILABLE' }),
    );
  });
});
