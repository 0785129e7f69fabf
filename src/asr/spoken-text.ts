/**
 * Written English → the words a recogniser outputs. A decoder's vocabulary is words, so the
 * domain language model is trained on "send twelve hundred dollars to bob", not "send $1,200 to
 * bob" (the NLU reads numbers back from words, vosk-api#627 in docs/peer-protocols).
 * Numbers have several spoken forms; {@link spokenVariants} returns a bounded set of them.
 */

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
// prettier-ignore
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
/** The words a digit can be read as. */
export const DIGIT_WORD_SET: ReadonlySet<string> = new Set([...UNITS, 'oh']);
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
// prettier-ignore
const ORDINAL_IRREGULAR: Readonly<Record<string, string>> = {
  one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth',
};
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  $: 'dollars',
  '€': 'euros',
  '£': 'pounds',
  '¥': 'yuan',
};
/** Words after which a digit string is read digit by digit ("ending in 4321", "pin 1357"). */
const DIGIT_CONTEXT = new Set(['ending', 'in', 'ends', 'digits', 'pin', 'number', 'code', 'is']);
const DIGIT_STRING = /^\d{3,}$/;

/** Cardinal below 1000 ("two hundred fifty"); `and` inserts the British/US-colloquial "and". */
function below1000(n: number, and: boolean): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) words.push(UNITS[hundreds] ?? '', 'hundred');
  if (rest > 0) {
    if (hundreds > 0 && and) words.push('and');
    if (rest < 10) words.push(UNITS[rest] ?? '');
    else if (rest < 20) words.push(TEENS[rest - 10] ?? '');
    else {
      words.push(TENS[Math.floor(rest / 10)] ?? '');
      if (rest % 10 > 0) words.push(UNITS[rest % 10] ?? '');
    }
  }
  return words;
}

/**
 * A non-negative integer below one trillion as words: 1200 → "one thousand two hundred".
 * @param and - "two hundred and fifty" instead of "two hundred fifty".
 * @throws RangeError outside 0 … 999,999,999,999 or for a non-integer.
 */
export function cardinalWords(n: number, and = false): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`cannot read ${n} as words`);
  if (n === 0) return 'zero';
  const words: string[] = [];
  const scales: [number, string][] = [
    [1e9, 'billion'],
    [1e6, 'million'],
    [1e3, 'thousand'],
  ];
  let rest = n;
  for (const [size, name] of scales) {
    const count = Math.floor(rest / size);
    if (count > 0) words.push(...below1000(count, and), name);
    rest %= size;
  }
  if (rest > 0) {
    if (and && rest < 100 && n >= 1000) words.push('and');
    words.push(...below1000(rest, and));
  }
  return words.join(' ');
}

/**
 * The common spoken forms of a whole number, most usual first and without duplicates:
 * 1200 → "one thousand two hundred", "twelve hundred", "one thousand two hundred"… ;
 * 250 → "two hundred fifty", "two hundred and fifty"; 100 → "one hundred", "a hundred".
 */
export function cardinalVariants(n: number): string[] {
  const forms = [cardinalWords(n), cardinalWords(n, true)];
  if (n >= 1100 && n < 10000 && n % 1000 >= 100 && n % 100 === 0) {
    forms.splice(1, 0, `${below1000(Math.floor(n / 100), false).join(' ')} hundred`);
  }
  if (n === 100 || n === 1000) forms.push(`a ${n === 100 ? 'hundred' : 'thousand'}`);
  return [...new Set(forms)];
}

/** An ordinal as words: 15 → "fifteenth", 21 → "twenty first". */
export function ordinalWords(n: number): string {
  const words = cardinalWords(n).split(' ');
  const last = words.pop() ?? '';
  const irregular = ORDINAL_IRREGULAR[last];
  const ordinal = irregular ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return [...words, ordinal].join(' ');
}

/** A digit string read digit by digit: "0123" → "zero one two three" (or "oh one two three"). */
export function digitWords(digits: string, zero: 'zero' | 'oh' = 'zero'): string {
  return [...digits].map((d) => (d === '0' ? zero : (UNITS[Number(d)] ?? ''))).join(' ');
}

/**
 * Spoken forms of a decimal with cents: "$84.50" → "eighty four dollars and fifty cents", "eighty
 * four dollars fifty"; "84.50" → "eighty four fifty", "… point five zero". An amount keeps its
 * currency word: a bare "twelve fifty" is the pair 1250 to the NLU, as "two fifty" is 250.
 */
function decimalVariants(whole: number, fraction: string, currency: string | undefined): string[] {
  const cents = Number(fraction.padEnd(2, '0').slice(0, 2));
  const wholeWords = cardinalWords(whole);
  if (currency) {
    const full = `${wholeWords} ${currency} and ${cardinalWords(cents)} cents`;
    return [full, `${wholeWords} ${currency} ${cardinalWords(cents)}`];
  }
  return [`${wholeWords} ${cardinalWords(cents)}`, `${wholeWords} point ${digitWords(fraction)}`];
}

