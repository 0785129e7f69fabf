import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmsDbfs } from '../../src/audio/index.ts';
import { TellerError } from '../../src/shared/index.ts';
import { FLITE_VOICES, FliteSynthesizer } from '../../src/tts/index.ts';

const TEXT = 'transfer three hundred dollars to bob';
const flite = new FliteSynthesizer();

afterAll(async () => {
  await flite.close();
});

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('FliteSynthesizer', () => {
  it.each(['kal16', 'slt'] as const)('speaks English with %s at 16 kHz', async (voice) => {
    const { pcm, sampleRateHz } = await flite.synthesize(TEXT, { lang: 'en', voice });
    expect(sampleRateHz).toBe(16000);
    const seconds = pcm.length / sampleRateHz;
    expect(seconds).toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(4);
    expect(rmsDbfs(pcm)).toBeGreaterThan(-40);
    expect(Math.max(...pcm.map(Math.abs))).toBeGreaterThan(3000);
  });

  it('measures the real-time factor of every voice', async () => {
    const lines: string[] = [];
    for (const voice of FLITE_VOICES) {
      await flite.synthesize('warm up', { lang: 'en', voice });
      const runs = 3;
      let audioSeconds = 0;
      const start = performance.now();
      for (let i = 0; i < runs; i++) {
        audioSeconds += (await flite.synthesize(TEXT, { lang: 'en', voice })).pcm.length / 16000;
      }
      const wallMs = (performance.now() - start) / runs;
      const rtf = wallMs / 1000 / (audioSeconds / runs);
      lines.push(
        `${voice}: ${wallMs.toFixed(1)} ms for ${(audioSeconds / runs).toFixed(2)} s of audio, RTF ${rtf.toFixed(3)}`,
      );
      expect(rtf).toBeLessThan(0.5);
    }
    console.log(`flite real-time factor\n  ${lines.join('\n  ')}`);
  });

  it('slows down for rate 0.8', async () => {
    const normal = await flite.synthesize(TEXT, { lang: 'en', voice: 'slt' });
    const slow = await flite.synthesize(TEXT, { lang: 'en', voice: 'slt', rate: 0.8 });
    const ratio = slow.pcm.length / normal.pcm.length;
    expect(ratio).toBeGreaterThan(1.15);
    expect(ratio).toBeLessThan(1.35);
  });

  it('says it cannot speak Mandarin', async () => {
    const error = await rejection(flite.synthesize('转账三百元', { lang: 'zh' }));
    expect(error).toBeInstanceOf(TellerError);
    expect((error as TellerError).code).toBe('TELLER_ERR_ENGINE_UNAVAILABLE');
    expect((error as TellerError).message).toMatch(/English only.*espeak/);
  });

  it('refuses an unknown voice and an out-of-range rate', async () => {
    const error = await rejection(flite.synthesize(TEXT, { lang: 'en', voice: 'hal9000' }));
    expect((error as TellerError).code).toBe('TELLER_ERR_CONFIG');
    await expect(flite.synthesize(TEXT, { lang: 'en', rate: 3 })).rejects.toThrow(RangeError);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(flite.synthesize(TEXT, { lang: 'en', signal: controller.signal }));
    expect((error as Error).name).toBe('AbortError');
  });

  it('returns no samples for empty text and speaks text that looks like an option', async () => {
    expect((await flite.synthesize('  \n ', { lang: 'en' })).pcm.length).toBe(0);
    expect((await flite.synthesize('-o out.wav --help', { lang: 'en' })).pcm.length).toBeGreaterThan(8000);
  });

  it('handles concurrent calls and leaves no files behind', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'teller-test-'));
    const own = new FliteSynthesizer({ tempDir: parent, defaultVoice: 'kal16' });
    const texts = ['one', 'two', 'three', 'four'];
    const results = await Promise.all(texts.map((text) => own.synthesize(text, { lang: 'en' })));
    for (const { pcm } of results) expect(pcm.length).toBeGreaterThan(1600);
    const [dir] = await readdir(parent);
    expect(await readdir(join(parent, dir ?? ''))).toEqual([]);
    await own.close();
    expect(await readdir(parent)).toEqual([]);
    await rm(parent, { recursive: true });
  });

  it('lists its four English voices', () => {
    expect(
      flite
        .voices()
        .map((v) => v.name)
        .sort(),
    ).toEqual(['awb', 'kal16', 'rms', 'slt']);
    expect(flite.voices().every((v) => v.lang === 'en')).toBe(true);
  });
});
