import type { ArpaModel } from './arpa-model.ts';
import { CONFIDENCE_MODELS } from './confidence-model.ts';
import type { ConfidenceSetting } from './confidence-model.ts';
import { NARROWBAND_CONFIDENCE_MODELS } from './confidence-model-narrow.ts';
import type { Band } from './narrowband.ts';
import type { GrammarSpec } from './grammar.ts';
import { FRAME_MS } from './pocketsphinx-decoder.ts';
import type { Hypothesis } from './pocketsphinx-decoder.ts';
import type { RecognitionAlternative, RecognitionResult, RecognizedWord } from './recognizer.ts';
import {
  cleanHypothesis,
  comparedWord,
  isFiller,
  logisticProbability,
  rejectionFeatures,
} from './rejection.ts';
import type { ReferencePass, RejectionFeatures } from './rejection.ts';

/**
 * Turns the passes of one utterance into a {@link RecognitionResult}: picks the text, scores it
 * with the calibrated models (confidence-model.ts) and decides in- or out-of-domain.
 */

/** What the passes of one utterance produced. */
export interface UtterancePasses {
  readonly spec: GrammarSpec;
  /** The pass that used the state's grammar, or the domain LM for `free`. */
  readonly primary: Hypothesis;
  /** Grammar turns: the domain LM over the same audio. */
  readonly domain?: Hypothesis;
  /** Free turns: the general English LM over the same audio, when a pooled decoder was free. */
  readonly general?: Hypothesis;
  /** Words the domain LM knows. */
  readonly domainVocabulary: ReadonlySet<string>;
  /** The banking LM, for how banking-like each reading is. */
  readonly domainLm?: ArpaModel;
  /** Phones of a word, for comparing readings by sound. */
  readonly phonesOf?: (word: string) => string | undefined;
  /** Words the grammar can produce (grammar turns). */
  readonly grammarVocabulary?: ReadonlySet<string>;
  readonly durationMs: number;
  readonly truncated: boolean;
  /** `narrow`: phone audio, scored with the phone-line rejection models. Wideband by default. */
  readonly band?: Band;
}

/** A result plus the numbers behind it (logs, calibration; not a stable API). */
export interface ScoredResult {
  readonly result: RecognitionResult;
  readonly passes: UtterancePasses;
  readonly setting: ConfidenceSetting;
  readonly features: RejectionFeatures;
  readonly pInDomain: number;
}

/** P(in domain) at or above which a result counts as in domain. */
export const IN_DOMAIN_THRESHOLD = 0.5;

/**
 * Phone agreement between an open turn's banking-LM reading and the general-English reference at
 * or above which the words count as corroborated (RecognitionResult.corroborated). Tuned on
 * scripts/asr-eval-set.ts (35 open requests, 5 requests naming a customer's payees and billers, 20
 * out-of-domain sentences; the four flite voices, wideband and through a phone line): at 0.8, 7 of
 * the 13 wideband and 7 of the 14 phone-line requests the rejection models turned down were
 * corroborated, and so were 40 and 29 of the 80 out-of-domain ones, for all of which the NLU
 * answered out of scope (phone line: measured before phone streams had their own rejection
 * models). At 0.75 the NLU accepted one out-of-domain sentence in each band.
 */
export const CORROBORATION_AGREEMENT = 0.8;

/**
 * P(in domain) the domain LM's reading needs to replace an out-of-grammar answer. Higher than
 * {@link IN_DOMAIN_THRESHOLD}: during a slot, a new banking request is less likely than noise or
 * chatter forced onto banking words.
 */
export const GRAMMAR_FALLBACK_THRESHOLD = 0.7;

const DIGIT_WORDS = new Set([
  'zero',
  'oh',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
]);

/** Digits a digit-grammar answer spells ("double five one" → 3); `undefined` if it has none. */
export function spokenDigitCount(text: string): number | undefined {
  let count = 0;
  let repeat = 1;
  for (const word of text.split(' ')) {
    if (word === 'double') repeat = 2;
    else if (word === 'triple') repeat = 3;
    else if (DIGIT_WORDS.has(word)) {
      count += repeat;
      repeat = 1;
    }
  }
  return count > 0 ? count : undefined;
}

function words(hypothesis: Hypothesis): RecognizedWord[] {
  return hypothesis.segments
    .filter((s) => !isFiller(s.word))
    .map((s) => ({
      word: s.word.replace(/\(\d+\)$/, ''),
      startMs: s.startFrame * FRAME_MS,
      endMs: (s.endFrame + 1) * FRAME_MS,
      confidence: Number(s.posterior.toFixed(3)),
    }));
}

/**
 * Word confidences for a grammar reading. A finite-state grammar's lattice has no competing
 * words, so its posteriors are all 1; instead each word is checked against the domain LM's
 * reading of the same stretch of audio: the same word (or the same sounds: "two"/"to") there
 * confirms it by that word's posterior; a different word there counts against it. This is what
 * lets "two hundred and fifteen" be re-asked when the open pass heard "fifty".
 */
function crossCheckedWords(
  grammar: Hypothesis,
  domain: Hypothesis,
  phonesOf: ((word: string) => string | undefined) | undefined,
): RecognizedWord[] {
  const open = words(domain);
  const sound = (w: string): string => phonesOf?.(comparedWord(w)) ?? comparedWord(w);
  return words(grammar).map((w) => {
    const overlapping = open.filter(
      (o) => Math.min(o.endMs, w.endMs) - Math.max(o.startMs, w.startMs) >= 0.5 * (w.endMs - w.startMs),
    );
    const same = overlapping.find((o) => o.word === w.word || sound(o.word) === sound(w.word));
    const other = overlapping.find((o) => o !== same);
    const confidence = same ? 0.5 + 0.5 * same.confidence : other ? 0.5 * (1 - other.confidence) : 0.5;
    return { ...w, confidence: Number(confidence.toFixed(3)) };
  });
}

