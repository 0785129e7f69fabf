import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadExamples, parseCsv, splitExamples, type Example } from '../../nlu/train/dataset.ts';
import { DEFAULT_MODEL_OPTIONS, saveModel, trainModel } from '../../nlu/train/train.ts';
import type { Evaluation } from '../../nlu/train/evaluate.ts';
import type { CliIo } from '../io.ts';
import { ProgressBar } from '../progress.ts';

export const DEFAULT_MODEL_DIR = 'models/nlu';

export const TRAIN_HELP = `teller train [--csv FILE] [--out DIR] [--seed N] [--epochs N] [--hidden N] [--ensemble N] [--min-df N] [--held-out SHARE] [--json]

Trains the intent classifier in TypeScript and writes it as ONNX (model.onnx + model.json).
Without --csv: the project's data/nlu (both languages, 20% held out per intent and language) into
${DEFAULT_MODEL_DIR}. With --csv: a CSV with a header \`text,label\` (label \`oos\` = out of scope);
10% of each label is held out to calibrate the out-of-scope threshold and report accuracy.
--min-df N keeps only n-grams seen in at least N training texts: a higher N gives a smaller model
(default: 2 under 2,000 texts, 3 up to ~56k, then one more per 16k). Deterministic for a given seed.`;

function pct(x: number | undefined): string {
  return x === undefined ? '-' : `${(x * 100).toFixed(1)}%`;
}

/** Prints the held-out report: overall, per language, per intent (worst first) and the most confused pairs. */
export function printReport(io: CliIo, e: Evaluation): void {
  io.out(
    `held-out: n=${e.n} accuracy ${pct(e.accuracy)} in-scope ${pct(e.inScopeAccuracy)} out-of-scope recall ${pct(e.oosRecall)}`,
  );
  for (const [lang, v] of Object.entries(e.byLanguage))
    io.out(`  ${lang}: n=${v.n} accuracy ${pct(v.accuracy)}`);
  const perLabel = Object.entries(e.labels)
    .filter(([, m]) => m.support > 0)
    .sort(([a, x], [b, y]) => x.recall - y.recall || a.localeCompare(b));
  io.out('per intent (held-out recall, worst first):');
  const cells = perLabel.map(([label, m]) => `${label} ${pct(m.recall)}`);
  for (let i = 0; i < cells.length; i += 4)
    io.out(
      `  ${cells
        .slice(i, i + 4)
        .map((c) => c.padEnd(34))
        .join('')}`,
    );
  io.out('most confused (gold -> predicted):');
  for (const c of e.confusions.slice(0, 10)) io.out(`  ${c.gold} -> ${c.predicted}: ${c.count}`);
}

export function trainCommand(args: string[], io: CliIo): Promise<number> {
  return Promise.resolve(train(args, io));
}

function train(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: {
      csv: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_MODEL_OPTIONS.seed) },
      epochs: { type: 'string', default: String(DEFAULT_MODEL_OPTIONS.epochs) },
      hidden: { type: 'string', default: String(DEFAULT_MODEL_OPTIONS.hiddenSize) },
      ensemble: { type: 'string', default: String(DEFAULT_MODEL_OPTIONS.ensemble) },
      'min-df': { type: 'string' },
      'held-out': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(TRAIN_HELP);
    return 0;
  }
  const seed = Number(values.seed);
  const epochs = Number(values.epochs);
  const hiddenSize = Number(values.hidden);
  const ensemble = Number(values.ensemble);
  const minDf = values['min-df'] === undefined ? undefined : Number(values['min-df']);
  if (
    ![seed, epochs, hiddenSize, ensemble, minDf ?? 1].every(Number.isInteger) ||
    epochs < 1 ||
    (minDf !== undefined && minDf < 1) ||
    hiddenSize < 0 ||
    ensemble < 1 ||
    (ensemble > 1 && hiddenSize === 0)
  ) {
    io.err(
      '--seed, --epochs, --hidden, --ensemble and --min-df take whole numbers (epochs, ensemble, min-df >= 1; an ensemble needs --hidden > 0)',
    );
    return 2;
  }
  let examples: Example[];
  try {
    examples = values.csv ? parseCsv(readFileSync(values.csv, 'utf8')) : loadExamples();
  } catch (error) {
    io.err(`cannot read training data: ${(error as Error).message}`);
    return 1;
  }
  if (new Set(examples.map((e) => e.label)).size < 2) {
    io.err('training needs at least two labels');
    return 1;
  }
  const share = Number(values['held-out'] ?? (values.csv ? 0.1 : 0.2));
  const split = splitExamples(examples, share, seed);
  const heldOut = split.heldOut;
  // A small calibration set from the training side picks the out-of-scope threshold, so the
  // held-out figures measure a threshold they did not choose.
  const { train, heldOut: calibration } = splitExamples(split.train, 0.05, seed + 1);
  const out = values.out ?? (values.csv ? undefined : DEFAULT_MODEL_DIR);
  if (!out) {
    io.err('--out DIR is required with --csv');
    return 2;
  }
  io.err(
    `training on ${train.length} examples (${calibration.length} to calibrate, ${heldOut.length} held out), ${new Set(train.map((e) => e.label)).size} labels`,
  );
  const bar = new ProgressBar('train');
  const model = trainModel(
    train,
    heldOut,
    {
      ...DEFAULT_MODEL_OPTIONS,
      seed,
      epochs,
      hiddenSize,
      ensemble,
      ...(minDf === undefined ? {} : { minDf }),
      onProgress: (done, total, loss) => bar.update(done, total, `loss ${loss.toFixed(4)}`),
    },
    calibration,
  );
  const bytes = saveModel(model, out, {
    seed,
    epochs,
    hiddenSize,
    ensemble,
    weightBits: DEFAULT_MODEL_OPTIONS.weightBits,
    minDf: model.minDf,
    examples: train.length,
    calibration: calibration.length,
    heldOut: heldOut.length,
    source: values.csv ? 'csv' : 'data/nlu',
    heldOutAccuracy: model.heldOut?.accuracy,
  });
  if (values.json) {
    io.out(
      JSON.stringify({
        out,
        bytes,
        features: model.vectorizer.size,
        trainMs: Math.round(model.trainMs),
        oosThreshold: model.oosThreshold,
        heldOut: model.heldOut,
      }),
    );
    return 0;
  }
  io.out(
    `model written to ${out} (${(bytes / 1e6).toFixed(2)} MB ONNX, ${model.vectorizer.size} features, ${model.labels.length} labels, ${(model.trainMs / 1000).toFixed(1)} s)`,
  );
  io.out(`out-of-scope threshold ${model.oosThreshold}`);
  if (model.heldOut) printReport(io, model.heldOut);
  return 0;
}
