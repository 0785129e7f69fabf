import DoubleMetaphone from 'natural/lib/natural/phonetics/double_metaphone.js';
import JaroWinklerDistance from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import { pinyin } from 'pinyin-pro';

/**
 * Utterances longer than this are only read up to here. Two minutes of speech is ~2,000 characters;
 * anything longer is not an ASR turn, and the cap keeps matching time bounded for hostile input.
 */
export const MAX_UTTERANCE_CHARS = 2_000;

/** Words longer than this are never compared phonetically (no name is that long; metaphone is O(n)). */
const MAX_WORD_CHARS = 32;

/** A word, a single Han character or a digit run of an utterance, with offsets into the original. */
export interface ScriptToken {
  readonly kind: 'latin' | 'han' | 'digits';
  readonly start: number;
  readonly end: number;
  /** Latin: lowercase without diacritics; digits: ASCII digits; han: the character itself. */
  readonly norm: string;
}

// One Han character at a time (Mandarin ASR has no word boundaries), runs of other letters, and digit
// runs. `[^\P{L}\p{Script=Han}]` is "a letter that is not Han".
const TOKEN_RE = /(\p{Script=Han})|((?:[^\P{L}\p{Script=Han}]|\p{M})+)|(\p{Nd}+)/gu;

/** Lowercases and strips diacritics so "José" and ASR's "jose" compare equal. */
export function foldLatin(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Splits an utterance (first {@link MAX_UTTERANCE_CHARS} characters) into tokens. */
export function tokenizeMixed(text: string): ScriptToken[] {
  const input = text.length > MAX_UTTERANCE_CHARS ? text.slice(0, MAX_UTTERANCE_CHARS) : text;
  const tokens: ScriptToken[] = [];
  for (const m of input.matchAll(TOKEN_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1] !== undefined) tokens.push({ kind: 'han', start, end, norm: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'latin', start, end, norm: foldLatin(m[2]) });
    else tokens.push({ kind: 'digits', start, end, norm: m[0].normalize('NFKC') });
  }
  return tokens;
}

