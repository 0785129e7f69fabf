/**
 * What the dialog's "did you mean …?" (docs/dialog.md) would do on the project's held-out split:
 * the shipped classifier reads each held-out utterance; of those it answers out of scope, how many
 * the dialog offers back (`suggestion`, at SUGGEST_FLOOR or another --floor), with the right intent,
 * with another, or for an out-of-scope utterance. The NLU alone: no entity repair, no customer data.
 *
 *   npx tsx scripts/nlu-suggest.ts [--model models/nlu] [--floor 0.1,0.2,0.3]
 */
import { parseArgs } from 'node:util';
import { SUGGEST_FLOOR, suggestion } from '../src/dialog/index.ts';
import { loadCatalogue } from '../src/nlu/index.ts';
import { DEFAULT_MODEL_DIR } from '../src/nlu/understand.ts';
import { IntentModel, type IntentScore } from '../src/nlu/model.ts';
import { loadExamples, OOS, splitExamples } from '../src/nlu/train/dataset.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: DEFAULT_MODEL_DIR },
    floor: { type: 'string', default: String(SUGGEST_FLOOR) },
  },
});
const floors = values.floor.split(',').map(Number);
const model = await IntentModel.load(values.model);
const seed = Number(model.manifest.training['seed'] ?? 1);
const { heldOut } = splitExamples(loadExamples(), 0.2, seed);
const catalogue = new Map(loadCatalogue().map((spec) => [spec.name, spec]));
const answeredOos: { label: string; ranked: readonly IntentScore[] }[] = [];
for (const e of heldOut) {
  const c = await model.classify(e.text);
  if (c.intent === OOS) answeredOos.push({ label: e.label, ranked: c.ranked });
}
const inScope = heldOut.filter((e) => e.label !== OOS).length;
const outOfScope = heldOut.length - inScope;
console.log(
  `held out (seed ${seed}): ${heldOut.length} utterances, ${inScope} in scope, ${outOfScope} out of scope; ` +
    `answered out of scope at the model's threshold ${model.manifest.oosThreshold}: ${answeredOos.length}`,
);
for (const floor of floors) {
  let offered = 0;
  let right = 0;
  let oosAsked = 0;
  for (const r of answeredOos) {
    const guess = suggestion({ intent: OOS, ranked: r.ranked }, catalogue, floor);
    if (!guess) continue;
    offered++;
    if (guess.intent === r.label) right++;
    else if (r.label === OOS) oosAsked++;
  }
  console.log(
    `floor ${floor}: offered ${offered}; the right intent ${right} (${((100 * right) / inScope).toFixed(2)}% of in-scope), ` +
      `another in-scope intent ${offered - right - oosAsked}, out of scope asked ${oosAsked} of ${outOfScope}`,
  );
}
