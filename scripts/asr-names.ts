/**
 * Open requests naming a customer's own payees, billers, cards and accounts that the banking LM has never seen
 * (scripts/asr-eval-set.ts UNSEEN_NAMES): word error rate, and how many turns the dialog would act
 * on (recogniser confidence after the in-domain verdict ≥ the no-match floor), with the stream's
 * names as members of the LM's classes (named-lm.ts) or only as unigrams (`--no-classes`, the
 * behaviour before 2026-11-28).
 *
 *   npx tsx scripts/asr-names.ts [--band wide|narrow] [--no-classes] [--general 0|1] [--voices kal16,rms] [--lm DIR]
 *
 * Each request on a new stream (a call's first open turn), the four flite voices, 250 ms of
 * silence around each; `--general 0` (the default) leaves out the general-English pass, as on a
 * busy node, so corroboration cannot rescue a turn. ~2 minutes per band on 2 cores.
 */
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import type { GrammarSpec } from '../src/asr/grammar.ts';
import { PocketSphinxRecognizer } from '../src/asr/pocketsphinx.ts';
import type { PocketSphinxStream } from '../src/asr/pocketsphinx-stream.ts';
import { MIN_ASR_CONFIDENCE } from '../src/dialog/index.ts';
import { FliteSynthesizer } from '../src/tts/index.ts';
import type { FliteVoice } from '../src/tts/index.ts';
import { dialogConfidence } from '../src/voice/pipeline.ts';
import { UNSEEN_NAMES, UNSEEN_NAMING_TEXTS } from './asr-eval-set.ts';
import { feed, lmOptions, padded, phoneLine, VOICES, wordErrors } from './asr-harness.ts';

v8.setFlagsFromString('--no-turbo-fast-api-calls');

const { values } = parseArgs({
  options: {
    band: { type: 'string', default: 'wide' },
    'no-classes': { type: 'boolean', default: false },
    general: { type: 'string', default: '0' },
    voices: { type: 'string' },
    lm: { type: 'string' },
  },
});
if (values.band !== 'wide' && values.band !== 'narrow') throw new Error('--band wide|narrow');
const band = values.band;
const { payee, biller, card, account } = UNSEEN_NAMES;
const grammar: GrammarSpec = {
  kind: 'free',
  names: [...payee, ...biller, ...card, ...account],
  ...(values['no-classes'] ? {} : { classes: UNSEEN_NAMES }),
};
const lm = lmOptions(values.lm);
const recognizer = new PocketSphinxRecognizer({
  generalPoolSize: Number(values.general),
  busyWaitMs: Infinity,
  ...lm,
});
await recognizer.warmUp(band);
const tts = new FliteSynthesizer({ threads: 0 });
const voices = (values.voices?.split(',') ?? VOICES) as FliteVoice[];
let errors = 0;
let words = 0;
let acted = 0;
let turns = 0;
for (const voice of voices) {
  for (const text of UNSEEN_NAMING_TEXTS) {
    const stream = recognizer.createStream({
      lang: 'en',
      sampleRateHz: 16000,
      band,
      grammar,
    }) as PocketSphinxStream;
    const { pcm } = await tts.synthesize(text, { lang: 'en', voice });
    await feed(stream, padded(band === 'narrow' ? phoneLine(pcm) : pcm));
    const result = await stream.endUtterance();
    await stream.close();
    const e = wordErrors(text, result.text);
    errors += e.errors;
    words += e.words;
    turns++;
    const ok = dialogConfidence(result) >= MIN_ASR_CONFIDENCE;
    if (ok) acted++;
    if (e.errors > 0 || !ok) {
      console.log(
        `${voice.padEnd(5)} ${ok ? 'acted   ' : 'rejected'} ${result.confidence.toFixed(2)}  "${text}" → "${result.text}"`,
      );
    }
  }
}
console.log(
  `band ${band}, ${values['no-classes'] ? 'names as unigrams only' : 'names in their classes'}, ` +
    `general pass ${values.general === '0' ? 'off' : 'on'}: WER ${((100 * errors) / words).toFixed(1)}%, ` +
    `acted on ${acted} of ${turns}`,
);
await Promise.all([recognizer.close(), tts.close()]);
