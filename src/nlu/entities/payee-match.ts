import type { Lang } from '../../shared/index.ts';
import type { Span } from './types.ts';
import type { LatinKey, Syllable, ScriptToken } from './phonetic.ts';
import {
  hanPinyin,
  hanReadings,
  latinKey,
  latinSimilarity,
  segmentPinyin,
  syllable,
  syllableSimilarity,
  tokenizeMixed,
} from './phonetic.ts';

/** One of the customer's own entities mentioned in an utterance; `score` is 0..1, higher is surer. */
export interface EntityCandidate extends Span {
  readonly id: string;
  readonly score: number;
}

/** A payee mention: its span, the payee id and how sure the match is. */
export type PayeeCandidate = EntityCandidate;

/** The entity an utterance refers to: one, several equally likely (ask which), or none. */
export type Resolution =
  | { readonly kind: 'one'; readonly id: string; readonly span: Span }
  | { readonly kind: 'ambiguous'; readonly ids: readonly string[]; readonly span: Span }
  | { readonly kind: 'none' };

/** A payee as the NLU sees it: plain data, so the NLU does not depend on the bank. */
export interface PayeeRef {
  readonly id: string;
  readonly name: string;
  /** Nicknames and relations the customer uses: "mother", "妈妈", "my landlord". */
  readonly aliases?: readonly string[];
}

/**
 * Candidates below this are dropped. An exact first-name-only mention scores 0.8, "lee" for Bob Li's
 * "li" 0.76, 老王 for 王小明 0.75, a mis-heard full name ~0.9; spelling-only look-alikes of a first name
 * ("line" for Lin, 0.74) fall below.
 */
export const MATCH_THRESHOLD = 0.75;

/** Candidates whose scores differ by less than this are too close to choose between. */
export const AMBIGUITY_MARGIN = 0.05;

/** Per-word (and per-syllable) similarity below which a word does not count as said. */
const MIN_UNIT_SIM = 0.8;
/**
 * A one-word name or mention must be heard almost exactly: "jang" may be "zhang" in "jang san", but
 * "jang" alone must not become Wang Xiaoming ("wang"/"jang" is 0.88), nor "done" a payee called Dan.
 */
const MIN_ONE_WORD_SIM = 0.9;

// Weights of partial mentions relative to the full name: a first or last name alone, a Chinese given
// name (小明 for 王小明), a surname with a familiar prefix (老王).
const PART_WEIGHT = 0.8;
const MULTI_PART_WEIGHT = 0.9;
const PREFIX_WEIGHT = 0.75;
const HAN_FAMILIAR_PREFIXES = ['老', '小', '阿'] as const;

/**
 * How a name may be shortened in speech: `person` (first name, surname, 老王), `thing` (any distinctive
 * word of "Everyday Checking"; generic words are never enough on their own) or `none` (aliases).
 */
export interface NameSpec {
  readonly text: string;
  readonly partials: 'person' | 'thing' | 'none';
  readonly weight?: number;
}

/** One matchable entity: an id and the names it may be called by. */
export interface NameEntry {
  readonly id: string;
  readonly names: readonly NameSpec[];
}

/** Words and Han pieces that never identify a `thing` on their own ("account", 银行). */
export interface NameIndexOptions {
  readonly genericWords?: ReadonlySet<string>;
  /** Splits Han names into distinctive pieces (招商银行信用卡 → 招商); no capturing groups, no `g` flag. */
  readonly genericHan?: RegExp;
}

interface LatinForm {
  readonly entry: number;
  readonly weight: number;
  readonly words: readonly number[];
  readonly minSim: number;
  /** Stands in for a longer name (a first name alone): a stop word never does ("i will pay" ≠ Will Smith). */
  readonly short: boolean;
  /** A person's surname said alone ("garcia" for Maria Garcia), which another first name rules out. */
  readonly surname?: boolean;
}
interface HanUnit {
  readonly char: string | undefined;
  readonly syl: Syllable;
}
interface HanForm {
  readonly entry: number;
  readonly weight: number;
  readonly units: readonly HanUnit[];
}

