/**
 * Text folding and word tokens shared by the entity extractors.
 *
 * Extractors match on a folded copy of the input and report offsets into the original, so folding maps
 * every UTF-16 code unit to exactly one code unit: full-width ASCII (U+FF01–FF5E, what Chinese IMEs
 * type: "５００", "＄") to ASCII, the ideographic space to a space, and A–Z to a–z.
 * `String#toLowerCase` is not used because it can change the length ("İ" becomes two units).
 */

const NEEDS_FOLD = /[A-Z\uff01-\uff5e\u3000]/;

/** Folds `text` one code unit for one (see the module comment), so offsets carry over unchanged. */
export function foldText(text: string): string {
  if (!NEEDS_FOLD.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      const ascii = c - 0xfee0;
      out += String.fromCharCode(ascii >= 65 && ascii <= 90 ? ascii + 32 : ascii);
    } else if (c === 0x3000) out += ' ';
    else if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else out += text.charAt(i);
  }
  return out;
}

/** A word, a number as typed ("1,200.50", "2.5k", "15th", "3pm") or a symbol, with its offsets. */
export interface Token {
  readonly start: number;
  readonly end: number;
  /** The folded (lower-case) text of the token. */
  readonly text: string;
}

// Hyphens and other punctuation separate tokens, so "twenty-five" is two words. A number may start
// at its decimal point (".50"), and letters and digits run on after one ("1e308" is one token, not
// "1e" and an amount of 308).
const TOKEN = /(?:\d+(?:[.,:]\d+)*|(?<!\d)\.\d+)(?:[a-z]+\d*)*|[a-z]+(?:['’][a-z]+)*|[$€£¥￥+%#]/g;

/** Splits folded English text into tokens; characters of other scripts are skipped. */
export function tokenizeEn(folded: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(folded); m !== null; m = TOKEN.exec(folded)) {
    tokens.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return tokens;
}

/** The text between two tokens (what separates `a` from the token after it). */
export function gapBetween(folded: string, a: Token, b: Token): string {
  return folded.slice(a.end, b.start);
}

/** True when `s` is empty or only white space. */
export function isBlank(s: string): boolean {
  return s.trim() === '';
}
