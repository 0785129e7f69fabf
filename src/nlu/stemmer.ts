// Deep import: `natural`'s index loads ~250 ms of modules; the Porter stemmer alone loads in ~2 ms.
import porter from 'natural/lib/natural/stemmers/porter_stemmer.js';

const cache = new Map<string, string>();

/** Porter stem of one lowercase English word, memoised (the vocabulary of a bank is small). */
export function stem(word: string): string {
  let s = cache.get(word);
  if (s === undefined) {
    s = porter.stem(word);
    if (cache.size < 50_000) cache.set(word, s);
  }
  return s;
}
