/**
 * `npm run bench:nlu`: Teller's intent classifier against NLP.js and natural's BayesClassifier, in
 * one run, on the same splits. Prints accuracy, out-of-scope recall and per-utterance latency, and
 * Teller's figures as ratios to each peer. Protocol and numbers: docs/benchmarks.md ("NLU").
 *
 *   --only clinc|project   one dataset
 *   --skip-peers           Teller only (quick)
 *   --clinc FILE           CLINC150 data_full.json (default ../shared/bench/clinc150/data_full.json)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { IntentModel } from '../src/nlu/index.ts';
import { loadExamples, OOS, splitExamples, type Example } from '../src/nlu/train/dataset.ts';
import { DEFAULT_MODEL_OPTIONS, saveModel, trainModel } from '../src/nlu/train/train.ts';
import { evaluatePredictions, type Evaluation } from '../src/nlu/train/evaluate.ts';
import {
  measureTogether,
  summarise,
  type Contender,
  type Latency,
  type Measurement,
} from './bench-nlu-measure.ts';
import { trainNaturalBayes, trainNlpjs } from './bench-nlu-peers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_CLINC = join(ROOT, '..', 'shared', 'bench', 'clinc150', 'data_full.json');
const TELLER = 'Teller';
const CLINC = 'CLINC150';

/** What the issue asks of the classifier; printed beside the measured figures, never asserted. */
const TARGETS = {
  clincInScope: 0.94,
  clincOosRecall: 0.55,
  projectPerLanguage: 0.97,
  medianMs: 0.2,
  loadMs: 300,
} as const;

interface Row {
  readonly dataset: string;
  readonly system: string;
  readonly evaluation: Evaluation;
  readonly latency: Latency;
  readonly trainMs: number;
  /** Languages this system was not run on, with the reason. */
  readonly skipped?: string;
  /** Teller on the same examples as this peer, when the peer was not asked about all of them. */
  readonly tellerOnSubset?: Evaluation;
}

/** A trained system, ready to be measured. */
interface Entrant extends Contender {
  readonly system: string;
  readonly trainMs: number;
  readonly skipped?: string;
}

