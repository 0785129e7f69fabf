/**
 * Learns the telephone-band model transform, models/asr/narrowband.mllr: an MLLR transform
 * (pocketsphinx's `-mllr`) that moves every Gaussian of the wideband en-us model to where the same
 * sound lands when it comes through a phone line. Every decoder of an 8 kHz stream loads it.
 *
 *   npx tsx scripts/asr-narrowband-map.ts [--sentences 150] [--ridge 1] [--out models/asr/narrowband.mllr]
 *
 * The en-us model was trained on 16 kHz audio; 8 kHz μ-law speech resampled to 16 kHz has nothing
 * above 4 kHz, so the upper mel filters see only the floor and every cepstrum moves (c1, the
 * spectral tilt, comes to follow the frame's energy). The transform is fitted on parallel audio:
 * the same sentences (NLU examples and out-of-scope ones, none from the eval or benchmark sets),
 * said by the four flite voices, as recorded and through a phone line (scripts/asr-harness.ts
 * `phoneLine`: 8 kHz, G.711 μ-law, back to 16 kHz), aligned sample for sample. Both sides are
 * sphinxbase's own MFCCs (scripts/asr-frontend.ts) with per-utterance CMN and `1s_c_d_dd`
 * dynamics. For each of the model's three feature streams (cepstra, deltas, double deltas: its
 * `-svspec`), a ridge regression predicts the phone-line stream from the wideband one:
 * narrow ≈ W·wide + b. A Gaussian with mean μ then gets mean W·μ + b: what that sound looks like
 * on the line. Each voice is on both sides of every pair, so what is learnt is the channel, not the
 * voices. Variances are kept (h = 1). Every fifth sentence is held out and the fit reported on it.
 *
 * Why model space: sphinxbase's feature-space hook (`feature_transform`, an LDA matrix) refuses a
 * model with sub-vector streams (`-svspec`), which en-us has. Deterministic: the same data and
 * options write the same file.
 */
import v8 from 'node:v8';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Resampler } from '../src/audio/index.ts';
import { FliteSynthesizer } from '../src/tts/index.ts';
import { nluExamples, oosExamples, ROOT } from './asr-corpus.ts';
import { CEPSTRA, dynamicFeatures, FEATURE_DIMS, frontEnd, subtractMean } from './asr-frontend.ts';
import { padded, phoneLine, VOICES } from './asr-harness.ts';
import { solve } from './asr-logistic.ts';

v8.setFlagsFromString('--no-turbo-fast-api-calls');

const { values } = parseArgs({
  options: {
    sentences: { type: 'string', default: '150' },
    ridge: { type: 'string', default: '1' },
    out: { type: 'string', default: join(ROOT, 'models', 'asr', 'narrowband.mllr') },
  },
});
const count = Number(values.sentences);
const ridge = Number(values.ridge);
const D = FEATURE_DIMS;

// Every n-th NLU example and a fifth as many out-of-scope ones: varied words, the same for each voice.
const every = <T>(xs: readonly T[], n: number): T[] =>
  xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n);
const sentences = [
  ...every([...nluExamples('en').values()].flat(), Math.round(count * 0.8)),
  ...every(oosExamples('en'), Math.round(count * 0.2)),
];

// The phone line delays the signal by its two resamplers' filters: undo it, sample for sample.
const lineDelay =
  2 * new Resampler({ inputRateHz: 16000, outputRateHz: 8000 }).delayOutputSamples +
  new Resampler({ inputRateHz: 8000, outputRateHz: 16000 }).delayOutputSamples;
const aligned = (pcm: Int16Array): Int16Array => {
  const line = phoneLine(pcm);
  const out = new Int16Array(pcm.length);
  out.set(line.subarray(lineDelay, lineDelay + pcm.length));
  return out;
};

const mfcc = frontEnd({ dither: true });
const features = (pcm: Int16Array): Float32Array => dynamicFeatures(subtractMean(mfcc(padded(pcm))));

interface Pair {
  readonly voice: string;
  readonly held: boolean;
  readonly narrow: Float32Array;
  readonly wide: Float32Array;
}
const pairs: Pair[] = [];
const tts = new FliteSynthesizer();
for (const voice of VOICES) {
  for (const [i, text] of sentences.entries()) {
    const audio = await tts.synthesize(text, { lang: 'en', voice });
    const pcm =
      audio.sampleRateHz === 16000
        ? audio.pcm
        : new Resampler({ inputRateHz: audio.sampleRateHz, outputRateHz: 16000 }).process(audio.pcm);
    const wide = features(pcm);
    const narrow = features(aligned(pcm));
    const frames = Math.min(wide.length, narrow.length);
    pairs.push({
      voice,
      held: i % 5 === 4,
      narrow: narrow.subarray(0, frames),
      wide: wide.subarray(0, frames),
    });
  }
  process.stderr.write(`${voice} `);
}
process.stderr.write('\n');
await tts.close?.();