/** Typed abbreviations the NLU data keeps for text input, in the words a speaker says. */
// prettier-ignore
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  yr: 'year', yrs: 'years', mo: 'month', mos: 'months', hr: 'hour', hrs: 'hours', min: 'minute',
  mins: 'minutes', pls: 'please', plz: 'please', thx: 'thanks', acct: 'account', amt: 'amount', '&': 'and',
};

const NUMBER = /^([$€£¥])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(k|%|st|nd|rd|th|am|pm)?$/;

/** The spoken forms of `tokens[index]`, which depend on its neighbours. */
function tokenVariants(tokens: readonly string[], index: number): string[] {
  const token = tokens[index] ?? '';
  const previous = tokens[index - 1];
  const abbreviation = ABBREVIATIONS[token];
  if (abbreviation) return [abbreviation];
  const decade = /^(\d*0)s$/.exec(token); // "the 90s", "in my 20s"
  if (decade) return [cardinalWords(Number(decade[1])).replace(/y$/, 'ie').replace(/$/, 's')];
  const unit = /^(\d+)(yr|yrs|mo|mos|hr|hrs|min|mins)$/.exec(token); // "1yr", "6mos"
  if (unit) return [`${cardinalWords(Number(unit[1]))} ${ABBREVIATIONS[unit[2] ?? ''] ?? ''}`];
  const match = NUMBER.exec(token);
  if (!match) return [token];
  const [, symbol, digits = '', fraction, suffix] = match;
  const currency = symbol ? CURRENCY_SYMBOLS[symbol] : undefined;
  const plain = digits.replaceAll(',', '');
  const value = Number(plain);
  if (suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th') return [ordinalWords(value)];
  if (suffix === 'am' || suffix === 'pm') return [`${cardinalWords(value)} ${suffix[0] ?? ''} m`];
  if (fraction !== undefined) {
    const forms = decimalVariants(value, fraction, currency);
    return suffix === '%' ? [`${cardinalWords(value)} point ${digitWords(fraction)} percent`] : forms;
  }
  const beforePrevious = tokens[index - 2];
  const isYear =
    !symbol &&
    !suffix &&
    value >= 1900 &&
    value < 2100 &&
    (previous === 'since' || (previous === 'in' && beforePrevious !== 'ending' && beforePrevious !== 'ends'));
  // Phone numbers come in groups ("555 0123"): a digit string next to another is read digit by digit.
  const inGroup = DIGIT_STRING.test(tokens[index - 1] ?? '') || DIGIT_STRING.test(tokens[index + 1] ?? '');
  const readAsDigits =
    !symbol &&
    !suffix &&
    !isYear &&
    !digits.includes(',') &&
    ((plain.length >= 3 && ((previous !== undefined && DIGIT_CONTEXT.has(previous)) || inGroup)) ||
      (plain.startsWith('0') && plain.length > 1) ||
      plain.length >= 7);
  if (readAsDigits) {
    return plain.includes('0') ? [digitWords(plain), digitWords(plain, 'oh')] : [digitWords(plain)];
  }
  if (isYear) {
    const high = Math.floor(value / 100);
    const low = value % 100;
    return [
      `${cardinalWords(high)} ${low === 0 ? 'hundred' : low < 10 ? `oh ${cardinalWords(low)}` : cardinalWords(low)}`,
    ];
  }
  const forms = cardinalVariants(value);
  const tail = suffix === 'k' ? ' k' : suffix === '%' ? ' percent' : currency ? ` ${currency}` : '';
  return forms.map((f) => f + tail);
}

/**
 * Splits written text into lower-case word tokens: hyphens and slashes separate words ("e-mail"
 * → "e mail", "24/7" → "24 7"); quotes and sentence punctuation go; apostrophes inside words
 * stay ("what's"), since the pronouncing dictionary has those forms.
 */
export function writtenTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[-/–—]/g, ' ')
    .replace(/[^\p{L}\p{N}$€£¥%'.,\s]/gu, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^[.,']+|[.,']+$/g, ''))
    .filter((t) => t.length > 0);
}

/**
 * The spoken forms of a written sentence, at most `maxVariants`: numbers and amounts in words,
 * currency symbols after the number, ordinals, digit strings after "ending in" / "pin" read digit
 * by digit. Variant `k` takes the `k`-th form of every number (cycling), so the set is
 * deterministic and small.
 */
export function spokenVariants(text: string, maxVariants = 3): string[] {
  const tokens = writtenTokens(text);
  const options = tokens.map((_, i) => tokenVariants(tokens, i));
  const count = Math.min(maxVariants, Math.max(...options.map((o) => o.length), 1));
  const variants = new Set<string>();
  for (let k = 0; k < count; k++) {
    variants.add(
      options
        .map((o) => o[k % o.length] ?? '')
        .join(' ')
        .replace(/[.,]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  return [...variants].filter((v) => v.length > 0);
}
