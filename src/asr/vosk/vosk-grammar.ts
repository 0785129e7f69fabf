import type { Lang } from '../../shared/index.ts';
import type { GrammarSpec } from '../grammar.ts';
import { phraseLists } from '../phrase-lists.ts';

/**
 * GrammarSpec → the grammar `vosk_recognizer_new_grm` takes: a JSON array of phrases, from which
 * Vosk estimates a bigram over the model's vocabulary and composes it with the model's HCLr graph
 * (vosk-api src/recognizer.cc `UpdateGrammarFst`). Words outside the vocabulary are dropped from a
 * phrase, so this drops them first (and the grammar stays small). `[unk]` lets the recogniser say
 * "something else" instead of forcing out-of-grammar speech onto an answer; a result made of it is
 * the no-match signal.
 */

/** Vosk's out-of-grammar token. */
export const UNK = '[unk]';

/** Longest Mandarin word tried when segmenting a phrase into the model's vocabulary. */
const MAX_ZH_WORD_CHARS = 6;

/**
 * Splits a Mandarin phrase into vocabulary words, longest match first; characters no word covers
 * are dropped (Vosk would drop them too). Latin and digit runs are kept as tokens.
 */
export function segmentMandarin(phrase: string, hasWord: (word: string) => boolean): string[] {
  const words: string[] = [];
  for (const run of phrase.split(/\s+/).filter(Boolean)) {
    const chars = [...run];
    let i = 0;
    while (i < chars.length) {
      let matched = 0;
      for (let n = Math.min(MAX_ZH_WORD_CHARS, chars.length - i); n >= 1; n--) {
        if (hasWord(chars.slice(i, i + n).join(''))) {
          matched = n;
          break;
        }
      }
      if (matched > 0) words.push(chars.slice(i, i + matched).join(''));
      i += Math.max(matched, 1);
    }
  }
  return words;
}

function englishTokens(phrase: string, hasWord: (word: string) => boolean): string[] {
  return phrase
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .split(' ')
    .filter((w) => w && hasWord(w));
}

/**
 * The Vosk grammar for `spec`, as the JSON string the C API takes, or `undefined` for open speech
 * (`free`, or a grammar with no word the model knows).
 * @param hasWord whether the model's vocabulary has a word (`vosk_model_find_word`).
 */
export function voskGrammar(
  spec: GrammarSpec,
  lang: Lang,
  hasWord: (word: string) => boolean,
): string | undefined {
  if (spec.kind === 'free') return undefined;
  const lists = phraseLists(spec, lang);
  const tokens = (phrase: string): string[] =>
    lang === 'zh' ? segmentMandarin(phrase, hasWord) : englishTokens(phrase, hasWord);
  const phrases = new Set<string>();
  // A digit string's enumeration is a biased sample (it runs out at "zero zero …"): the bigram
  // would favour it, so digits get the words alone, which Vosk's bigram combines evenly.
  const whole = spec.kind === 'digits' ? [] : lists.phrases;
  for (const phrase of whole) {
    const words = tokens(phrase);
    if (words.length > 0) phrases.add(words.join(' '));
  }
  // Single words let the bigram back off to answers the bounded phrase enumeration left out.
  for (const word of lists.words) for (const w of tokens(word)) phrases.add(w);
  if (phrases.size === 0) return undefined;
  return JSON.stringify([...phrases, UNK]);
}
