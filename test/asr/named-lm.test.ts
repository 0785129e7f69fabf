import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArpaModel, OOV_LOG10 } from '../../src/asr/arpa-model.ts';
import { arpaWithUnigrams, writeNamedModel } from '../../src/asr/named-lm.ts';

const ARPA = [
  '\\data\\',
  'ngram 1=4',
  'ngram 2=2',
  '',
  '\\1-grams:',
  '-1.0\t</s>',
  '-99\t<s>\t-0.5',
  '-0.7\tto\t-0.3',
  '-1.2\tbob\t-0.2',
  '',
  '\\2-grams:',
  '-0.2\t<s> to',
  '-0.4\tto bob',
  '',
  '\\end\\',
  '',
].join('\n');

describe("a stream's domain model with the customer's names", () => {
  it('adds the words as unigrams and counts them in the header', () => {
    const named = arpaWithUnigrams(ARPA, ['leo', 'park'], -1.2);
    expect(named).toContain('ngram 1=6');
    const model = new ArpaModel(named);
    expect(model.has('leo') && model.has('park')).toBe(true);
    // "to leo": no bigram, so to's back-off and leo's unigram.
    expect(model.wordLogProb('leo', ['<s>', 'to'])).toBeCloseTo(-0.3 - 1.2);
    expect(model.wordLogProb('bob', ['<s>', 'to'])).toBeCloseTo(-0.4);
  });

  it('scores the same in JavaScript as the decoder gets it, sharing the base tables', () => {
    const base = new ArpaModel(ARPA);
    expect(base.rarestUnigram).toBe(-1.2);
    const view = base.withUnigrams(['leo', 'bob'], base.rarestUnigram);
    const fromText = new ArpaModel(arpaWithUnigrams(ARPA, ['leo'], base.rarestUnigram));
    expect(view.sentenceScore(['to', 'leo'])).toBeCloseTo(fromText.sentenceScore(['to', 'leo']));
    expect(view.wordLogProb('bob', ['to'])).toBe(base.wordLogProb('bob', ['to']));
    expect(base.wordLogProb('leo', ['to'])).toBe(OOV_LOG10);
  });

  it('writes private files the decoder reads once, and removes them', () => {
    const files = writeNamedModel(
      { arpa: ARPA, dictionary: 'to T UW\nbob B AA B\n', nameLog10: -1.2 },
      ['leo'],
      [{ word: 'leo', phones: 'L IY OW' }],
    );
    expect(readFileSync(files.dictPath, 'utf8')).toBe('to T UW\nbob B AA B\nleo L IY OW\n');
    expect(readFileSync(files.lmPath, 'utf8')).toContain('-1.200000\tleo\t0');
    files.dispose();
    expect(existsSync(files.lmPath) || existsSync(files.dictPath)).toBe(false);
  });

  it('refuses text that is not an ARPA model', () => {
    expect(() => arpaWithUnigrams('hello', ['leo'], -1)).toThrow(/ARPA/);
  });
});
