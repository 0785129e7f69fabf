import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pocketSphinxProblem,
  createRecognizer,
  type Recognizer,
  type StreamOptions,
} from '../../src/asr/index.ts';
import { sharedSileroVad } from '../../src/audio/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { parseScript, runScriptPhone, type PhoneRig } from '../../src/testing/convo/index.ts';
import { createSynthesizer } from '../../src/tts/index.ts';

/*
 * `teller test --phone`: a phone-channel script run as a real call through each platform's endpoint
 * — synthesized 8 kHz μ-law speech in continuous 20 ms frames, keyed PIN, the bank checked after.
 */

const SCRIPT = `
name: balance by phone, PIN keyed
lang: en
channel: phone
turns:
  - bot: { says: Alice, awaits: nothing }
  - user: what's my balance
  - bot: { intent: account.balance, event: stepup, awaits: stepup, not_says: '/\\$\\d/' }
  - dtmf: '2468#'
  - bot: { says: '/\\$2,500\\.00/' }
after:
  movements: 0
`;

const BRITISH = `
name: a caller from a UK number
lang: en
channel: phone
world:
  customer: { name: Harriet Moore, phone: '+447700900123', pin: '4826' }
  accounts:
    - { id: current, name: Current Account, type: checking, currency: GBP, balance: '1500.00', last4: '7711', primary: true }
turns:
  - user: what's my balance
  - bot: { intent: account.balance, event: stepup, awaits: stepup }
  - dtmf: '4826#'
  - bot: { says: '/(£|GBP )1,?500\\.00/' }
after:
  movements: 0
`;

const WRONG = `
name: a wrong expectation fails with what the agent did
lang: en
channel: phone
turns:
  - bot: { says: Bob }
`;

describe.skipIf(pocketSphinxProblem() !== undefined)('phone-channel scripts as calls', () => {
  let rig: Omit<PhoneRig, 'platform'>;
  beforeAll(async () => {
    const [nlu, asr, vad, synthesizer, caller] = await Promise.all([
      Nlu.load(),
      createRecognizer({ engine: 'pocketsphinx' }),
      sharedSileroVad(),
      createSynthesizer({ engine: 'flite' }),
      createSynthesizer({ engine: 'flite', fliteVoice: 'rms', cacheMaxBytes: 0 }),
    ]);
    rig = {
      nlu,
      recognizer: asr.recognizer,
      vad,
      synthesizer,
      caller: { synthesizer: caller, voice: 'rms' },
    };
  });
  afterAll(async () => {
    await rig.nlu.close();
    await rig.recognizer.close();
  });

  for (const platform of ['twilio', 'audiohook'] as const) {
    it(`runs a script through ${platform}`, async () => {
      const script = parseScript(SCRIPT);
      if (!script.ok) throw new Error(script.error);
      const result = await runScriptPhone(script.value, { ...rig, platform });
      expect(result.failure?.actual).toBeUndefined();
      expect(result.ok).toBe(true);
    }, 60_000);
  }

  it('hears a caller under --british-callers with British pronunciations too', async () => {
    const script = parseScript(BRITISH);
    if (!script.ok) throw new Error(script.error);
    const asked: StreamOptions[] = [];
    const inner = rig.recognizer;
    const recognizer: Recognizer = {
      name: inner.name,
      languages: inner.languages,
      createStream: (options) => (asked.push(options), inner.createStream(options)),
      close: () => Promise.resolve(),
    };
    const result = await runScriptPhone(script.value, {
      ...rig,
      recognizer,
      platform: 'twilio',
      britishCallerPrefixes: ['+44'],
    });
    expect(result.failure?.actual).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(asked.map((o) => o.accent)).toEqual(['us+gb']);
  }, 60_000);

  it('reports a failed expectation with what the agent said', async () => {
    const script = parseScript(WRONG);
    if (!script.ok) throw new Error(script.error);
    const result = await runScriptPhone(script.value, { ...rig, platform: 'twilio' });
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({ turn: 1, expected: 'says Bob' });
    expect(result.failure?.actual).toMatch(/Thanks for calling, Alice/);
  }, 30_000);
});
