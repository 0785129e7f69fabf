// Experiment: CLINC150 train → val accuracy for network settings (development only).
import { readFileSync } from 'node:fs';
import type { FeatureOptions } from '../src/nlu/features.ts';
import { Vectorizer } from '../src/nlu/vectorizer.ts';
import { trainNetwork, predictProbabilities } from '../src/nlu/train/network.ts';
const data = JSON.parse(readFileSync('/work/shared/bench/clinc150/data_full.json', 'utf8')) as Record<
  string,
  [string, string][]
>;
const train = [...data.train!, ...data.oos_train!];
const val = [...data.val!, ...data.oos_val!];
const labels = [...new Set(train.map(([, l]) => l))].sort();
const li = new Map(labels.map((l, i) => [l, i]));
const hidden = Number(process.argv[2] ?? 0),
  epochs = Number(process.argv[3] ?? 20),
  lr = Number(process.argv[4] ?? 0.4),
  minDf = Number(process.argv[5] ?? 1);
let t = performance.now();
const opts = (JSON.parse(process.env.FEAT ?? 'null') as FeatureOptions | null) ?? undefined;
const vec = Vectorizer.fit(
  train.map(([t]) => t),
  opts,
  minDf,
);
const X = train.map(([t]) => vec.vectorize(t));
const y = Int32Array.from(train.map(([, l]) => li.get(l)!));
console.log('features', vec.size, 'vectorize ms', Math.round(performance.now() - t));
t = performance.now();
const Xv = val.map(([t]) => vec.vectorize(t));
const net = trainNetwork(X, y, vec.size, labels.length, {
  hiddenSize: hidden,
  epochs,
  learningRate: lr,
  l2: 1e-6,
  dropout: 0.3,
  seed: 1,
  onEpoch: (e, loss, w) => {
    if (e % 5 === 0 || e === epochs) {
      let ok = 0,
        n = 0,
        oosOk = 0,
        oosN = 0;
      val.forEach(([, l], i) => {
        const p = predictProbabilities(w, Xv[i]!);
        let best = 0;
        for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
        if (l === 'oos') {
          oosN++;
          if (labels[best] === 'oos') oosOk++;
        } else {
          n++;
          if (labels[best] === l) ok++;
        }
      });
      console.log(
        `epoch ${e} loss ${loss.toFixed(4)} val in-scope ${((100 * ok) / n).toFixed(2)} oos-recall ${((100 * oosOk) / oosN).toFixed(1)} ${Math.round(performance.now() - t)}ms`,
      );
    }
  },
});
void net;