/** Precomputed keys of a set of names; build once per customer, match many utterances. */
export interface NameIndex {
  readonly ids: readonly string[];
  readonly words: readonly LatinKey[];
  readonly wordByText: ReadonlyMap<string, number>;
  readonly wordsByKey: ReadonlyMap<string, readonly number[]>;
  readonly wordsByInitial: ReadonlyMap<string, readonly number[]>;
  readonly latinByFirst: ReadonlyMap<number, readonly LatinForm[]>;
  readonly hanByFirst: ReadonlyMap<string, readonly HanForm[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Proper contiguous sub-sequences of `items` ("mary ann smith" → "mary", "mary ann", ...). */
function* subsequences<T>(items: readonly T[]): Generator<T[]> {
  for (let len = items.length - 1; len >= 1; len--) {
    for (let start = 0; start + len <= items.length; start++) yield items.slice(start, start + len);
  }
}

/** Builds a {@link NameIndex}; every form a name can take in speech is generated here, once. */
export function buildNameIndex(entries: readonly NameEntry[], options: NameIndexOptions = {}): NameIndex {
  const generic = options.genericWords ?? new Set<string>();
  const words: LatinKey[] = [];
  const wordByText = new Map<string, number>();
  const wordsByKey = new Map<string, number[]>();
  const wordsByInitial = new Map<string, number[]>();
  const latinByFirst = new Map<number, LatinForm[]>();
  const hanByFirst = new Map<string, HanForm[]>();
  const seen = new Set<string>();

  const wordId = (word: string): number => {
    let id = wordByText.get(word);
    if (id === undefined) {
      id = words.length;
      const key = latinKey(word);
      words.push(key);
      wordByText.set(word, id);
      for (const k of new Set(key.keys)) if (k !== '') push(wordsByKey, k, id);
      push(wordsByInitial, word.charAt(0), id);
    }
    return id;
  };
  const addLatin = (
    entry: number,
    forms: readonly string[],
    weight: number,
    short = false,
    surname = false,
  ): void => {
    const key = `${entry}|L|${forms.join(' ')}`;
    if (forms.length === 0 || seen.has(key)) return;
    seen.add(key);
    const ids = forms.map(wordId);
    const minSim = forms.length === 1 ? MIN_ONE_WORD_SIM : MIN_UNIT_SIM;
    push(latinByFirst, ids[0] ?? 0, {
      entry,
      weight,
      words: ids,
      minSim,
      short: short && forms.length === 1,
      ...(surname ? { surname: true } : {}),
    });
  };
  const addHan = (entry: number, units: readonly HanUnit[], weight: number): void => {
    const key = `${entry}|H|${units.map((u) => u.char ?? u.syl.pinyin).join(' ')}`;
    const first = units[0];
    if (!first || seen.has(key)) return;
    seen.add(key);
    push(hanByFirst, first.syl.fuzzyKey, { entry, weight, units });
  };
  const hanUnits = (chars: readonly string[], readings: readonly string[]): HanUnit[] =>
    chars.map((char, i) => ({ char, syl: syllable(readings[i] ?? '') }));
  const sylUnits = (syllables: readonly string[]): HanUnit[] =>
    syllables.map((s) => ({ char: undefined, syl: syllable(s) }));

  entries.forEach((entry, e) => {
    for (const spec of entry.names) {
      const w = spec.weight ?? 1;
      const tokens = tokenizeMixed(spec.text);
      const latin = tokens.filter((t) => t.kind === 'latin').map((t) => t.norm);
      const han = tokens.filter((t) => t.kind === 'han').map((t) => t.norm);
      if (latin.length > 0 && han.length > 0) {
        // Mixed-script names ("招商银行 Visa"): each script's part is a weaker mention on its own.
        addLatin(e, latin, w * MULTI_PART_WEIGHT);
        addHan(e, hanUnits(han, hanPinyin(han.join(''), false)), w * MULTI_PART_WEIGHT);
      } else if (latin.length > 0) {
        addLatin(e, latin, w);
        // ASR sometimes runs a name together ("zhangsan"); a one-word form must then be heard exactly.
        if (latin.length > 1) addLatin(e, [latin.join('')], w, true);
        // Kin words said another way: "mommy" or "mama" for an alias "mom".
        const kin = latin.length === 1 ? KIN.find((group) => group.includes(latin[0] ?? '')) : undefined;
        for (const other of kin ?? []) addLatin(e, [other], w * 0.95);
        if (spec.partials === 'none') continue;
        for (const part of subsequences(latin)) {
          if (spec.partials === 'thing' && part.every((p) => generic.has(p))) continue;
          const surname = spec.partials === 'person' && part.length === 1 && part[0] === latin.at(-1);
          addLatin(e, part, w * (part.length === 1 ? PART_WEIGHT : MULTI_PART_WEIGHT), true, surname);
        }
        if (spec.partials === 'person') addRomanisedChinese(e, latin, w);
      } else if (han.length > 0) {
        // 妈妈 or 爸爸 on file is 妈 / 爸 alone too ("给妈转五百"), which name no one else (姐 or 哥
        // alone may: 小姐, 大哥).
        const kin =
          han.length === 2 && han[0] === han[1] && (han[0] === '妈' || han[0] === '爸') ? han[0] : '';
        if (kin) addHan(e, hanUnits([kin], hanPinyin(kin, false)), w * 0.9);
        if (spec.partials === 'person') addHanPerson(e, han, w);
        else addHanThing(e, han, w, spec.partials === 'thing' ? options.genericHan : undefined);
      }
    }
  });

  // "Zhang San" on file: 张三 / 章三 said in Mandarin, "zhang san" or "wang xiao ming" in English.
  function addRomanisedChinese(e: number, latin: readonly string[], w: number): void {
    const segs = latin.map(segmentPinyin);
    if (!segs.every((s): s is string[] => s !== undefined)) return;
    const all = segs.flat();
    if (all.length < 2) return;
    addHan(e, sylUnits(all), w);
    addLatin(e, all, w);
    for (const seg of segs) if (seg.length >= 2 && segs.length > 1) addHan(e, sylUnits(seg), w * PART_WEIGHT);
    const singles = segs.filter((s) => s.length === 1);
    const surname = singles[0];
    if (singles.length === 1 && surname) {
      for (const p of HAN_FAMILIAR_PREFIXES)
        addHan(e, sylUnits([hanPinyin(p, false)[0] ?? '', ...surname]), w * PREFIX_WEIGHT);
    }
  }

  function addHanPerson(e: number, chars: readonly string[], w: number): void {
    const py = hanPinyin(chars.join(''), true);
    addHan(e, hanUnits(chars, py), w);
    if (chars.length < 2 || chars.length > 4) return;
    // Four-character names are mostly compound surname + given name (欧阳娜娜).
    const surnameLen = chars.length === 4 ? 2 : 1;
    const given = chars.slice(surnameLen);
    if (given.length >= 2) addHan(e, hanUnits(given, py.slice(surnameLen)), w * PART_WEIGHT);
    for (const p of HAN_FAMILIAR_PREFIXES) {
      const prefixed = [p, ...chars.slice(0, surnameLen)];
      addHan(e, hanUnits(prefixed, [hanPinyin(p, false)[0] ?? '', ...py]), w * PREFIX_WEIGHT);
    }
    // The same person said in English: "zhang san", "zhangsan", "xiaoming wang", "mr wang".
    const sur = py.slice(0, surnameLen).join('');
    const giv = py.slice(surnameLen).join('');
    addLatin(e, py, w);
    addLatin(e, [py.join('')], w, true);
    addLatin(e, [sur, giv], w);
    addLatin(e, [giv, sur], w);
    addLatin(e, [sur], w * PART_WEIGHT, true);
    if (given.length >= 2) {
      addLatin(e, [giv], w * PART_WEIGHT, true);
      addLatin(e, py.slice(surnameLen), w * PART_WEIGHT, true);
    }
  }

  function addHanThing(e: number, chars: readonly string[], w: number, genericHan: RegExp | undefined): void {
    const text = chars.join('');
    const py = hanPinyin(text, false);
    addHan(e, hanUnits(chars, py), w);
    // Reduplicated kinship aliases (妈妈) are said as 我妈 as often as not.
    if (chars.length === 2 && chars[0] === chars[1]) {
      addHan(e, hanUnits(['我', chars[0] ?? ''], ['wo', py[0] ?? '']), w * 0.95);
    }
    if (!genericHan) return;
    let offset = 0;
    for (const piece of text.split(genericHan)) {
      const at = text.indexOf(piece, offset);
      offset = at + piece.length;
      if (piece.length >= 2 && piece.length < text.length) {
        addHan(e, hanUnits([...piece], py.slice(at, at + piece.length)), w * PART_WEIGHT);
      }
    }
    // "金卡信用卡" is "金卡" too: the name without its product word at the end.
    const bare = text.replace(new RegExp(`(?:${genericHan.source})$`), '');
    if (
      bare.length >= 2 &&
      bare.length < text.length &&
      !new RegExp(`^(?:${genericHan.source})+$`).test(bare)
    )
      addHan(e, hanUnits([...bare], py.slice(0, bare.length)), w * PART_WEIGHT * 0.95);
  }

  return {
    ids: entries.map((e) => e.id),
    words,
    wordByText,
    wordsByKey,
    wordsByInitial,
    latinByFirst,
    hanByFirst,
  };
}

// Words too common to be names: never matched fuzzily, never alone for a longer name ("i will pay" is
// not Will Smith); they still count inside a full name ("will smith") or as a whole one-word alias.
const STOPWORDS: Readonly<Record<Lang, ReadonlySet<string>>> = {
  en: new Set(
    (
      'a an the to too for from of on in at by with and or but my me mine i im your you we our us it its is are ' +
      'was be am do does did dont can could would will should may might must please thanks thank okay ok yes ' +
      'yeah no not hi hello hey what whats where when who how which that this there here then than them they ' +
      'he she his her him send sent pay paid transfer move give wire make put take get check show tell find ' +
      'want need like let lets money cash dollar dollars buck bucks cent cents usd rmb yuan kuai euro euros ' +
      'pound pounds one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty ' +
      'sixty seventy eighty ninety hundred thousand million half zero oh today tomorrow yesterday tonight ' +
      'morning evening night week month year now later next last account accounts balance card cards bill ' +
      'bills payment transaction transactions bank branch atm again also just only all some any much more'
    ).split(' '),
  ),
  // Mandarin ASR emits few Latin words; these are the ones that are not names.
  zh: new Set('ok okay app atm pin id vip usd rmb cny hkd a the my'.split(' ')),
};

/** Ways of saying the same relation; an alias in one group matches the others. */
const KIN: readonly (readonly string[])[] = [
  ['mom', 'mother', 'mum', 'mommy', 'mama', 'mummy', 'momma'],
  ['dad', 'father', 'daddy', 'papa', 'pop', 'pops'],
  ['grandma', 'granny', 'grandmother', 'nana', 'nan'],
  ['grandpa', 'grandfather', 'granddad', 'grandad'],
];

/** A Latin word right before token `i` that could be a first name: not a stop word, nor a title. */
function otherFirstName(tokens: readonly ScriptToken[], i: number, stop: ReadonlySet<string>): boolean {
  const before = tokens[i - 1];
  const at = tokens[i];
  if (!before || !at || before.kind !== 'latin' || at.start - before.end > 3) return false;
  return !stop.has(before.norm) && !TITLES.has(before.norm) && !/^\d/.test(before.norm);
}

/** Latin words before a surname that are not part of another name ("mr li", "xiao li"). */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'doctor', 'lao', 'xiao', 'old', 'little']);

