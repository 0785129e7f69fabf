/**
 * The English domain corpus behind the free-speech language model: every NLU example except the
 * out-of-scope ones (scripts/asr-build-lm.ts `--oos` adds those once each), in spoken words, plus
 * generated amount and digit answers. Shared by
 * scripts/asr-build-lm.ts and scripts/asr-eval.ts (which checks its sentences are not in here).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { PronouncingDictionary } from '../src/asr/lexicon.ts';
import { EN_TEENS, EN_TENS, EN_UNITS } from '../src/nlu/entities/numbers-en.ts';
import { cardinalVariants, cardinalWords, digitWords, spokenVariants } from '../src/asr/spoken-text.ts';
import { NAME_CLASS_TOKENS } from '../src/asr/named-lm.ts';

/**
 * Trigrams seen once are pruned from the banking LM: 3.3 MB → 1.5 MB of ARPA, decoder start-up
 * 150 → 90 ms, WER on scripts/asr-eval-set.ts 2.9 % → 3.1 % (mean of the four voices, measured).
 */
export const MIN_TRIGRAM_COUNT = 2;

/**
 * Sentences holding a word the corpus has only once are left out of the banking LM, so its
 * vocabulary grows slower than the NLU data: built from 125k utterances without this floor it had
 * 6,602 words, and a node sustained 28 callers talking back to back instead of 32 (`npm run
 * bench:voice -- --only concurrency --callers back-to-back`, the same hour); with it, 4,808 words
 * (1,721 of 73k sentences left out: "locksmith", "halloween", "nappies") and 32 again, at the same
 * word error rate (scripts/asr-eval.ts, four flite voices).
 */
export const MIN_WORD_COUNT = 2;

/** The sentences whose every word occurs at least `minCount` times in the corpus. */
function withoutRareWords(
  sentences: readonly string[],
  minCount: number,
): { sentences: string[]; dropped: string[] } {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const w of s.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1);
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const s of sentences)
    (s.split(' ').some((w) => (counts.get(w) ?? 0) < minCount) ? dropped : kept).push(s);
  return { sentences: kept, dropped };
}

/**
 * The sentences a banking LM is built from: typed-text typos and forms dropped (`withoutTypos`),
 * then sentences with a word rarer than `minWordCount` (`withoutRareWords`). The shipped LM
 * (scripts/asr-build-lm.ts) and the calibration one (scripts/asr-calibrate.ts) both go through it.
 */
export function lmSentences(
  sentences: readonly string[],
  dict: PronouncingDictionary,
  minWordCount = MIN_WORD_COUNT,
): { sentences: string[]; typos: string[]; rare: string[] } {
  const typed = withoutTypos(sentences, dict);
  const kept = withoutRareWords(typed.sentences, minWordCount);
  return { sentences: kept.sentences, typos: typed.dropped, rare: kept.dropped };
}

/** Other amounts each request naming one is also said with (see `withOtherAmounts`). */
const OTHER_AMOUNTS = 3;

/** The repository root. */
export const ROOT = new URL('..', import.meta.url).pathname;

/** NLU examples by intent, out-of-scope (`oos`) excluded, from data/nlu/en/*.yaml. */
export function nluExamples(lang = 'en'): Map<string, string[]> {
  const dir = join(ROOT, 'data', 'nlu', lang);
  const byIntent = new Map<string, string[]>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    for (const [intent, examples] of Object.entries(doc)) {
      if (intent === 'oos' || !Array.isArray(examples)) continue;
      byIntent.set(
        intent,
        examples.filter((e): e is string => typeof e === 'string'),
      );
    }
  }
  return byIntent;
}

/** Out-of-scope examples from data/nlu/en/oos.yaml. */
export function oosExamples(lang = 'en'): string[] {
  const doc = parse(readFileSync(join(ROOT, 'data', 'nlu', lang, 'oos.yaml'), 'utf8')) as { oos?: unknown };
  return Array.isArray(doc.oos) ? doc.oos.filter((e): e is string => typeof e === 'string') : [];
}

/**
 * Amounts people answer with; a spread, not every number (the trigram generalises between them),
 * except round hundreds: each of "thirteen hundred" … "ninety nine hundred" is its own bigram, and
 * one never seen lost to a seen one ("thirteen hundred" was heard as "for two hundred" on a phone line).
 */
