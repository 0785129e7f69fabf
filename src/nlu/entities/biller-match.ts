import type { Lang } from '../../shared/index.ts';
import { compileLexicon, findPhrases, tokenizeMixed } from './phonetic.ts';
import { PRODUCT_THRESHOLD, matchByCues } from './account-match.ts';
import type { EntityCandidate, NameIndex, NameSpec, Resolution } from './payee-match.ts';
import type { Span } from './types.ts';
import { buildNameIndex, indexCache, isIndex, resolveCandidates } from './payee-match.ts';

/** A biller the customer pays, as the NLU sees it. */
export interface BillerRef {
  readonly id: string;
  readonly name: string;
  /** electricity | water | gas | internet | phone | tuition | property | social-insurance | tax | ... */
  readonly category?: string;
}

/** Canonical biller categories the spoken words map to. */
export type BillerCategory =
  | 'electricity'
  | 'water'
  | 'gas'
  | 'heating'
  | 'internet'
  | 'phone'
  | 'tv'
  | 'tuition'
  | 'property'
  | 'social-insurance'
  | 'tax';

type BillerCue =
  { readonly kind: 'category'; readonly category: BillerCategory } | { readonly kind: 'generic' };

const category = (c: BillerCategory): BillerCue => ({ kind: 'category', category: c });

// Spoken words for each category, plus words that give a biller's category away in its name (国家电网,
// China Mobile). Longest phrase wins, so "phone bill" is phone and "property tax" is tax.
const CATEGORY_ROWS: readonly (readonly [string, BillerCue])[] = [
  [
    'electricity|electric|electric bill|electricity bill|power|power bill|light bill|lights|hydro|hydro bill|' +
      'energy|energy bill|电费|电力|供电|电网|电表|交电费',
    category('electricity'),
  ],
  ['water|water bill|water utility|水费|自来水|水务|交水费', category('water')],
  ['gas|gas bill|natural gas|燃气|燃气费|煤气|煤气费|天然气|交燃气费', category('gas')],
  ['heating|heating bill|暖气|暖气费|供暖|供暖费|供热', category('heating')],
  ['internet|internet bill|broadband|wifi|wi fi|fiber|fibre|宽带|宽带费|网费', category('internet')],
  [
    'phone|phone bill|cell phone|cellphone|cell bill|mobile|mobile bill|mobile phone bill|wireless|' +
      'wireless bill|telecom|话费|电话费|手机费|手机话费|通讯费|移动|联通|电信',
    category('phone'),
  ],
  ['cable|cable tv|cable bill|tv bill|有线电视|电视费', category('tv')],
  [
    'tuition|tuition fee|tuition fees|school fee|school fees|school|university|college|学费|学杂费|学校|大学',
    category('tuition'),
  ],
  [
    'property|property fee|property fees|property management|hoa|hoa fees|strata|物业|物业费|物业管理费',
    category('property'),
  ],
  ['social insurance|social security|社保|社保费|社会保险|医保', category('social-insurance')],
  ['tax|taxes|income tax|property tax|irs|税|税费|税款|个税|个人所得税|交税', category('tax')],
  // "Pay my bill" names the customer's only biller, and is ambiguous when there are several.
  ['bill|bills|账单|缴费', { kind: 'generic' }],
];
const CATEGORY_LEXICON = compileLexicon(CATEGORY_ROWS);

/** The canonical category of a biller: its `category` if it reads as one, else a hint in its name. */
function categoryOf(biller: BillerRef): string | undefined {
  for (const source of [biller.category, biller.name]) {
    if (source === undefined) continue;
    for (const hit of findPhrases(tokenizeMixed(source), CATEGORY_LEXICON)) {
      if (hit.value.kind === 'category') return hit.value.category;
    }
  }
  return biller.category?.trim().toLowerCase();
}

const GENERIC_WORDS: ReadonlySet<string> = new Set([
  ...[...CATEGORY_LEXICON.keys()].filter((k) => /^[a-z]+$/.test(k)),
  ...'the of and co company inc corp ltd llc utility utilities service services payment payments'.split(' '),
]);
const GENERIC_HAN = /(?:有限公司|分公司|公司|集团|股份|中国|国家|缴费|费用|市|省)/;

/** Precomputed keys of a customer's billers; pass to {@link matchBillers} to skip rebuilding. */
export interface BillerIndex {
  readonly kind: 'billers';
  readonly refs: readonly BillerRef[];
  readonly names: NameIndex;
  readonly categories: readonly (string | undefined)[];
}

