import { describe, expect, it } from 'vitest';
import { pocketSphinxProblem } from '../../src/asr/index.ts';
import { BASE_ARGS, Decoder } from '../../src/asr/pocketsphinx-decoder.ts';
import { modelPaths } from '../../src/asr/pocketsphinx-native.ts';

const problem = pocketSphinxProblem();

describe.skipIf(problem !== undefined)('PocketSphinx decoders created at once', () => {
  it('never pass -logfn (ps_init would swap and close sphinxbase’s one global log FILE)', () => {
    expect(BASE_ARGS).not.toContain('-logfn');
  });

  // ps_init runs on koffi's worker threads; with `-logfn` two of them closed the same FILE twice
  // (heap corruption: "free(): invalid pointer", or a deadlock in glibc's stdio lock).
  it('loads and frees decoders on several threads at once, round after round', async () => {
    const { hmmDir, dictPath } = modelPaths();
    for (let round = 0; round < 10; round++) {
      const decoders = await Promise.all(
        Array.from({ length: 6 }, () => Decoder.create({ hmmDir, dictPath })),
      );
      // Each one works: a JSGF search compiles and an utterance of silence decodes to nothing.
      for (const d of decoders) {
        expect(await d.setJsgf('yn', '#JSGF V1.0;\ngrammar yn;\npublic <yn> = yes | no;')).toBe(true);
        await d.start();
        await d.process(new Int16Array(1600));
        expect((await d.end()).text).toBe('');
      }
      await Promise.all(decoders.map((d) => d.free()));
    }
  }, 120_000);
});
