/**
 * Measures how telephone band-limiting shifts the mean cepstrum PocketSphinx's front end computes,
 * which sets NARROWBAND_CMN_SHIFT in src/asr/narrowband.ts.
 *
 *   npx tsx scripts/asr-cmninit.ts [--sentences 40]
 *
 * Live cepstral mean normalisation starts each decoder from the model's `-cmninit` (the mean of
 * its wideband training audio) and only updates it after an utterance: 8 kHz telephone speech,
 * resampled to 16 kHz, has no energy above 4 kHz, its mean cepstrum is far from that start, and a
 * call's first turn decodes as noise ("pay my credit card bill" → "what"). The fix shifts the
 * start by the band-limiting's own effect: the mean of sphinxbase's MFCCs (the model's own
 * feat.params, through libsphinxbase's fe_process_utt) over the same sentences said by the four
 * flite voices, as recorded (16 kHz) and through a phone line (8 kHz μ-law, back to 16 kHz). The
 * difference is a property of the channel, not of the voices, which cancel out.
 *
 * The constant in narrowband.ts was measured before the front end was reset for each utterance
 * (scripts/asr-frontend.ts now calls fe_start_utt, which the feature map needs); this script now
 * prints a shift about 12% smaller in every cepstrum. The constant was kept: it is the one the
 * phone convo scripts and scripts/asr-eval.ts --band narrow were measured with.
 */
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import { decodeMulaw, encodeMulaw, Resampler } from '../src/audio/index.ts';
import { FliteSynthesizer } from '../src/tts/index.ts';
import { nluExamples } from './asr-corpus.ts';
import { CEPSTRA, FEAT_PARAMS, frontEnd } from './asr-frontend.ts';
import { VOICES } from './asr-harness.ts';

v8.setFlagsFromString('--no-turbo-fast-api-calls');

const { values } = parseArgs({ options: { sentences: { type: 'string', default: '40' } } });
const perVoice = Number(values.sentences);
const mfcc = frontEnd({ dither: true });

/** Sum of cepstra and frame count of one utterance, with 300 ms of line silence around it. */
function cepstra(pcm: Int16Array, sum: Float64Array): number {
  const padded = new Int16Array(pcm.length + 9600);
  padded.set(pcm, 4800);
  const values = mfcc(padded);
  const n = values.length / CEPSTRA;
  for (let f = 0; f < n; f++)
    for (let c = 0; c < CEPSTRA; c++) sum[c] = (sum[c] ?? 0) + (values[f * CEPSTRA + c] ?? 0);
  return n;
}

const toPhone = (pcm: Int16Array, rate: number): Int16Array => {
  const narrow = new Resampler({ inputRateHz: rate, outputRateHz: 8000 }).process(pcm);
  const line = decodeMulaw(encodeMulaw(narrow));
  return new Resampler({ inputRateHz: 8000, outputRateHz: 16000 }).process(line);
};

// Every n-th example of the NLU data: varied requests, the same sentences for every voice.
const all = [...nluExamples('en').values()].flat();
const step = Math.max(1, Math.floor(all.length / perVoice));
const sentences = all.filter((_, i) => i % step === 0).slice(0, perVoice);
const tts = new FliteSynthesizer();
const wide = new Float64Array(CEPSTRA);
const narrow = new Float64Array(CEPSTRA);
let wideFrames = 0;
let narrowFrames = 0;
for (const voice of VOICES) {
  for (const text of sentences) {
    const audio = await tts.synthesize(text, { lang: 'en', voice });
    const pcm =
      audio.sampleRateHz === 16000
        ? audio.pcm
        : new Resampler({ inputRateHz: audio.sampleRateHz, outputRateHz: 16000 }).process(audio.pcm);
    wideFrames += cepstra(pcm, wide);
    narrowFrames += cepstra(toPhone(pcm, 16000), narrow);
  }
  process.stderr.write(`${voice} `);
}
process.stderr.write('\n');
const shift = Array.from(wide, (w, c) => (narrow[c] ?? 0) / narrowFrames - w / wideFrames);
const modelInit = (/^-cmninit\s+(\S+)/m.exec(FEAT_PARAMS)?.[1] ?? '').split(',').map(Number);
console.log(
  `${sentences.length} sentences x ${VOICES.length} voices, ${wideFrames} / ${narrowFrames} frames`,
);
console.log(`NARROWBAND_CMN_SHIFT = [${shift.map((s) => s.toFixed(2)).join(', ')}]`);
console.log(`model -cmninit        ${modelInit.map((v) => v.toFixed(2)).join(',')}`);
console.log(`narrowband -cmninit   ${modelInit.map((v, c) => (v + (shift[c] ?? 0)).toFixed(2)).join(',')}`);
