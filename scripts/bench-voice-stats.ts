/**
 * Figures for `npm run bench:voice`: word errors, percentiles, and the provenance of the models
 * measured (the ASR and NLU files change while people tune them, so a run says which it saw).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cleanHypothesis, editDistance } from '../src/asr/rejection.ts';
import { writtenTokens } from '../src/asr/spoken-text.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Word errors against reference words, summed over utterances. */
export interface Tally {
  errors: number;
  words: number;
}

export const tally = (): Tally => ({ errors: 0, words: 0 });

/** Adds the word errors of `hypothesis` (fillers dropped) against `reference` (written text). */
export function addWordErrors(t: Tally, reference: string, hypothesis: string | undefined): void {
  const ref = writtenTokens(reference);
  const hyp = cleanHypothesis(hypothesis ?? '')
    .split(' ')
    .filter(Boolean);
  t.errors += editDistance(ref, hyp);
  t.words += ref.length;
}

/** Median and p95 (nearest rank) of a sample, ms. */
export interface Summary {
  readonly n: number;
  readonly medianMs: number;
  readonly p95Ms: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

export function summarise(values: readonly (number | undefined)[]): Summary {
  const sorted = values
    .filter((v): v is number => v !== undefined && Number.isFinite(v))
    .sort((a, b) => a - b);
  return { n: sorted.length, medianMs: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95) };
}

const sha = (path: string): string => {
  try {
    return createHash('sha256')
      .update(readFileSync(`${ROOT}${path}`))
      .digest('hex')
      .slice(0, 10);
  } catch {
    return 'missing';
  }
};

const git = (...args: string[]): string => {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

/** Which ASR and NLU configuration this run measured: commit, uncommitted files, model hashes. */
export function provenance(): Record<string, string> {
  const dirty = (paths: string[]) =>
    git('status', '--porcelain', '--', ...paths)
      .split('\n')
      .filter(Boolean).length;
  return {
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    asrUncommittedFiles: String(dirty(['src/asr', 'models/asr', 'grammars'])),
    nluUncommittedFiles: String(dirty(['src/nlu', 'models/nlu', 'data/nlu'])),
    'models/asr/en-banking.lm': sha('models/asr/en-banking.lm'),
    'src/asr/confidence-model.ts': sha('src/asr/confidence-model.ts'),
    'models/nlu/model.onnx': sha('models/nlu/model.onnx'),
  };
}
