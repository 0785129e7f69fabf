import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NameClass } from './grammar.ts';

/**
 * The domain model with a customer's own name words in it. The banking LM is built from every
 * customer's requests, so it lacks the words of one customer's payees and billers ("leo", "park"
 * is there, "greenwood", "columbia"): open speech cannot produce them and hears "wheel park" or
 * "to london". A stream whose customer has such names decodes with a copy of the LM that has them
 * as unigrams, as probable as a word seen once in the LM's training text, and a dictionary with
 * their pronunciations.
 *
 * Not `ps_add_word`: on sphinxbase's trie LM, adding a word to a loaded n-gram model crashed the
 * process in `lm_trie_score` (SIGSEGV reading the new word's bigram bounds) as soon as a later
 * word followed it in a hypothesis. A model loaded from a file has no such hole.
 */

/**
 * The banking LM's name classes: tokens that stand for any payee's or biller's name in its
 * training text ("send fifty dollars to [payee]"). They have no pronunciation, so a decoder never
 * hears them; a stream's copy of the LM gives each of its customer's names the class's n-grams
 * ({@link arpaWithClasses}).
 */
export const NAME_CLASS_TOKENS: Readonly<Record<NameClass, string>> = {
  payee: '[payee]',
  biller: '[biller]',
  card: '[card]',
  account: '[account]',
};

/**
 * One of a customer's names as a member of a class: the decoder hears it as one word, `token`
 * (its words joined by `_`, pronounced as the words in a row), with the class's n-grams.
 */
export interface ClassMember {
  readonly cls: NameClass;
  readonly words: readonly string[];
}

/**
 * A stream's own additions to the banking LM: name words it lacks (unigrams) and the customer's
 * names as class members. `key` is equal for equal additions.
 */
export interface DomainNames {
  readonly key: string;
  readonly words: readonly string[];
  readonly members: readonly ClassMember[];
}

/** No additions: the banking LM as it is. */
export const NO_DOMAIN_NAMES: DomainNames = { key: '', words: [], members: [] };

/** What joins a class member's words into one decoder word ("city_power"). */
export const MEMBER_JOINER = '_';

/** The decoder word for a class member. */
export function memberToken(member: ClassMember): string {
  return member.words.join(MEMBER_JOINER);
}

/**
 * `arpa` with each member given its class's n-grams: every n-gram holding the class token again
 * with the member's word in its place; where the member is the word predicted, log10 probability
 * lowered by log10(members of the class) (the class's mass shared evenly). Back-off weights
 * unchanged. An n-gram the model already has (a one-word name the data also says, "alice") keeps
 * its own figures. Counts are updated. A member without a pronunciation in the dictionary is in
 * the LM only: the decoder cannot hear it, and the class's share stays as the JS view counts it.
 */
export function arpaWithClasses(arpa: string, members: readonly ClassMember[]): string {
  if (members.length === 0) return arpa;
  const parts = classParts(arpa, members);
  return parts.header + parts.pieces.map((piece, i) => piece + (parts.added[i] ?? '')).join('') + parts.tail;
}

/**
 * {@link arpaWithClasses} in parts, not yet joined: the header with its counts updated, each n-gram
 * section (`pieces`, also as UTF-8 `buffers`, made once per ARPA text) and the lines added after
 * it, and the tail.
 */
function classParts(
  arpa: string,
  members: readonly ClassMember[],
): ClassedArpa & { readonly added: readonly string[] } {
  const byClass = new Map<string, string[]>();
  for (const m of members) {
    const token = NAME_CLASS_TOKENS[m.cls];
    const list = byClass.get(token) ?? [];
    const word = memberToken(m);
    if (!list.includes(word)) list.push(word);
    byClass.set(token, list);
  }
  const parsed = classedArpa(arpa);
  const added = parsed.pieces.map(() => '');
  const counts = new Map<number, number>();
  const seen = new Set<string>();
  for (const { order, logp, words, rest } of byClass.size === 0 ? [] : parsed.classLines) {
    for (const [token, list] of byClass) {
      if (!words.includes(token)) continue;
      // P(member | history) = P(class | history) / members; what follows a member is as after the class.
      const share = words[words.length - 1] === token ? Math.log10(list.length) : 0;
      for (const member of list) {
        const ngram = words.map((w) => (w === token ? member : w)).join(' ');
        if (parsed.ngrams.has(ngram) || seen.has(ngram)) continue;
        seen.add(ngram);
        added[order - 1] += `${[(logp - share).toFixed(6), ngram, ...rest].join('\t')}\n`;
        counts.set(order, (counts.get(order) ?? 0) + 1);
      }
    }
  }
  const header = parsed.header.replace(/^ngram (\d+)=(\d+)$/gm, (all, n: string, c: string) =>
    counts.has(Number(n)) ? `ngram ${n}=${Number(c) + (counts.get(Number(n)) ?? 0)}` : all,
  );
  return { ...parsed, header, added };
}

/** An ARPA text cut where each n-gram section ends, with its lines that hold a class token. */
interface ClassedArpa {
  /** `\data\` and the counts. */
  readonly header: string;
  /** Section n-1 up to its end (new n-grams go after it). */
  readonly pieces: readonly string[];
  /** The same pieces as UTF-8, for writing a stream's model without copying them again. */
  readonly buffers: readonly Buffer[];
  /** From the last section's end: `\end\`. */
  readonly tail: string;
  readonly classLines: readonly {
    readonly order: number;
    readonly logp: number;
    readonly words: readonly string[];
    readonly rest: readonly string[];
  }[];
  readonly ngrams: ReadonlySet<string>;
}

/** The last ARPA text cut up: every stream with names of one recogniser shares the banking LM. */
let lastClassed: { readonly arpa: string; readonly parsed: ClassedArpa } | undefined;

