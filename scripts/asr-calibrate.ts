/**
 * Fits the PocketSphinx confidence models (src/asr/confidence-model.ts) on held-out synthetic
 * speech:
 *
 *   npx tsx scripts/asr-calibrate.ts [--limit N] [--band mixed|narrow] [--settings grammar,…]
 *
 * `mixed` (default) writes src/asr/confidence-model.ts, the models of app (wideband) streams;
 * `narrow` puts every item through a phone line and writes src/asr/confidence-model-narrow.ts, the
 * models of phone streams (rerun it after changing models/asr/narrowband.mllr). `--settings` refits
 * only those settings (free, freeAlone, grammar) and keeps the others' models and figures from the
 * file as it is: a refit of the open-speech models has lost eSpeak NG speech before (a7e119c).
 *
 * 1. Holds every 10th NLU example out of a temporary domain LM, so open-speech features look like
 *    they will on requests the LM never saw.
 * 2. Speaks the calibration set (scripts/asr-calibration-set.ts) with the four flite voices in
 *    turn, half of it through a phone line (8 kHz μ-law, narrowband streams), and decodes it as
 *    Teller would: free turns with the domain LM and the general-English
 *    reference, grammar turns with their grammar and the domain LM.
 * 3. Fits P(in domain) and P(correct) per setting by logistic regression and writes them out,
 *    with 2-fold cross-validated AUC and calibration error for the record.
 * Takes a few minutes on 2 cores. Needs pocketsphinx + pocketsphinx-en-us installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { PronouncingDictionary } from '../src/asr/lexicon.ts';
import { TrigramBuilder } from '../src/asr/ngram-lm.ts';
import { modelPaths } from '../src/asr/pocketsphinx-native.ts';
import { POCKETSPHINX_DEFAULTS, PocketSphinxRecognizer } from '../src/asr/pocketsphinx.ts';
import type { ScoredResult } from '../src/asr/pocketsphinx-result.ts';
import { FEATURE_NAMES, rejectionFeatures } from '../src/asr/rejection.ts';
import type { LogisticModel, RejectionFeatures } from '../src/asr/rejection.ts';
import { FliteSynthesizer } from '../src/tts/index.ts';
import { calibrationSet, heldOutExamples } from './asr-calibration-set.ts';
import { domainCorpus, lmSentences, MIN_TRIGRAM_COUNT, ROOT } from './asr-corpus.ts';
import { decodeSpoken, mapConcurrent, openStream, VOICES, wordErrors } from './asr-harness.ts';
import { auc, calibrationError, fitLogistic, predict } from './asr-logistic.ts';
import type { Fitted } from './asr-logistic.ts';

const { values } = parseArgs({
  options: {
    limit: { type: 'string' },
    band: { type: 'string', default: 'mixed' },
    settings: { type: 'string', default: 'free,freeAlone,grammar' },
  },
});
if (values.band !== 'mixed' && values.band !== 'narrow') throw new Error('--band mixed|narrow');
const SETTINGS = ['free', 'freeAlone', 'grammar'] as const;
const refit = new Set(values.settings.split(',').map((name) => name.trim()));
for (const name of refit)
  if (!(SETTINGS as readonly string[]).includes(name))
    throw new Error(`--settings: ${name} is not one of ${SETTINGS.join(', ')}`);
/** `narrow`: every item through a phone line, for the models of phone streams (confidence-model-narrow.ts). */
const phoneOnly = values.band === 'narrow';

const heldOut = heldOutExamples(10);
const dir = mkdtempSync(join(tmpdir(), 'teller-asr-calibrate-'));
const lmPath = join(dir, 'calibration.lm');
const cmudict = PronouncingDictionary.fromFile(modelPaths().dictPath);
const builder = new TrigramBuilder();
// The shipped LM's recipe without the held-out examples. Never with the out-of-scope examples
// (scripts/asr-build-lm.ts `--oos`): every one of them is calibration speech here.
for (const s of lmSentences(domainCorpus(3, new Set(heldOut)), cmudict).sentences) builder.add(s.split(' '));
writeFileSync(lmPath, builder.build(MIN_TRIGRAM_COUNT).arpa);

