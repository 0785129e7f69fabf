import { readFileSync } from 'node:fs';
import { letterToSound } from './letter-to-sound.ts';

/**
 * Pronunciations for PocketSphinx. The CMU dictionary Debian ships (134k words, 3.2 MB) is held
 * as one string and searched per word, rather than parsed into a map: lookups happen only when a
 * grammar is compiled (a few dozen words), and a 134k-entry `Map` would cost ~30 MB per process.
 * Words it does not know get a letter-to-sound guess (see letter-to-sound.ts) or, for known
 * acronyms, a spelled-out pronunciation.
 */

/** Letter names in CMU phones, for acronyms ("usd" → Y UW EH S D IY). */
// prettier-ignore
const LETTER_PHONES: Readonly<Record<string, string>> = {
  a: 'EY', b: 'B IY', c: 'S IY', d: 'D IY', e: 'IY', f: 'EH F', g: 'JH IY', h: 'EY CH', i: 'AY', j: 'JH EY',
  k: 'K EY', l: 'EH L', m: 'EH M', n: 'EH N', o: 'OW', p: 'P IY', q: 'K Y UW', r: 'AA R', s: 'EH S', t: 'T IY',
  u: 'Y UW', v: 'V IY', w: 'D AH B AH L Y UW', x: 'EH K S', y: 'W AY', z: 'Z IY',
};

/** Words read letter by letter even when they look pronounceable. */
// prettier-ignore
export const SPELLED_WORDS: ReadonlySet<string> = new Set([
  'usd', 'rmb', 'hkd', 'eur', 'gbp', 'jpy', 'cny', 'cvv', 'sms', 'otp', 'ssn', 'ach', 'apr', 'apy',
  'pdf', 'nyc', 'nys', 'hsbc', 'icbc', 'ceo', 'vip', 'qr', 'atm', 'cd', 'hoa', 'esg', 'etf', 'kyc', 'nsf',
]);

/** Pronunciation of a word spelled letter by letter; `undefined` when it has non-letters. */
export function spelledPronunciation(word: string): string | undefined {
  const phones = [...word].map((ch) => LETTER_PHONES[ch]);
  return phones.every((p) => p !== undefined) ? phones.join(' ') : undefined;
}

/**
 * Where a pronunciation came from: the dictionary, spelled letters, known parts (a stem with an
 * inflection, two known words) or a rule-based guess.
 */
export type PronunciationSource = 'dictionary' | 'spelled' | 'derived' | 'guessed';

const PREFIX_PHONES: Readonly<Record<string, string>> = { un: 'AH N', re: 'R IY', de: 'D IY', pre: 'P R IY' };
const SIBILANTS = new Set(['S', 'Z', 'SH', 'ZH', 'CH', 'JH']);
const VOICELESS = new Set(['P', 'T', 'K', 'F', 'TH', 'S', 'SH', 'CH']);

/** The phones of an English inflection after `stem` (plural/possessive s, past tense ed). */
function inflection(stem: string, suffix: string): string {
  const last = stem.split(' ').at(-1) ?? '';
  if (suffix === 'ed' || suffix === 'd')
    return last === 'T' || last === 'D' ? 'IH D' : VOICELESS.has(last) ? 'T' : 'D';
  return SIBILANTS.has(last) ? 'IH Z' : VOICELESS.has(last) ? 'S' : 'Z';
}

/** One word's pronunciations (CMU phones, space-separated) and where they came from. */
export interface Pronunciation {
  readonly word: string;
  readonly phones: readonly string[];
  readonly source: PronunciationSource;
}

/** A read-only CMU-format pronouncing dictionary (`word PH ON ES`, variants as `word(2)`). */
export class PronouncingDictionary {
  readonly #text: string;

  /** @param text - the dictionary's contents. */
  constructor(text: string) {
    this.#text = text.startsWith('\n') ? text : `\n${text}`;
  }

  /** Reads a dictionary file (latin1: the CMU dictionary is ASCII). */
  static fromFile(path: string): PronouncingDictionary {
    return new PronouncingDictionary(readFileSync(path, 'latin1'));
  }

