/**
 * The calibration utterances for scripts/asr-calibrate.ts, generated reproducibly (seeded PRNG):
 * held-out NLU examples (in domain, open speech), out-of-scope examples from data/nlu/en/oos.yaml,
 * answers to each grammar kind with random names and amounts, and sentences said where they do not
 * fit the grammar. Disjoint from scripts/asr-eval-set.ts, which measures the result.
 */
import type { GrammarSpec } from '../src/asr/grammar.ts';
import { cardinalVariants, digitWords } from '../src/asr/spoken-text.ts';
import { spokenVariants } from '../src/asr/spoken-text.ts';
import { nluExamples, oosExamples } from './asr-corpus.ts';

/** One calibration utterance with its labels. */
export interface CalibrationItem {
  readonly text: string;
  readonly grammar: GrammarSpec;
  /** Said in domain (free) or as an answer the grammar covers (grammar turns). */
  readonly inDomain: boolean;
}

/** mulberry32: a small seeded PRNG (public domain), so the set is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// prettier-ignore
const FIRST = ['bob', 'alice', 'maria', 'james', 'wei', 'sarah', 'david', 'emma', 'carlos', 'priya', 'ahmed', 'olga', 'kenji', 'fatima', 'lucas', 'chloe', 'raj', 'ana', 'tom', 'grace'];
// prettier-ignore
const LAST = ['li', 'chen', 'garcia', 'smith', 'wong', 'patel', 'nguyen', 'kim', 'lopez', 'johnson', 'brown', 'khan', 'silva', 'miller', 'tanaka', 'okafor', 'rossi', 'cohen', 'zhang', 'davis'];
const ACCOUNTS = [
  'checking',
  'savings',
  'everyday checking',
  'business account',
  'travel card',
  'platinum visa',
];
// prettier-ignore
const YES = ['yes', 'yeah', 'yep', 'sure', 'correct', "that's right", 'go ahead', 'yes please', 'okay', 'confirm', 'absolutely', 'sounds good', 'yes go ahead', 'please do'];
const NO = ['no', 'nope', 'no thanks', "that's wrong", 'not really', 'nah'];
// prettier-ignore
const GLOBAL = ['cancel', 'go back', 'repeat that', 'help', 'start over', 'speak to an agent', 'hold on', 'thank you', 'speak slower', 'never mind'];
const NAMED = [
  'the minimum payment',
  'the full balance',
  'the statement balance',
  "this month's payment",
  'all of it',
];
const ORDINALS = ['the first one', 'the second one', 'the third one', 'the last one', 'the other one'];

/** Builds the set. @param heldOut - NLU examples kept out of the calibration LM. */
export function calibrationSet(
  heldOut: string[],
  sizes = { free: 240, oos: 200, grammar: 260, off: 160 },
): CalibrationItem[] {
  const random = prng(20240607);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const name = (): string => `${pick(FIRST)} ${pick(LAST)}`;
  const amount = (): string => {
    const r = random();
    const n =
      r < 0.3
        ? 1 + Math.floor(random() * 99)
        : r < 0.7
          ? 100 + Math.floor(random() * 900)
          : 1000 + Math.floor(random() * 9000);
    const words = pick(cardinalVariants(n));
    const unit = random() < 0.6 ? ' dollars' : '';
    const cents =
      random() < 0.15 ? ` and ${pick(cardinalVariants(1 + Math.floor(random() * 99)))} cents` : '';
    return `${words}${unit}${cents}`;
  };
  const digits = (count: number): string =>
    Array.from({ length: count }, () => String(Math.floor(random() * 10))).join('');
  const items: CalibrationItem[] = [];
  const free: GrammarSpec = { kind: 'free' };
  // Shuffle (Fisher-Yates, seeded) so every intent is represented, not the first files.
  heldOut = [...heldOut];
  for (let i = heldOut.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [heldOut[i], heldOut[j]] = [heldOut[j] as string, heldOut[i] as string];
  }
  for (const text of heldOut.slice(0, sizes.free))
    items.push({ text: spokenVariants(text, 1)[0] ?? text, grammar: free, inDomain: true });
  for (const text of oosExamples().slice(0, sizes.oos))
    items.push({ text: spokenVariants(text, 1)[0] ?? text, grammar: free, inDomain: false });

  const grammarAnswer = (): { text: string; grammar: GrammarSpec } => {
    const options = [...new Set(Array.from({ length: 2 + Math.floor(random() * 3) }, name))];
    const kind = pick(['amount', 'digits', 'confirmation', 'choice'] as const);
    if (random() < 0.1)
      return { text: pick(GLOBAL), grammar: kind === 'choice' ? { kind, options } : { kind: 'amount' } };
    switch (kind) {
      case 'amount':
        return {
          text: random() < 0.15 ? pick(NAMED) : `${random() < 0.2 ? 'make it ' : ''}${amount()}`,
          grammar: { kind },
        };
      case 'digits': {
        const pin = random() < 0.7;
        const value = digits(pin ? 4 + Math.floor(random() * 3) : 10);
        const spoken = digitWords(value, random() < 0.5 ? 'oh' : 'zero');
        return {
          text: spoken,
          grammar: pin ? { kind, minDigits: 4, maxDigits: 6 } : { kind, minDigits: 7, maxDigits: 15 },
        };
      }
      case 'confirmation': {
        const r = random();
        const grammar: GrammarSpec = { kind, options: [...options, ...ACCOUNTS] };
        if (r < 0.45) return { text: pick(YES), grammar };
        if (r < 0.7) return { text: pick(NO), grammar };
        if (r < 0.85) return { text: `no make it ${amount()}`, grammar };
        return {
          text: random() < 0.5 ? `send it to ${pick(options)} instead` : `from ${pick(ACCOUNTS)} instead`,
          grammar,
        };
      }
      default: {
        const r = random();
        const text =
          r < 0.65 ? pick(options) : r < 0.8 ? pick(ORDINALS) : `the one ending in ${digitWords(digits(4))}`;
        return { text, grammar: { kind: 'choice', options } };
      }
    }
  };
  for (let i = 0; i < sizes.grammar; i++) items.push({ ...grammarAnswer(), inDomain: true });
  const offTexts = [...heldOut.slice(sizes.free), ...oosExamples().slice(sizes.oos)];
  for (let i = 0; i < sizes.off && offTexts.length > 0; i++) {
    const text = spokenVariants(offTexts[Math.floor(random() * offTexts.length)] ?? '', 1)[0] ?? '';
    items.push({ text, grammar: grammarAnswer().grammar, inDomain: false });
  }
  return items;
}

/** Every `every`-th example of each intent, held out of the calibration LM. */
export function heldOutExamples(every = 10): string[] {
  const out: string[] = [];
  for (const examples of nluExamples().values())
    examples.forEach((e, i) => i % every === every - 1 && out.push(e));
  return out;
}
