import { describe, expect, it } from 'vitest';
import { ArpaModel } from '../../src/asr/arpa-model.ts';
import type { Hypothesis } from '../../src/asr/pocketsphinx-decoder.ts';
import { scoreUtterance, spokenDigitCount } from '../../src/asr/pocketsphinx-result.ts';
import { cleanHypothesis, editDistance, rejectionFeatures } from '../../src/asr/rejection.ts';
import { TrigramBuilder } from '../../src/asr/ngram-lm.ts';

/** A hypothesis as the decoder would give it: words 40 frames apart, with posteriors. */
function hypothesis(text: string, score: number, posterior = 1): Hypothesis {
  const words = text.split(' ');
  return {
    text,
    score,
    posterior,
    frames: words.length * 40 + 20,
    segments: [
      { word: '<s>', startFrame: 0, endFrame: 9, posterior: 1 },
      ...words.map((word, i) => ({ word, startFrame: 10 + i * 40, endFrame: 49 + i * 40, posterior })),
      { word: '(NULL)', startFrame: 10 + words.length * 40, endFrame: 10 + words.length * 40, posterior: 1 },
    ],
  };
}

const builder = new TrigramBuilder();
for (const s of ['two hundred and fifty dollars', 'send fifty dollars to bob', 'what is my balance']) {
  builder.add(s.split(' '));
}
const lm = new ArpaModel(builder.build().arpa);
const vocabulary = new Set(['two', 'hundred', 'and', 'fifty', 'fifteen', 'dollars', 'send', 'to', 'bob']);

describe('scoring a turn', () => {
  it('cleans hypotheses and counts word errors', () => {
    expect(cleanHypothesis('<s> send to(3) <sil> bob [NOISE] (NULL) </s>')).toBe('send to bob');
    expect(editDistance(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toBe(2);
    expect(spokenDigitCount('double five one oh')).toBe(4);
    expect(spokenDigitCount('cancel')).toBeUndefined();
  });

  it('compares readings by sound, not spelling', () => {
    const phones: Record<string, string> = { two: 'T UW', to: 'T UW', four: 'F AO R', for: 'F AO R' };
    const features = rejectionFeatures(hypothesis('two four', -100), {
      hypothesis: hypothesis('to for', -100),
      vocabulary: new Set(['two', 'four']),
      phonesOf: (w) => phones[w],
    });
    expect(features.agreement).toBe(1);
    expect(features.foreignRate).toBe(1);
  });

  it('takes two readings that give the same answer as agreeing ("yeah" and "yes")', () => {
    const phones: Record<string, string> = { yes: 'Y EH S', yeah: 'Y AE', no: 'N OW', mail: 'M EY L' };
    const agreement = (mine: string, open: string): number =>
      rejectionFeatures(hypothesis(mine, -100), {
        hypothesis: hypothesis(open, -100),
        vocabulary: new Set(['yes', 'yeah', 'no']),
        phonesOf: (w) => phones[w],
      }).agreement;
    expect(agreement('yeah', 'yes')).toBe(1);
    expect(agreement('yes please', 'yep please')).toBe(1);
    expect(agreement('no', 'nope')).toBe(1);
    expect(agreement('yeah', 'no')).toBe(0);
    expect(agreement('no', 'mail')).toBe(0);
  });

  it('takes two whole commands that mean the same as agreeing ("cancel that" and "cancel")', () => {
    const phones: Record<string, string> = {
      cancel: 'K AE N S AH L',
      that: 'DH AE T',
      it: 'IH T',
      help: 'HH EH L P',
    };
    const agreement = (mine: string, open: string): number =>
      rejectionFeatures(hypothesis(mine, -100), {
        hypothesis: hypothesis(open, -100),
        vocabulary: new Set(['cancel', 'that', 'it', 'help', 'please', 'um']),
        phonesOf: (w) => phones[w],
      }).agreement;
    expect(agreement('cancel that', 'cancel')).toBe(1);
    expect(agreement('um cancel it please', 'never mind')).toBe(1);
    expect(agreement('yes please', 'that is correct')).toBeLessThan(1); // not a listed phrase
    expect(agreement("that's right", 'okay')).toBe(1);
    // Only whole readings: a longer request that starts with a command is compared by sounds.
    expect(agreement('cancel that', 'cancel that help')).toBeLessThan(1);
    expect(agreement('cancel that', 'help')).toBe(0);
  });

  it('marks a grammar word the open pass heard differently as doubtful', () => {
    const { result } = scoreUtterance({
      spec: { kind: 'amount' },
      primary: hypothesis('two hundred and fifteen dollars', -5000),
      domain: hypothesis('two hundred and fifty dollars', -5100, 0.9),
      domainVocabulary: vocabulary,
      grammarVocabulary: vocabulary,
      domainLm: lm,
      durationMs: 2200,
      truncated: false,
    });
    expect(result.grammar).toBe('amount');
    const confidence = Object.fromEntries((result.words ?? []).map((w) => [w.word, w.confidence]));
    expect(confidence.fifteen).toBeLessThan(0.1);
    expect(confidence.hundred).toBeGreaterThan(0.9);
    expect(result.words?.map((w) => w.word)).not.toContain('(NULL)');
    expect(result.alternatives).toEqual([expect.objectContaining({ text: 'two hundred and fifty dollars' })]);
  });

  it('refuses a PIN with the wrong number of digits', () => {
    const { result } = scoreUtterance({
      spec: { kind: 'digits', minDigits: 4, maxDigits: 6 },
      primary: hypothesis('two four', -3000),
      domain: hypothesis('two four', -3000),
      domainVocabulary: vocabulary,
      grammarVocabulary: new Set(['two', 'four']),
      domainLm: lm,
      durationMs: 1000,
      truncated: true,
    });
    expect(result.inDomain).toBe(false);
    expect(result.confidence).toBeLessThanOrEqual(0.2);
    expect(result.truncated).toBe(true);
  });

  it('marks an open turn corroborated when the general-English pass heard the same words', () => {
    const turn = (general: string) =>
      scoreUtterance({
        spec: { kind: 'free' },
        primary: hypothesis('send fifty dollars to bob', -6000, 0.9),
        general: hypothesis(general, -6000, 0.9),
        domainVocabulary: vocabulary,
        domainLm: lm,
        durationMs: 2000,
        truncated: false,
      }).result;
    expect(turn('send fifty dollars to bob').corroborated).toBe(true);
    // The general pass heard other words: only the rejection models speak for this reading.
    expect(turn('tell me a joke about penguins').corroborated).toBeUndefined();
  });

  it('scores phone audio with the phone-line models', () => {
    const passes = {
      spec: { kind: 'free' } as const,
      primary: hypothesis('send fifty dollars to bob', -6000, 0.9),
      general: hypothesis('send fifty dollars to bob', -6100, 0.9),
      domainVocabulary: vocabulary,
      domainLm: lm,
      durationMs: 2000,
      truncated: false,
    };
    const wide = scoreUtterance(passes);
    const narrow = scoreUtterance({ ...passes, band: 'narrow' });
    expect(narrow.features).toEqual(wide.features);
    expect(narrow.pInDomain).not.toBe(wide.pInDomain);
  });

  it('gives nothing heard no confidence', () => {
    const { result } = scoreUtterance({
      spec: { kind: 'free' },
      primary: { text: '', score: 0, posterior: 0, frames: 100, segments: [] },
      domainVocabulary: vocabulary,
      domainLm: lm,
      durationMs: 1000,
      truncated: false,
    });
    expect(result).toMatchObject({ text: '', confidence: 0, inDomain: false, grammar: 'free' });
  });
});