function amountsToSay(): number[] {
  const values = new Set<number>();
  for (let n = 1; n <= 20; n++) values.add(n);
  for (let n = 25; n <= 100; n += 5) values.add(n);
  for (let n = 120; n <= 1000; n += 35) values.add(n);
  for (let n = 100; n < 10000; n += 100) values.add(n);
  for (let n = 1000; n <= 10000; n += 250) values.add(n);
  for (const n of [15000, 20000, 25000, 50000, 100000]) values.add(n);
  return [...values].sort((a, b) => a - b);
}

const NUMBER_WORDS: ReadonlySet<string> = new Set([
  ...EN_UNITS.keys(),
  ...EN_TEENS.keys(),
  ...EN_TENS.keys(),
  'hundred',
  'thousand',
]);
const CURRENCY_WORDS = new Set(['dollars', 'dollar', 'bucks', 'euros', 'pounds', 'yuan', 'usd']);
/** Words after a number that make it something other than a plain amount ("five hundred k"). */
const NOT_AMOUNT_AFTER = new Set(['k', 'grand', 'million', 'billion', 'percent', 'point', 'of', 'times']);
const MONEY_VERBS = new Set([
  'send',
  'transfer',
  'pay',
  'move',
  'wire',
  'withdraw',
  'deposit',
  'exchange',
  'convert',
]);

/**
 * Amounts substituted into the requests that name one: every number below 100, every round
 * hundred below 10,000, and a few common larger sums. From 2,000 on only the "thousand" forms:
 * "forty two hundred" is rarely said, and with every hundred to 9,900 in that form "fourteen
 * hundred" on a phone line was heard as "forty two hundred".
 */
function substituteAmounts(): { value: number; forms: string[] }[] {
  const values = new Set<number>();
  for (let n = 1; n < 100; n++) values.add(n);
  for (let n = 100; n < 10000; n += 100) values.add(n);
  for (const n of [150, 250, 350, 450, 750, 12000, 15000, 20000, 25000, 50000]) values.add(n);
  return [...values]
    .sort((a, b) => a - b)
    .map((value) => ({
      value,
      forms: cardinalVariants(value).filter((f) => value < 2000 || f.includes('thousand')),
    }));
}

/** Computed once: every request naming an amount draws from it. */
const SUBSTITUTE_AMOUNTS: readonly { readonly value: number; readonly forms: readonly string[] }[] =
  substituteAmounts();

/**
 * The amount in a spoken request said `count` other ways: "transfer two hundred dollars to my
 * landlord" → "transfer thirteen hundred dollars to my landlord", … The NLU data's amounts are
 * the few that its writers reached for (500, 300, 1,000), so the banking LM found "thirteen" after
 * "transfer" a thousand times less likely than "for" and heard "thirteen hundred" as "for two
 * hundred". An amount is a run of number words before a currency word or after a money verb.
 */
function withOtherAmounts(sentence: string, count: number, seed: { next: number }): string[] {
  const words = sentence.split(' ');
  let start = -1;
  let end = -1;
  for (let i = 0; i < words.length; i++) {
    if (!NUMBER_WORDS.has(words[i] ?? '') && !(words[i] === 'a' && words[i + 1] === 'hundred')) continue;
    let j = i;
    while (j < words.length && (NUMBER_WORDS.has(words[j] ?? '') || words[j] === 'and' || words[j] === 'a'))
      j++;
    while (j > i && (words[j - 1] === 'and' || words[j - 1] === 'a')) j--;
    const after = words[j] ?? '';
    const amount =
      CURRENCY_WORDS.has(after) || (MONEY_VERBS.has(words[i - 1] ?? '') && !NOT_AMOUNT_AFTER.has(after));
    if (amount) {
      start = i;
      end = j;
      break;
    }
    i = j;
  }
  if (start < 0) return [];
  const amounts = SUBSTITUTE_AMOUNTS;
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const index = seed.next++;
    const forms = amounts[(index * 37) % amounts.length]?.forms ?? ['one'];
    // Each amount's forms in turn, pass by pass: `index % forms.length` gave an amount the same
    // form on every pass when the list's length shares a factor with it (208 amounts, two forms:
    // 1,300 was always "one thousand three hundred" and 1,400 always "fourteen hundred", so the LM
    // heard a caller's "thirteen hundred" as "fourteen hundred").
    const said = forms[Math.floor(index / amounts.length) % forms.length] ?? 'one';
    // Every fourth one in dollars gets cents, so "and twenty cents" is not heard as "… twenty sent".
    const cents =
      words[end] === 'dollars' && index % 4 === 3 ? ['and', cardinalWords(1 + (index % 99)), 'cents'] : [];
    out.push(
      [...words.slice(0, start), said, ...words.slice(end, end + 1), ...cents, ...words.slice(end + 1)].join(
        ' ',
      ),
    );
  }
  return out;
}

