import { afterAll, describe, expect, it } from 'vitest';
import { PocketSphinxRecognizer, pocketSphinxProblem } from '../../src/asr/index.ts';
import type { PocketSphinxStream } from '../../src/asr/index.ts';
import { rmsDbfs } from '../../src/audio/index.ts';
import { isPicoInstalled, PicoSynthesizer, picoText } from '../../src/tts/index.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('picoText', () => {
  it('keeps Pico markup out of prompt text', () => {
    expect(picoText('pay <speed level="500">bob</speed> now')).toBe('pay speed level="500" bob /speed now');
    expect(picoText('  two\u0000hundred \n dollars ')).toBe('two hundred dollars');
  });
});

describe('PicoSynthesizer without its voice files', () => {
  it('names what to install', async () => {
    await expect(PicoSynthesizer.create({ dataDir: tempDir('teller-pico-') })).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
      message: expect.stringContaining('libttspico-data') as unknown,
    });
  });
});

// SVOX Pico needs the optional package and Debian's non-free voice files (.ci/run installs both).
if (!isPicoInstalled())
  console.warn('skipping SVOX Pico tests: @echogarden/svoxpico-wasm or libttspico-data missing');
describe.skipIf(!isPicoInstalled())('PicoSynthesizer', () => {
  let pico: PicoSynthesizer | undefined;
  const engine = async (): Promise<PicoSynthesizer> => (pico ??= await PicoSynthesizer.create());
  let recognizer: PocketSphinxRecognizer | undefined;
  afterAll(async () => {
    await recognizer?.close();
    await pico?.close();
  });

  it('speaks American and British English at 16 kHz that PocketSphinx understands', async () => {
    const tts = await engine();
    expect(tts.voices().map((v) => v.name)).toEqual(['en-US', 'en-GB']);
    const problem = pocketSphinxProblem();
    if (!problem) recognizer = new PocketSphinxRecognizer();
    for (const voice of ['en-US', 'en-GB']) {
      const { pcm, sampleRateHz } = await tts.synthesize('what is my checking balance', {
        lang: 'en',
        voice,
      });
      expect(sampleRateHz).toBe(16000);
      expect(pcm.length / sampleRateHz).toBeGreaterThan(1);
      expect(rmsDbfs(pcm)).toBeGreaterThan(-35);
      if (!recognizer) continue;
      const stream = recognizer.createStream({ lang: 'en', sampleRateHz: 16000 }) as PocketSphinxStream;
      stream.setGrammar({ kind: 'free' });
      const padded = new Int16Array(pcm.length + 8000);
      padded.set(pcm, 4000);
      for (let at = 0; at < padded.length; at += 320) {
        while (stream.backlogMs > 400) await new Promise((resolve) => setTimeout(resolve, 2));
        const written = stream.write(padded.subarray(at, at + 320));
        expect(written.ok).toBe(true);
      }
      const result = await stream.endUtterance();
      await stream.close();
      // A word of the five may go astray (at top-N 8 the American voice's "what" comes out "why"),
      // but the request must stand: the words line up and "checking balance" is heard.
      const said = 'what is my checking balance'.split(' ');
      const heard = result.text.split(' ');
      expect(heard, voice).toHaveLength(said.length);
      expect(heard.filter((word, i) => word !== said[i]).length, result.text).toBeLessThanOrEqual(1);
      expect(result.text).toContain('checking balance');
    }
  });

  it('slows down for rate 0.8, speaks hostile text as words, and refuses Mandarin and unknown voices', async () => {
    const tts = await engine();
    const normal = await tts.synthesize('three hundred dollars', { lang: 'en' });
    const slow = await tts.synthesize('three hundred dollars', { lang: 'en', rate: 0.8 });
    expect(slow.pcm.length).toBeGreaterThan(normal.pcm.length * 1.1);
    // Markup in the text would change the voice for everything after it: it is spoken, not obeyed.
    const hostile = await tts.synthesize('<speed level="20">bob</speed>', { lang: 'en' });
    expect(hostile.pcm.length / 16000).toBeLessThan(4);
    expect((await tts.synthesize(' \n ', { lang: 'en' })).pcm.length).toBe(0);
    await expect(tts.synthesize('你好', { lang: 'zh' })).rejects.toMatchObject({
      code: 'TELLER_ERR_ENGINE_UNAVAILABLE',
    });
    await expect(tts.synthesize('hello', { lang: 'en', voice: 'de-DE' })).rejects.toMatchObject({
      code: 'TELLER_ERR_CONFIG',
    });
  });

  it('speaks the same samples on a worker thread (default) as on the calling thread (threads: 0)', async () => {
    // Pico's output depends on what the engine spoke before (its noise state), so both are fresh.
    const inline = await PicoSynthesizer.create({ threads: 0 });
    const threaded = await PicoSynthesizer.create();
    const text = 'send eighty dollars to maria garcia';
    const here = await inline.synthesize(text, { lang: 'en', voice: 'en-GB' });
    const there = await threaded.synthesize(text, { lang: 'en', voice: 'en-GB' });
    await threaded.close();
    expect(there.pcm.length).toBeGreaterThan(16000);
    expect(Buffer.from(there.pcm.buffer).equals(Buffer.from(here.pcm.buffer))).toBe(true);
    await expect(PicoSynthesizer.create({ threads: -1 })).rejects.toThrow(RangeError);
  });
});
