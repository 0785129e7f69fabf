import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, SqliteBank } from '../../src/bank/index.ts';
import { createDialog } from '../../src/dialog/index.ts';
import { speechChunks, toSpeech } from '../../src/nlg/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { FliteSynthesizer, type SynthesizeOptions, type Synthesizer } from '../../src/tts/index.ts';
import { VoicePipeline, type VoiceEvent } from '../../src/voice/pipeline.ts';

/** Real flite, recording what it was asked to say. */
class Recording implements Synthesizer {
  readonly name = 'recording';
  readonly said: string[] = [];
  readonly #flite = new FliteSynthesizer({ defaultVoice: 'kal16', threads: 1 });
  voices() {
    return this.#flite.voices();
  }
  synthesize(text: string, options: SynthesizeOptions) {
    this.said.push(text);
    return this.#flite.synthesize(text, options);
  }
  close() {
    return this.#flite.close();
  }
}

const LONG =
  'Your last three transactions: March 3, Coffee Shop, $4.50. March 2, Grocery Mart, $82.00. ' +
  'March 1, Salary, $3,000.00. Anything else?';

describe('speechChunks', () => {
  it('splits after sentences and keeps short pieces with their neighbours', () => {
    expect(speechChunks('Done.')).toEqual(['Done.']);
    expect(speechChunks('Sure. How much would you like to send to Bob Li?')).toEqual([
      'Sure. How much would you like to send to Bob Li?',
    ]);
    expect(
      speechChunks(
        'March 3, Coffee Shop, four dollars and fifty cents. March 2, Grocery Mart, eighty two dollars. Anything else?',
      ),
    ).toEqual([
      'March 3, Coffee Shop, four dollars and fifty cents.',
      'March 2, Grocery Mart, eighty two dollars. Anything else?',
    ]);
    // Decimals and lower-case continuations are not sentence ends.
    expect(speechChunks('The rate is 7.25 today. ok then it is 7.30 tomorrow for sure.')).toHaveLength(1);
    expect(
      speechChunks(
        '好的。您要转多少钱给张三？请说金额，比如五百元。我们会在确认后为您办理这笔转账，请放心。',
      ),
    ).toEqual(['好的。您要转多少钱给张三？请说金额，比如五百元。我们会在确认后为您办理这笔转账，请放心。']);
    expect(speechChunks('')).toEqual([]);
  });
});

describe('toSpeech', () => {
  it('says amounts in words, and with amountDigits the ones a phone line blurs in digits too', () => {
    const readBack = 'To confirm: send $40.00 to Bob Li from Everyday Checking. Shall I go ahead?';
    expect(toSpeech(readBack, 'en')).toBe(
      'To confirm: send forty dollars to Bob Li from Everyday Checking. Shall I go ahead?',
    );
    expect(toSpeech(readBack, 'en', { amountDigits: true })).toBe(
      'To confirm: send forty dollars, four zero, to Bob Li from Everyday Checking. Shall I go ahead?',
    );
    const digits = (text: string) => toSpeech(text, 'en', { amountDigits: true });
    expect(digits('$14.00')).toBe('fourteen dollars, one four,');
    expect(digits('$1,300.00')).toBe('one thousand three hundred dollars');
    expect(digits('$1,314.50')).toContain(', one three one four,');
    expect(digits('$1,250.00')).toContain(', one two five zero,');
    // Neither a teen nor a round ten: nothing to blur.
    expect(digits('$42.00')).toBe('forty-two dollars');
    expect(digits('$12.00')).toBe('twelve dollars');
    // Mandarin says 十四 and 四十 apart.
    expect(toSpeech('转账¥40.00', 'zh', { amountDigits: true })).not.toMatch(/四零/);
  });
});

describe('VoicePipeline speaks long prompts sentence by sentence', () => {
  let nlu: Nlu;
  let bank: SqliteBank;
  beforeAll(async () => {
    nlu = await Nlu.load();
    bank = SqliteBank.create(demoWorld(), { path: ':memory:' });
  });
  afterAll(async () => {
    await nlu.close();
  });

  async function pipeline(
    tts: Synthesizer,
    onEvent: (e: VoiceEvent) => void,
    readBackDigits = false,
  ): Promise<VoicePipeline> {
    const dialog = await createDialog({
      bank,
      nlu,
      sessionId: 's1',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
      noInputMs: 0,
    });
    return new VoicePipeline({
      dialog,
      recognizer: undefined,
      vad: undefined,
      input: undefined,
      synthesizer: tts,
      output: { encoding: 'pcm_s16le', sampleRateHz: 16000, frameMs: 20 },
      onEvent,
      readBackDigits,
    });
  }

  it('says a read-back amount in digits too when readBackDigits is set (phone calls), other prompts not', async () => {
    const tts = new Recording();
    const p = await pipeline(tts, () => undefined, true);
    try {
      p.announce([
        { type: 'agent.say', text: 'Your balance is $1,250.00.', lang: 'en', rate: 1, awaits: 'nothing' },
        {
          type: 'agent.say',
          text: 'To confirm: send $40.00 to Bob Li. Shall I go ahead?',
          lang: 'en',
          rate: 1,
          awaits: 'confirmation',
        },
      ]);
      await p.idle();
      expect(tts.said).toEqual([
        'Your balance is one thousand two hundred fifty dollars.',
        'To confirm: send forty dollars, four zero, to Bob Li. Shall I go ahead?',
      ]);
    } finally {
      await p.close();
      await tts.close();
    }
  });

  it('emits one audio.start, every piece’s frames and one audio.end with the whole duration', async () => {
    const tts = new Recording();
    const events: VoiceEvent[] = [];
    const p = await pipeline(tts, (e) => events.push(e));
    try {
      p.announce([{ type: 'agent.say', text: LONG, lang: 'en', rate: 1, awaits: 'nothing' }]);
      await p.idle();
      expect(tts.said.length).toBeGreaterThanOrEqual(3);
      expect(tts.said.join(' ')).toContain('three thousand dollars');
      const kinds = events.filter((e) => e.type.startsWith('audio.')).map((e) => e.type);
      expect(kinds[0]).toBe('audio.start');
      expect(kinds.at(-1)).toBe('audio.end');
      expect(kinds.filter((k) => k === 'audio.start' || k === 'audio.end')).toHaveLength(2);
      const bytes = events.reduce((n, e) => n + (e.type === 'audio.frame' ? e.data.length : 0), 0);
      const end = events.find((e) => e.type === 'audio.end');
      // 16 kHz, 2 bytes a sample: the duration covers every piece (each rounded to 1 ms).
      const durationMs = end?.type === 'audio.end' ? end.durationMs : 0;
      expect(Math.abs(durationMs - bytes / 32)).toBeLessThanOrEqual(tts.said.length);
    } finally {
      await p.close();
      await tts.close();
    }
  });

  it('stops synthesizing the rest of a prompt once the pipeline is cut off', async () => {
    const tts = new Recording();
    const events: VoiceEvent[] = [];
    const cut: { pipeline?: VoicePipeline } = {};
    const p = await pipeline(tts, (e) => {
      events.push(e);
      // Cut off at the first audio frame, as a barge-in or a hang-up would.
      if (e.type === 'audio.frame') void cut.pipeline?.close();
    });
    cut.pipeline = p;
    try {
      p.announce([{ type: 'agent.say', text: LONG, lang: 'en', rate: 1, awaits: 'nothing' }]);
      await p.idle();
      expect(tts.said).toHaveLength(1);
      expect(events.some((e) => e.type === 'audio.end')).toBe(false);
    } finally {
      await p.close();
      await tts.close();
    }
  });
});