  /** All pronunciations of `word` in the dictionary, in file order; empty when absent. */
  lookup(word: string): string[] {
    const found: string[] = [];
    for (const head of [`\n${word} `, `\n${word}(`]) {
      let at = this.#text.indexOf(head);
      while (at >= 0) {
        const end = this.#text.indexOf('\n', at + 1);
        const line = this.#text.slice(at + 1, end < 0 ? undefined : end);
        const phones = line
          .slice(line.indexOf(' ') + 1)
          .replace(/#.*$/, '')
          .trim();
        if (phones) found.push(phones);
        at = this.#text.indexOf(head, at + 1);
      }
    }
    return found;
  }

  /** The first dictionary pronunciation, or a derived one, of `word`; no guessing. */
  #known(word: string): string | undefined {
    return this.lookup(word)[0] ?? (SPELLED_WORDS.has(word) ? spelledPronunciation(word) : undefined);
  }

  /**
   * A pronunciation built from known parts: an inflection of a known stem ("payees", "pin's",
   * "billers", "logins", "messaged") or two known words ("cashback", "passcode", "unfreeze").
   */
  #derive(word: string): string | undefined {
    for (const [suffix, stemEnd] of [
      ["'s", ''],
      ['s', ''],
      ['es', ''],
      ['ed', ''],
      ['ed', 'e'],
      ['d', ''],
    ] as const) {
      if (!word.endsWith(suffix) || word.length - suffix.length < 2) continue;
      const stem = this.#known(word.slice(0, -suffix.length) + stemEnd);
      if (stem) return `${stem} ${inflection(stem, suffix)}`;
    }
    for (const prefix of ['un', 're', 'de', 'pre']) {
      const rest = word.startsWith(prefix) ? this.#known(word.slice(prefix.length)) : undefined;
      if (rest) return `${PREFIX_PHONES[prefix] ?? ''} ${rest}`;
    }
    for (let cut = word.length - 4; cut >= 4; cut--) {
      const head = this.#known(word.slice(0, cut));
      const tail = head ? this.#known(word.slice(cut)) : undefined;
      if (head && tail) return `${head} ${tail}`;
    }
    return undefined;
  }

  /**
   * A pronunciation for any lower-case word: the dictionary's, else spelled for acronyms, else a
   * letter-to-sound guess. Never empty for a word of letters.
   */
  pronounce(word: string): Pronunciation {
    if (SPELLED_WORDS.has(word)) {
      const spelled = spelledPronunciation(word);
      if (spelled) return { word, phones: [...new Set([spelled, ...this.lookup(word)])], source: 'spelled' };
    }
    const known = this.lookup(word);
    if (known.length > 0) return { word, phones: known, source: 'dictionary' };
    const derived = this.#derive(word);
    if (derived) return { word, phones: [derived], source: 'derived' };
    const letters = word.replace(/[^a-z]/g, '');
    const noVowel = !/[aeiouy]/.test(letters);
    const spelled = noVowel ? spelledPronunciation(letters) : undefined;
    if (spelled) return { word, phones: [spelled], source: 'spelled' };
    return { word, phones: [letterToSound(letters)], source: 'guessed' };
  }
}

/** Writes pronunciations in the dictionary format PocketSphinx reads (`-dict`). */
export function formatDictionary(entries: Iterable<Pronunciation>): string {
  const lines: string[] = [];
  for (const { word, phones } of entries) {
    phones.forEach((p, i) => lines.push(i === 0 ? `${word} ${p}` : `${word}(${i + 1}) ${p}`));
  }
  return `${lines.join('\n')}\n`;
}

const VOWELS: ReadonlySet<string> = new Set([
  'AA',
  'AE',
  'AH',
  'AO',
  'AW',
  'AY',
  'EH',
  'ER',
  'EY',
  'IH',
  'IY',
  'OW',
  'OY',
  'UH',
  'UW',
]);

/**
 * What a vowel before a dropped R becomes in non-rhotic English (RP, Australian, New Zealand,
 * South African, Singaporean and Hong Kong English), in the nearest en-us phones: "card" K AA D,
 * "four" F AO, "here" HH IY AH, "there" DH EH AH, "sure" SH AO.
 */
// prettier-ignore
const BEFORE_DROPPED_R: Readonly<Record<string, readonly string[]>> = {
  AA: ['AA'], AO: ['AO'], AH: ['AH'], AE: ['AA'], OW: ['AO'], UH: ['AO'],
  IY: ['IY', 'AH'], IH: ['IH', 'AH'], EH: ['EH', 'AH'], EY: ['EH', 'AH'], UW: ['UH', 'AH'],
  AY: ['AY', 'AH'], AW: ['AW', 'AH'], OY: ['OY', 'AH'],
};

