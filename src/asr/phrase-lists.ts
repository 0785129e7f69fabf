import type { Lang } from '../shared/index.ts';
import type { GrammarSpec } from './grammar.ts';
import { TOP_RULE, compileJsgf, optionForms, speakableWords } from './grammar-compile.ts';
import { phraseSections } from './grammar-source.ts';
import { expandJsgf, jsgfWords, parseJsgfRules } from './jsgf.ts';

/**
 * GrammarSpec → phrase lists, for engines that take lists instead of grammars: Vosk's
 * `phrase_list` / grammar (peer-protocols.md, vosk-server config) and Azure's phrase hints
 * (`PhraseListGrammar`). English lists are derived from the same JSGF PocketSphinx uses, so the
 * three engines expect the same answers; Mandarin comes from grammars/zh/phrases.yaml.
 */

/** Lists for one dialog state. Empty lists mean "open speech". */
export interface PhraseLists {
  /** Whole answers, most typical first (bounded enumeration of the grammar). */
  readonly phrases: readonly string[];
  /** Every word an answer may use: a word-level grammar for Vosk, which combines them freely. */
  readonly words: readonly string[];
  /** Short distinctive phrases to boost (Azure phrase hints): names first, then commands. */
  readonly hints: readonly string[];
}

/** Bounds: Azure takes up to 500 phrase-list entries; Vosk's grammar should stay small to be fast. */
/** The grammar rule (grammars/en/amount.jsgf, choice.jsgf) that phrase lists leave out. */
const REPAIRED_RULE = 'repaired';

export const PHRASE_LIST_LIMITS = { maxPhrases: 500, maxHints: 100 } as const;

/** Sections of grammars/zh/phrases.yaml each kind draws on (besides `global`). */
const ZH_SECTIONS: Readonly<Record<GrammarSpec['kind'], readonly string[]>> = {
  free: [],
  confirmation: ['confirmation', 'numbers', 'amount'],
  amount: ['amount', 'numbers'],
  digits: ['digits', 'numbers'],
  choice: ['choice', 'numbers'],
};

function bounded(list: Iterable<string>, max: number): string[] {
  return [...new Set(list)].filter((p) => p.length > 0).slice(0, max);
}

/**
 * Phrase lists for `spec` in `lang`. `free` constrains nothing: no phrases or words, and its
 * customer names (if any) as the only hints.
 */
export function phraseLists(spec: GrammarSpec, lang: Lang): PhraseLists {
  if (spec.kind === 'free') {
    const names = spec.names ?? [];
    const hints = lang === 'zh' ? names : names.map((n) => speakableWords(n).join(' '));
    return { phrases: [], words: [], hints: bounded(hints, PHRASE_LIST_LIMITS.maxHints) };
  }
  const options = 'options' in spec && spec.options ? spec.options : [];
  const extra = spec.phrases ?? [];
  if (lang === 'zh') {
    const sections = phraseSections('zh');
    const stateWords = [
      ...(sections.global ?? []),
      ...ZH_SECTIONS[spec.kind].flatMap((s) => sections[s] ?? []),
    ];
    const phrases = bounded([...options, ...extra, ...stateWords], PHRASE_LIST_LIMITS.maxPhrases);
    return {
      phrases,
      words: phrases,
      hints: bounded([...options, ...extra, ...(sections[spec.kind] ?? [])], PHRASE_LIST_LIMITS.maxHints),
    };
  }
  const compiled = compileJsgf(spec, lang);
  if (!compiled) return { phrases: [], words: [], hints: [] };
  const rules = parseJsgfRules(compiled.jsgf);
  // An answer taken back and said again (<repaired>: "fifty no sorry sixty") is for the decoder:
  // its pairs of answers would fill the list before the answers themselves.
  rules.delete(REPAIRED_RULE);
  const phrases = expandJsgf(rules, TOP_RULE, PHRASE_LIST_LIMITS.maxPhrases);
  const short = phrases.filter((p) => p.split(' ').length <= 4);
  return {
    phrases: bounded(phrases, PHRASE_LIST_LIMITS.maxPhrases),
    words: [...jsgfWords(rules)].sort(),
    hints: bounded(
      [...options.map((o) => speakableWords(o).join(' ')), ...extra, ...optionForms(options), ...short],
      PHRASE_LIST_LIMITS.maxHints,
    ),
  };
}
