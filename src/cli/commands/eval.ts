import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { IntentModel } from '../../nlu/model.ts';
import { parseCsv } from '../../nlu/train/dataset.ts';
import { evaluatePredictions } from '../../nlu/train/evaluate.ts';
import type { CliIo } from '../io.ts';
import { printReport } from './train.ts';

export const EVAL_HELP = `teller eval --model DIR --csv FILE [--json]

Classifies every row of a \`text,label\` CSV with the ONNX model in DIR (onnxruntime-node) and prints
accuracy and per-label precision, recall and F1. The label \`oos\` means out of scope.`;

export async function evalCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: 'string' },
      csv: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(EVAL_HELP);
    return 0;
  }
  if (!values.model || !values.csv) {
    io.err(`--model and --csv are required\n\n${EVAL_HELP}`);
    return 2;
  }
  const examples = parseCsv(readFileSync(values.csv, 'utf8'));
  const model = await IntentModel.load(values.model);
  try {
    const predicted: string[] = [];
    for (const e of examples) predicted.push((await model.classify(e.text)).intent);
    const evaluation = evaluatePredictions(examples, predicted);
    if (values.json) {
      const labels = Object.fromEntries(
        Object.entries(evaluation.labels).map(([l, m]) => [
          l,
          { precision: m.precision, recall: m.recall, f1: m.f1 },
        ]),
      );
      io.out(
        JSON.stringify({
          accuracy: evaluation.accuracy,
          n: evaluation.n,
          inScopeAccuracy: evaluation.inScopeAccuracy,
          oosRecall: evaluation.oosRecall ?? null,
          labels,
        }),
      );
    } else {
      printReport(io, evaluation);
    }
    return 0;
  } finally {
    await model.close();
  }
}
