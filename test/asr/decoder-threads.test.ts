import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pocketSphinxProblem } from '../../src/asr/index.ts';
import { DecoderThreads, STREAMING_NICE } from '../../src/asr/decoder-threads.ts';
import { ASR_MODELS_DIR } from '../../src/asr/pocketsphinx.ts';
import { Decoder } from '../../src/asr/pocketsphinx-decoder.ts';
import type { Hypothesis } from '../../src/asr/pocketsphinx-decoder.ts';
import { boundPocketSphinxLibrary, modelPaths } from '../../src/asr/pocketsphinx-native.ts';
import { FliteSynthesizer } from '../../src/tts/index.ts';

const problem = pocketSphinxProblem();
const FRAME = 320; // 20 ms at 16 kHz, as the voice pipeline sends

/** Nice values of this process's threads (Linux: field 19 of /proc/self/task/<tid>/stat). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe.skipIf(problem !== undefined)('streaming decode on low-priority threads', () => {
  let speech: Int16Array;
  let threads: DecoderThreads;
  const decoders: Decoder[] = [];
  const { hmmDir } = modelPaths();
  const files = {
    hmmDir,
    dictPath: `${ASR_MODELS_DIR}en-banking.dic`,
    lmPath: `${ASR_MODELS_DIR}en-banking.lm`,
  };

  beforeAll(async () => {
    const tts = new FliteSynthesizer({ threads: 0 });
    speech = (
      await tts.synthesize('transfer three hundred dollars to my savings', { lang: 'en', voice: 'rms' })
    ).pcm;
    await tts.close();
    threads = new DecoderThreads(2, boundPocketSphinxLibrary()?.path ?? 'libpocketsphinx.so.3');
  }, 60_000);
  afterAll(async () => {
    await Promise.all(decoders.map((d) => d.free()));
    await threads.close();
  });

  /** Decodes `speech` in 20 ms frames, all queued at once; `midway` runs halfway through. */
  async function decode(decoder: Decoder, midway?: (d: Decoder) => void): Promise<Hypothesis> {
    await decoder.start();
    const calls: Promise<void>[] = [];
    for (let at = 0; at < speech.length; at += FRAME) {
      if (midway && at >= speech.length / 2 && calls.length === Math.ceil(speech.length / 2 / FRAME))
        midway(decoder);
      calls.push(decoder.process(speech.subarray(at, at + FRAME)));
    }
    await Promise.all(calls);
    return decoder.end();
  }

  it('hears what the normal-priority path hears, word for word and score for score', async () => {
    const plain = await Decoder.create(files);
    const streamed = await Decoder.create({ ...files, streaming: threads });
    decoders.push(plain, streamed);
    const [a, b] = [await decode(plain), await decode(streamed)];
    expect(a.text).toBe('transfer three hundred dollars to my savings');
    expect(b.text).toBe(a.text);
    expect(b.score).toBe(a.score);
    expect(b.segments.map((s) => [s.word, s.startFrame, s.endFrame])).toEqual(
      a.segments.map((s) => [s.word, s.startFrame, s.endFrame]),
    );
  }, 60_000);

  it('gives the same result when the turn ends midway and the rest is hurried or expedited', async () => {
    const reference = await Decoder.create(files);
    const hurried = await Decoder.create({ ...files, streaming: threads });
    decoders.push(reference, hurried);
    const expected = await decode(reference);
    const afterHurry = await decode(hurried, (d) => d.hurry());
    expect(afterHurry.text).toBe(expected.text);
    expect(afterHurry.score).toBe(expected.score);
    // The next utterance starts un-hurried, and an expedited call changes nothing heard either.
    const afterExpedite = await decode(hurried, (d) => d.expedite());
    expect(afterExpedite.text).toBe(expected.text);
  }, 60_000);

  it.skipIf(process.platform !== 'linux')('runs those threads below the process’s priority', () => {
    expect(threadNiceValues()).toContain(STREAMING_NICE);
    expect(Math.min(...threadNiceValues())).toBe(0);
  });
});
