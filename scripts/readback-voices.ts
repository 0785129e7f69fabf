/**
 * Consent at a read-back, by voice: the demo customer's session at a transfer's read-back ("To
 * confirm: send $50.00 to Bob Li … Shall I go ahead?"), answered by synthesized speech through
 * the voice pipeline (Silero VAD, PocketSphinx with the confirmation grammar, the dialog), one
 * answer per session. Counts, per voice, which answers moved money: every yes should, no other
 * answer may. Lists each other answer that moved money, and each yes taken, with what was heard
 * and the recogniser's confidence (`dialogConfidence`), and the yeses under CONSENT_MIN_ASR.
 *
 *   npx tsx scripts/readback-voices.ts [--voices kal16,slt,rms,awb,espeak,espeak-gb,rms@8k,slt@8k,pico,pico-gb,pico@8k,pico-gb@8k] [--json]
 */
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { CONSENT_MIN_ASR } from '../src/dialog/index.ts';
import { dialogConfidence } from '../src/voice/pipeline.ts';
import {
  loadRig,
  parseVoice,
  prepareAudio,
  resetBank,
  SharedStream,
  speakTurn,
  voiceProblem,
  type CallerAudio,
  type Rig,
} from './bench-voice-rig.ts';
import type { VoiceCase } from './bench-voice-set.ts';

// Node 20's WASI (flite) crashes at random without this.
v8.setFlagsFromString('--no-turbo-fast-api-calls');

const REQUEST = 'send fifty dollars to bob li';
// prettier-ignore
const ANSWERS: Readonly<Record<'yes' | 'no' | 'correction' | 'unsure' | 'aside', readonly string[]>> = {
  yes: ['yes', 'yeah', 'yep', 'sure', 'correct', "that's right", 'yes please', 'go ahead', 'do it', 'okay',
    'yes send it', 'absolutely', 'that is correct', 'yes confirm', 'right', 'sounds good', 'confirm',
    "yes that's fine", 'please proceed', 'yes go ahead'],
  no: ['no', 'nope', 'no thanks', "don't send it", 'cancel that', 'no wait', 'not yet', 'stop',
    'no that is wrong', 'no cancel it'],
  correction: ['make it two hundred', 'no send it to bob chen', 'actually take it from savings',
    'change the amount', 'the amount is wrong', 'wrong person'],
  unsure: ['i am not sure', 'maybe', "i don't know", 'let me think', 'hold on a second', 'wait let me check',
    'what was the amount', 'can you say that again', 'who is bob li', 'is there a fee for that'],
  aside: ['honey did you pay the rent', 'turn the tv down please', 'i will call you back later',
    'the kids are at school', 'what time is dinner', 'how tall is the eiffel tower', 'play some music',
    'what is the weather like today', 'tell me a joke', 'i need to buy milk'],
};
const WARM_UP = 'check my balance please';

interface Answered {
  readonly set: keyof typeof ANSWERS;
  readonly text: string;
  readonly heard: string | undefined;
  readonly confidence: number | undefined;
  readonly intent: string | undefined;
  readonly sent: boolean;
  readonly awaitsAfter: string;
}

const { values } = parseArgs({
  options: {
    voices: {
      type: 'string',
      default: 'kal16,slt,rms,awb,espeak,espeak-gb,rms@8k,slt@8k,pico,pico-gb,pico@8k,pico-gb@8k',
    },
    json: { type: 'boolean', default: false },
  },
});

async function completed(rig: Rig): Promise<number> {
  return (await rig.bank.listMovements('alice', 1000)).filter((m) => m.status === 'completed').length;
}

const rig = await loadRig(4);
const results: Record<string, Answered[]> = {};
for (const label of (values.voices ?? '').split(',')) {
  const voice = parseVoice(label);
  if (typeof voice === 'string') throw new Error(voice);
  const problem = voiceProblem(voice);
  if (problem) {
    console.error(`${label}: skipped (${problem})`);
    continue;
  }
  const items = Object.entries(ANSWERS).flatMap(([set, texts]) =>
    texts.map((text) => ({ set: set as keyof typeof ANSWERS, text })),
  );
  const audio = await prepareAudio(voice, [WARM_UP, ...items.map((i) => i.text)]);
  resetBank(rig);
  const stream = new SharedStream(rig.recognizer, voice.phone ? 'narrow' : 'wide');
  const turn = (text: string, setup: string[], a: CallerAudio) => {
    const c: VoiceCase = { text, kind: 'answer', expect: {}, setup, channel: 'app' };
    return speakTurn(rig, c, a, { stream, phone: voice.phone, pace: 'fast', speak: false });
  };
  const out: Answered[] = [];
  try {
    await turn(WARM_UP, [], audio[0] as CallerAudio);
    for (const [i, item] of items.entries()) {
      const before = await completed(rig);
      const t = await turn(item.text, [REQUEST], audio[i + 1] as CallerAudio);
      if (t.awaits !== 'confirmation')
        throw new Error(`"${REQUEST}" did not reach a read-back (${t.awaits})`);
      out.push({
        ...item,
        heard: t.heard,
        confidence: t.result ? dialogConfidence(t.result) : undefined,
        intent: t.understanding?.intent,
        sent: (await completed(rig)) > before,
        awaitsAfter: t.awaits,
      });
    }
  } finally {
    await stream.close();
  }
  results[label] = out;
  console.error(`${label}: done`);
}

if (values.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const pct = (n: number, d: number) => `${n}/${d}`;
  console.log(`| voice | yes sent | other answers sent | yeses sent under ${CONSENT_MIN_ASR} |`);
  console.log('| --- | --- | --- | --- |');
  for (const [label, rows] of Object.entries(results)) {
    const yes = rows.filter((r) => r.set === 'yes');
    const other = rows.filter((r) => r.set !== 'yes');
    const low = yes.filter((r) => r.sent && (r.confidence ?? 1) < CONSENT_MIN_ASR).length;
    console.log(
      `| ${label} | ${pct(yes.filter((r) => r.sent).length, yes.length)} | ${pct(other.filter((r) => r.sent).length, other.length)} | ${low} |`,
    );
  }
  console.log('\nOther answers that moved money:');
  for (const [label, rows] of Object.entries(results))
    for (const r of rows.filter((x) => x.set !== 'yes' && x.sent))
      console.log(
        `  ${label}: "${r.text}" heard "${r.heard ?? ''}" (${r.confidence?.toFixed(2)}, ${r.intent})`,
      );
  console.log('\nYeses not taken:');
  for (const [label, rows] of Object.entries(results))
    for (const r of rows.filter((x) => x.set === 'yes' && !x.sent))
      console.log(
        `  ${label}: "${r.text}" heard "${r.heard ?? ''}" (${r.confidence?.toFixed(2) ?? '-'}, ${r.intent ?? '-'})`,
      );
  const confidences = Object.values(results)
    .flat()
    .filter((r) => r.set === 'yes' && r.sent)
    .map((r) => r.confidence ?? 1)
    .sort((a, b) => a - b);
  const q = (p: number) =>
    confidences[Math.min(confidences.length - 1, Math.floor(p * confidences.length))]?.toFixed(2);
  console.log(
    `\nConfidence of the yeses taken (${confidences.length}): lowest ${confidences
      .slice(0, 5)
      .map((c) => c.toFixed(2))
      .join(', ')}; 5% ${q(0.05)}, 10% ${q(0.1)}, median ${q(0.5)}`,
  );
}
process.exit(0);
