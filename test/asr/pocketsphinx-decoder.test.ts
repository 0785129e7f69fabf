import { describe, expect, it } from 'vitest';
import { pocketSphinxProblem } from '../../src/asr/index.ts';
import { BASE_ARGS, Decoder, memberSegments, spokenWords } from '../../src/asr/pocketsphinx-decoder.ts';
import { modelPaths, pocketSphinx } from '../../src/asr/pocketsphinx-native.ts';
import { ASR_MODELS_DIR } from '../../src/asr/accents.ts';
import { FliteSynthesizer } from '../../src/tts/index.ts';

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

// Teller's build (native/pocketsphinx, "Top-N under load") can lower a decoder's top-N between
// utterances and raise it again. Each decoder below hears the same two requests in a row (so live
// CMN, which depends on the audio alone, is the same), and a decoder whose top-N was changed must
// decode exactly as one made with that top-N.
describe.skipIf(problem !== undefined || pocketSphinx().ps_teller_set_topn === undefined)(
  'a decoder’s top-N changed between utterances',
  () => {
    it('decodes as a decoder made with that top-N, down and back up', async () => {
      const { hmmDir } = modelPaths();
      const flite = new FliteSynthesizer();
      const speech = await Promise.all(
        ['send fifty dollars to bob', 'what is my checking balance'].map(async (text) => {
          const { pcm } = await flite.synthesize(text, { lang: 'en', voice: 'slt' });
          const padded = new Int16Array(pcm.length + 8000);
          padded.set(pcm, 4000);
          return padded;
        }),
      );
      await flite.close();
      const make = (topN: number): Promise<Decoder> =>
        Decoder.create({
          hmmDir,
          dictPath: `${ASR_MODELS_DIR}en-banking.dic`,
          lmPath: `${ASR_MODELS_DIR}en-banking.lm`,
          args: ['-topn', String(topN)],
        });
      const hear = async (decoder: Decoder, topNs: readonly (number | undefined)[]) => {
        const out = [];
        for (const [i, pcm] of speech.entries()) {
          await decoder.start(topNs[i]);
          await decoder.process(pcm, true);
          const { text, score, segments } = await decoder.end();
          out.push({ text, score, segments });
        }
        await decoder.free();
        return out;
      };
      const [four, eight, down, downUp] = await Promise.all([
        hear(await make(4), [undefined, undefined]),
        hear(await make(8), [undefined, undefined]),
        hear(await make(8), [4, 4]),
        hear(await make(8), [4, 8]),
      ]);
      expect(eight[0]?.text).toBe('send fifty dollars to bob');
      // The two top-Ns score the audio differently, so the comparisons below can tell them apart.
      expect(four[1]?.score).not.toBe(eight[1]?.score);
      expect(down).toEqual(four);
      expect(downUp[0]).toEqual(four[0]);
      expect(downUp[1]).toEqual(eight[1]);
      // Above the top-N it was made with: refused, the decoder keeps its own.
      const small = await make(4);
      expect(pocketSphinx().ps_teller_set_topn?.(0n, 4)).toBe(-1);
      expect(await hear(small, [8, 8])).toEqual(four);
    }, 60_000);
  },
);