/**
 * The non-rhotic variant of a CMU pronunciation, or `undefined` when it has no R to drop. An R
 * after a vowel is dropped unless a vowel follows in the word ("very" and "error"'s first R stay);
 * ER becomes AH ("dollars" D AA L AH Z, "first" F AH S T), keeping its R before a vowel
 * ("transferring" T R AE N S F AH R IH NG). Word-final R is dropped: a linking R before the next
 * word's vowel is not modelled.
 */
export function nonRhoticVariant(phones: string): string | undefined {
  const input = phones.split(' ');
  const out: string[] = [];
  input.forEach((phone, i) => {
    const next = input[i + 1];
    const vowelNext = next !== undefined && VOWELS.has(next);
    if (phone === 'ER') {
      out.push(...(vowelNext ? ['AH', 'R'] : ['AH']));
      return;
    }
    const previous = out.at(-1);
    if (phone === 'R' && previous !== undefined && VOWELS.has(previous) && !vowelNext) {
      out.pop();
      out.push(...(BEFORE_DROPPED_R[previous] ?? [previous]));
      return;
    }
    out.push(phone);
  });
  const variant = out.join(' ');
  return variant === phones ? undefined : variant;
}

/**
 * Words whose AE is AA in southern British English (the BATH vowel: "can't" K AA N T, "pass",
 * "branch", "transfer"), said by a stem and its usual endings. A list, not a rule: "passenger",
 * "classic" and "bank" keep AE.
 */
const BATH_WORD =
  /^(advance|after|answer|ask|aunt|bath|branch|can't|cant|chance|class|command|dance|demand|disaster|draft|example|fast|france|glass|grant|half|last|master|pass|past|path|plant|rather|sample|staff|task|transfer|vast)(s|es|ed|ing|er|ers|ly|noon|word|words|code|codes|port|ports|card|cards|red|ring)?$/;

/** British pronunciations of words that differ by more than their Rs and vowels ("schedule"). */
// prettier-ignore
const BRITISH_WORDS: Readonly<Record<string, readonly string[]>> = {
  schedule: ['SH EH JH UW L'], scheduled: ['SH EH JH UW L D'], schedules: ['SH EH JH UW L Z'],
  scheduling: ['SH EH JH UW L IH NG'], mobile: ['M OW B AY L'], privacy: ['P R IH V AH S IY'],
  garage: ['G AE R AA ZH', 'G AE R IH JH'],
};

/**
 * British variants of one word's CMU pronunciations: the word's own British form, then per
 * pronunciation its non-rhotic form ({@link nonRhoticVariant}) and its BATH form (non-rhotic too),
 * none repeated.
 */
export function britishVariants(word: string, phones: readonly string[]): string[] {
  const out: string[] = [];
  const add = (p: string | undefined): void => {
    if (p !== undefined && !phones.includes(p) && !out.includes(p)) out.push(p);
  };
  for (const p of BRITISH_WORDS[word] ?? []) add(p);
  for (const p of phones) {
    const bath = BATH_WORD.test(word) ? p.replace(/\bAE\b/, 'AA') : undefined;
    add(nonRhoticVariant(p));
    // The BATH vowel comes with dropped Rs ("after" AA F T AH), not beside a kept one.
    if (bath !== undefined && bath !== p) add(nonRhoticVariant(bath) ?? bath);
  }
  return out;
}

/**
 * `entries` with British pronunciations added after each word's own ({@link britishVariants}),
 * so that callers who drop their Rs or say "cahn't" are heard with the same words and LM: the
 * dictionary of `asrAccent: 'us+gb'` (src/asr/README.md, "British English").
 */
export function withBritishVariants(entries: readonly Pronunciation[]): Pronunciation[] {
  return entries.map((entry) => {
    const extra = britishVariants(entry.word, entry.phones);
    return extra.length === 0 ? entry : { ...entry, phones: [...entry.phones, ...extra] };
  });
}

/**
 * How a name of several words is said, given each word's first pronunciation: the words in a row,
 * then, with British variants wanted, the same with each word's first British variant ("amelia
 * barker": … B AA K AH beside … B AA R K ER). Customer names added per stream use this.
 */
export function namePronunciations(
  words: readonly string[],
  first: readonly string[],
  british: boolean,
): string[] {
  const american = first.join(' ');
  if (!british) return [american];
  const variant = words.map((word, i) => britishVariants(word, [first[i] ?? ''])[0] ?? first[i]).join(' ');
  return variant === american ? [american] : [american, variant];
}
