/**
 * PocketSphinx's own acoustic front end for scripts that study features: sphinxbase's MFCCs
 * (libsphinxbase's `fe_process_utt`, configured from the model's feat.params) and the
 * `1s_c_d_dd` dynamic features the en-us model reads. Shared by scripts/asr-cmninit.ts and
 * scripts/asr-narrowband-map.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';
import { DEBIAN_MODEL_DIR } from '../src/asr/pocketsphinx-native.ts';

/** Cepstra per frame (`-ncep` default). */
export const CEPSTRA = 13;
/** `1s_c_d_dd`: cepstra, their deltas and double deltas. */
export const FEATURE_DIMS = 3 * CEPSTRA;

/** The model's feat.params text. */
export const FEAT_PARAMS = readFileSync(join(DEBIAN_MODEL_DIR, 'en-us', 'feat.params'), 'utf8');

/** MFCCs of 16 kHz audio: `frames × CEPSTRA` values, row by row. */
export type Mfcc = (pcm: Int16Array) => Float32Array;

/**
 * The front end exactly as the model's feat.params sets it (its feature options; the rest are
 * sphinxbase's defaults, as in a decoder). `dither` adds ±1 LSB noise (seeded), as
 * scripts/asr-cmninit.ts measured with; decoders run without it. Every frame is kept
 * (`-remove_silence no`, as in a decoder), so two recordings' features line up frame by frame.
 */
export function frontEnd(options: { dither?: boolean } = {}): Mfcc {
  const sb = koffi.load('libsphinxbase.so.3');
  const ps = koffi.load('libpocketsphinx.so.3');
  const p = 'void *';
  const psArgs = ps.func('ps_args', p, []);
  const parse = sb.func('cmd_ln_parse_r', p, [p, p, 'int32_t', 'const char **', 'int32_t']);
  const feInit = sb.func('fe_init_auto_r', p, [p]);
  const feProcessUtt = sb.func('fe_process_utt', 'int', [
    p,
    'const int16_t *',
    'size_t',
    koffi.out(koffi.pointer(p)),
    koffi.out(koffi.pointer('int32_t')),
  ]);
  const ckdFree2d = sb.func('ckd_free_2d', 'void', [p]);
  const feStartUtt = sb.func('fe_start_utt', 'int', [p]);
  const FE_OPTIONS = new Set(['-lowerf', '-upperf', '-nfilt', '-transform', '-lifter']);
  const feArgs = FEAT_PARAMS.split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([k, v]) => k && v && FE_OPTIONS.has(k))
    .flat();
  const args = [
    ...feArgs,
    '-samprate',
    '16000',
    '-remove_silence',
    'no',
    ...(options.dither ? ['-dither', 'yes', '-seed', '1'] : []),
  ];
  const fe = feInit(parse(null, psArgs(), args.length, [...args, null], 1)) as bigint;
  return (pcm) => {
    const block = [0n];
    const frames = [0];
    // Each utterance from a clean state: fe_process_utt alone carries the last call's leftover samples.
    feStartUtt(fe);
    feProcessUtt(fe, pcm, pcm.length, block, frames);
    const n = frames[0] ?? 0;
    if (n === 0) return new Float32Array(0);
    const rows = koffi.decode(block[0], p) as bigint;
    const values = Float32Array.from(koffi.decode(rows, 'float', n * CEPSTRA) as number[]);
    ckdFree2d(block[0]);
    return values;
  };
}

/**
 * `1s_c_d_dd` features of one utterance's cepstra, as sphinxbase's feat.c computes them after CMN:
 * c[t], d[t] = c[t+2] − c[t−2], dd[t] = (c[t+3] − c[t−1]) − (c[t+1] − c[t−3]), the edges padded by
 * repeating the first and last frame. Returns `frames × FEATURE_DIMS` values.
 */
export function dynamicFeatures(cep: Float32Array): Float32Array {
  const n = cep.length / CEPSTRA;
  const out = new Float32Array(n * FEATURE_DIMS);
  const at = (t: number, c: number): number => cep[Math.min(n - 1, Math.max(0, t)) * CEPSTRA + c] ?? 0;
  for (let t = 0; t < n; t++) {
    for (let c = 0; c < CEPSTRA; c++) {
      const o = t * FEATURE_DIMS;
      out[o + c] = at(t, c);
      out[o + CEPSTRA + c] = at(t + 2, c) - at(t - 2, c);
      out[o + 2 * CEPSTRA + c] = at(t + 3, c) - at(t - 1, c) - (at(t + 1, c) - at(t - 3, c));
    }
  }
  return out;
}

/** Subtracts each cepstrum's mean over the utterance (batch CMN), in place. */
export function subtractMean(cep: Float32Array): Float32Array {
  const n = cep.length / CEPSTRA;
  for (let c = 0; c < CEPSTRA; c++) {
    let sum = 0;
    for (let t = 0; t < n; t++) sum += cep[t * CEPSTRA + c] ?? 0;
    const mean = sum / n;
    for (let t = 0; t < n; t++) cep[t * CEPSTRA + c] = (cep[t * CEPSTRA + c] ?? 0) - mean;
  }
  return cep;
}