// Per stream s (cepstra, deltas, double deltas: the model's -svspec), the ridge regression
// narrow_s ≈ W_s · wide_s + b_s over the training frames.
const S = CEPSTRA;
const streams = [0, 1, 2].map((s) => {
  const n1 = S + 1; // the 13 wideband values and a constant 1 for the bias
  const xtx = new Float64Array(n1 * n1);
  const xty = new Float64Array(n1 * S);
  let frames = 0;
  const row = new Float64Array(n1);
  for (const pair of pairs) {
    if (pair.held) continue;
    const n = pair.wide.length / D;
    frames += n;
    for (let t = 0; t < n; t++) {
      const o = t * D + s * S;
      for (let k = 0; k < S; k++) row[k] = pair.wide[o + k] ?? 0;
      row[S] = 1;
      for (let j = 0; j < n1; j++) {
        const xj = row[j] ?? 0;
        for (let k = 0; k < n1; k++) xtx[j * n1 + k] = (xtx[j * n1 + k] ?? 0) + xj * (row[k] ?? 0);
        for (let k = 0; k < S; k++) xty[j * S + k] = (xty[j * S + k] ?? 0) + xj * (pair.narrow[o + k] ?? 0);
      }
    }
  }
  for (let j = 0; j < S; j++) xtx[j * n1 + j] = (xtx[j * n1 + j] ?? 0) + ridge * frames * 1e-3;
  // One output at a time: its weights on the 13 wideband values, then its bias.
  const matrix = Array.from({ length: n1 }, (_, j) => Array.from(xtx.subarray(j * n1, (j + 1) * n1)));
  const w = new Float64Array(S * S);
  const b = new Float64Array(S);
  for (let j = 0; j < S; j++) {
    const coef = solve(
      matrix,
      Array.from({ length: n1 }, (_, k) => xty[k * S + j] ?? 0),
    );
    for (let k = 0; k < S; k++) w[j * S + k] = coef[k] ?? 0;
    b[j] = coef[S] ?? 0;
  }
  return { w, b };
});

/** The stream-s prediction of a frame's phone-line features from its wideband ones. */
const predict = (s: number, wide: Float32Array, o: number, j: number): number => {
  const { w, b } = streams[s] as { w: Float64Array; b: Float64Array };
  let y = b[j] ?? 0;
  for (let k = 0; k < S; k++) y += (w[j * S + k] ?? 0) * (wide[o + s * S + k] ?? 0);
  return y;
};

// Held-out fit: mean squared distance of the phone-line features from the wideband ones as they
// are (what the unadapted model assumes) and from their mapped prediction (what MLLR makes it assume).
const blocks = ['cepstra', 'deltas', 'double deltas'];
console.log(`${sentences.length} sentences × ${VOICES.length} voices; ridge ${ridge}`);
console.log('held-out mean squared distance, phone-line features to: wideband as is → mapped');
for (const voice of [...VOICES, 'all']) {
  const before = [0, 0, 0];
  const after = [0, 0, 0];
  let frames = 0;
  for (const pair of pairs) {
    if (!pair.held || (voice !== 'all' && pair.voice !== voice)) continue;
    const n = pair.narrow.length / D;
    frames += n;
    for (let t = 0; t < n; t++) {
      const o = t * D;
      for (let j = 0; j < D; j++) {
        const s = Math.floor(j / S);
        const x = pair.narrow[o + j] ?? 0;
        const e = x - predict(s, pair.wide, o, j - s * S);
        before[s] = (before[s] ?? 0) + (x - (pair.wide[o + j] ?? 0)) ** 2;
        after[s] = (after[s] ?? 0) + e * e;
      }
    }
  }
  console.log(
    `  ${voice.padEnd(6)} ${blocks.map((name, b) => `${name} ${((before[b] ?? 0) / frames).toFixed(1)} → ${((after[b] ?? 0) / frames).toFixed(1)}`).join(', ')}`,
  );
}

/**
 * pocketsphinx's MLLR file (ps_mllr.c): classes, streams, then per stream its length, the matrix A
 * (row by row), the bias b and the variance scale h; a Gaussian's mean μ becomes A·μ + b and its
 * variance σ² becomes h·σ². One class. h = 1: means only, as SphinxTrain's mllr_solve writes.
 */
function mllrFile(): string {
  const lines = ['1', '3'];
  for (const { w, b } of streams) {
    lines.push(String(S));
    for (let j = 0; j < S; j++)
      lines.push(Array.from(w.subarray(j * S, (j + 1) * S), (v) => v.toFixed(6)).join(' '));
    lines.push(Array.from(b, (v) => v.toFixed(6)).join(' '));
    lines.push(Array.from({ length: S }, () => '1.0').join(' '));
  }
  return `${lines.join('\n')}\n`;
}
writeFileSync(values.out, mllrFile());
console.log(`wrote ${values.out}`);