/** Four-digit strings from a fixed linear congruential sequence, so the corpus is reproducible. */
function digitStrings(count: number): string[] {
  const out: string[] = [];
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out.push(String(state % 10000).padStart(4, '0'));
  }
  return out;
}

/**
 * Payee and biller names the NLU data says (its writers' people and companies, and the demo
 * world's), longest first. A sentence naming one is also kept with the name replaced by its class
 * token, so the LM learns where a customer's own names go ("pay [biller] ninety dollars"); a
 * stream fills the classes with its customer's names (named-lm.ts).
 */
// prettier-ignore
const CLASS_NAMES: readonly (readonly [string, string])[] = [
  ...['bob li', 'bob chen', 'maria garcia', 'greenwood properties', 'alice', 'bob', 'maria', 'jenny',
    'tom', 'priya', 'kevin', 'dave', 'jen', 'tommy'].map((n) => [n, NAME_CLASS_TOKENS.payee] as const),
  ...['city power', 'nyc water', 'spectrum internet', 'verizon wireless', 'columbia university', 'greenwood hoa',
    'nys tax department', 'con edison', 'comcast', 'national grid', 'duke energy', 'british gas', 'thames water',
    'octopus energy', 'cox communications', 'cox', 'directv', 'dish network', 'verizon', 'spectrum', 'at&t',
  ].map((n) => [n, NAME_CLASS_TOKENS.biller] as const),
].sort((a, b) => b[0].split(' ').length - a[0].split(' ').length);

/**
 * Where the data names a payee, biller, card or account by relation or kind, in the intents about
 * one: "send fifty dollars to my sister", "pay my electricity bill", "freeze my credit card", "move
 * it to savings". A customer's own are named like these ("Mom", "City Power", "Platinum Visa",
 * "Everyday Checking"), so these sentences also teach the classes where names go ("send fifty
 * dollars to [payee]", "pay my [biller] bill", "freeze my [card]").
 */
// prettier-ignore
const CLASS_ROLES: readonly (readonly [RegExp, string, string])[] = [
  [/^transfer\.|^payee\./, '(?:my )?(?:mom|mum|mother|dad|father|sister|brother|son|daughter|roommate|landlord|friend|wife|husband|nanny|cleaner|uncle|aunt|grandma|grandmother|cousin)', NAME_CLASS_TOKENS.payee],
  [/^bill\./, '(?:electric|electricity|water|gas|internet|broadband|phone|cable|utility|power|mobile|cell phone|tv)(?= bill)', NAME_CLASS_TOKENS.biller],
  [/^card\./, '(?:platinum visa|debit mastercard|credit card|debit card|visa card|visa|mastercard|master card|amex|platinum card|gold card|rewards card|atm card|bank card)', NAME_CLASS_TOKENS.card],
  [/^transfer\.|^account\.(?:balance|transactions|details|statement)/, '(?:everyday checking|checking account|savings account|everyday account|current account|salary account|joint account|business account|checking|savings)', NAME_CLASS_TOKENS.account],
];

/**
 * `sentence` (an example of `intent`, or a generated answer when undefined) with each name it says
 * replaced by the name's class token; undefined when it names none.
 */
