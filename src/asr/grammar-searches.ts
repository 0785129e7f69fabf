import type { GrammarSpec } from './grammar.ts';
import { grammarKey } from './grammar.ts';
import { compileJsgf } from './grammar-compile.ts';
import { jsgfWords, parseJsgfRules } from './jsgf.ts';
import type { Decoder } from './pocketsphinx-decoder.ts';

/**
 * The compiled grammars of one grammar decoder. Compiling JSGF to a finite-state grammar costs a
 * few milliseconds and a dialog cycles through a handful of states, so searches are kept by grammar
 * (least recently used dropped past {@link MAX_SEARCHES}). Words from customer data that the
 * dictionary lacks are added with `ps_add_word` before the grammar that uses them.
 */

/** Compiled grammars kept per decoder. */
export const MAX_SEARCHES = 8;

/** A grammar compiled into the decoder as a named search. */
export interface CompiledSearch {
  readonly name: string;
  /** Every word the grammar can produce. */
  readonly vocabulary: ReadonlySet<string>;
}

/** Per-decoder cache of compiled grammars. */
export class GrammarSearches {
  readonly #decoder: Decoder;
  readonly #pronounce: (word: string) => readonly string[];
  readonly #searches = new Map<string, CompiledSearch>();
  #counter = 0;

  /**
   * @param decoder - the decoder the searches live in.
   * @param pronounce - pronunciations (CMU phones) for a word the decoder lacks.
   */
  constructor(decoder: Decoder, pronounce: (word: string) => readonly string[]) {
    this.#decoder = decoder;
    this.#pronounce = pronounce;
  }

  /**
   * Makes `spec`'s search current, compiling it if needed.
   * @returns the search, or `undefined` for `free` or when the decoder refuses the grammar.
   */
  async use(spec: GrammarSpec): Promise<CompiledSearch | undefined> {
    const decoder = this.#decoder;
    const key = grammarKey(spec);
    const known = this.#searches.get(key);
    if (known && (await decoder.useSearch(known.name))) {
      this.#searches.delete(key);
      this.#searches.set(key, known); // most recently used last
      return known;
    }
    const compiled = compileJsgf(spec, 'en');
    if (!compiled) return undefined;
    const entries: { word: string; phones: string }[] = [];
    for (const word of compiled.dynamicWords) {
      if (await decoder.hasWord(word)) continue;
      // Alternate pronunciations go in as word(2)…, the dictionary's own convention.
      this.#pronounce(word).forEach((phones, i) =>
        entries.push({ word: i === 0 ? word : `${word}(${i + 1})`, phones }),
      );
    }
    if (entries.length > 0) await decoder.addWords(entries);
    const name = `g${++this.#counter}`;
    if (!(await decoder.setJsgf(name, compiled.jsgf))) return undefined;
    const search = { name, vocabulary: jsgfWords(parseJsgfRules(compiled.jsgf)) };
    this.#searches.set(key, search);
    if (this.#searches.size > MAX_SEARCHES) {
      const [oldKey, oldest] = this.#searches.entries().next().value as [string, CompiledSearch];
      this.#searches.delete(oldKey);
      await decoder.dropSearch(oldest.name);
    }
    return search;
  }
}