/** Bounded memo: clears itself when full, so hostile input cannot grow memory without bound. */
function memo<V>(limit: number, compute: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** Precomputed comparison keys of one Latin word. */
export interface LatinKey {
  readonly word: string;
  /** Double Metaphone primary and alternate keys. */
  readonly keys: readonly [string, string];
  /**
   * Consonants (no vowels, h, or y after the start): tells "lee"/"li" (one sound) from "bob"/"pop" (one
   * metaphone key, two sounds). Keeps w, which metaphone drops, so "liwei" is not "lee".
   */
  readonly skeleton: string;
  /** Vowel sounds, coarsely ("lee" and "li" → i): with the skeleton, "loan" is not "lin", "owe" not "wei". */
  readonly vowels: string;
}

function vowelSignature(word: string): string {
  return word
    .replace(/ee|ea|ey|y$/g, 'i')
    .replace(/oo/g, 'u')
    .replace(/[^aeiou]+/g, '')
    .replace(/(.)\1+/g, '$1');
}

/** Comparison keys of a folded Latin word (memoised: utterance words repeat across turns). */
export const latinKey = memo<LatinKey>(20_000, (word) => ({
  word,
  keys: word.length > MAX_WORD_CHARS ? ['', ''] : DoubleMetaphone.process(word),
  skeleton: (/^[aeiou]/.test(word) ? '' : word.charAt(0)) + word.slice(1).replace(/[aeiouhy]/g, ''),
  vowels: vowelSignature(word),
}));

/** Jaro-Winkler similarity in [0, 1] of two folded words. */
export function jaroWinkler(a: string, b: string): number {
  return JaroWinklerDistance(a, b);
}

/**
 * How alike two Latin words sound, 0..1: 1 equal; 0.95 same metaphone, consonants and vowel
 * sounds ("lee"/"li", "jon"/"john"); 0.55 + 0.4 × Jaro-Winkler for same metaphone and similar length ("stephen"/"steven"
 * 0.91, "zhang"/"jang" 0.86, "bob"/"pop" 0.77); Jaro-Winkler − 0.05 when spelling is close (≥ 0.88:
 * "bobby"/"bob" 0.86); else 0. "bob"/"rob" (different metaphone, Jaro-Winkler 0.78) is 0.
 */
export function latinSimilarity(a: LatinKey, b: LatinKey): number {
  if (a.word === b.word) return 1;
  const shorter = Math.min(a.word.length, b.word.length);
  const longer = Math.max(a.word.length, b.word.length);
  if (longer > MAX_WORD_CHARS) return 0;
  const [a1, a2] = a.keys;
  const [b1, b2] = b.keys;
  const phonetic = a1 !== '' && (a1 === b1 || a1 === b2 || (a2 !== '' && (a2 === b1 || a2 === b2)));
  const sameSound = a.skeleton !== '' && a.skeleton === b.skeleton && a.vowels === b.vowels;
  if (phonetic && sameSound && longer - shorter <= 2) return 0.95;
  const ratio = shorter / longer;
  const jw = ratio >= 0.5 ? jaroWinkler(a.word, b.word) : 0;
  // Metaphone drops vowels, w and h, so "liwei" and "lee" share a key; the length ratio keeps them apart.
  if (phonetic && ratio >= 0.7) return 0.55 + 0.4 * jw;
  if (jw >= 0.88 && shorter >= 3) return jw - 0.05;
  return 0;
}

/** A toneless pinyin syllable split for fuzzy comparison. */
export interface Syllable {
  readonly pinyin: string;
  readonly initial: string;
  readonly final: string;
  /**
   * Initial and final after merging the pairs Mandarin ASR (and southern accents) confuse: zh/z, ch/c,
   * sh/s, n/l; an/ang, en/eng, in/ing, ian/iang, uan/uang. Equal keys are a necessary condition for a
   * fuzzy match, so it doubles as an index key.
   */
  readonly fuzzyKey: string;
}

const INITIALS = ['zh', 'ch', 'sh', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h'] as const;
const INITIALS_2 = ['j', 'q', 'r', 'x', 'z', 'c', 's', 'y', 'w'] as const;
const ALL_INITIALS: readonly string[] = [...INITIALS, ...INITIALS_2];
const FUZZY_INITIAL: Readonly<Record<string, string>> = { zh: 'z', ch: 'c', sh: 's', n: 'l' };
const FUZZY_FINAL: Readonly<Record<string, string>> = {
  ang: 'an',
  eng: 'en',
  ing: 'in',
  iang: 'ian',
  uang: 'uan',
};

/** Splits a toneless pinyin syllable ("zhang" → zh + ang); memoised. */
export const syllable = memo<Syllable>(5_000, (py) => {
  const initial = ALL_INITIALS.find((i) => py.startsWith(i) && py.length > i.length) ?? '';
  const final = py.slice(initial.length);
  const fuzzyKey = `${FUZZY_INITIAL[initial] ?? initial}|${FUZZY_FINAL[final] ?? final}`;
  return { pinyin: py, initial, final, fuzzyKey };
});

/**
 * How alike two syllables sound: 0.95 homophones (tones are dropped: ASR picks the wrong character,
 * rarely the wrong sound), 0.85 when exactly one of initial/final is a fuzzy pair (章/张 is 0.95,
 * 山/三 sh→s is 0.85), else 0. Both differing (账上 shang vs 三 san) is 0: that is a different word.
 */
export function syllableSimilarity(a: Syllable, b: Syllable): number {
  if (a.pinyin === b.pinyin) return 0.95;
  if (a.fuzzyKey !== b.fuzzyKey) return 0;
  return a.initial === b.initial || a.final === b.final ? 0.85 : 0;
}

const HAN_CHAR_RE = /^\p{Script=Han}$/u;

/**
 * Every reading of one Han character, the usual one first (pinyin-pro orders heteronyms by use: 单
 * dan, shan, chan); memoised per character.
 */
export const hanReadings = memo<readonly Syllable[]>(30_000, (ch) => {
  if (!HAN_CHAR_RE.test(ch)) return [];
  const readings = pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true });
  return readings.filter((r) => /^[a-z]+$/.test(r)).map(syllable);
});

/**
 * Contextual toneless pinyin of a Han string, one syllable per character. `surname` reads the first
 * character as a family name (单 shan, not dan), as pinyin-pro documents for its `surname` option.
 */
export function hanPinyin(han: string, surname: boolean): string[] {
  return pinyin(han, { toneType: 'none', type: 'array', v: true, ...(surname ? { surname: 'head' } : {}) });
}

