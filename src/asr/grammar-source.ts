import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Lang } from '../shared/index.ts';
import { checkGrammar, GRAMMAR_LIMITS, NAME_CLASSES } from './grammar.ts';
import type { GrammarSpec } from './grammar.ts';
import { jsgfWords, parseJsgfRules } from './jsgf.ts';

/**
 * The grammar sources under grammars/<lang>/: JSGF rule files (English), states.yaml (what each
 * dialog state expects) and phrases.yaml (Mandarin phrase lists). Read once per process.
 */

/** grammars/ at the repository root; src/ and dist/ sit at the same depth, so this holds for both. */
export const GRAMMARS_DIR = fileURLToPath(new URL('../../grammars/', import.meta.url));

const cache = new Map<string, unknown>();

function cached<T>(key: string, load: () => T): T {
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key) as T;
}

/** The text of every `grammars/<lang>/*.jsgf` file, by base name (`amount`, `numbers`…). */
export function jsgfSources(lang: Lang, dir: string = GRAMMARS_DIR): ReadonlyMap<string, string> {
  return cached(`jsgf:${dir}:${lang}`, () => {
    const sources = new Map<string, string>();
    const langDir = `${dir}${lang}/`;
    for (const file of readdirSync(langDir)
      .filter((f) => f.endsWith('.jsgf'))
      .sort()) {
      sources.set(file.slice(0, -'.jsgf'.length), readFileSync(`${langDir}${file}`, 'utf8'));
    }
    return sources;
  });
}

/** Every word the static grammars of `lang` can produce (the decoder dictionary must cover them). */
export function grammarVocabulary(lang: Lang, dir: string = GRAMMARS_DIR): Set<string> {
  const words = new Set<string>();
  for (const source of jsgfSources(lang, dir).values())
    for (const w of jsgfWords(parseJsgfRules(source))) words.add(w);
  for (const state of Object.values(dialogStates(lang, dir))) {
    for (const phrase of [...(state.options ?? []), ...(state.phrases ?? [])]) {
      for (const w of phrase.split(/\s+/)) if (w) words.add(w);
    }
  }
  return words;
}

/** Where a state's options come from in the session's data. */
export type OptionSource = 'payees' | 'accounts' | 'cards' | 'billers' | 'candidates';

/** One entry of states.yaml. */
export interface DialogStateGrammar {
  readonly kind: GrammarSpec['kind'];
  readonly from?: readonly OptionSource[];
  readonly options?: readonly string[];
  readonly phrases?: readonly string[];
  readonly minDigits?: number;
  readonly maxDigits?: number;
}

/** grammars/<lang>/states.yaml: dialog `awaits` value → what the recogniser listens for. */
export function dialogStates(
  lang: Lang,
  dir: string = GRAMMARS_DIR,
): Readonly<Record<string, DialogStateGrammar>> {
  return cached(`states:${dir}:${lang}`, () => {
    const doc = parse(readFileSync(`${dir}${lang}/states.yaml`, 'utf8')) as Record<
      string,
      DialogStateGrammar
    >;
    return Object.freeze(doc);
  });
}

/** grammars/zh/phrases.yaml, flattened per section: `global`, `confirmation`, `amount`… */
export function phraseSections(
  lang: Lang,
  dir: string = GRAMMARS_DIR,
): Readonly<Record<string, readonly string[]>> {
  return cached(`phrases:${dir}:${lang}`, () => {
    const doc = parse(readFileSync(`${dir}${lang}/phrases.yaml`, 'utf8')) as Record<string, unknown>;
    const flat: Record<string, string[]> = {};
    for (const [section, value] of Object.entries(doc)) {
      flat[section] = (Array.isArray(value) ? value : Object.values(value as object).flat()).map(String);
    }
    return Object.freeze(flat);
  });
}

/** The customer's own names the dialog can offer as options, by source. */
export type SessionOptions = Partial<Record<OptionSource, readonly string[]>>;

/** Customer data is untrusted in size: overlong names are dropped and the list is capped. */
function fitting(names: readonly string[]): string[] {
  return names
    .filter((o) => o.trim() !== '' && o.length <= GRAMMAR_LIMITS.maxOptionChars)
    .slice(0, GRAMMAR_LIMITS.maxOptions);
}

/**
 * The grammar for a dialog state (`awaits` as in docs/dialog.md: `nothing`, `confirmation`,
 * `stepup`, `disambiguation`, `slot:NAME`), filled with the session's names. Unknown states and
 * a choice with no options fall back to open speech, so the customer is never trapped.
 */
export function grammarForAwaits(
  awaits: string,
  lang: Lang,
  session: SessionOptions = {},
  pinDigits?: number,
): GrammarSpec {
  const state = dialogStates(lang)[awaits];
  if (!state) return { kind: 'free' };
  const dynamic = (state.from ?? []).flatMap((source) => session[source] ?? []);
  const options = fitting([...new Set([...(state.options ?? []), ...dynamic])]);
  const phrases = state.phrases ? { phrases: state.phrases } : {};
  let spec: GrammarSpec;
  switch (state.kind) {
    case 'choice':
      if (options.length === 0) return { kind: 'free' };
      spec = { kind: 'choice', options, ...phrases };
      break;
    case 'confirmation':
      spec = { kind: 'confirmation', options, ...phrases };
      break;
    case 'digits': {
      // The step-up PIN: exactly the customer's PIN length when the bank gives it (and it fits).
      const min = state.minDigits ?? 1;
      const max = state.maxDigits ?? 16;
      const exact = awaits === 'stepup' && pinDigits !== undefined && pinDigits >= min && pinDigits <= max;
      spec = {
        kind: 'digits',
        minDigits: exact ? pinDigits : min,
        maxDigits: exact ? pinDigits : max,
        ...phrases,
      };
      break;
    }
    case 'free': {
      const from = state.from ?? [];
      const sources = { payee: 'payees', biller: 'billers', card: 'cards', account: 'accounts' } as const;
      const classed = NAME_CLASSES.flatMap((c) => {
        const names = from.includes(sources[c]) ? fitting(session[sources[c]] ?? []) : [];
        return names.length > 0 ? [[c, names] as const] : [];
      });
      const classes = classed.length > 0 ? { classes: Object.fromEntries(classed) } : {};
      spec = options.length > 0 ? { kind: 'free', names: options, ...classes } : { kind: 'free' };
      break;
    }
    default:
      spec = { kind: state.kind, ...phrases };
  }
  const checked = checkGrammar(spec);
  return checked.ok ? checked.value : { kind: 'free' };
}
