import type { Lang } from '../shared/index.ts';
import type { GrammarSpec } from './grammar.ts';
import { GRAMMARS_DIR, jsgfSources } from './grammar-source.ts';
import { parseJsgfRules, stripJsgfHeader, undefinedJsgfRefs } from './jsgf.ts';
import { DIGIT_WORD_SET, digitWords, spokenVariants } from './spoken-text.ts';

/**
 * GrammarSpec → one self-contained JSGF grammar for PocketSphinx (`ps_set_jsgf_string`). The
 * static rules come from grammars/en/*.jsgf; the rules that depend on the session are generated
 * here from sanitised words, so a payee called "O'Brien & Sons <ltd>" cannot inject grammar syntax.
 */

/** The public rule every compiled grammar exposes. */
export const TOP_RULE = 'teller';

/** A grammar ready for the decoder. */
export interface CompiledJsgf {
  readonly jsgf: string;
  /** Words from the session (options, phrases): the decoder may not know them yet. */
  readonly dynamicWords: readonly string[];
}

/** Words that say nothing on their own and are not offered as a short form of an option. */
const WEAK_WORDS = new Set(['my', 'the', 'a', 'an', 'of', 'and', 'to', 'for', 'account', 'card', 'in', 'at']);

/**
 * A phrase from customer data in decoder words: lower case, numbers in words ("card 4321" → "card
 * four three two one"), only letters and apostrophes. Empty when nothing speakable is left.
 */
export function speakableWords(text: string): string[] {
  // Digit strings in names are identifiers ("Card 4321", "Checking 1234"): read digit by digit.
  const digitsRead = text.replace(/\d{3,}/g, (digits) => ` ${digitWords(digits)} `);
  const spoken = spokenVariants(digitsRead, 1)[0] ?? '';
  return spoken
    .split(' ')
    .map((w) => w.replace(/[^a-z']/g, '').replace(/^'+|'+$/g, ''))
    .filter((w) => w.length > 0);
}

/**
 * The ways a customer may say an option: the whole name, and for names of several words their
 * distinctive single words ("maria garcia" → "maria", "garcia"). The dialog resolves a short form
 * that fits two options ("bob") by asking again.
 */
export function optionForms(options: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const option of options) {
    const words = speakableWords(option);
    if (words.length === 0) continue;
    forms.add(words.join(' '));
    if (words.length > 1) {
      for (const w of words) if (!WEAK_WORDS.has(w) && !DIGIT_WORD_SET.has(w) && w.length > 1) forms.add(w);
    }
  }
  return [...forms].sort();
}

function alternatives(phrases: readonly string[]): string {
  return phrases.map((p) => (p.includes(' ') ? `(${p})` : p)).join(' | ');
}

/** `<digits>`: between ceil(min/2) and max digit groups (a group is "five", "double five"…). */
function digitsRule(minDigits: number, maxDigits: number): string {
  const required = Math.max(1, Math.ceil(minDigits / 2));
  const optional = Math.max(0, maxDigits - required);
  const body = Array.from({ length: required }, () => '<digitgroup>').join(' ');
  return `<digits> = ${body}${' [<digitgroup>'.repeat(optional)}${']'.repeat(optional)};`;
}

/** Static rule files each kind needs, besides its own file. */
const NEEDS: Readonly<Record<Exclude<GrammarSpec['kind'], 'free'>, readonly string[]>> = {
  amount: ['numbers', 'global'],
  confirmation: ['numbers', 'global', 'amount'],
  digits: ['numbers', 'global'],
  choice: ['numbers', 'global'],
};

/**
 * Compiles a grammar for PocketSphinx.
 * @returns `undefined` for `free` (the domain language model serves it).
 * @throws SyntaxError when the grammar files are inconsistent (a bug, caught by the tests).
 */
export function compileJsgf(
  spec: GrammarSpec,
  lang: Lang = 'en',
  dir: string = GRAMMARS_DIR,
): CompiledJsgf | undefined {
  if (spec.kind === 'free') return undefined;
  const sources = jsgfSources(lang, dir);
  const parts: string[] = [];
  for (const name of [...NEEDS[spec.kind], spec.kind]) {
    const source = sources.get(name);
    if (source === undefined) throw new SyntaxError(`grammars/${lang}/${name}.jsgf is missing`);
    // Only the generated <teller> rule is public; the amount rules reused by confirmation lose
    // their own public <answer>.
    let body = stripJsgfHeader(source).replace(/\bpublic\s+/g, '');
    if (name !== spec.kind) body = body.replace(/<answer>\s*=[^;]*;/, '');
    parts.push(body.trim());
  }
  const dynamicWords = new Set<string>();
  const generated: string[] = [];
  const options = 'options' in spec && spec.options ? optionForms(spec.options) : [];
  for (const form of options) for (const w of form.split(' ')) dynamicWords.add(w);
  if (spec.kind === 'choice' || spec.kind === 'confirmation') {
    // An empty option list still needs the rule defined; "account" is in every banking grammar.
    generated.push(`<option> = ${options.length > 0 ? alternatives(options) : 'account'};`);
  }
  if (spec.kind === 'digits') generated.push(digitsRule(spec.minDigits, spec.maxDigits));
  const phrases = (spec.phrases ?? []).map((p) => speakableWords(p).join(' ')).filter((p) => p.length > 0);
  for (const p of phrases) for (const w of p.split(' ')) dynamicWords.add(w);
  const top = phrases.length > 0 ? `<answer> | ${alternatives([...new Set(phrases)])}` : '<answer>';
  generated.push(`public <${TOP_RULE}> = ${top};`);
  const jsgf = [`#JSGF V1.0;`, `grammar teller_${spec.kind};`, ...generated, ...parts].join('\n');
  const missing = undefinedJsgfRefs(parseJsgfRules(jsgf));
  if (missing.length > 0)
    throw new SyntaxError(`grammar ${spec.kind} refers to undefined <${missing.join('>, <')}>`);
  return { jsgf: `${jsgf}\n`, dynamicWords: [...dynamicWords].sort() };
}