// Every pinyin syllable, by initial (generated from pinyin-pro's readings of U+4E00..U+9FA5).
const SYLLABLE_TABLE = [
  ':a ai an ang ao e ei en eng er o ou',
  'b:a ai an ang ao ei en eng i ian iao ie in ing o u',
  'c:a ai an ang ao e en eng i ong ou u uan ui un uo',
  'ch:a ai an ang ao e en eng i ong ou u ua uai uan uang ui un uo',
  'd:a ai an ang ao e ei en eng i ia ian iao ie ing iu ong ou u uan ui un uo',
  'f:a an ang ei en eng o ou u',
  'g:a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo',
  'h:a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo',
  'j:i ia ian iang iao ie in ing iong iu u uan ue un',
  'k:a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo',
  'l:a ai an ang ao e ei eng i ia ian iang iao ie in ing iu o ong ou u uan un uo v ve',
  'm:a ai an ang ao e ei en eng i ian iao ie in ing iu o ou u',
  'n:a ai an ang ao e ei en eng i ian iang iao ie in ing iu ong ou u uan uo v ve',
  'p:a ai an ang ao ei en eng i ian iao ie in ing o ou u',
  'q:i ia ian iang iao ie in ing iong iu u uan ue un',
  'r:an ang ao e en eng i ong ou u ua uan ui un uo',
  's:a ai an ang ao e en eng i ong ou u uan ui un uo',
  'sh:a ai an ang ao e ei en eng i ou u ua uai uan uang ui un uo',
  't:a ai an ang ao e ei eng i ian iao ie ing ong ou u uan ui un uo',
  'w:a ai an ang ei en eng o u',
  'x:i ia ian iang iao ie in ing iong iu u uan ue un',
  'y:a an ang ao e i in ing o ong ou u uan ue un',
  'z:a ai an ang ao e ei en eng i ong ou u uan ui un uo',
  'zh:a ai an ang ao e ei en eng i ong ou u ua uai uan uang ui un uo',
];
const SYLLABLES: ReadonlySet<string> = new Set(
  SYLLABLE_TABLE.flatMap((line) => {
    const [initial = '', finals = ''] = line.split(':');
    return finals.split(' ').map((f) => initial + f);
  }),
);

/**
 * Splits a romanised Chinese word into pinyin syllables ("xiaoming" → xiao ming), preferring the fewest
 * syllables; `undefined` when it is not pinyin ("bob"). Lets "Zhang San" on file match 张三 said aloud.
 */
export function segmentPinyin(word: string): string[] | undefined {
  if (word.length === 0 || word.length > MAX_WORD_CHARS || !/^[a-z]+$/.test(word)) return undefined;
  // best[i]: fewest-syllable split of word.slice(0, i); pinyin syllables are at most 6 letters.
  const best: (string[] | undefined)[] = [[]];
  for (let end = 1; end <= word.length; end++) {
    for (let start = Math.max(0, end - 6); start < end; start++) {
      const head = best[start];
      const piece = word.slice(start, end);
      const current = best[end];
      if (head && SYLLABLES.has(piece) && (!current || head.length + 1 < current.length)) {
        best[end] = [...head, piece];
      }
    }
  }
  return best[word.length];
}

/** A phrase found in an utterance, with the token range it covers. */
export interface PhraseHit<T> {
  readonly value: T;
  readonly start: number;
  readonly end: number;
  readonly firstToken: number;
  readonly lastToken: number;
}

/** Phrases compiled for {@link findPhrases}: keyed by first token, longest first. */
export type Lexicon<T> = ReadonlyMap<
  string,
  readonly { readonly seq: readonly string[]; readonly value: T }[]
>;

/** Compiles `[ 'a|b c|中文', value ]` rows; phrases are tokenised like utterances (Han per character). */
export function compileLexicon<T>(rows: readonly (readonly [string, T])[]): Lexicon<T> {
  const map = new Map<string, { seq: string[]; value: T }[]>();
  for (const [phrases, value] of rows) {
    for (const phrase of phrases.split('|')) {
      const seq = tokenizeMixed(phrase).map((t) => t.norm);
      const first = seq[0];
      if (first === undefined) continue;
      const list = map.get(first) ?? [];
      list.push({ seq, value });
      map.set(first, list);
    }
  }
  for (const list of map.values()) list.sort((a, b) => b.seq.length - a.seq.length);
  return map;
}

/** Leftmost-longest, non-overlapping phrase hits. Adjacent tokens only (at most 3 characters apart). */
export function findPhrases<T>(tokens: readonly ScriptToken[], lexicon: Lexicon<T>): PhraseHit<T>[] {
  const hits: PhraseHit<T>[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    const options = first && lexicon.get(first.norm);
    if (!first || !options) continue;
    for (const { seq, value } of options) {
      let k = 1;
      while (k < seq.length) {
        const t = tokens[i + k];
        const prev = tokens[i + k - 1];
        if (!t || !prev || t.norm !== seq[k] || t.start - prev.end > 3) break;
        k++;
      }
      if (k === seq.length) {
        const last = tokens[i + k - 1] ?? first;
        hits.push({ value, start: first.start, end: last.end, firstToken: i, lastToken: i + k - 1 });
        i += k - 1;
        break;
      }
    }
  }
  return hits;
}
