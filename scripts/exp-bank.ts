import { loadExamples, splitExamples } from '../src/nlu/train/dataset.ts';
import { trainModel, DEFAULT_MODEL_OPTIONS, saveModel } from '../src/nlu/train/train.ts';
const all = loadExamples();
const { train, heldOut } = splitExamples(all, 0.2, 1);
const opts = {
  ...DEFAULT_MODEL_OPTIONS,
  ...(JSON.parse(process.argv[2] ?? '{}') as Partial<typeof DEFAULT_MODEL_OPTIONS>),
};
const m = trainModel(train, heldOut, {
  ...opts,
  onProgress: (d: number, t: number, l: number) => process.stderr.write(`${d}/${t} ${l.toFixed(4)}\n`),
});
const e = m.heldOut!;
console.log(
  'features',
  m.vectorizer.size,
  'train',
  train.length,
  'heldout',
  heldOut.length,
  'ms',
  Math.round(m.trainMs),
  'threshold',
  m.oosThreshold,
);
console.log('acc', e.accuracy, 'in', e.inScopeAccuracy, 'oos', e.oosRecall, JSON.stringify(e.byLanguage));
console.log(
  e.confusions
    .slice(0, 12)
    .map((c) => `${c.gold}→${c.predicted} ${c.count}`)
    .join('\n'),
);
if (process.argv[3]) console.log('bytes', saveModel(m, process.argv[3], {}));
import { evaluate } from '../src/nlu/train/evaluate.ts';
import { predictProbabilities } from '../src/nlu/train/network.ts';
const scored = heldOut.map((ex) => ({
  example: ex,
  probabilities: predictProbabilities(m.net, m.vectorizer.vectorize(ex.text)),
}));
for (const t of [0, 0.1, 0.2, 0.3]) {
  const r = evaluate(scored, m.labels, t);
  console.log(
    't',
    t,
    'acc',
    r.accuracy,
    'in',
    r.inScopeAccuracy,
    'oos',
    r.oosRecall,
    JSON.stringify(r.byLanguage),
  );
}
import { decide } from '../src/nlu/train/evaluate.ts';
const wrong = scored.filter((s) => decide(s.probabilities, m.labels, 0) !== s.example.label);
for (const s of wrong)
  console.log('W', s.example.label, '→', decide(s.probabilities, m.labels, 0), '|', s.example.text);
for (const q of (process.env.PROBE ?? '').split('|').filter(Boolean)) {
  const p = predictProbabilities(m.net, m.vectorizer.vectorize(q));
  const best = p.indexOf(Math.max(...p));
  console.log('P', q, '→', m.labels[best], p[best]!.toFixed(2));
}