function classedArpa(arpa: string): ClassedArpa {
  if (lastClassed?.arpa === arpa) return lastClassed.parsed;
  const first = arpa.indexOf('\\1-grams:\n');
  if (first < 0) throw new Error('not an ARPA language model: no unigram section');
  const tokens: readonly string[] = Object.values(NAME_CLASS_TOKENS);
  const pieces: string[] = [];
  const classLines: ClassedArpa['classLines'][number][] = [];
  const ngrams = new Set<string>();
  let at = first;
  for (let order = 1; ; order++) {
    const start = arpa.indexOf(`\\${order}-grams:\n`, at);
    if (start < 0) break;
    const blank = arpa.indexOf('\n\n', start);
    const end = blank < 0 ? arpa.length : blank + 1;
    const body = arpa.slice(start, end);
    for (const line of body.split('\n').slice(1)) {
      const fields = line.split('\t');
      const ngram = fields[1];
      if (ngram === undefined) continue;
      ngrams.add(ngram);
      const words = ngram.split(' ');
      if (words.some((w) => tokens.includes(w))) {
        classLines.push({ order, logp: Number(fields[0]), words, rest: fields.slice(2) });
      }
    }
    pieces.push(arpa.slice(at, end));
    at = end;
  }
  const buffers = pieces.map((piece) => Buffer.from(piece, 'utf8'));
  const parsed = { header: arpa.slice(0, first), pieces, buffers, tail: arpa.slice(at), classLines, ngrams };
  lastClassed = { arpa, parsed };
  return parsed;
}

/** One word to add: lower case, as the decoder emits it, and its CMU phones. */
export interface NameWord {
  readonly word: string;
  readonly phones: string;
}

/** Files for `Decoder.create`; `dispose` removes them once the decoder has read them. */
export interface NamedModelFiles {
  readonly lmPath: string;
  readonly dictPath: string;
  dispose(): void;
}

/**
 * `arpa` (ARPA text) with `words` added as unigrams: log10 probability `log10p`, back-off 0 (a new
 * word has no bigrams, so what follows it is scored by unigram). The `ngram 1=` count is updated.
 * @throws Error when the text has no unigram section.
 */
export function arpaWithUnigrams(arpa: string, words: readonly string[], log10p: number): string {
  const section = arpa.indexOf('\\1-grams:\n');
  if (section < 0) throw new Error('not an ARPA language model: no unigram section');
  const { header, lines } = unigramAdditions(arpa.slice(0, section), words, log10p);
  const end = arpa.indexOf('\n\n', section);
  const at = end < 0 ? arpa.length : end + 1;
  return `${header}${arpa.slice(section, at)}${lines}${arpa.slice(at)}`;
}

/** `header` (the text before `\1-grams:`) with `words` counted, and their unigram lines. */
function unigramAdditions(
  header: string,
  words: readonly string[],
  log10p: number,
): { header: string; lines: string } {
  if (words.length === 0) return { header, lines: '' };
  const count = /^ngram 1=(\d+)$/m.exec(header);
  if (!count) throw new Error('not an ARPA language model: no unigram count');
  return {
    header: header.replace(count[0], `ngram 1=${Number(count[1]) + words.length}`),
    lines: words.map((w) => `${log10p.toFixed(6)}\t${w}\t0\n`).join(''),
  };
}

/**
 * Writes the domain LM with the `unigrams` added and a dictionary with the `pronunciations` added
 * (words the base dictionary lacks) to a private temporary directory. The decoder reads both whole
 * at `ps_init`, so dispose right after: the files hold a customer's names.
 */
export function writeNamedModel(
  base: { readonly arpa: string; readonly dictionary: string; readonly nameLog10: number },
  unigrams: readonly string[],
  pronunciations: readonly NameWord[],
  members: readonly ClassMember[] = [],
): NamedModelFiles {
  const dir = mkdtempSync(join(tmpdir(), 'teller-names-'));
  const lmPath = join(dir, 'domain.lm');
  const dictPath = join(dir, 'domain.dic');
  try {
    writeChunks(lmPath, namedArpaChunks(base.arpa, members, unigrams, base.nameLog10));
    const extra = pronunciations.map((w) => `${w.word} ${w.phones}\n`).join('');
    const dictionary = base.dictionary.endsWith('\n') ? base.dictionary : `${base.dictionary}\n`;
    writeFileSync(dictPath, `${dictionary}${extra}`, { mode: 0o600 });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { lmPath, dictPath, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `arpaWithUnigrams(arpaWithClasses(arpa, members), unigrams, log10p)` as chunks whose
 * concatenation is that text, byte for byte, without building it: a stream's LM is ~4 MB, and
 * joining, copying and encoding it took the event loop ~10 ms per call (writeNamedModel runs when
 * a call starts). The sections of the banking LM are encoded once and written as they are.
 */
export function namedArpaChunks(
  arpa: string,
  members: readonly ClassMember[],
  unigrams: readonly string[],
  log10p: number,
): (string | Buffer)[] {
  const parts = classParts(arpa, members);
  const { header, lines: unigramLines } = unigramAdditions(parts.header, unigrams, log10p);
  const chunks: (string | Buffer)[] = [header];
  parts.buffers.forEach((buffer, i) => {
    chunks.push(buffer);
    const after = (parts.added[i] ?? '') + (i === 0 ? unigramLines : '');
    if (after) chunks.push(after);
  });
  chunks.push(parts.tail);
  return chunks;
}

/** Writes `chunks` to a new file readable by this user only. */
function writeChunks(path: string, chunks: readonly (string | Buffer)[]): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    for (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    }
  } finally {
    closeSync(fd);
  }
}