/**
 * In Mandarin text, Latin words side by side are one name: "转给bob li" names Bob Li, so its "li"
 * does not stand in for 李四 (a one-word form of a longer name only stands alone; "mr li" does).
 */
function inLongerLatinName(tokens: readonly ScriptToken[], i: number, stop: ReadonlySet<string>): boolean {
  const at = tokens[i];
  if (!at) return false;
  const adjacent = (t: ScriptToken | undefined, gap: number): boolean =>
    t?.kind === 'latin' && gap <= 3 && !stop.has(t.norm) && !TITLES.has(t.norm);
  const before = tokens[i - 1];
  const after = tokens[i + 1];
  return adjacent(before, at.start - (before?.end ?? 0)) || adjacent(after, (after?.start ?? 0) - at.end);
}

interface Best {
  score: number;
  start: number;
  end: number;
}

/**
 * Finds mentions of the entries of `index` in already tokenised text. Shared by the payee, account,
 * card and biller matchers; returns candidates at or above `threshold`, best first.
 */
export function matchNameTokens(
  text: string,
  tokens: readonly ScriptToken[],
  index: NameIndex,
  lang: Lang,
  threshold = MATCH_THRESHOLD,
): EntityCandidate[] {
  const stop = STOPWORDS[lang];
  const best = new Map<number, Best>();
  const record = (entry: number, score: number, start: number, end: number): void => {
    const prev = best.get(entry);
    if (!prev || score > prev.score || (score === prev.score && end - start > prev.end - prev.start)) {
      best.set(entry, { score, start, end });
    }
  };

  // Word similarities per utterance position, computed on first use: only against name words that
  // share the exact text, a metaphone key or (for Jaro-Winkler, which needs a common prefix to reach
  // its cut-off) the first letter.
  const latinSims: (Map<number, number> | undefined)[] = [];
  const simsAt = (i: number): Map<number, number> => {
    let sims = latinSims[i];
    if (sims) return sims;
    sims = new Map();
    latinSims[i] = sims;
    const word = tokens[i]?.norm ?? '';
    const exact = index.wordByText.get(word);
    if (exact !== undefined) sims.set(exact, 1);
    if (word.length < 2 || stop.has(word)) return sims;
    const key = latinKey(word);
    const consider = (w: number): void => {
      const other = index.words[w];
      if (other && !sims.has(w)) sims.set(w, latinSimilarity(key, other));
    };
    for (const k of key.keys) for (const w of index.wordsByKey.get(k) ?? []) consider(w);
    for (const w of index.wordsByInitial.get(word.charAt(0)) ?? []) consider(w);
    return sims;
  };

  const unitSim = (ch: string, unit: HanUnit, exactOnly: boolean): number => {
    if (unit.char === ch) return 1;
    if (exactOnly) return 0;
    // Fuzzy only on the usual reading: 单 is dan, and only exactly shan (0.9) for the surname; fuzzy on
    // every heteronym made 账单 (zhang dan) sound like 张三 (zhang shan ~ san).
    const [usual, ...others] = hanReadings(ch);
    if (!usual) return 0;
    const sim = syllableSimilarity(usual, unit.syl);
    return sim > 0 ? sim : others.some((r) => r.pinyin === unit.syl.pinyin) ? 0.9 : 0;
  };

  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    if (!first) continue;
    if (first.kind === 'latin') {
      for (const [w, s0] of simsAt(i)) {
        if (s0 < MIN_UNIT_SIM) continue;
        for (const form of index.latinByFirst.get(w) ?? []) {
          if (s0 < form.minSim || (form.short && stop.has(first.norm))) continue;
          // "jose garcia" is not Maria Garcia, nor "tim li" Bob Li: another first name right before.
          if (form.surname && lang === 'en' && otherFirstName(tokens, i, stop)) continue;
          if (form.short && lang === 'zh' && inLongerLatinName(tokens, i, stop)) continue;
          let sum = s0;
          let last = first;
          let k = 1;
          for (; k < form.words.length; k++) {
            const t = tokens[i + k];
            // Words of one name are adjacent: at most a few characters of space between them.
            if (t?.kind !== 'latin' || t.start - last.end > 3) break;
            const s = simsAt(i + k).get(form.words[k] ?? -1) ?? 0;
            if (s < form.minSim) break;
            sum += s;
            last = t;
          }
          if (k === form.words.length) record(form.entry, (form.weight * sum) / k, first.start, last.end);
        }
      }
    } else if (first.kind === 'han') {
      for (const reading of hanReadings(first.norm)) {
        for (const form of index.hanByFirst.get(reading.fuzzyKey) ?? []) {
          // A lone character is only itself: 妈 said as 吗 is a question, not a mother.
          const exactOnly = form.units.length === 1;
          let sum = 0;
          let last = first;
          let k = 0;
          for (; k < form.units.length; k++) {
            const t = tokens[i + k];
            if (t?.kind !== 'han' || (k > 0 && t.start - last.end > 1)) break;
            const unit = form.units[k];
            const s = unit ? unitSim(t.norm, unit, exactOnly) : 0;
            if (s < MIN_UNIT_SIM) break;
            sum += s;
            last = t;
          }
          if (k === form.units.length) record(form.entry, (form.weight * sum) / k, first.start, last.end);
        }
      }
    }
  }

  const out: EntityCandidate[] = [];
  for (const [entry, b] of best) {
    const id = index.ids[entry];
    const score = Math.min(1, Math.round(b.score * 1000) / 1000);
    if (id !== undefined && score >= threshold) {
      out.push({ id, score, start: b.start, end: b.end, text: text.slice(b.start, b.end) });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.start - b.start);
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Turns ranked candidates into a decision. Rivals are candidates within `margin` of the best whose
 * span overlaps it: "bob" matching Bob Li and Bob Chen is ambiguous, while "bob and alice" names two
 * people (the caller gets the best, the earlier on a tie).
 */
export function resolveCandidates(
  candidates: readonly EntityCandidate[],
  margin = AMBIGUITY_MARGIN,
): Resolution {
  // Of equally good matches, the one that covers more of what was said: "con edison gas" names
  // Con Edison Gas, not Con Edison, whose name it contains.
  const first = candidates[0];
  const top = candidates
    .filter((c) => first && c.score === first.score && overlaps(c, first))
    .sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  if (!top) return { kind: 'none' };
  const span: Span = { start: top.start, end: top.end, text: top.text };
  const inside = (c: EntityCandidate) =>
    c.start >= top.start && c.end <= top.end && c.end - c.start < top.end - top.start;
  const rivals = candidates.filter(
    (c) => c.id !== top.id && top.score - c.score < margin && overlaps(c, top) && !inside(c),
  );
  if (rivals.length === 0) return { kind: 'one', id: top.id, span };
  return { kind: 'ambiguous', ids: [top.id, ...rivals.map((c) => c.id)], span };
}

/**
 * A memo of indexes keyed by the caller's list, reused while its content is unchanged. The fingerprint
 * (a join of the fields that feed the index) costs ~1 µs for 20 payees and building ~50x that; a bank
 * adapter may mutate its arrays in place (payee.add), so identity alone is not enough.
 */
export function indexCache<T>(): (list: object, fingerprint: string, build: () => T) => T {
  const cache = new WeakMap<object, { readonly fingerprint: string; readonly index: T }>();
  return (list, fingerprint, build) => {
    const hit = cache.get(list);
    if (hit?.fingerprint === fingerprint) return hit.index;
    const index = build();
    cache.set(list, { fingerprint, index });
    return index;
  };
}

const payeeIndexes = indexCache<NameIndex>();

function payeeFingerprint(payees: readonly PayeeRef[]): string {
  return payees.map((p) => `${p.id}\u0000${p.name}\u0000${(p.aliases ?? []).join('\u0000')}`).join('\u0001');
}

/** Precomputes the phonetic keys of a customer's payees; pass the result to {@link matchPayees}. */
export function buildPayeeIndex(payees: readonly PayeeRef[]): NameIndex {
  return buildNameIndex(
    payees.map((p) => ({
      id: p.id,
      names: [
        { text: p.name, partials: 'person' },
        ...(p.aliases ?? []).map((a): NameSpec => ({ text: a, partials: 'none' })),
      ],
    })),
  );
}

/**
 * Finds which of the customer's payees the utterance mentions ("send 300 to bob lee tomorrow" → bob;
 * "给章三转五百" → 张三's id), tolerating ASR mis-hearings by sound (metaphone, toneless and fuzzy
 * pinyin). Best first; only candidates at or above {@link MATCH_THRESHOLD}.
 * @param payees the payees, or an index from {@link buildPayeeIndex} (cheaper on every turn)
 * @param lang the utterance language; picks the stop words that never fuzzy-match a name
 */
export function matchPayees(
  text: string,
  payees: readonly PayeeRef[] | NameIndex,
  lang: Lang,
): PayeeCandidate[] {
  const index = isIndex(payees)
    ? payees
    : payeeIndexes(payees, payeeFingerprint(payees), () => buildPayeeIndex(payees));
  return matchNameTokens(text, tokenizeMixed(text), index, lang);
}

/** {@link matchPayees}, decided: one payee, several equally likely ones, or none. */
export function resolvePayee(text: string, payees: readonly PayeeRef[] | NameIndex, lang: Lang): Resolution {
  return resolveCandidates(matchPayees(text, payees, lang));
}

/** Tells a prebuilt index from a plain list. */
export function isIndex<T extends object>(value: readonly unknown[] | T): value is T {
  return !Array.isArray(value);
}
