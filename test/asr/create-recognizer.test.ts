import { describe, expect, it } from 'vitest';
import { TextOnlyRecognizer, createRecognizer, pocketSphinxProblem } from '../../src/asr/index.ts';
import type { RecognitionEvent } from '../../src/asr/index.ts';

describe('createRecognizer', () => {
  it('builds the typed-text recogniser on request', async () => {
    const choice = await createRecognizer({ engine: 'text' });
    expect(choice.engine).toBe('text');
    expect(choice.recognizer.languages).toEqual(['en', 'zh']);
    await choice.recognizer.close();
  });

  it('picks the best installed engine for auto and says why when it falls back', async () => {
    const choice = await createRecognizer({ engine: 'auto' });
    const problem = pocketSphinxProblem();
    expect(choice.engine).toBe(problem ? 'text' : 'pocketsphinx');
    expect(choice.fallbackReason).toBe(problem);
    await choice.recognizer.close();
    const fallback = await createRecognizer({ engine: 'auto', pocketsphinx: { modelDir: '/nonexistent' } });
    expect(fallback.engine).toBe('text');
    expect(fallback.fallbackReason).toContain('apt-get install -y pocketsphinx pocketsphinx-en-us');
  });

  it('refuses engines that are missing or unknown with a stable code', async () => {
    await expect(createRecognizer({ engine: 'vosk' })).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
    });
    await expect(createRecognizer({ engine: 'azure' })).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
    });
    await expect(createRecognizer({ engine: 'whisper' as 'auto' })).rejects.toMatchObject({
      code: 'TELLER_ERR_CONFIG',
    });
    await expect(
      createRecognizer({ engine: 'pocketsphinx', pocketsphinx: { modelDir: '/nonexistent' } }),
    ).rejects.toMatchObject({ code: 'TELLER_ERR_ENGINE_UNAVAILABLE' });
  });
});

describe('typed-text recogniser', () => {
  it('refuses audio with a clear error and takes typed text as a final result', async () => {
    const events: RecognitionEvent[] = [];
    const stream = new TextOnlyRecognizer().createStream({
      lang: 'zh',
      sampleRateHz: 16000,
      grammar: { kind: 'amount' },
      onEvent: (e) => events.push(e),
    });
    const refused = stream.write(new Int16Array(320));
    expect(refused).toMatchObject({ ok: false, error: { code: 'TELLER_ERR_ENGINE_UNAVAILABLE' } });
    expect(refused.ok ? '' : refused.error.message).toContain('typed text');
    const result = stream.acceptText('  三百   元 ');
    expect(result).toEqual({ text: '三百 元', confidence: 1, grammar: 'amount', durationMs: 0 });
    expect(events).toEqual([{ type: 'asr.final', result }]);
    expect(() => stream.acceptText('x'.repeat(3000))).toThrow(
      expect.objectContaining({ code: 'TELLER_ERR_TEXT_TOO_LONG' }),
    );
    stream.setGrammar({ kind: 'free' });
    expect(await stream.endUtterance()).toMatchObject({ text: '', confidence: 0, grammar: 'free' });
    await stream.close();
    await expect(stream.endUtterance()).rejects.toMatchObject({ code: 'TELLER_ERR_ENGINE_UNAVAILABLE' });
  });
});
