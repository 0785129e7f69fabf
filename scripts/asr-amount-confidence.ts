/**
 * Can word confidences tell a misheard amount from a right one? A misheard amount ("fourteen" →
 * "forty") comes back inside an utterance the recogniser is otherwise sure of; if its number words
 * were unsure, the dialog could ask for the amount again rather than read it back. Measured on
 * 2026-11-27 (src/dialog/session/heard.ts): they cannot, so it does not.
 *
 *   npx tsx scripts/asr-amount-confidence.ts [--voices kal16,slt] [--band wide|narrow]
 *
 * 40 amounts (deterministic: teens against tens, hundreds, thousands, cents), each said two ways
 * the dialog hears amounts: in an open request ("send thirteen hundred dollars to maria garcia",
 * the banking LM) and as the answer to "how much?" (the amount grammar, cross-checked against the
 * banking LM's reading); the four flite voices, one stream per voice. The NLU reads each
 * transcript in the demo customer's context; an amount is right when its value is the one said.
 * Prints, per threshold on the lowest confidence of the amount's number words: right amounts
 * that would be asked again, and wrong ones that would be caught.
 */
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import type { GrammarSpec } from '../src/asr/grammar.ts';
import { PocketSphinxRecognizer } from '../src/asr/pocketsphinx.ts';
import { spokenVariants } from '../src/asr/spoken-text.ts';
import { demoWorld, SqliteBank } from '../src/bank/index.ts';
import { loadSnapshot, understandingContext } from '../src/dialog/customer.ts';
import type { RecognizedWord } from '../src/asr/recognizer.ts';
import { Nlu } from '../src/nlu/index.ts';
import { FliteSynthesizer } from '../src/tts/index.ts';
import type { FliteVoice } from '../src/tts/index.ts';
import { feed, openStream, padded, phoneLine, VOICES } from './asr-harness.ts';

v8.setFlagsFromString('--no-turbo-fast-api-calls');

const { values } = parseArgs({
  options: { band: { type: 'string', default: 'wide' }, voices: { type: 'string' } },
});
if (values.band !== 'wide' && values.band !== 'narrow') throw new Error('--band wide|narrow');
const band = values.band;
const voices = (values.voices?.split(',') ?? VOICES) as FliteVoice[];

// prettier-ignore
const AMOUNTS = [
  '13', '30', '14', '40', '15', '50', '16', '60', '17', '70', '18', '80', '19', '90',
  '113', '130', '340', '314', '515', '550', '1300', '1400', '1500', '1700', '2000', '2500',
  '45.20', '12.50', '69.99', '112.40', '8.75', '250', '600', '1050', '75', '35', '220', '999', '4000', '17.30',
];

// prettier-ignore
const NUMBER_WORDS: ReadonlySet<string> = new Set([
  'zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen',
  'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety',
  'hundred', 'thousand', 'million', 'grand',
]);

/** The lowest confidence among the number words heard; `undefined` when none. */
function amountWordConfidence(words: readonly RecognizedWord[] | undefined): number | undefined {
  const numbers = (words ?? []).filter((w) => NUMBER_WORDS.has(w.word));
  return numbers.length > 0 ? Math.min(...numbers.map((w) => w.confidence)) : undefined;
}

interface Row {
  readonly said: string;
  readonly heard: string;
  readonly right: boolean;
  readonly lowest: number | undefined;
  readonly grammar: string;
}

const tts = new FliteSynthesizer({ threads: 0 });
const nlu = await Nlu.load();
const bank = SqliteBank.create(demoWorld(), { path: ':memory:' });
const snapshot = await loadSnapshot(bank, 'alice');
const recognizer = new PocketSphinxRecognizer({ generalPoolSize: 1, busyWaitMs: Infinity });
await recognizer.warmUp(band);
const rows: Row[] = [];
for (const voice of voices) {
  const stream = openStream(recognizer, band);
  const say = async (text: string, grammar: GrammarSpec) => {
    stream.setGrammar(grammar);
    const { pcm } = await tts.synthesize(text, { lang: 'en', voice });
    await feed(stream, padded(band === 'narrow' ? phoneLine(pcm) : pcm));
    return stream.endUtterance();
  };
  await say('how much do i have in checking', { kind: 'free' });
  for (const [i, value] of AMOUNTS.entries()) {
    const money = `$${Number(value).toLocaleString('en-US', { minimumFractionDigits: value.includes('.') ? 2 : 0 })}`;
    for (const [grammar, written, awaiting] of [
      [{ kind: 'free' }, `send ${money} to maria garcia`, undefined],
      [{ kind: 'amount' }, money, 'amount'],
    ] as const) {
      const variants = spokenVariants(written, 2);
      const said = variants[i % variants.length] ?? written;
      const result = await say(said, grammar);
      const context = {
        ...understandingContext(snapshot, 'en', Date.now()),
        ...(awaiting ? { awaiting } : {}),
      };
      const u = result.text ? await nlu.understand(result.text, context) : undefined;
      const got = u?.entities.amount?.value;
      rows.push({
        said,
        heard: result.text,
        right: got !== undefined && Number(got) === Number(value),
        lowest: amountWordConfidence(result.words),
        grammar: grammar.kind,
      });
    }
  }
  await stream.close();
  process.stderr.write(`${voice} `);
}
process.stderr.write('\n');
await Promise.all([recognizer.close(), nlu.close(), tts.close(), bank.close()]);

console.log(`band ${band}; ${voices.join(', ')}; ${rows.length} amounts said`);
for (const kind of ['free', 'amount']) {
  const mine = rows.filter((r) => r.grammar === kind && r.lowest !== undefined);
  const right = mine.filter((r) => r.right);
  const wrong = mine.filter((r) => !r.right);
  console.log(`\n${kind}: ${right.length} amounts right, ${wrong.length} wrong (or none)`);
  console.log('threshold  right asked again  wrong caught');
  for (const t of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
    const asked = right.filter((r) => (r.lowest ?? 1) < t).length;
    const caught = wrong.filter((r) => (r.lowest ?? 1) < t).length;
    console.log(`${t.toFixed(1)}        ${String(asked).padEnd(19)}${caught}`);
  }
  for (const r of wrong) console.log(`  wrong: "${r.said}" → "${r.heard}" (lowest ${r.lowest?.toFixed(2)})`);
}
