import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { letterToSound } from '../../src/asr/letter-to-sound.ts';
import { accentDictPath } from '../../src/asr/accents.ts';
import {
  britishVariants,
  formatDictionary,
  namePronunciations,
  nonRhoticVariant,
  PronouncingDictionary,
  spelledPronunciation,
  withBritishVariants,
} from '../../src/asr/lexicon.ts';
import { modelPaths } from '../../src/asr/pocketsphinx-native.ts';

const SAMPLE = `bob B AA B
chen CH EH N
garcia G AA R S IY AH
key K IY
pass P AE S
payee P EY IY
word W ER D
to T UW
to(2) T IH
`;

/** Phones of the en-us acoustic model (its mdef), without the fillers. */
const PHONES = new Set(
  'AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(
    ' ',
  ),
);

describe('pronunciations', () => {
  const dictionary = new PronouncingDictionary(SAMPLE);

  it('looks words up with their alternates', () => {
    expect(dictionary.lookup('to')).toEqual(['T UW', 'T IH']);
    expect(dictionary.lookup('bo')).toEqual([]);
    expect(dictionary.pronounce('chen')).toEqual({ word: 'chen', phones: ['CH EH N'], source: 'dictionary' });
  });

  it('derives inflections and compounds from known words', () => {
    expect(dictionary.pronounce('payees')).toMatchObject({ phones: ['P EY IY Z'], source: 'derived' });
    expect(dictionary.pronounce("bob's")).toMatchObject({ phones: ['B AA B Z'], source: 'derived' });
    expect(dictionary.pronounce('password')).toMatchObject({ phones: ['P AE S W ER D'], source: 'derived' });
  });

  it('spells acronyms and guesses the rest with phones the model has', () => {
    expect(dictionary.pronounce('usd')).toMatchObject({ phones: ['Y UW EH S D IY'], source: 'spelled' });
    expect(spelledPronunciation('a1')).toBeUndefined();
    for (const name of ['okafor', 'xiaoming', 'oyelaran', 'zhangwei', 'tchaikovsky', 'q', '']) {
      const phones = letterToSound(name).split(' ');
      expect(phones.length, name).toBeGreaterThan(0);
      expect(
        phones.every((p) => PHONES.has(p)),
        `${name}: ${phones.join(' ')}`,
      ).toBe(true);
    }
    expect(letterToSound('xiaoming')).toBe('SH Y AW M IH NG');
  });

  it('writes the PocketSphinx dictionary format', () => {
    expect(formatDictionary([dictionary.pronounce('to'), dictionary.pronounce('bob')])).toBe(
      'to T UW\nto(2) T IH\nbob B AA B\n',
    );
  });

  it.skipIf(!existsSync(modelPaths().dictPath))('knows common payee names from the CMU dictionary', () => {
    const cmu = PronouncingDictionary.fromFile(modelPaths().dictPath);
    for (const name of ['garcia', 'nguyen', 'zhang', 'patel', 'kowalski']) {
      expect(cmu.pronounce(name).source, name).toBe('dictionary');
    }
  });
});

describe('British pronunciations (asrAccent us+gb)', () => {
  it('drops an R after a vowel unless a vowel follows, and makes ER a schwa', () => {
    expect(nonRhoticVariant('K AA R D')).toBe('K AA D');
    expect(nonRhoticVariant('D AA L ER Z')).toBe('D AA L AH Z');
    expect(nonRhoticVariant('HH IY R')).toBe('HH IY AH');
    expect(nonRhoticVariant('T R AE N S F ER IH NG')).toBe('T R AE N S F AH R IH NG');
    expect(nonRhoticVariant('V EH R IY')).toBeUndefined();
    expect(nonRhoticVariant('B R AE N CH')).toBeUndefined();
  });

  it('adds the BATH vowel only to the words that have it, and British forms of a few words', () => {
    expect(britishVariants("can't", ['K AE N T'])).toEqual(['K AA N T']);
    expect(britishVariants('transfer', ['T R AE N S F ER'])).toEqual(['T R AE N S F AH', 'T R AA N S F AH']);
    expect(britishVariants('passwords', ['P AE S W ER D Z'])).toContain('P AA S W AH D Z');
    expect(britishVariants('passenger', ['P AE S AH N JH ER'])).toEqual(['P AE S AH N JH AH']);
    expect(britishVariants('bank', ['B AE NG K'])).toEqual([]);
    expect(britishVariants('schedule', ['S K EH JH UH L'])).toEqual(['SH EH JH UW L']);
  });

  it('says a customer name of several words the British way too, when asked', () => {
    const first = ['AH M IY L IY AH', 'B AA R K ER'];
    expect(namePronunciations(['amelia', 'barker'], first, false)).toEqual(['AH M IY L IY AH B AA R K ER']);
    expect(namePronunciations(['amelia', 'barker'], first, true)).toEqual([
      'AH M IY L IY AH B AA R K ER',
      'AH M IY L IY AH B AA K AH',
    ]);
    // Nothing to add: no R after a vowel, no BATH word.
    expect(namePronunciations(['bob', 'li'], ['B AA B', 'L IY'], true)).toEqual(['B AA B L IY']);
  });

  it('the committed British dictionary is the American one with those variants', () => {
    const parse = (path: string): Map<string, string[]> => {
      const words = new Map<string, string[]>();
      for (const line of readFileSync(path, 'latin1').split('\n').filter(Boolean)) {
        const space = line.indexOf(' ');
        const word = line.slice(0, space).replace(/\(\d+\)$/, '');
        words.set(word, [...(words.get(word) ?? []), line.slice(space + 1)]);
      }
      return words;
    };
    const us = [...parse(accentDictPath('us'))].map(([word, phones]) => ({
      word,
      phones,
      source: 'dictionary' as const,
    }));
    const gb = formatDictionary(withBritishVariants(us));
    expect(gb).toBe(readFileSync(accentDictPath('us+gb'), 'latin1'));
    expect(parse(accentDictPath('us+gb')).get('card')).toEqual(['K AA R D', 'K AA D']);
  });
});
