/**
 * What the dialog expects next, told to the recogniser. A constrained turn is far more accurate
 * than open speech (measured in src/asr/README.md): an amount grammar cannot hear "god" for "bob".
 * Engines compile a {@link GrammarSpec} their own way: JSGF for PocketSphinx (grammar-compile.ts),
 * phrase lists for Vosk and phrase hints for Azure (phrase-lists.ts).
 */

/** What the banking LM's name classes stand for (named-lm.ts). */
export const NAME_CLASSES = ['payee', 'biller', 'card', 'account'] as const;
export type NameClass = (typeof NAME_CLASSES)[number];

/** Open speech: the domain language model. */
export interface FreeGrammar {
  readonly kind: 'free';
  /**
   * The customer's own names the request may contain (payees, billers): a domain model trained
   * on other customers' words lacks them. PocketSphinx adds their unknown words to the stream's
   * own domain decoder; Azure takes them as phrase hints.
   */
  readonly names?: readonly string[];
  /**
   * The same names by what they are: the banking LM has a class for each (`[payee]`, `[biller]`,
   * `[card]`, `[account]`: where such names go in requests), and a PocketSphinx stream puts these
   * names in it (named-lm.ts).
   */
  readonly classes?: Readonly<Partial<Record<NameClass, readonly string[]>>>;
}

/** The answer to a read-back: yes, no, or a correction naming an amount, a payee or an account. */
export interface ConfirmationGrammar {
  readonly kind: 'confirmation';
  /** Payee and account names a correction may name ("send it to bob chen instead"). */
  readonly options?: readonly string[];
}

/** An amount of money. */
export interface AmountGrammar {
  readonly kind: 'amount';
}

/** A digit string: a PIN, last four digits, a phone number. */
export interface DigitsGrammar {
  readonly kind: 'digits';
  readonly minDigits: number;
  readonly maxDigits: number;
}

/** One of a few things the agent listed: names from the customer's data, ordinals, last four. */
export interface ChoiceGrammar {
  readonly kind: 'choice';
  readonly options: readonly string[];
}

/** The grammar kinds. */
export type GrammarKind = GrammarSpec['kind'];

/**
 * What the recogniser listens for in the next utterance. Every kind but `free` also accepts the
 * global commands (cancel, help, repeat…, grammars/en/global.jsgf) and the `phrases` given.
 */
export type GrammarSpec = (
  FreeGrammar | ConfirmationGrammar | AmountGrammar | DigitsGrammar | ChoiceGrammar
) & {
  /** Extra whole answers accepted in this state ("my phone", "the statement balance"). */
  readonly phrases?: readonly string[];
};

/** Limits that keep a grammar cheap to compile and decode. */
export const GRAMMAR_LIMITS = {
  maxOptions: 64,
  maxPhrases: 64,
  maxOptionChars: 80,
  maxDigits: 20,
} as const;

/** Result of {@link checkGrammar}. */
export type GrammarCheck = { ok: true; value: GrammarSpec } | { ok: false; error: string };

const KINDS: readonly string[] = ['free', 'confirmation', 'amount', 'digits', 'choice'];

function checkList(list: unknown, what: string, max: number): string | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return `${what} must be an array of strings`;
  if (list.length > max) return `${what} has ${list.length} entries: at most ${max}`;
  for (const item of list) {
    if (typeof item !== 'string' || item.trim() === '') return `${what} must hold non-empty strings`;
    if (item.length > GRAMMAR_LIMITS.maxOptionChars) {
      return `${what} entry is over ${GRAMMAR_LIMITS.maxOptionChars} characters`;
    }
  }
  return undefined;
}

/**
 * Validates a grammar that came from outside the process (a protocol message, a config file).
 * Names come from customer data, so they are length- and count-limited here.
 */
export function checkGrammar(value: unknown): GrammarCheck {
  if (typeof value !== 'object' || value === null) return { ok: false, error: 'grammar must be an object' };
  const spec = value as Record<string, unknown>;
  if (typeof spec.kind !== 'string' || !KINDS.includes(spec.kind)) {
    return { ok: false, error: `grammar kind must be one of ${KINDS.join(', ')}` };
  }
  const problem =
    checkList(spec.phrases, 'phrases', GRAMMAR_LIMITS.maxPhrases) ??
    checkList(spec.options, 'options', GRAMMAR_LIMITS.maxOptions) ??
    checkList(spec.names, 'names', GRAMMAR_LIMITS.maxOptions) ??
    checkClasses(spec.classes);
  if (problem) return { ok: false, error: problem };
  if (spec.kind === 'choice' && (!Array.isArray(spec.options) || spec.options.length === 0)) {
    return { ok: false, error: 'a choice grammar needs at least one option' };
  }
  if (spec.kind === 'digits') {
    const { minDigits: min, maxDigits: max } = spec;
    if (!Number.isInteger(min) || !Number.isInteger(max) || (min as number) < 1) {
      return { ok: false, error: 'digits grammar needs integer minDigits ≥ 1 and maxDigits' };
    }
    if ((max as number) < (min as number) || (max as number) > GRAMMAR_LIMITS.maxDigits) {
      return { ok: false, error: `digits grammar needs minDigits ≤ maxDigits ≤ ${GRAMMAR_LIMITS.maxDigits}` };
    }
  }
  return { ok: true, value: spec as unknown as GrammarSpec };
}

function checkClasses(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'classes must be an object';
  for (const [key, list] of Object.entries(value)) {
    if (!(NAME_CLASSES as readonly string[]).includes(key))
      return `classes may only have ${NAME_CLASSES.join(', ')}`;
    const problem = checkList(list, `classes.${key}`, GRAMMAR_LIMITS.maxOptions);
    if (problem) return problem;
  }
  return undefined;
}

/** A stable key for caching compiled grammars: equal specs give equal keys. */
export function grammarKey(spec: GrammarSpec): string {
  const options = 'options' in spec ? spec.options : spec.kind === 'free' ? spec.names : undefined;
  const digits = spec.kind === 'digits' ? `${spec.minDigits}-${spec.maxDigits}` : '';
  const classes =
    spec.kind === 'free' && spec.classes ? NAME_CLASSES.map((c) => spec.classes?.[c] ?? []) : [];
  return JSON.stringify([spec.kind, digits, options ?? [], spec.phrases ?? [], classes]);
}
