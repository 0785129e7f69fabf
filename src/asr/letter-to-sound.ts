/**
 * A rule-based letter-to-sound guess in CMU phones (no stress: the Sphinx en-us model's phone set),
 * for names the CMU dictionary lacks ("okafor", "xiaoming"). It is a fallback: the dictionary
 * knows most payee names (wang, zhang, garcia, nguyen, kowalski…), and a rough guess still lets
 * a constrained grammar pick the right option, since it only has to beat the other options.
 *
 * Rules are tried longest first at each position; a rule may require the next letter to match.
 * English spelling first, with the pinyin initials that English never uses word-initially
 * (x → SH, q → CH, zh → JH) because Mandarin names are the common case for Teller.
 */

type Rule = readonly [graphemes: string, phones: string, next?: RegExp | undefined, onlyAtStart?: boolean];

const VOWEL = /[aeiouy]/;
const FRONT = /[eiy]/;
const END = /^$/;

// prettier-ignore
const RULES: readonly Rule[] = [
  ['tch', 'CH'], ['sch', 'SH'], ['ough', 'OW'], ['augh', 'AO'], ['eigh', 'EY'], ['igh', 'AY'],
  ['zh', 'JH'], ['ch', 'CH'], ['sh', 'SH'], ['th', 'TH'], ['ph', 'F'], ['wh', 'W'], ['ck', 'K'],
  ['ng', 'NG'], ['gh', 'G', undefined, true], ['gh', ''], ['qu', 'K W'], ['x', 'SH', VOWEL, true],
  ['q', 'CH', VOWEL, true], ['x', 'K S'], ['q', 'K'],
  ['iao', 'Y AW'], ['ian', 'Y EH N'], ['uai', 'W AY'], ['uo', 'W AO'], ['ui', 'W EY'],
  ['ee', 'IY'], ['ea', 'IY'], ['oo', 'UW'], ['ou', 'AW'], ['ow', 'OW'], ['ai', 'AY'], ['ay', 'EY'],
  ['ei', 'EY'], ['ey', 'EY'], ['oa', 'OW'], ['oi', 'OY'], ['oy', 'OY'], ['au', 'AO'], ['aw', 'AO'],
  ['ie', 'IY'], ['ue', 'UW'], ['eu', 'Y UW'], ['ia', 'IY AH'], ['io', 'IY OW'], ['iu', 'Y UW'],
  ['ao', 'AW'], ['on', 'AH N', END], ['es', 'Z', END], ['ar', 'AA R'], ['or', 'AO R'], ['er', 'ER'], ['ir', 'ER'], ['ur', 'ER'],
  ['c', 'S', FRONT], ['c', 'K'], ['g', 'JH', /[ei]/], ['g', 'G'],
  ['b', 'B'], ['d', 'D'], ['f', 'F'], ['h', 'HH'], ['j', 'JH'], ['k', 'K'], ['l', 'L'], ['m', 'M'],
  ['n', 'N'], ['p', 'P'], ['r', 'R'], ['s', 'S'], ['t', 'T'], ['v', 'V'], ['w', 'W'], ['z', 'Z'],
  ['y', 'Y', VOWEL, true],
];

/** Vowel letters on their own: short in a closed syllable, long before consonant + final e. */
function vowel(word: string, i: number): string {
  const ch = word[i] ?? '';
  const atEnd = i === word.length - 1;
  const magicE = i + 2 === word.length - 1 && word[i + 2] === 'e' && !VOWEL.test(word[i + 1] ?? 'a');
  switch (ch) {
    case 'a':
      return atEnd ? 'AH' : magicE ? 'EY' : 'AE';
    case 'e':
      return atEnd ? (word.length <= 3 ? 'IY' : '') : magicE ? 'IY' : 'EH';
    case 'i':
      return atEnd ? 'IY' : magicE ? 'AY' : 'IH';
    case 'o':
      return atEnd || magicE ? 'OW' : 'AA';
    case 'u':
      return atEnd || magicE ? 'UW' : 'AH';
    case 'y':
      return atEnd ? 'IY' : 'IH';
    default:
      return '';
  }
}

/**
 * Guesses a pronunciation for a lower-case word of letters a–z.
 * @returns CMU phones separated by spaces; "AH" for an empty word, so a dictionary entry is never
 * empty.
 */
export function letterToSound(word: string): string {
  const letters = word.toLowerCase().replace(/[^a-z]/g, '');
  const phones: string[] = [];
  let i = 0;
  while (i < letters.length) {
    // A doubled consonant is one sound ("ll", "tt").
    if (i > 0 && letters[i] === letters[i - 1] && !VOWEL.test(letters[i] ?? '')) {
      i++;
      continue;
    }
    // "h" after a vowel and before a consonant is silent ("johnson", "sarah").
    if (
      letters[i] === 'h' &&
      i > 0 &&
      VOWEL.test(letters[i - 1] ?? '') &&
      !VOWEL.test(letters[i + 1] ?? '')
    ) {
      i++;
      continue;
    }
    const rule = RULES.find(
      ([g, , next, onlyAtStart]) =>
        letters.startsWith(g, i) &&
        (!onlyAtStart || i === 0) &&
        (!next || next.test(letters[i + g.length] ?? '')),
    );
    if (rule) {
      if (rule[1]) phones.push(rule[1]);
      i += rule[0].length;
      continue;
    }
    const v = vowel(letters, i);
    if (v) phones.push(v);
    i++;
  }
  return phones.length > 0 ? phones.join(' ') : 'AH';
}