export function withNameClasses(sentence: string, intent?: string): string | undefined {
  let out = ` ${sentence} `;
  // Twice for names back to back ("pay bob bob"); a name beside a name is rare enough not to matter.
  for (let pass = 0; pass < 2; pass++)
    for (const [name, token] of CLASS_NAMES) out = out.replaceAll(` ${name} `, ` ${token} `);
  for (const [intents, pattern, token] of CLASS_ROLES) {
    if (intent === undefined || !intents.test(intent)) continue;
    out = out.replace(new RegExp(` ${pattern}(?= )`, 'g'), ` ${token}`);
  }
  out = out.trim();
  return out === sentence ? undefined : out;
}

/**
 * The sentences the domain LM is trained on, in spoken words, in a fixed order.
 * @param maxVariants - spoken forms kept per example (numbers read several ways).
 * @param exclude - examples to leave out (held out for calibration).
 */
export function domainCorpus(maxVariants = 3, exclude: ReadonlySet<string> = new Set()): string[] {
  const sentences: string[] = [];
  const seed = { next: 0 };
  const classed: string[] = [];
  for (const [intent, examples] of nluExamples()) {
    for (const example of examples) {
      if (exclude.has(example)) continue;
      const spoken = spokenVariants(example, maxVariants);
      const said = [...spoken, ...withOtherAmounts(spoken[0] ?? '', OTHER_AMOUNTS, seed)];
      sentences.push(...said);
      classed.push(...said.flatMap((s) => withNameClasses(s, intent) ?? []));
    }
  }
  // Slot answers: bare amounts, amounts in dollars, digit strings ("it's four three two one").
  for (const n of amountsToSay()) {
    for (const form of cardinalVariants(n)) sentences.push(form, `${form} dollars`);
  }
  for (const digits of digitStrings(40)) sentences.push(digitWords(digits), digitWords(digits, 'oh'));
  // The plainest requests to a name, each with every amount of the spread (a template that took
  // some amounts and not others taught "pay [biller] nineteen" and not "... ninety"): the data
  // says them with few of its names and fewer of its billers.
  const { payee, biller } = NAME_CLASS_TOKENS;
  // prettier-ignore
  const templates = [`pay ${biller} # dollars`, `pay # dollars to ${biller}`, `send # dollars to ${payee}`,
    `send ${payee} # dollars`, `transfer # dollars to ${payee}`, `pay ${payee} # dollars`];
  amountsToSay().forEach((n, i) => {
    const forms = cardinalVariants(n);
    templates.forEach((template, k) =>
      classed.push(template.replace('#', forms[(i + k) % forms.length] ?? '')),
    );
  });
  return [...new Set([...sentences, ...classed])];
}

/** True when `a` and `b` differ by one insertion, deletion, substitution or adjacent swap. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return swapped || a.slice(i + 1) === b.slice(i + 1);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Typed-text forms nobody says: a letter three times over ("hiiii", "helppp", "secccc") and
 * letters run into digits ("password123", "mike1987"; short codes such as "f1" or "b12" are said).
 */
function typedForm(word: string): boolean {
  return /([a-z])\1\1/.test(word) || /[a-z]{3,}\d|\d[a-z]{3,}/.test(word);
}

/**
 * Drops sentences with typed-text typos ("whats my balanse") and typed forms (`typedForm`): the
 * NLU data keeps them on purpose for typed input, but speech has neither and they would add junk
 * words to the decoder. A typo is a word the CMU dictionary lacks that is one edit from a word it
 * has, used elsewhere in the corpus.
 */
function withoutTypos(
  sentences: readonly string[],
  dict: PronouncingDictionary,
): { sentences: string[]; dropped: string[] } {
  const vocabulary = [...new Set(sentences.flatMap((s) => s.split(' ')))];
  const known = vocabulary.filter((w) => dict.lookup(w).length > 0);
  const typos = new Set(
    vocabulary.filter(
      (w) =>
        w.length >= 4 &&
        dict.pronounce(w).source === 'guessed' &&
        known.some((k) => oneEditApart(w, k.replace(/'/g, '')) || oneEditApart(w, k)),
    ),
  );
  for (const w of vocabulary) if (typedForm(w)) typos.add(w);
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const s of sentences) (s.split(' ').some((w) => typos.has(w)) ? dropped : kept).push(s);
  return { sentences: kept, dropped };
}