interface TellerRun {
  readonly dataset: string;
  readonly loadMs: { first: number; repeatMedian: number };
  readonly threshold: number;
  /** The training-time (TypeScript forward pass) evaluation on the calibration set. */
  readonly trainingEvaluation: Evaluation | undefined;
  readonly calibratedOnTest: boolean;
  readonly measurement: Measurement;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** `count` examples spread evenly over `examples`: a deterministic, mixed warm-up set. */
function spread(examples: readonly Example[], count: number): Example[] {
  const step = Math.max(1, Math.floor(examples.length / count));
  return examples.filter((_, i) => i % step === 0).slice(0, count);
}

function loadClinc(path: string): Record<'train' | 'val' | 'test', Example[]> {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, [string, string][]>;
  const split = (...names: string[]) =>
    names.flatMap((n) => {
      const rows = raw[n];
      if (!rows) throw new Error(`${path} has no "${n}" split: expected CLINC150 data_full.json`);
      return rows.map(([text, label]): Example => ({ text, label, lang: 'en' }));
    });
  return {
    train: split('train', 'oos_train'),
    val: split('val', 'oos_val'),
    test: split('test', 'oos_test'),
  };
}

/**
 * Teller as deployed: train in TypeScript (threshold calibrated on `calibration`), save the ONNX
 * model, load it with IntentModel (timed), then classify through onnxruntime-node.
 */
async function prepareTeller(dataset: string, train: readonly Example[], calibration: readonly Example[]) {
  log(`${dataset}: training Teller on ${train.length} examples`);
  const model = trainModel(train, calibration, DEFAULT_MODEL_OPTIONS);
  const dir = mkdtempSync(join(tmpdir(), 'teller-bench-nlu-'));
  try {
    saveModel(model, dir, { source: `bench:${dataset}`, examples: train.length });
    let started = performance.now();
    const intentModel = await IntentModel.load(dir);
    const first = performance.now() - started;
    const repeats: number[] = [];
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      const again = await IntentModel.load(dir);
      repeats.push(performance.now() - started);
      await again.close();
    }
    const entrant: Entrant = {
      system: TELLER,
      trainMs: model.trainMs,
      classifier: { classify: async (text) => (await intentModel.classify(text)).intent },
    };
    return {
      entrant,
      model: intentModel,
      loadMs: { first, repeatMedian: summarise(repeats).medianMs },
      threshold: model.oosThreshold,
      trainingEvaluation: model.heldOut,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function preparePeers(dataset: string, train: readonly Example[]): Promise<Entrant[]> {
  const entrants: Entrant[] = [];
  const locales = [...new Set(train.map((e) => e.lang))];
  for (const mode of ['none-threshold', 'oos-intent'] as const) {
    const system = mode === 'none-threshold' ? 'NLP.js (None, threshold 0.5)' : 'NLP.js (oos as intent)';
    log(`${dataset}: training ${system}`);
    const peer = await trainNlpjs(train, mode, locales);
    entrants.push({ system, trainMs: peer.trainMs, classifier: peer });
  }
  log(`${dataset}: training natural BayesClassifier`);
  const english = (e: Example) => e.lang === 'en';
  const bayes = trainNaturalBayes(train.filter(english));
  entrants.push({
    system: 'natural Bayes (oos as class)',
    trainMs: bayes.trainMs,
    classifier: bayes,
    accepts: english,
    ...(locales.includes('zh')
      ? { skipped: 'zh: natural has no Mandarin tokenizer (its tokenizer drops Han characters)' }
      : {}),
  });
  return entrants;
}

/** Trains every system on `train`, then measures them together on `test`. */
async function runDataset(
  dataset: string,
  split: { train: Example[]; calibration: Example[]; test: Example[]; warmup: Example[] },
  withPeers: boolean,
): Promise<{ rows: Row[]; teller: TellerRun }> {
  const teller = await prepareTeller(dataset, split.train, split.calibration);
  const entrants = [teller.entrant, ...(withPeers ? await preparePeers(dataset, split.train) : [])];
  log(
    `${dataset}: classifying ${split.test.length} utterances with ${entrants.length} system(s), taking turns`,
  );
  const measurements = await measureTogether(entrants, split.test, split.warmup);
  await teller.model.close();
  const tellerMeasurement = measurements[0] as Measurement;
  const tellerOn = (accepts: (e: Example) => boolean) => {
    const idx = tellerMeasurement.examples.flatMap((x, i) => (accepts(x) ? [i] : []));
    return evaluatePredictions(
      idx.map((i) => tellerMeasurement.examples[i] as Example),
      idx.map((i) => tellerMeasurement.predictions[i] ?? OOS),
    );
  };
  const rows = entrants.map((e, i): Row => {
    const m = measurements[i] as Measurement;
    return {
      dataset,
      system: e.system,
      evaluation: m.evaluation,
      latency: m.latency,
      trainMs: e.trainMs,
      ...(e.skipped ? { skipped: e.skipped } : {}),
      ...(e.accepts && m.examples.length < tellerMeasurement.examples.length
        ? { tellerOnSubset: tellerOn(e.accepts) }
        : {}),
    };
  });
  return {
    rows,
    teller: {
      dataset,
      loadMs: teller.loadMs,
      threshold: teller.threshold,
      trainingEvaluation: teller.trainingEvaluation,
      calibratedOnTest: split.calibration === split.test,
      measurement: tellerMeasurement,
    },
  };
}

const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const ms = (x: number) => (x < 1 ? x.toFixed(3) : x.toFixed(2));
const points = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? 'n/a' : `${a >= b ? '+' : ''}${((a - b) * 100).toFixed(1)} pts`;

function printTable(rows: readonly Row[]): void {
  const header = [
    'dataset',
    'system',
    'in-scope acc',
    'OOS recall',
    'overall acc',
    'en acc',
    'zh acc',
    'median ms',
    'p99 ms',
    'train s',
  ];
  const body = rows.map((r) => {
    const e = r.evaluation;
    const lang = (l: string) =>
      e.byLanguage[l] ? pct(e.byLanguage[l].accuracy) : r.skipped?.startsWith(l) ? 'n/a' : '-';
    const perLanguage = Object.keys(e.byLanguage).length > 1 || r.skipped;
    return [
      r.dataset,
      r.system,
      pct(e.inScopeAccuracy),
      pct(e.oosRecall),
      pct(e.accuracy),
      perLanguage ? lang('en') : '-',
      perLanguage ? lang('zh') : '-',
      ms(r.latency.medianMs),
      ms(r.latency.p99Ms),
      (r.trainMs / 1000).toFixed(1),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
  for (const r of rows.filter((x) => x.skipped)) console.log(`  ${r.dataset} / ${r.system}: ${r.skipped}`);
}

function printRatios(rows: readonly Row[]): void {
  for (const teller of rows.filter((r) => r.system === TELLER)) {
    for (const peer of rows.filter((r) => r.dataset === teller.dataset && r.system !== TELLER)) {
      // A peer asked about part of the data (natural: English only) is compared with Teller on that part.
      const t = peer.tellerOnSubset ?? teller.evaluation;
      const p = peer.evaluation;
      const speed = peer.latency.medianMs / teller.latency.medianMs;
      console.log(
        `  ${teller.dataset}: Teller vs ${peer.system}${peer.tellerOnSubset ? ' (same subset)' : ''}: ` +
          `in-scope ${points(t.inScopeAccuracy, p.inScopeAccuracy)}, ` +
          `OOS recall ${points(t.oosRecall, p.oosRecall)}, overall ${points(t.accuracy, p.accuracy)}; ` +
          `median latency ${(teller.latency.medianMs / peer.latency.medianMs).toFixed(2)}× the peer's ` +
          `(${speed >= 1 ? `${speed.toFixed(1)}× faster` : `${(1 / speed).toFixed(1)}× slower`}), ` +
          `p99 ${(teller.latency.p99Ms / peer.latency.p99Ms).toFixed(2)}×`,
      );
    }
  }
}

function printTargets(runs: readonly TellerRun[]): void {
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const target = (what: string, value: string, goal: string, ok: boolean) =>
    console.log(`  ${what} ${value} (target ${goal}: ${mark(ok)})`);
  console.log('\nTeller against the targets (reported, not asserted):');
  for (const run of runs) {
    const e = run.measurement.evaluation;
    if (run.dataset === CLINC) {
      target(
        'CLINC150 in-scope accuracy',
        pct(e.inScopeAccuracy),
        `≥ ${pct(TARGETS.clincInScope)}`,
        e.inScopeAccuracy >= TARGETS.clincInScope,
      );
      const recall = e.oosRecall ?? 0;
      target(
        'CLINC150 OOS recall',
        pct(recall),
        `≥ ${pct(TARGETS.clincOosRecall)}`,
        recall >= TARGETS.clincOosRecall,
      );
    } else {
      for (const [lang, v] of Object.entries(e.byLanguage)) {
        const goal = `≥ ${pct(TARGETS.projectPerLanguage)}`;
        target(
          `${run.dataset} held-out ${lang} accuracy`,
          pct(v.accuracy),
          goal,
          v.accuracy >= TARGETS.projectPerLanguage,
        );
      }
    }
    const l = run.measurement.latency;
    target(
      `${run.dataset} median latency`,
      `${ms(l.medianMs)} ms`,
      `≤ ${TARGETS.medianMs} ms`,
      l.medianMs <= TARGETS.medianMs,
    );
    const load = run.loadMs.first;
    target(
      `${run.dataset} model load`,
      `${load.toFixed(0)} ms`,
      `≤ ${TARGETS.loadMs} ms`,
      load <= TARGETS.loadMs,
    );
  }
}

function worstIntents(e: Evaluation, n: number): string {
  return Object.entries(e.labels)
    .filter(([label, m]) => label !== OOS && m.support > 0)
    .sort(([a, x], [b, y]) => x.recall - y.recall || a.localeCompare(b))
    .slice(0, n)
    .map(([l, m]) => `${l} ${pct(m.recall)}`)
    .join(', ');
}

/** Where Teller goes wrong: worst intents, confusions, and where out-of-scope requests land. */
function printWeaknesses(run: TellerRun): void {
  const { examples, predictions, evaluation } = run.measurement;
  console.log(`\n${run.dataset}: Teller's weak spots (out-of-scope threshold ${run.threshold})`);
  const langs = Object.keys(evaluation.byLanguage);
  if (langs.length > 1) {
    for (const lang of langs) {
      const idx = examples.flatMap((x, i) => (x.lang === lang ? [i] : []));
      const sub = evaluatePredictions(
        idx.map((i) => examples[i] as Example),
        idx.map((i) => predictions[i] ?? OOS),
      );
      console.log(`  worst intents, ${lang} (recall): ${worstIntents(sub, 10)}`);
    }
  } else {
    console.log(`  worst intents (recall): ${worstIntents(evaluation, 10)}`);
  }
  const confusions = new Map<string, number>();
  const accepted = new Map<string, number>();
  let inScope = 0;
  let rejected = 0;
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  examples.forEach((x, i) => {
    const p = predictions[i] ?? OOS;
    if (x.label === OOS) {
      if (p !== OOS) count(accepted, p);
      return;
    }
    inScope++;
    if (p === OOS) rejected++;
    else if (p !== x.label) count(confusions, `${x.label}→${p}`);
  });
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 8)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  console.log(`  in-scope answered oos: ${rejected} of ${inScope} (${pct(rejected / Math.max(1, inScope))})`);
  console.log(`  in-scope answered another intent: ${total(confusions)}; most often ${top(confusions)}`);
  console.log(`  out-of-scope accepted as an intent: ${total(accepted)}; most often as ${top(accepted)}`);
  if (run.calibratedOnTest && run.trainingEvaluation) {
    // Same examples, same threshold: the ONNX path must answer as the training-time forward pass did.
    const onnx = evaluation.accuracy;
    const ts = run.trainingEvaluation.accuracy;
    const verdict = Math.abs(onnx - ts) < 1e-3 ? 'agree' : 'DISAGREE (check the ONNX export)';
    console.log(`  ONNX answers and training-time evaluation ${verdict}: ${pct(onnx)} vs ${pct(ts)}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'skip-peers': { type: 'boolean', default: false },
      clinc: { type: 'string', default: DEFAULT_CLINC },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('npm run bench:nlu -- [--only clinc|project] [--skip-peers] [--clinc data_full.json]');
    return;
  }
  if (values.only !== undefined && values.only !== 'clinc' && values.only !== 'project') {
    console.error(`--only ${values.only}: use --only clinc or --only project`);
    process.exitCode = 2;
    return;
  }
  if (values.only !== 'project' && !existsSync(values.clinc)) {
    console.error(`CLINC150 not found at ${values.clinc}: pass --clinc FILE, or --only project`);
    process.exitCode = 1;
    return;
  }
  const started = performance.now();
  const withPeers = !values['skip-peers'];
  const rows: Row[] = [];
  const runs: TellerRun[] = [];

  if (values.only !== 'project') {
    // The paper's protocol: train on train + oos_train; the threshold is chosen on val + oos_val
    // (CLINC's validation split, never its test split); report on test + oos_test.
    const data = loadClinc(values.clinc);
    const split = {
      train: data.train,
      calibration: data.val,
      test: data.test,
      warmup: spread(data.val, 200),
    };
    const result = await runDataset(CLINC, split, withPeers);
    rows.push(...result.rows);
    runs.push(result.teller);
  }
  if (values.only !== 'clinc') {
    // Exactly `teller train`: the project's data, 20% held out per intent and language, seed 1;
    // the threshold is calibrated on that same held-out set, as `teller train` does.
    const { train, heldOut } = splitExamples(loadExamples(), 0.2, DEFAULT_MODEL_OPTIONS.seed);
    const split = { train, calibration: heldOut, test: heldOut, warmup: spread(train, 200) };
    const result = await runDataset('project', split, withPeers);
    rows.push(...result.rows);
    runs.push(result.teller);
  }

  const cpu = cpus();
  console.log(
    `\nNLU benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
      `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}; one thread; latency per utterance, featurisation included\n`,
  );
  printTable(rows);
  if (withPeers) {
    console.log('\nTeller against each peer (points: Teller minus peer; latency: Teller / peer):');
    printRatios(rows);
  }
  console.log('');
  for (const run of runs) {
    const { first, repeatMedian } = run.loadMs;
    console.log(
      `${run.dataset}: Teller model load ${first.toFixed(0)} ms (first), ${repeatMedian.toFixed(0)} ms (median of 5 repeats)`,
    );
  }
  printTargets(runs);
  for (const run of runs) printWeaknesses(run);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
