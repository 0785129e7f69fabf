import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Telephone audio for a wideband acoustic model. 8 kHz speech resampled to 16 kHz has nothing above
 * 4 kHz, so its mean cepstrum is far from the model's `-cmninit` (the mean of its wideband training
 * audio). Live cepstral mean normalisation only moves after an utterance, so a call's first turn
 * decodes as noise: "pay my credit card bill" → "what". Starting phone streams from a mean shifted
 * by the band-limiting's own effect fixes it (measured: 0 → 6 of 6 first turns right on phone-band
 * flite speech); later turns adapt as usual.
 */

/** The audio's bandwidth before it was resampled to 16 kHz: `narrow` is telephone audio (≤ 8 kHz). */
export type Band = 'wide' | 'narrow';

/** `narrow` for audio captured at 8 kHz or less (G.711 μ-law / A-law, 8 kHz PCM). */
export function bandOf(sampleRateHz: number): Band {
  return sampleRateHz <= 8000 ? 'narrow' : 'wide';
}

/**
 * How an 8 kHz μ-law line shifts the mean of the model's 13 cepstra, measured by
 * scripts/asr-cmninit.ts (sphinxbase's own front end with the model's feat.params; 40 NLU sentences
 * × the 4 flite voices, recorded vs through a phone line).
 */
export const NARROWBAND_CMN_SHIFT = [
  -6.55, 24.21, -31.8, 23.38, -9.18, -5.57, 15.28, -16.97, 10.57, 1.06, -10.17, 12.84, -11.33,
] as const;

/** feat.params with its `-cmninit` moved by {@link NARROWBAND_CMN_SHIFT}. */
export function narrowbandFeatParams(featParams: string): string {
  const match = /^-cmninit\s+(\S+)\s*$/m.exec(featParams);
  const init = match?.[1]?.split(',').map(Number);
  if (!match || !init || init.length !== NARROWBAND_CMN_SHIFT.length || init.some((v) => !Number.isFinite(v)))
    throw new Error('feat.params has no 13-value -cmninit to shift');
  const shifted = init.map((v, i) => (v + (NARROWBAND_CMN_SHIFT[i] ?? 0)).toFixed(2)).join(',');
  return featParams.replace(match[0], `-cmninit ${shifted}`);
}

/**
 * The acoustic model directory for telephone audio: the wideband model's files, linked, with a
 * feat.params from {@link narrowbandFeatParams}. Built once per model under `cacheDir` (atomically,
 * so concurrent processes agree) and reused.
 */
export function narrowbandModelDir(hmmDir: string, cacheDir = join(tmpdir(), 'teller-asr')): string {
  const featParams = readFileSync(join(hmmDir, 'feat.params'), 'utf8');
  const wanted = narrowbandFeatParams(featParams);
  const key = createHash('sha256').update(hmmDir).update(wanted).digest('hex').slice(0, 16);
  const dir = join(cacheDir, `narrowband-${key}`);
  if (existsSync(join(dir, 'feat.params'))) return dir;
  mkdirSync(cacheDir, { recursive: true });
  const staging = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(staging);
  for (const file of readdirSync(hmmDir)) {
    if (file === 'feat.params') continue;
    try {
      symlinkSync(join(hmmDir, file), join(staging, file));
    } catch {
      copyFileSync(join(hmmDir, file), join(staging, file));
    }
  }
  writeFileSync(join(staging, 'feat.params'), wanted);
  try {
    renameSync(staging, dir);
  } catch {
    // Another process built it first: theirs is the same.
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}
