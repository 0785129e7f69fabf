import { OOV_LOG10 } from './arpa-model.ts';
import type { ArpaModel } from './arpa-model.ts';
import type { Hypothesis } from './pocketsphinx-decoder.ts';

/**
 * Confidence and rejection for PocketSphinx results. A decoder with a domain language model maps
 * any speech onto banking words ("how tall is the eiffel tower" → "how long is the i filed our"),
 * and a grammar maps it onto its answers, so the hypothesis alone cannot say it is wrong. Two
 * kinds of evidence can:
 *
 * - word posteriors from the decoder's lattice (forward-backward over the word graph, as
 *   `ps_seg_prob` / `ps_get_prob` compute them): a forced decode has competing paths;
 * - a second, less constrained pass over the same audio: the general English trigram that ships
 *   with pocketsphinx-en-us for open speech, the domain LM for a grammar turn. When the open pass
 *   explains the audio better (path score per frame), uses words outside the domain vocabulary or
 *   disagrees with the constrained pass, the constrained result is suspect;
 * - how banking-like the words are: the mean log-probability per word of each reading under the
 *   banking trigram (arpa-model.ts). What the general pass heard for "how tall is the eiffel
 *   tower" is improbable banking talk, and so is the domain pass's forced "how long is the i filed
 *   our".
 *
 * These features go through logistic regressions fitted on held-out synthetic speech
 * (scripts/asr-calibrate.ts writes confidence-model.ts), giving a calibrated P(in domain) and
 * P(correct).
 */

/** Words the decoder emits that are not speech (fillers, sentence marks, FSG null transitions). */
export function isFiller(word: string): boolean {
  return word.startsWith('<') || word.startsWith('[') || word.startsWith('+') || word === '(NULL)';
}

/** Drops fillers and alternate-pronunciation markers: "to(3) <sil> bob" → "to bob". */
export function cleanHypothesis(text: string): string {
  return text
    .split(/\s+/)
    .filter((w) => w && !isFiller(w))
    .map((w) => w.replace(/\(\d+\)$/, ''))
    .join(' ');
}

/** Word-level edit distance (substitutions, insertions, deletions). */
export function editDistance(reference: readonly string[], hypothesis: readonly string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const current = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const same = reference[i - 1] === hypothesis[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + same);
    }
    previous = current;
  }
  return previous[hypothesis.length] ?? 0;
}

/** The features one utterance is judged on. Names are stable: confidence-model.ts refers to them. */
export interface RejectionFeatures {
  /** Mean lattice posterior of the constrained pass's words. */
  readonly meanPosterior: number;
  /** Lowest word posterior. */
  readonly minPosterior: number;
  /** Posterior of the whole hypothesis. */
  readonly utterancePosterior: number;
  /** Words of the hypothesis, log(1 + n). */
  readonly logWords: number;
  /** Share of the open pass's words the constrained pass could not produce. 0 without a reference. */
  readonly foreignRate: number;
  /**
   * 1 − phone edit distance between the passes / open pass length, ≥ 0; 1 without a reference.
   * Phones, not words: a grammar's "two four" and an LM's "to for" are the same sounds.
   */
  readonly agreement: number;
  /**
   * (open − constrained) path score per 10 ms frame, in tens, clipped to ±4; 0 without a
   * reference. Measured (rms voice): in-domain requests −1.0 … −0.5, out-of-domain +0.1 … +1.1.
   */
  readonly scoreGain: number;
  /** Mean log10 P per word of the constrained reading under the banking LM (−7 … 0). */
  readonly lmScore: number;
  /** The same for the open reading. 0 without a reference. */
  readonly referenceLmScore: number;
}

/** Feature names in model order. */
export const FEATURE_NAMES = [
  'meanPosterior',
  'minPosterior',
  'utterancePosterior',
  'logWords',
  'foreignRate',
  'agreement',
  'scoreGain',
  'lmScore',
  'referenceLmScore',
] as const satisfies readonly (keyof RejectionFeatures)[];

/** An open pass to compare with, and the words the constrained pass can produce. */
export interface ReferencePass {
  readonly hypothesis: Hypothesis;
  readonly vocabulary: ReadonlySet<string>;
  /** A word's phones (CMU, space-separated); words it does not know are compared as words. */
  readonly phonesOf?: (word: string) => string | undefined;
}

/**
 * Words that give the same answer and that recognisers take for one another: compared as one
 * word, so two readings that agree on the answer agree. Measured: SVOX Pico's "yes" through a
 * phone line is "yeah" to the confirmation grammar and "yes" to the banking LM; as different
 * sounds (agreement 0.33) the turn scored confidence 0.08 and the read-back was asked again.
 */
const SAME_ANSWER: ReadonlyMap<string, string> = new Map([
  ['yeah', 'yes'],
  ['yep', 'yes'],
  ['yup', 'yes'],
  ['nope', 'no'],
  ['nah', 'no'],
]);

/** The word a reading is compared as: itself, or the answer it gives ({@link SAME_ANSWER}). */
export function comparedWord(word: string): string {
  return SAME_ANSWER.get(word) ?? word;
}