let items = calibrationSet(heldOut);
if (values.limit) items = items.filter((_, i) => i % Math.ceil(items.length / Number(values.limit)) === 0);
// Only the turns of the settings refitted (open turns feed free and freeAlone; the rest, grammar).
const wantsFree = refit.has('free') || refit.has('freeAlone');
items = items.filter((item) => (item.grammar.kind === 'free' ? wantsFree : refit.has('grammar')));
const recognizer = new PocketSphinxRecognizer({
  lmPath,
  dictPath: POCKETSPHINX_DEFAULTS.dictPath,
  generalPoolSize: 2,
  // Audio goes in faster than real time: queued decode says nothing about a caller's node.
  busyWaitMs: Infinity,
});
await recognizer.warmUp();
const tts = new FliteSynthesizer();
// Half the items go through a phone line (8 kHz μ-law) on narrowband streams, four at a time so
// every voice is heard in both bands: one model set serves app and phone audio.
const streams = [0, 1].map(() => ({
  wide: openStream(recognizer, 'wide'),
  narrow: openStream(recognizer, 'narrow'),
}));
const bandOfItem = (index: number) =>
  !phoneOnly && Math.floor(index / VOICES.length) % 2 === 0 ? 'wide' : 'narrow';

interface Row {
  readonly scored: ScoredResult;
  readonly inDomain: boolean;
  readonly correct: boolean;
}
const started = performance.now();
const rows = await mapConcurrent(items, 2, async (item, worker): Promise<Row> => {
  const voice = VOICES[items.indexOf(item) % VOICES.length] ?? 'slt';
  const index = items.indexOf(item);
  const band = bandOfItem(index);
  const stream = streams[worker]?.[band];
  if (!stream) throw new Error('no stream');
  if (index % 100 === 0) console.error(`${index}/${items.length}`);
  const { scored } = await decodeSpoken(tts, stream, item.text, voice, item.grammar, band).catch(
    (error: unknown) => {
      throw new Error(`decoding "${item.text}" (${item.grammar.kind}, ${voice}, ${band}) failed`, {
        cause: error,
      });
    },
  );
  const primary = scored.passes.primary.text;
  const { errors, words } = wordErrors(item.text, primary);
  const exact = item.grammar.kind === 'free' ? errors / Math.max(1, words) <= 0.2 : errors === 0;
  return { scored, inDomain: item.inDomain, correct: item.inDomain && exact };
});
console.log(`decoded ${rows.length} utterances in ${((performance.now() - started) / 1000).toFixed(0)} s`);

type Setting = 'free' | 'freeAlone' | 'grammar';
const USED: Record<Setting, readonly (typeof FEATURE_NAMES)[number][]> = {
  free: FEATURE_NAMES,
  freeAlone: ['meanPosterior', 'minPosterior', 'utterancePosterior', 'logWords', 'lmScore'],
  // Grammar lattices give posteriors of 1 (no competing paths): only the comparison features count.
  grammar: ['logWords', 'foreignRate', 'agreement', 'scoreGain', 'lmScore', 'referenceLmScore'],
};
function examples(setting: Setting): { x: RejectionFeatures[]; inDomain: number[]; correct: number[] } {
  const x: RejectionFeatures[] = [];
  const inDomain: number[] = [];
  const correct: number[] = [];
  for (const { scored, inDomain: label, correct: ok } of rows) {
    const { passes } = scored;
    const isGrammar = passes.spec.kind !== 'free' && passes.domain !== undefined;
    if ((setting === 'grammar') !== isGrammar) continue;
    if (setting === 'free' && !passes.general) continue;
    const alone = rejectionFeatures(
      isGrammar && passes.domain ? passes.domain : passes.primary,
      undefined,
      passes.domainLm,
    );
    x.push(setting === 'freeAlone' ? alone : scored.features);
    inDomain.push(label ? 1 : 0);
    correct.push(ok ? 1 : 0);
  }
  return { x, inDomain, correct };
}

const modelFile = join(ROOT, 'src', 'asr', phoneOnly ? 'confidence-model-narrow.ts' : 'confidence-model.ts');
// What the file holds now, for the settings not refitted.
const current = phoneOnly
  ? await import('../src/asr/confidence-model-narrow.ts').then((m) => ({
      models: m.NARROWBAND_CONFIDENCE_MODELS,
      info: m.NARROWBAND_CALIBRATION_INFO,
    }))
  : await import('../src/asr/confidence-model.ts').then((m) => ({
      models: m.CONFIDENCE_MODELS,
      info: m.CALIBRATION_INFO,
    }));