/** Builds a {@link BillerIndex}: name keys and canonical categories. */
export function buildBillerIndex(billers: readonly BillerRef[]): BillerIndex {
  return {
    kind: 'billers',
    refs: billers,
    names: buildNameIndex(
      billers.map((b) => ({ id: b.id, names: [{ text: b.name, partials: 'thing' } satisfies NameSpec] })),
      { genericWords: GENERIC_WORDS, genericHan: GENERIC_HAN },
    ),
    categories: billers.map(categoryOf),
  };
}

const billerIndexes = indexCache<BillerIndex>();

function billerIndexOf(billers: readonly BillerRef[] | BillerIndex): BillerIndex {
  if (isIndex(billers)) return billers;
  const fingerprint = billers.map((b) => `${b.id}\u0000${b.name}\u0000${b.category ?? ''}`).join('\u0001');
  return billerIndexes(billers, fingerprint, () => buildBillerIndex(billers));
}

/**
 * Finds which of the customer's billers the utterance mentions: by name ("city power", "国家电网") or by
 * category ("electricity", "light bill", "电费" → the electricity biller; "话费" → phone), or, at
 * {@link PRODUCT_THRESHOLD}, just "my bill". Two billers of one category are ambiguous. Best first.
 */
export function matchBillers(
  text: string,
  billers: readonly BillerRef[] | BillerIndex,
  lang: Lang,
): EntityCandidate[] {
  const index = billerIndexOf(billers);
  return matchByCues(
    text,
    index.refs,
    index.names,
    CATEGORY_LEXICON,
    (cue, i) => {
      if (cue.kind === 'generic') return PRODUCT_THRESHOLD;
      return index.categories[i] === cue.category ? 0.9 : 0;
    },
    lang,
  );
}

/** {@link matchBillers}, decided: one biller, several equally likely ones, or none. */
export function resolveBiller(
  text: string,
  billers: readonly BillerRef[] | BillerIndex,
  lang: Lang,
): Resolution {
  return resolveCandidates(matchBillers(text, billers, lang));
}

/** The category an utterance names, if any ("light bill" → electricity, "话费" → phone). */
export function extractBillerCategory(text: string): BillerCategory | undefined {
  for (const hit of findPhrases(tokenizeMixed(text), CATEGORY_LEXICON)) {
    if (hit.value.kind === 'category') return hit.value.category;
  }
  return undefined;
}

/** How the classifier's training data names a bill of each category, per language. */
const CATEGORY_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {
    electricity: 'electric bill',
    water: 'water bill',
    gas: 'gas bill',
    heating: 'heating bill',
    internet: 'internet bill',
    phone: 'phone bill',
    tv: 'cable bill',
    tuition: 'tuition',
    property: 'hoa fees',
    'social-insurance': 'social insurance',
    tax: 'taxes',
    other: 'utility bill',
  },
  zh: {
    electricity: '电费',
    water: '水费',
    gas: '燃气费',
    heating: '暖气费',
    internet: '宽带费',
    phone: '话费',
    tv: '有线电视费',
    tuition: '学费',
    property: '物业费',
    'social-insurance': '社保',
    tax: '税费',
    other: '账单',
  },
};

/**
 * Where the utterance calls one of the customer's billers by its own name ("pay city power ninety
 * dollars", "交国家电网两百"), and the words the classifier knows for that kind of bill. A biller's
 * name says nothing to a classifier that never saw it, and "pay city power ninety dollars" reads
 * like "pay bob ninety dollars" (a transfer); with the name put as "electric bill" it reads as the
 * bill payment it is. `undefined` when no single biller is named, or the words already say the
 * category ("pay my water bill").
 */
export function billerByName(
  text: string,
  billers: readonly BillerRef[] | BillerIndex,
  lang: Lang,
): { readonly span: Span; readonly categoryWords: string } | undefined {
  const index = billerIndexOf(billers);
  const resolved = resolveBiller(text, index, lang);
  if (resolved.kind !== 'one') return undefined;
  const tokens = tokenizeMixed(resolved.span.text);
  const han = tokens
    .filter((t) => t.kind === 'han')
    .map((t) => t.norm)
    .join('');
  const named =
    tokens.some((t) => t.kind === 'latin' && !GENERIC_WORDS.has(t.norm)) ||
    han.replace(GENERIC_HAN_ALL, '').replace(CATEGORY_HAN, '') !== '';
  if (!named) return undefined;
  const category = index.categories[index.refs.findIndex((b) => b.id === resolved.id)] ?? 'other';
  const words = CATEGORY_WORDS[lang];
  return { span: resolved.span, categoryWords: words[category] ?? words.other ?? '' };
}

const GENERIC_HAN_ALL = new RegExp(GENERIC_HAN.source, 'g');
const CATEGORY_HAN = new RegExp(
  CATEGORY_ROWS.flatMap(([phrases]) => phrases.split('|'))
    .filter((k) => /\p{Script=Han}/u.test(k))
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'gu',
);