/**
 * Whole readings that give one answer: the global commands of grammars/en/global.jsgf and the
 * plain yes and no of a read-back, each class under the word it is compared as. Two readings that
 * are both whole phrases of one class agree, whatever their sounds. Measured (top-N 8, a Twilio
 * call in flite rms's voice, test/convos/phone-pin-cancel.convo.yaml): "cancel" at the PIN prompt
 * was "cancel that" to the grammar and "cancel" to the banking LM and the general pass; compared
 * by sounds (agreement 0.5) the turn scored confidence 0.22 and was rejected.
 */
const SAME_ANSWER_PHRASES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    cancel: [
      'cancel',
      'cancel that',
      'cancel it',
      'stop',
      'never mind',
      'forget it',
      'forget about it',
      'scratch that',
    ],
    repeat: ['repeat', 'repeat that', 'say that again', 'what did you say', 'pardon'],
    back: ['back', 'go back'],
    'start over': ['start over', 'start again'],
    agent: ['agent', 'an agent', 'representative', 'a representative', 'human', 'a human'],
    slower: ['slower', 'speak slower', 'slow down'],
    goodbye: ['goodbye', 'bye', "that's all"],
    thanks: ['thanks', 'thank you'],
    wait: ['wait', 'hold on', 'one moment', 'just a moment', 'give me a second'],
    yes: [
      'yes',
      'yeah',
      'yep',
      'yup',
      'sure',
      'correct',
      "that's right",
      "that's correct",
      'right',
      'ok',
      'okay',
    ],
    no: ['no', 'nope', 'nah', 'no thanks', 'not really', 'negative'],
  }).flatMap(([answer, phrases]) => phrases.map((phrase) => [phrase, answer] as const)),
);

/** Words around a command that do not change it ("um cancel that please"). */
const LEADING = new Set(['oh', 'um', 'uh', 'actually']);
const TRAILING = new Set(['please']);

/** The answer a whole reading gives ({@link SAME_ANSWER_PHRASES}), if it is one of those phrases. */
export function phraseAnswer(words: readonly string[]): string | undefined {
  let start = 0;
  let end = words.length;
  while (start < end && LEADING.has(words[start] ?? '')) start++;
  while (end > start && TRAILING.has(words[end - 1] ?? '')) end--;
  return start < end ? SAME_ANSWER_PHRASES.get(words.slice(start, end).join(' ')) : undefined;
}

function phoneSequence(words: readonly string[], phonesOf?: (word: string) => string | undefined): string[] {
  return words.map(comparedWord).flatMap((w) => (phonesOf?.(w) ?? w).split(' '));
}

function lmScoreOf(lm: ArpaModel | undefined, text: string): number {
  const words = cleanHypothesis(text).split(' ').filter(Boolean);
  if (!lm) return 0;
  return words.length === 0 ? OOV_LOG10 : Math.max(OOV_LOG10, lm.sentenceScore(words));
}

/**
 * Computes the features of a constrained hypothesis, optionally against an open reference pass.
 * @param lm - the banking LM, for the LM-score features (0 without it).
 */
export function rejectionFeatures(
  constrained: Hypothesis,
  reference?: ReferencePass,
  lm?: ArpaModel,
): RejectionFeatures {
  const words = constrained.segments.filter((s) => !isFiller(s.word));
  const posteriors = words.map((s) => s.posterior);
  const meanPosterior = posteriors.length > 0 ? posteriors.reduce((a, b) => a + b, 0) / posteriors.length : 0;
  const base = {
    meanPosterior,
    minPosterior: posteriors.length > 0 ? Math.min(...posteriors) : 0,
    utterancePosterior: constrained.posterior,
    logWords: Math.log1p(words.length),
    lmScore: lmScoreOf(lm, constrained.text),
  };
  if (!reference) return { ...base, foreignRate: 0, agreement: 1, scoreGain: 0, referenceLmScore: 0 };
  const open = cleanHypothesis(reference.hypothesis.text).split(' ').filter(Boolean);
  const mine = cleanHypothesis(constrained.text).split(' ').filter(Boolean);
  const foreign = open.filter((w) => !reference.vocabulary.has(w)).length;
  const frames = Math.max(1, constrained.frames);
  const gain = (reference.hypothesis.score - constrained.score) / frames / 10;
  return {
    ...base,
    foreignRate: open.length > 0 ? foreign / open.length : 0,
    agreement: sameAnswer(open, mine)
      ? 1
      : agreementOf(phoneSequence(open, reference.phonesOf), phoneSequence(mine, reference.phonesOf)),
    scoreGain: Math.max(-4, Math.min(4, gain)),
    referenceLmScore: lmScoreOf(lm, reference.hypothesis.text),
  };
}

function sameAnswer(a: readonly string[], b: readonly string[]): boolean {
  const answer = phraseAnswer(a);
  return answer !== undefined && answer === phraseAnswer(b);
}

function agreementOf(reference: readonly string[], hypothesis: readonly string[]): number {
  return Math.max(0, 1 - editDistance(reference, hypothesis) / Math.max(1, reference.length));
}

/** A logistic regression over {@link FEATURE_NAMES}. */
export interface LogisticModel {
  readonly bias: number;
  readonly weights: Readonly<Record<(typeof FEATURE_NAMES)[number], number>>;
}

/** P(label) under a logistic model. */
export function logisticProbability(model: LogisticModel, features: RejectionFeatures): number {
  let z = model.bias;
  for (const name of FEATURE_NAMES) z += model.weights[name] * features[name];
  return 1 / (1 + Math.exp(-z));
}