function score(
  setting: ConfidenceSetting,
  features: RejectionFeatures,
  band: Band = 'wide',
): { pInDomain: number; pCorrect: number } {
  // Phone streams have their own models (fitted on phone-line audio with the telephone-band
  // transform); the mixed-band ones stay for app audio, where refitting them cost convo scripts.
  const models = (band === 'narrow' ? NARROWBAND_CONFIDENCE_MODELS : CONFIDENCE_MODELS)[setting];
  return {
    pInDomain: logisticProbability(models.inDomain, features),
    pCorrect: logisticProbability(models.correct, features),
  };
}

const round = (p: number): number => Number(p.toFixed(3));
const phones = (passes: UtterancePasses): Pick<ReferencePass, 'phonesOf'> =>
  passes.phonesOf ? { phonesOf: passes.phonesOf } : {};

/** Scores the passes of one utterance. */
export function scoreUtterance(passes: UtterancePasses): ScoredResult {
  const { spec, primary, durationMs, truncated } = passes;
  const extra = truncated ? { truncated: true } : {};
  if (spec.kind === 'free' || !passes.domain) {
    const setting: ConfidenceSetting = passes.general ? 'free' : 'freeAlone';
    const features = rejectionFeatures(
      primary,
      passes.general
        ? { hypothesis: passes.general, vocabulary: passes.domainVocabulary, ...phones(passes) }
        : undefined,
      passes.domainLm,
    );
    const { pInDomain, pCorrect } = score(setting, features, passes.band);
    const text = cleanHypothesis(primary.text);
    const alternatives: RecognitionAlternative[] = passes.general
      ? [{ text: cleanHypothesis(passes.general.text), confidence: round(1 - pInDomain), source: 'general' }]
      : [];
    const result: RecognitionResult = {
      text,
      confidence: text ? round(Math.min(pCorrect, pInDomain)) : 0,
      inDomain: text !== '' && pInDomain >= IN_DOMAIN_THRESHOLD,
      words: words(primary),
      alternatives,
      grammar: 'free',
      durationMs,
      ...(passes.general && text !== '' && features.agreement >= CORROBORATION_AGREEMENT
        ? { corroborated: true }
        : {}),
      ...extra,
    };
    return { result, passes, setting, features, pInDomain };
  }

  // A grammar turn: the grammar's reading, checked against the domain LM's reading of the audio.
  const grammarText = cleanHypothesis(primary.text);
  const domainText = cleanHypothesis(passes.domain.text);
  const features = rejectionFeatures(
    primary,
    {
      hypothesis: passes.domain,
      vocabulary: passes.grammarVocabulary ?? passes.domainVocabulary,
      ...phones(passes),
    },
    passes.domainLm,
  );
  let { pInDomain, pCorrect } = score('grammar', features, passes.band);
  if (spec.kind === 'digits') {
    const digits = spokenDigitCount(grammarText);
    // A global command ("cancel") has no digits and is fine; a wrong digit count is not.
    if (digits !== undefined && (digits < spec.minDigits || digits > spec.maxDigits)) {
      pInDomain = Math.min(pInDomain, 0.2);
      pCorrect = Math.min(pCorrect, 0.2);
    }
  }
  if (grammarText && pInDomain >= IN_DOMAIN_THRESHOLD) {
    const result: RecognitionResult = {
      text: grammarText,
      confidence: round(Math.min(pCorrect, pInDomain)),
      inDomain: true,
      words: crossCheckedWords(primary, passes.domain, passes.phonesOf),
      alternatives: domainText
        ? [{ text: domainText, confidence: round(1 - pInDomain), source: 'domain' }]
        : [],
      grammar: spec.kind,
      durationMs,
      ...extra,
    };
    return { result, passes, setting: 'grammar', features, pInDomain };
  }
  // Out of grammar: maybe the customer asked something else ("what's my balance" at a read-back),
  // which the dialog answers before asking again. Judge the domain reading as an open turn.
  const open = rejectionFeatures(
    passes.domain,
    passes.general
      ? { hypothesis: passes.general, vocabulary: passes.domainVocabulary, ...phones(passes) }
      : undefined,
    passes.domainLm,
  );
  const free = score(passes.general ? 'free' : 'freeAlone', open, passes.band);
  // Only when the readings sound different: "now" for a grammar's "no" is the same answer.
  const useDomain =
    domainText !== '' && free.pInDomain >= GRAMMAR_FALLBACK_THRESHOLD && features.agreement < 0.5;
  const result: RecognitionResult = {
    text: useDomain ? domainText : grammarText,
    confidence: useDomain
      ? round(Math.min(free.pCorrect, free.pInDomain))
      : round(Math.min(pCorrect, pInDomain)),
    inDomain: useDomain,
    words: useDomain ? words(passes.domain) : crossCheckedWords(primary, passes.domain, passes.phonesOf),
    alternatives: [
      useDomain
        ? ({ text: grammarText, confidence: round(pInDomain), source: 'grammar' } as const)
        : ({ text: domainText, confidence: round(free.pInDomain), source: 'domain' } as const),
    ].filter((a) => a.text !== ''),
    grammar: useDomain ? 'free' : spec.kind,
    durationMs,
    ...extra,
  };
  return { result, passes, setting: 'grammar', features, pInDomain };
}
