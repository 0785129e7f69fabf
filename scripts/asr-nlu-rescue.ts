/**
 * Measures DOUBTFUL_SPEECH_FLOOR and DOUBTFUL_SPEECH_VOUCH_AT (src/voice): open speech the
 * recogniser doubts, acted on when the NLU is sure of a banking request. How many requests that
 * rescues, and how many out-of-domain sentences it lets through. "Acted on today" applies the
 * dialog's checks on open speech too: NLU_TRUSTS_SPEECH, and the cross-check of words only the
 * general pass corroborated (src/voice speechInput `crossCheck`; `--no-cross-check` leaves it out).
 *
 *   npx tsx scripts/asr-nlu-rescue.ts [--band wide|narrow] [--voices kal16,slt] [--names] [--rows FILE] [--lm DIR] [--reread FILE] [--model DIR] [--no-cross-check]
 *
 * scripts/asr-eval-set.ts's open requests and requests naming the demo customer's payees and
 * billers (NAMING_TEXTS), and its out-of-domain sentences with MORE_OUT_OF_DOMAIN; the four flite
 * voices; each utterance on a new stream, every other one after a first turn (a call's first turn
 * is decoded cold, later ones with live CMN settled); once with the general-English pass (a quiet
 * node) and once without it (`freeAlone`: a busy node, where streams outnumber general decoders).
 * The NLU reads each decoded text in the demo customer's context, as the dialog does. Prints, per
 * floor and NLU threshold, requests / out-of-domain sentences acted on. ~10 minutes on 2 cores.
 * `--names`: open turns listen with the customer's payee and biller names, as the dialog sets them
 * (FreeGrammar `names` and `classes`); the word error rate of the requests naming them is printed too.
 * `--lm DIR`: the banking LM and dictionary from DIR (as scripts/asr-build-lm.ts --out writes them).
 * `--reread FILE`: no decoding; the NLU reads again what an earlier run heard (its `--rows` FILE),
 * so a retrained model or a new threshold is measured in seconds. `--model DIR`: the NLU model from DIR.
 */
import v8 from 'node:v8';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { GrammarSpec } from '../src/asr/grammar.ts';
import { PocketSphinxRecognizer } from '../src/asr/pocketsphinx.ts';
import type { PocketSphinxStream } from '../src/asr/pocketsphinx-stream.ts';
import { demoWorld, SqliteBank } from '../src/bank/index.ts';
import { loadSnapshot, understandingContext } from '../src/dialog/customer.ts';
import { crossChecked, MIN_ASR_CONFIDENCE, trustedSpeech } from '../src/dialog/index.ts';
import { Nlu } from '../src/nlu/index.ts';
import { FliteSynthesizer } from '../src/tts/index.ts';
import type { FliteVoice } from '../src/tts/index.ts';
import { speechInput } from '../src/voice/pipeline.ts';
import { FREE_TEXTS, MORE_OUT_OF_DOMAIN, NAMING_TEXTS, OUT_OF_DOMAIN } from './asr-eval-set.ts';
import { feed, lmOptions, padded, phoneLine, VOICES, wordErrors } from './asr-harness.ts';

v8.setFlagsFromString('--no-turbo-fast-api-calls');

const { values } = parseArgs({
  options: {
    band: { type: 'string', default: 'wide' },
    voices: { type: 'string' },
    rows: { type: 'string' },
    names: { type: 'boolean', default: false },
    lm: { type: 'string' },
    reread: { type: 'string' },
    model: { type: 'string' },
    'no-cross-check': { type: 'boolean', default: false },
  },
});
if (values.band !== 'wide' && values.band !== 'narrow') throw new Error('--band wide|narrow');
const band = values.band;
const voices = (values.voices?.split(',') ?? VOICES) as FliteVoice[];

interface Row {
  readonly voice: string;
  readonly general: boolean;
  readonly warm: boolean;
  readonly outOfDomain: boolean;
  readonly said: string;
  readonly heard: string;
  /** The general pass's words the dialog cross-checks (src/voice speechInput `crossCheck`). */
  readonly crossCheck?: string;
  /**
   * What the dialog acts on today: the recogniser's verdict, then the NLU's out-of-scope class and
   * the confidence open speech needs (src/dialog NLU_TRUSTS_SPEECH).
   */
  readonly accepted: boolean;
  /** RecognitionResult confidence, before the in-domain verdict. */
  readonly asrConfidence: number;
  /** The confidence the dialog weighs (src/voice speechInput `asrConfidence`: after the in-domain verdict). */
  readonly dialogConfidence: number;
  readonly intent: string;
  readonly nluConfidence: number;
  /** The entities the NLU found (names only: `card`, `payee`, `amount`…). */
  readonly entities: readonly string[];
  readonly naming: boolean;
  readonly errors: number;
  readonly words: number;
}

const cases = [
  ...FREE_TEXTS.map((text) => ({ text, outOfDomain: false, naming: false })),
  ...NAMING_TEXTS.map((text) => ({ text, outOfDomain: false, naming: true })),
  ...[...OUT_OF_DOMAIN, ...MORE_OUT_OF_DOMAIN].map((text) => ({ text, outOfDomain: true, naming: false })),
];
const tts = new FliteSynthesizer({ threads: 0 });
const nlu = await Nlu.load(values.model);
const bank = SqliteBank.create(demoWorld(), { path: ':memory:' });
const snapshot = await loadSnapshot(bank, 'alice');
const context = understandingContext(snapshot, 'en', Date.now());
const payee = snapshot.payees.map((p) => p.name);
const biller = snapshot.billers.map((b) => b.name);
const card = snapshot.cards.map((c) => c.name);
const account = snapshot.accounts.map((a) => a.name);
const grammar: GrammarSpec = values.names
  ? {
      kind: 'free',
      names: [...payee, ...biller, ...card, ...account],
      classes: { payee, biller, card, account },
    }
  : { kind: 'free' };
