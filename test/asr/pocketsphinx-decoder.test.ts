import { describe, expect, it } from 'vitest';
import { pocketSphinxProblem } from '../../src/asr/index.ts';
import { BASE_ARGS, Decoder, memberSegments, spokenWords } from '../../src/asr/pocketsphinx-decoder.ts';
import { modelPaths } from '../../src/asr/pocketsphinx-native.ts';

const problem = pocketSphinxProblem();

describe("a customer's name heard as a class member", () => {
  it("comes out as its words, sharing the word's frames and posterior", () => {
    expect(spokenWords('pay city_power ninety dollars')).toBe('pay city power ninety dollars');
    expect(memberSegments({ word: 'pine_valley_hoa', startFrame: 10, endFrame: 39, posterior: 0.8 })).toEqual(
      [
        { word: 'pine', startFrame: 10, endFrame: 19, posterior: 0.8 },
        { word: 'valley', startFrame: 20, endFrame: 29, posterior: 0.8 },
        { word: 'hoa', startFrame: 30, endFrame: 39, posterior: 0.8 },
      ],
    );
    const word = { word: 'pay', startFrame: 0, endFrame: 9, posterior: 1 };
    expect(memberSegments(word)).toEqual([word]);
  });
});

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
