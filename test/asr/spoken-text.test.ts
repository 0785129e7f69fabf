import { describe, expect, it } from 'vitest';
import {
  cardinalVariants,
  cardinalWords,
  digitWords,
  ordinalWords,
  spokenVariants,
  writtenTokens,
} from '../../src/asr/spoken-text.ts';

describe('spoken forms of written text', () => {
  it('reads cardinals the ways people say them', () => {
    expect(cardinalWords(0)).toBe('zero');
    expect(cardinalWords(250)).toBe('two hundred fifty');
    expect(cardinalWords(250, true)).toBe('two hundred and fifty');
    expect(cardinalWords(1005, true)).toBe('one thousand and five');
    expect(cardinalWords(2_300_017)).toBe('two million three hundred thousand seventeen');
    expect(cardinalVariants(1200)).toEqual(['one thousand two hundred', 'twelve hundred']);
    expect(cardinalVariants(100)).toContain('a hundred');
    expect(() => cardinalWords(-1)).toThrow(RangeError);
    expect(() => cardinalWords(1.5)).toThrow(RangeError);
  });

  it('reads ordinals and digit strings', () => {
    expect(ordinalWords(1)).toBe('first');
    expect(ordinalWords(12)).toBe('twelfth');
    expect(ordinalWords(21)).toBe('twenty first');
    expect(ordinalWords(30)).toBe('thirtieth');
    expect(digitWords('0123')).toBe('zero one two three');
    expect(digitWords('0123', 'oh')).toBe('oh one two three');
  });

  it('turns amounts into words with the currency after the number', () => {
    expect(spokenVariants('send $1,200 to bob')).toEqual([
      'send one thousand two hundred dollars to bob',
      'send twelve hundred dollars to bob',
    ]);
    expect(spokenVariants('pay $84.50 now')).toEqual([
      'pay eighty four dollars and fifty cents now',
      'pay eighty four dollars fifty now',
    ]);
    expect(spokenVariants('a 4% rate')).toEqual(['a four percent rate']);
  });

  it('reads account endings, PINs and phone numbers digit by digit', () => {
    expect(spokenVariants('the card ending in 4321')).toEqual(['the card ending in four three two one']);
    expect(spokenVariants('make my pin 1357')).toEqual(['make my pin one three five seven']);
    expect(spokenVariants('call 555 0123', 1)).toEqual(['call five five five zero one two three']);
  });

  it('reads years, ordinals, times and hyphenated words', () => {
    expect(spokenVariants('interest earned in 2023')).toEqual(['interest earned in twenty twenty three']);
    expect(spokenVariants('pay on the 15th')).toEqual(['pay on the fifteenth']);
    expect(spokenVariants('after 5pm')).toEqual(['after five p m']);
    expect(writtenTokens('E-mail me "yes", what’s up?')).toEqual(['e', 'mail', 'me', 'yes', "what's", 'up']);
    expect(spokenVariants('a 1yr cd in my 20s thx')).toEqual(['a one year cd in my twenties thanks']);
  });

  it('keeps the variant count bounded', () => {
    const variants = spokenVariants('move 1,200 then 250 then 100 then 1,500', 3);
    expect(variants.length).toBeLessThanOrEqual(3);
    expect(new Set(variants).size).toBe(variants.length);
  });
});
