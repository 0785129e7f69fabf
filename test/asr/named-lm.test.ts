import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArpaModel, OOV_LOG10 } from '../../src/asr/arpa-model.ts';
import {
  arpaWithClasses,
  arpaWithUnigrams,
  namedArpaChunks,
  writeNamedModel,
} from '../../src/asr/named-lm.ts';
import type { ClassMember } from '../../src/asr/named-lm.ts';
import { ASR_MODELS_DIR } from '../../src/asr/accents.ts';

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

const CLASS_ARPA = [
  '\\data\\',
  'ngram 1=6',
  'ngram 2=5',
  'ngram 3=1',
  '',
  '\\1-grams:',
  '-1.0\t</s>',
  '-99\t<s>\t-0.5',
  '-0.7\tto\t-0.3',
  '-0.8\tsend\t-0.2',
  '-0.9\tpay\t-0.2',
  '-1.1\t[payee]\t-0.4',
  '-1.1\t[biller]\t-0.4',
  '-1.2\tbob\t-0.2',
  '',
  '\\2-grams:',
  '-0.2\tsend to\t-0.1',
  '-0.3\tto [payee]\t-0.2',
  '-0.5\tpay [biller]',
  '-0.9\tto bob',
  '-0.1\t[payee] </s>',
  '',
  '\\3-grams:',
  '-0.05\tsend to [payee]',
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
    const view = base.withNames(['leo', 'bob'], base.rarestUnigram, []);
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

  it("gives the customer's names their class's n-grams, sharing its probability between them", () => {
    const members: ClassMember[] = [
      { cls: 'payee', words: ['leo', 'park'] },
      { cls: 'payee', words: ['nina', 'shah'] },
      { cls: 'payee', words: ['bob'] },
      { cls: 'biller', words: ['harbor', 'gas'] },
    ];
    const named = arpaWithClasses(CLASS_ARPA, members);
    const model = new ArpaModel(named);
    expect(named).toContain('ngram 1=9');
    // Three payees share "to [payee]"; what follows a member is as after the class.
    expect(model.wordLogProb('leo_park', ['to'])).toBeCloseTo(-0.3 - Math.log10(3));
    // ("to nina_shah" backs off with the class's weight, -0.2, to "nina_shah </s>".)
    expect(model.wordLogProb('</s>', ['to', 'nina_shah'])).toBeCloseTo(-0.2 - 0.1);
    expect(model.wordLogProb('harbor_gas', ['pay'])).toBeCloseTo(-0.5);
    // A one-word name the model already has keeps its own n-grams and gains the class's others.
    expect(model.wordLogProb('bob', ['to'])).toBeCloseTo(-0.9);
    expect(model.wordLogProb('</s>', ['to', 'bob'])).toBeCloseTo(-0.1);
    expect(named.match(/\tto bob\n/g)).toHaveLength(1);
    // The JavaScript view scores the spoken words as the decoder's model scores the member.
    const view = new ArpaModel(CLASS_ARPA).withNames([], -2, members);
    expect(view.sentenceScore(['send', 'to', 'leo', 'park'])).toBeCloseTo(
      model.sentenceScore(['send', 'to', 'leo_park']),
    );
    expect(arpaWithClasses(CLASS_ARPA, [])).toBe(CLASS_ARPA);
  });

  it('writes the named model in chunks that are, byte for byte, the text built whole', () => {
    const banking = readFileSync(`${ASR_MODELS_DIR}en-banking.lm`, 'utf8');
    const members: ClassMember[] = [
      { cls: 'payee', words: ['leo', 'park'] },
      { cls: 'payee', words: ['mom'] },
      { cls: 'biller', words: ['city', 'power'] },
      { cls: 'card', words: ['platinum', 'visa'] },
      { cls: 'account', words: ['rainy', 'day'] },
    ];
    for (const [arpa, unigrams, with_] of [
      [CLASS_ARPA, ['greenwood'], members],
      [CLASS_ARPA, [], members],
      [CLASS_ARPA, ['greenwood', 'columbia'], []],
      [banking, ['greenwood', 'columbia'], members],
      [banking, [], []],
    ] as const) {
      const whole = arpaWithUnigrams(arpaWithClasses(arpa, with_), unigrams, -5.5);
      expect(
        Buffer.concat(namedArpaChunks(arpa, with_, unigrams, -5.5).map((x) => Buffer.from(x))).toString(
          'utf8',
        ),
      ).toBe(unigrams.length === 0 ? arpaWithClasses(arpa, with_) : whole);
    }
    const files = writeNamedModel(
      { arpa: banking, dictionary: 'a AH\n', nameLog10: -5.5 },
      ['leo'],
      [],
      members,
    );
    try {
      expect(readFileSync(files.lmPath, 'utf8')).toBe(
        arpaWithUnigrams(arpaWithClasses(banking, members), ['leo'], -5.5),
      );
    } finally {
      files.dispose();
    }
  });

  it('refuses text that is not an ARPA model', () => {
    expect(() => arpaWithUnigrams('hello', ['leo'], -1)).toThrow(/ARPA/);
  });
});
