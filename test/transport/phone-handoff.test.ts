import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Nlu } from '../../src/nlu/index.ts';
import { createLogger, TellerMetrics } from '../../src/observability/index.ts';
import { openSandbox } from '../../src/server/index.ts';
import { TelephonyRecorder } from '../../src/testing/phone/index.ts';
import { PhoneCall, type PhoneCallEvent } from '../../src/transport/telephony/index.ts';

/*
 * A phone call hands off, then its transport plays the last prompt before it hangs up: keys the
 * caller presses meanwhile reach a dialog that has ended. They must not log or count its last turn
 * (the handoff) again.
 */

describe('a phone call after its handoff', () => {
  const bank = openSandbox(':memory:', 'demo').bank;
  const events = new TelephonyRecorder();
  let nlu: Nlu;
  beforeAll(async () => {
    nlu = await Nlu.load();
  });
  afterAll(async () => {
    events.dispose();
    await nlu.close();
    await bank.close();
  });

  it('logs and counts each turn once when keys come while the handoff prompt plays', async () => {
    const logged: { msg?: string }[] = [];
    const metrics = new TellerMetrics(false);
    const finished: PhoneCallEvent[] = [];
    const callId = 'CA-handoff-keys';
    const call = await PhoneCall.create(
      {
        bank,
        nlu,
        recognizer: undefined,
        vad: undefined,
        synthesizer: undefined,
        logger: createLogger({
          destination: { write: (line: string) => void logged.push(JSON.parse(line) as { msg?: string }) },
        }),
        metrics,
      },
      {
        platform: 'twilio',
        callId,
        callerNumber: '+15550100',
        lang: 'en',
        input: { encoding: 'mulaw', sampleRateHz: 8000 },
        output: { encoding: 'mulaw', sampleRateHz: 8000, frameMs: 20 },
        onEvent: (event) => {
          if (event.type === 'finished') finished.push(event);
        },
      },
    );
    const keyed = async () => {
      for (const digit of '5#') call.key(digit);
      await events.next(callId, 'turn.done');
    };
    call.begin();
    await events.next(callId, 'turn.done');
    // A key is no request: three in a row are not understood, and the third hands off.
    for (let i = 0; i < 3; i++) await keyed();
    expect(await events.next(callId, 'handoff')).toMatchObject({ summary: { reason: 'no_match' } });
    await keyed();
    await keyed();
    expect(logged.filter((line) => line.msg === 'turn')).toHaveLength(3);
    const text = await metrics.text();
    expect(text).toMatch(/^teller_handoffs_total\{channel="twilio"\} 1$/m);
    expect(text).toMatch(/^teller_turns_total\{channel="twilio",input="dtmf",outcome="no_match"\} 3$/m);
    expect(finished).toHaveLength(1);
    await call.close();
  });
});
