import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VoskRecognizer, voskAvailability } from '../../src/asr/index.ts';
import type { GrammarSpec, RecognitionEvent, RecognitionResult, VoskStream } from '../../src/asr/index.ts';
import { EspeakSynthesizer, FliteSynthesizer, isEspeakInstalled } from '../../src/tts/index.ts';

/**
 * Vosk on real speech: prompts spoken by the project's TTS, streamed in 20 ms frames through the
 * adapter into the real libvosk and the small models `npm run models` installs (English, and
 * Mandarin when present). Skipped without them: the models come from alphacephei.com, which CI
 * cannot reach (its network is the npm registry and Debian only).
 */

const { languages, problems, libraryProblem } = voskAvailability();
const skipReason = libraryProblem ?? (languages.includes('en') ? undefined : problems.en);
if (skipReason) console.warn(`skipping Vosk recognition tests: ${skipReason}`);

let recognizer: VoskRecognizer;
let flite: FliteSynthesizer;

async function feed(stream: VoskStream, pcm: Int16Array): Promise<void> {
  for (let at = 0; at < pcm.length; at += 320) {
    const frame = pcm.subarray(at, at + 320);
    for (;;) {
      // Pace on the backlog as a file-sending client would (no timing is asserted).
      const written = stream.backlogMs > 400 ? undefined : stream.write(frame);
      if (written?.ok) break;
      if (written && written.error.code !== 'TELLER_ERR_AUDIO_OVERLOAD') throw written.error;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

function padded(pcm: Int16Array): Int16Array {
  const out = new Int16Array(pcm.length + 8000);
  out.set(pcm, 4000); // 250 ms of silence each side, as a VAD cut leaves
  return out;
}

async function recognize(
  text: string,
  grammar: GrammarSpec,
  events?: RecognitionEvent[],
): Promise<RecognitionResult> {
  const stream = recognizer.createStream({
    lang: 'en',
    sampleRateHz: 16000,
    grammar,
    ...(events ? { onEvent: (e: RecognitionEvent) => events.push(e) } : {}),
  }) as VoskStream;
  try {
    const { pcm } = await flite.synthesize(text, { lang: 'en', voice: 'slt' });
    await feed(stream, padded(pcm));
    return await stream.endUtterance();
  } finally {
    await stream.close();
  }
}

describe.skipIf(skipReason !== undefined)('Vosk recognizer (real models)', () => {
  beforeAll(async () => {
    recognizer = new VoskRecognizer();
    flite = new FliteSynthesizer();
    await recognizer.warmUp();
  });

  afterAll(async () => {
    await recognizer?.close();
    await flite?.close();
  });

  it('streams partials and a final with timed, scored words in open speech', async () => {
    const events: RecognitionEvent[] = [];
    const result = await recognize('transfer five hundred dollars to savings', { kind: 'free' }, events);
    expect(result.grammar).toBe('free');
    expect(result.text).toContain('hundred dollars');
    expect(result.inDomain).toBeUndefined();
    expect(result.confidence).toBeGreaterThan(0.3);
    const words = result.words ?? [];
    for (const w of words) expect(w.confidence).toBeGreaterThanOrEqual(0);
    for (let i = 1; i < words.length; i++)
      expect(words[i]?.startMs).toBeGreaterThanOrEqual(words[i - 1]?.startMs ?? 0);
    expect(words.at(-1)?.endMs).toBeLessThanOrEqual(result.durationMs);
    expect(events.some((e) => e.type === 'asr.partial')).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'asr.final', result });
  });

  it.each(['yes', 'no', 'cancel'])(
    'hears "%s" at a read-back with the confirmation grammar',
    async (text) => {
      const result = await recognize(text, { kind: 'confirmation', options: ['Bob Chen'] });
      expect(result).toMatchObject({ text, grammar: 'confirmation', inDomain: true });
    },
  );

  it('hears a PIN with the digits grammar', async () => {
    const result = await recognize('two four six eight', { kind: 'digits', minDigits: 4, maxDigits: 6 });
    expect(result).toMatchObject({ text: 'two four six eight', grammar: 'digits' });
  });

  it.skipIf(!languages.includes('zh') || !isEspeakInstalled())(
    'recognises Mandarin without spaces between words',
    async () => {
      const espeak = await EspeakSynthesizer.create();
      const stream = recognizer.createStream({
        lang: 'zh',
        sampleRateHz: 16000,
        grammar: { kind: 'confirmation' },
      }) as VoskStream;
      try {
        const { pcm, sampleRateHz } = await espeak.synthesize('取消', { lang: 'zh' });
        expect(sampleRateHz).toBe(16000);
        await feed(stream, padded(pcm));
        const result = await stream.endUtterance();
        expect(result.text).not.toMatch(/\p{Script=Han}\s\p{Script=Han}/u);
        expect(result.grammar).toBe('confirmation');
      } finally {
        await stream.close();
      }
    },
  );
});
