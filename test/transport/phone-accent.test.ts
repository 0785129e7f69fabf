import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecognitionStream, Recognizer, StreamOptions } from '../../src/asr/index.ts';
import { sharedSileroVad, type SileroVadModel } from '../../src/audio/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { createLogger } from '../../src/observability/index.ts';
import { openSandbox } from '../../src/server/index.ts';
import { callerAccent, PhoneCall, type PhoneCallDeps } from '../../src/transport/telephony/index.ts';

/** A recognizer that records the options of the streams it is asked for. */
class RecordingRecognizer implements Recognizer {
  readonly name = 'recording';
  readonly languages = ['en'] as const;
  readonly asked: StreamOptions[] = [];
  close(): Promise<void> {
    return Promise.resolve();
  }
  createStream(options: StreamOptions): RecognitionStream {
    this.asked.push(options);
    return {
      write: () => ({ ok: true }),
      setGrammar: () => undefined,
      endUtterance: () => Promise.reject(new Error('not used')),
      close: () => Promise.resolve(),
    } as unknown as RecognitionStream;
  }
}

describe('the accent a phone call is recognised with', () => {
  it('is us+gb for numbers under a listed prefix, else the recognizer’s own', () => {
    expect(callerAccent('+447700900123', ['+44', '+61'])).toBe('us+gb');
    expect(callerAccent('+61491570006', ['+44', '+61'])).toBe('us+gb');
    expect(callerAccent('+15550100', ['+44', '+61'])).toBeUndefined();
    expect(callerAccent(undefined, ['+44'])).toBeUndefined();
    expect(callerAccent('+447700900123')).toBeUndefined();
  });

  describe('on a call', () => {
    const bank = openSandbox(':memory:', 'demo').bank;
    let nlu: Nlu;
    let vad: SileroVadModel;
    beforeAll(async () => {
      [nlu, vad] = await Promise.all([Nlu.load(), sharedSileroVad()]);
    });
    afterAll(async () => {
      await nlu.close();
      await bank.close();
    });

    // The demo world's customers have +1 555 numbers, so +1555 stands for a listed country code.
    it.each([
      [['+1555'], 'us+gb'],
      [['+44'], undefined],
    ] as const)('with prefixes %j, asks the recognizer for accent %s', async (prefixes, accent) => {
      const recognizer = new RecordingRecognizer();
      const deps: PhoneCallDeps = {
        bank,
        nlu,
        recognizer,
        vad,
        synthesizer: undefined,
        logger: createLogger({ level: 'silent' }),
        britishCallerPrefixes: prefixes,
      };
      const call = await PhoneCall.create(deps, {
        platform: 'twilio',
        callId: 'CA-accent',
        callerNumber: '+15550100',
        lang: undefined,
        input: { encoding: 'mulaw', sampleRateHz: 8000 },
        output: { encoding: 'mulaw', sampleRateHz: 8000, frameMs: 20 },
        onEvent: () => undefined,
      });
      expect(call.customerKnown).toBe(true);
      expect(recognizer.asked).toHaveLength(1);
      expect(recognizer.asked[0]?.accent).toBe(accent);
      await call.close();
    });
  });
});