const lm = lmOptions(values.lm);
type Heard = Omit<Row, 'accepted' | 'intent' | 'nluConfidence' | 'entities'>;

/** The NLU's reading of what was heard, in the demo customer's context, and whether the dialog acts on it. */
async function read(h: Heard): Promise<Row> {
  const u = h.heard ? await nlu.understand(h.heard, context) : undefined;
  const intent = u?.intent ?? 'oos';
  const other = h.crossCheck;
  const checked =
    values['no-cross-check'] === true ||
    other === undefined ||
    u === undefined ||
    (await crossChecked(u, () => nlu.understand(other, context)));
  return {
    ...h,
    accepted:
      u !== undefined &&
      h.dialogConfidence >= MIN_ASR_CONFIDENCE &&
      intent !== 'oos' &&
      trustedSpeech(u, 'nothing') &&
      checked,
    intent,
    nluConfidence: u?.confidence ?? 0,
    entities: Object.keys(u?.entities ?? {}),
  };
}

const rows: Row[] = [];
if (values.reread) {
  for (const line of readFileSync(values.reread, 'utf8').split('\n').filter(Boolean))
    rows.push(await read(JSON.parse(line) as Heard));
}
for (const general of values.reread ? [] : [true, false]) {
  const recognizer = new PocketSphinxRecognizer({
    generalPoolSize: general ? 1 : 0,
    busyWaitMs: Infinity,
    ...lm,
  });
  await recognizer.warmUp(band);
  let n = 0;
  for (const voice of voices) {
    for (const c of cases) {
      const warm = n++ % 2 === 1;
      const stream = recognizer.createStream({ lang: 'en', sampleRateHz: 16000, band }) as PocketSphinxStream;
      const say = async (text: string) => {
        stream.setGrammar(grammar);
        const { pcm } = await tts.synthesize(text, { lang: 'en', voice });
        await feed(stream, padded(band === 'narrow' ? phoneLine(pcm) : pcm));
        return stream.endUtterance();
      };
      if (warm) await say('how much do i have in checking');
      const result = await say(c.text);
      await stream.close();
      const input = speechInput(result, band);
      rows.push(
        await read({
          voice,
          general,
          warm,
          outOfDomain: c.outOfDomain,
          said: c.text,
          heard: result.text,
          ...(input.crossCheck !== undefined ? { crossCheck: input.crossCheck } : {}),
          asrConfidence: result.confidence,
          dialogConfidence: input.asrConfidence ?? 0,
          naming: c.naming,
          ...wordErrors(c.text, result.text),
        }),
      );
    }
    process.stderr.write(`${general ? 'general' : 'alone'} ${voice} `);
  }
  await recognizer.close();
}
process.stderr.write('\n');
await Promise.all([nlu.close(), tts.close(), bank.close()]);
if (values.rows) writeFileSync(values.rows, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

/** NLU confidences tried (src/voice DOUBTFUL_SPEECH_VOUCH_AT: 0.9 wideband, 0.98 phone-line). */
const THRESHOLDS = [0.8, 0.9, 0.95, 0.98];
const rescued = (r: Row, floor: number, threshold: number): boolean =>
  r.accepted ||
  (r.intent !== 'oos' &&
    !r.intent.startsWith('dialog.') &&
    r.asrConfidence >= floor &&
    r.nluConfidence >= threshold);
const requests = rows.filter((r) => !r.outOfDomain);
const outside = rows.filter((r) => r.outOfDomain);
const count = (list: readonly Row[], test: (r: Row) => boolean): number => list.filter(test).length;
console.log(
  `${values.reread ? `rows of ${values.reread}` : `band ${band}; ${voices.join(', ')}`}; ${requests.length} requests, ${outside.length} out-of-domain turns`,
);
for (const [label, subset] of [
  ['with the general pass', (r: Row) => r.general],
  ['without it (busy node)', (r: Row) => !r.general],
] as const) {
  const req = requests.filter(subset);
  const ood = outside.filter(subset);
  const wer = (list: readonly Row[]): string =>
    `${(
      (100 * list.reduce((n, r) => n + r.errors, 0)) /
      Math.max(
        1,
        list.reduce((n, r) => n + r.words, 0),
      )
    ).toFixed(1)}%`;
  console.log(
    `\n${label}: WER ${wer(req.filter((r) => !r.naming))} (requests), ${wer(req.filter((r) => r.naming))} (naming the customer's payees and billers)`,
  );
  console.log(
    `\n${label}: acted on today ${count(req, (r) => r.accepted)} / ${count(ood, (r) => r.accepted)}`,
  );
  console.log('floor  ' + THRESHOLDS.map((t) => `NLU ≥ ${t}`.padEnd(14)).join(''));
  for (const floor of [0.05, 0.1, 0.15, 0.2]) {
    const cells = THRESHOLDS.map((t) =>
      `${count(req, (r) => rescued(r, floor, t))} / ${count(ood, (r) => rescued(r, floor, t))}`.padEnd(14),
    );
    console.log(`${floor.toFixed(2)}   ${cells.join('')}`);
  }
}