const lines: string[] = [];
const models: Record<string, Record<string, Fitted>> = {};
for (const setting of SETTINGS) {
  if (!refit.has(setting)) {
    lines.push(...current.info.filter((line) => line.startsWith(`${setting}.`)));
    continue;
  }
  const data = examples(setting);
  const matrix = data.x.map((f) => USED[setting].map((name) => f[name]));
  models[setting] = {};
  for (const target of ['inDomain', 'correct'] as const) {
    const y = data[target];
    // 2-fold cross-validation for honest numbers, then a fit on everything.
    const held: number[] = [];
    for (const fold of [0, 1]) {
      const train = matrix.filter((_, i) => i % 2 !== fold);
      const model = fitLogistic(
        train,
        y.filter((_, i) => i % 2 !== fold),
      );
      matrix.forEach((row, i) => i % 2 === fold && (held[i] = predict(model, row)));
    }
    const fitted = fitLogistic(matrix, y);
    models[setting][target] = fitted;
    const accuracy = held.filter((p, i) => (p >= 0.5 ? 1 : 0) === y[i]).length / y.length;
    lines.push(
      `${setting}.${target}: n=${y.length} positives=${y.filter((v) => v === 1).length} ` +
        `cv AUC=${auc(held, y).toFixed(3)} accuracy=${accuracy.toFixed(3)} ECE=${calibrationError(held, y).toFixed(3)}`,
    );
  }
}
console.log(lines.join('\n'));

const weightsOf = (setting: Setting, model: Fitted): string =>
  FEATURE_NAMES.map((name) => {
    const at = USED[setting].indexOf(name);
    return `${name}: ${at < 0 ? 0 : Number((model.weights[at] ?? 0).toFixed(4))}`;
  }).join(', ');
const keptWeights = (model: LogisticModel): string =>
  FEATURE_NAMES.map((name) => `${name}: ${model.weights[name]}`).join(', ');
const entry = (setting: Setting): string => {
  if (!refit.has(setting)) {
    const kept = current.models[setting];
    return `  ${setting}: {
    inDomain: { bias: ${kept.inDomain.bias}, weights: { ${keptWeights(kept.inDomain)} } },
    correct: { bias: ${kept.correct.bias}, weights: { ${keptWeights(kept.correct)} } },
  },`;
  }
  const m = models[setting] as Record<'inDomain' | 'correct', Fitted>;
  return `  ${setting}: {
    inDomain: { bias: ${m.inDomain.bias.toFixed(4)}, weights: { ${weightsOf(setting, m.inDomain)} } },
    correct: { bias: ${m.correct.bias.toFixed(4)}, weights: { ${weightsOf(setting, m.correct)} } },
  },`;
};
const modelEntries = SETTINGS.map(entry).join('\n');
const keptSettings = SETTINGS.filter((setting) => !refit.has(setting));
const fittedOn =
  keptSettings.length === 0
    ? `fitted on ${rows.length} held-out synthetic utterances`
    : `${[...refit].join(' and ')} fitted on ${rows.length} held-out synthetic utterances\n * (${keptSettings.join(' and ')} kept from an earlier fit: the figures below)`;
// One template for both files; the phone-stream file borrows ConfidenceSetting from the other.
const file = phoneOnly
  ? {
      header: `// Generated by scripts/asr-calibrate.ts --band narrow — do not edit; rerun the script after changing
// the LM, the grammars, the features or models/asr/narrowband.mllr.
import type { ConfidenceSetting } from './confidence-model.ts';
import type { LogisticModel } from './rejection.ts';`,
      doc: `/**
 * P(in domain) and P(correct) per setting for phone streams (8 kHz, the telephone-band transform),
 * ${fittedOn}, all through a phone line.
 */`,
      models: 'NARROWBAND_CONFIDENCE_MODELS',
      info: 'NARROWBAND_CALIBRATION_INFO',
    }
  : {
      header: `// Generated by scripts/asr-calibrate.ts — do not edit; rerun the script after changing the LM,
// the grammars or the features.
import type { LogisticModel } from './rejection.ts';

/** Which passes produced the features. */
export type ConfidenceSetting = 'free' | 'freeAlone' | 'grammar';`,
      doc: `/**
 * P(in domain) and P(correct) per setting, ${fittedOn}.
 */`,
      models: 'CONFIDENCE_MODELS',
      info: 'CALIBRATION_INFO',
    };
const source = `${file.header}

${file.doc}
export const ${file.models}: Readonly<Record<ConfidenceSetting, { inDomain: LogisticModel; correct: LogisticModel }>> = {
${modelEntries}
};

/** 2-fold cross-validated quality of each model on the calibration set. */
export const ${file.info}: readonly string[] = ${JSON.stringify(lines, null, 2)};
`;
writeFileSync(modelFile, await format(source, { ...(await resolveConfig(modelFile)), filepath: modelFile }));
console.log(`wrote ${modelFile}`);
await Promise.all(streams.flatMap((s) => [s.wide.close(), s.narrow.close()]));
await recognizer.close();
await tts.close();
rmSync(dir, { recursive: true, force: true });
