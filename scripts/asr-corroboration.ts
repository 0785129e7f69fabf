/**
 * Measures CORROBORATION_AGREEMENT (src/asr/pocketsphinx-result.ts): how many correct requests the
 * rejection models turn down that an agreeing general-English pass would hand to the NLU, and how
 * many out-of-domain sentences the NLU would then accept.
 *
 *   npx tsx scripts/asr-corroboration.ts [--band wide|narrow]
 *
 * scripts/asr-eval-set.ts's open requests, five more naming a customer's payees and billers (the
 * kind the banking LM has never seen), and its out-of-domain sentences, said by the four flite
 * voices on one stream per voice with the general-English reference, as the voice pipeline runs.
 * Each decoded text goes to the NLU as the dialog would send it. Prints, per agreement threshold,
 * requests rejected / corroborated / accepted by the NLU, and the same for out-of-domain speech.
 */
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import { PocketSphinxRecognizer } from '../src/asr/pocketsphinx.ts';
import type { PocketSphinxStream } from '../src/asr/pocketsphinx-stream.ts';
import { EMPTY_CONTEXT } from '../src/nlu/context.ts';
import { Nlu } from '../src/nlu/index.ts';
import { FliteSynthesizer } from '../src/tts/index.ts';
import { FREE_TEXTS, OUT_OF_DOMAIN } from './asr-eval-set.ts';
import { padded, phoneLine, VOICES } from './asr-harness.ts';

v8.setFlagsFromString('--no-turbo-fast-api-calls');

const { values } = parseArgs({ options: { band: { type: 'string', default: 'wide' } } });
if (values.band !== 'wide' && values.band !== 'narrow') throw new Error('--band wide|narrow');
const band = values.band;

const NAMING = [
  'pay city power ninety dollars',
  'okay send eleven hundred dollars to my mom',
  'send six hundred dollars to li apart',
  'transfer thirteen hundred dollars to my landlord',
  'pay my property fee to greenwood hoa',
];

interface Row {
  readonly outOfDomain: boolean;
  readonly rejected: boolean;
  readonly agreement: number | undefined;
  readonly nluAccepts: boolean;
}
const rows: Row[] = [];
const tts = new FliteSynthesizer({ threads: 0 });
const nlu = await Nlu.load();
const recognizer = new PocketSphinxRecognizer({ generalPoolSize: 1, busyWaitMs: Infinity });
await recognizer.warmUp(band);
for (const voice of VOICES) {
  const stream = recognizer.createStream({ lang: 'en', sampleRateHz: 16000, band }) as PocketSphinxStream;
  const say = async (text: string) => {
    const { pcm } = await tts.synthesize(text, { lang: 'en', voice });
    const audio = padded(band === 'narrow' ? phoneLine(pcm) : pcm);
    for (let at = 0; at < audio.length; at += 320) {
      while (stream.backlogMs > 400) await new Promise((resolve) => setTimeout(resolve, 2));
      stream.write(audio.subarray(at, at + 320));
    }
    return stream.endUtterance();
  };
  await say('what is my balance'); // live CMN settles, as after a call's first turn
  for (const [outOfDomain, texts] of [
    [false, [...FREE_TEXTS, ...NAMING]],
    [true, OUT_OF_DOMAIN],
  ] as const) {
    for (const text of texts) {
      const result = await say(text);
      const scored = stream.lastScored;
      const understood = result.text
        ? await nlu.understand(result.text, { ...EMPTY_CONTEXT, lang: 'en' })
        : undefined;
      rows.push({
        outOfDomain,
        rejected: result.inDomain === false,
        agreement: scored?.passes.general ? scored.features.agreement : undefined,
        nluAccepts: understood !== undefined && understood.intent !== 'oos',
      });
    }
  }
  await stream.close();
  process.stderr.write(`${voice} `);
}
process.stderr.write('\n');
await recognizer.close();
await nlu.close();
await tts.close();

console.log(`band ${band}; ${VOICES.length} voices`);
console.log(
  'threshold\trequests: rejected / corroborated / NLU accepts\tout of domain: rejected / corroborated / NLU accepts',
);
for (const threshold of [0.7, 0.75, 0.8, 0.85, 0.9, 0.95]) {
  const counts = [false, true].map((outOfDomain) => {
    const rejected = rows.filter((r) => r.outOfDomain === outOfDomain && r.rejected);
    const corroborated = rejected.filter((r) => r.agreement !== undefined && r.agreement >= threshold);
    return `${rejected.length} / ${corroborated.length} / ${corroborated.filter((r) => r.nluAccepts).length}`;
  });
  console.log(`${threshold}\t\t${counts[0]}\t\t\t\t\t${counts[1]}`);
}
