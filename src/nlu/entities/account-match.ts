import type { Lang } from '../../shared/index.ts';
import type { Lexicon, PhraseHit, ScriptToken } from './phonetic.ts';
import { compileLexicon, findPhrases, tokenizeMixed } from './phonetic.ts';
import type { EntityCandidate, NameIndex, NameSpec, Resolution } from './payee-match.ts';
import { buildNameIndex, indexCache, isIndex, matchNameTokens, resolveCandidates } from './payee-match.ts';

/** One of the customer's accounts as the NLU sees it. */
export interface AccountRef {
  readonly id: string;
  readonly name: string;
  /** checking | savings | loan | mortgage | deposit | investment | any bank-specific type */
  readonly type: string;
  readonly last4?: string;
  readonly currency?: string;
  /** The customer's own name for it: "工资卡", "rainy day fund". */
  readonly nickname?: string;
}

/** One of the customer's cards as the NLU sees it. */
export interface CardRef {
  readonly id: string;
  readonly name: string;
  readonly type: 'credit' | 'debit';
  readonly last4?: string;
  /** visa | mastercard | amex | unionpay | discover | jcb; read from the name when absent. */
  readonly network?: string;
}

/**
 * Account and card candidates below this are dropped. It admits a bare "my account" / "my card"
 * (0.6), which names the customer's only one and is ambiguous otherwise.
 */
export const PRODUCT_THRESHOLD = 0.6;

/** What a phrase says about an account or card. */
type Cue =
  | { readonly kind: 'type'; readonly scores: Readonly<Record<string, number>> }
  | { readonly kind: 'network'; readonly network: string }
  | { readonly kind: 'currency'; readonly code: string }
  | { readonly kind: 'generic' }
  | { readonly kind: 'last4' };

const type = (scores: Record<string, number>): Cue => ({ kind: 'type', scores });
const network = (name: string): Cue => ({ kind: 'network', network: name });
const GENERIC: Cue = { kind: 'generic' };
const LAST4: Cue = { kind: 'last4' };

const LAST4_CUES =
  'ending|ending in|ending with|ends in|ends with|end in|last four|last 4|last four digits|' +
  'number|尾号|尾数|末四位|后四位|末尾|结尾|卡号|账号';
const CURRENCY_WORDS: readonly (readonly [string, string])[] = [
  ['dollar|dollars|usd|us dollar|美元|美金', 'USD'],
  ['rmb|yuan|renminbi|cny|人民币', 'CNY'],
  ['euro|euros|eur|欧元', 'EUR'],
  ['pound|pounds|sterling|gbp|英镑', 'GBP'],
  ['yen|jpy|日元', 'JPY'],
  ['hong kong dollar|hkd|港币|港元', 'HKD'],
];
// "dollar account", "美元账户": a currency word alone is an amount, not an account.
const CURRENCY_ROWS = CURRENCY_WORDS.map(([words, code]): [string, Cue] => [
  words
    .split('|')
    .flatMap((w) =>
      ['account', '账户', '帐户', '户'].map((a) => (/\p{Script=Han}/u.test(a) ? w + a : `${w} ${a}`)),
    )
    .join('|'),
  { kind: 'currency', code },
]);

const ACCOUNT_LEXICON = compileLexicon<Cue>([
  [
    'checking|checking account|chequing|chequing account|current account|支票|支票账户|支票户',
    type({ checking: 0.9 }),
  ],
  ['savings|saving|savings account|saving account|储蓄|储蓄账户|存款账户', type({ savings: 0.9 })],
  // 活期 is a demand account: a checking account if there is one, else demand savings.
  ['活期|活期账户|活期存款|活期户', type({ checking: 0.9, savings: 0.75 })],
  [
    '定期|定期存款|定期账户|定存|fixed deposit|term deposit|time deposit|certificate of deposit|cd',
    type({ deposit: 0.9 }),
  ],
  ['loan|loan account|贷款|贷款账户', type({ loan: 0.9, mortgage: 0.8 })],
  ['mortgage|mortgage account|房贷|房贷账户', type({ mortgage: 0.9, loan: 0.8 })],
  ['investment|investment account|brokerage|brokerage account|理财|理财账户', type({ investment: 0.9 })],
  ['money market|money market account', type({ 'money-market': 0.9, savings: 0.8 })],
  ['account|accounts|账户|帐户|户头', GENERIC],
  ...CURRENCY_ROWS,
  [LAST4_CUES, LAST4],
]);

const CARD_LEXICON = compileLexicon<Cue>([
  ['credit card|credit|credit cards|信用卡|贷记卡', type({ credit: 0.9 })],
  ['debit card|debit|debit cards|借记卡|储蓄卡', type({ debit: 0.9 })],
  ['visa|visa card|维萨|维萨卡', network('visa')],
  ['mastercard|master card|master|万事达|万事达卡', network('mastercard')],
  ['amex|american express|运通|美国运通', network('amex')],
  ['unionpay|union pay|银联|银联卡', network('unionpay')],
  ['discover|discover card', network('discover')],
  ['jcb', network('jcb')],
  ['card|cards|卡|银行卡', GENERIC],
  [LAST4_CUES, LAST4],
]);

// Canonical account types, so a bank's "current" or "saving" meets the customer's "checking"/"savings".
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  current: 'checking',
  chequing: 'checking',
  saving: 'savings',
  cd: 'deposit',
  'time-deposit': 'deposit',
  'fixed-deposit': 'deposit',
  'term-deposit': 'deposit',
  brokerage: 'investment',
};

// Name words that say what kind of product it is but not which one: "Everyday Checking" is found by
// "everyday" or by the type word "checking", never by its name's "checking" alone.
const GENERIC_WORDS: ReadonlySet<string> = new Set([
  ...[ACCOUNT_LEXICON, CARD_LEXICON].flatMap((lex) => [...lex.keys()].filter((k) => /^[a-z]+$/.test(k))),
  ...'my the bank card account of and'.split(' '),
]);
const GENERIC_HAN = /(?:信用卡|借记卡|储蓄卡|银行卡|账户|帐户|银行|存款|卡)/;
const GENERIC_HAN_ALL = new RegExp(GENERIC_HAN.source, 'g');

/** True when a name says nothing beyond product words ("Savings", "信用卡"): matched by type only. */
function isGenericName(name: string): boolean {
  const tokens = tokenizeMixed(name.replace(GENERIC_HAN_ALL, ' '));
  return tokens.every((t) => t.kind === 'latin' && GENERIC_WORDS.has(t.norm));
}

function nameSpecs(...names: (string | undefined)[]): NameSpec[] {
  return names
    .filter((n): n is string => n !== undefined && n.trim() !== '' && !isGenericName(n))
    .map((text) => ({ text, partials: 'thing' }));
}

const NAME_OPTIONS = { genericWords: GENERIC_WORDS, genericHan: GENERIC_HAN } as const;

/** Precomputed keys of a customer's accounts; pass to {@link matchAccounts} to skip rebuilding. */
export interface AccountIndex {
  readonly kind: 'accounts';
  readonly refs: readonly AccountRef[];
  readonly names: NameIndex;
  readonly types: readonly string[];
}

/** Precomputed keys of a customer's cards; pass to {@link matchCards} to skip rebuilding. */
export interface CardIndex {
  readonly kind: 'cards';
  readonly refs: readonly CardRef[];
  readonly names: NameIndex;
  readonly networks: readonly (string | undefined)[];
}

const accountIndexes = indexCache<AccountIndex>();
const cardIndexes = indexCache<CardIndex>();

/** Builds an {@link AccountIndex}: name keys and canonical types of the customer's accounts. */
export function buildAccountIndex(accounts: readonly AccountRef[]): AccountIndex {
  return {
    kind: 'accounts',
    refs: accounts,
    names: buildNameIndex(
      accounts.map((a) => ({ id: a.id, names: nameSpecs(a.name, a.nickname) })),
      NAME_OPTIONS,
    ),
    types: accounts.map((a) => {
      const t = a.type.trim().toLowerCase();
      return TYPE_ALIASES[t] ?? t;
    }),
  };
}

function networkOf(text: string): string | undefined {
  for (const hit of findPhrases(tokenizeMixed(text), CARD_LEXICON)) {
    if (hit.value.kind === 'network') return hit.value.network;
  }
  return undefined;
}

/** Builds a {@link CardIndex}: name keys and card networks (from `network`, else from the name). */
export function buildCardIndex(cards: readonly CardRef[]): CardIndex {
  return {
    kind: 'cards',
    refs: cards,
    names: buildNameIndex(
      cards.map((c) => ({ id: c.id, names: nameSpecs(c.name) })),
      NAME_OPTIONS,
    ),
    networks: cards.map((c) =>
      c.network ? (networkOf(c.network) ?? c.network.toLowerCase()) : networkOf(c.name),
    ),
  };
}

const EN_DIGITS: Readonly<Record<string, string>> = {
  ...digitWords('zero one two three four five six seven eight nine'),
  niner: '9',
};
// 幺 (1), 两 (2), 拐 (7), 勾 (9), 洞 (0) are how digits are said when they must not be misheard.
const ZH_DIGITS: Readonly<Record<string, string>> = {
  ...digitWords('零 一 二 三 四 五 六 七 八 九'),
  ...digitWords('〇 幺 两 _ _ _ _ 拐 _ 勾'),
  洞: '0',
};

/** `'zero one ...'` → { zero: '0', one: '1', ... }; `_` skips a digit. */
function digitWords(words: string): Record<string, string> {
  const pairs = words.split(' ').map((w, d): [string, string] => [w, String(d)]);
  return Object.fromEntries(pairs.filter(([w]) => w !== '_'));
}
const REPEATS: Readonly<Record<string, number>> = { double: 2, triple: 3 };
const CUE_FILLERS: ReadonlySet<string> = new Set(
  'in with is are of the digits digit its it number 是 为 的 号 码 数 位 四'.split(' '),
);
const AMOUNT_WORDS: ReadonlySet<string> = new Set(
  'dollars dollar bucks usd yuan rmb kuai euros pounds 元 块 美 刀 镑 欧 港'.split(' '),
);

interface DigitRun {
  digits: string;
  /** No numerals: said digit by digit, which is how people read card numbers, never amounts. */
  spoken: boolean;
  firstToken: number;
  lastToken: number;
}

function digitOf(token: ScriptToken, lang: Lang): string | undefined {
  if (token.kind === 'digits') return token.norm;
  if (token.kind === 'han') return ZH_DIGITS[token.norm];
  // "oh" for zero is English only; in Mandarin ASR output a Latin "o" is a letter.
  if (lang === 'en' && (token.norm === 'oh' || token.norm === 'o')) return '0';
  return EN_DIGITS[token.norm];
}

/** Digit strings said as numerals, digit words or Chinese digits ("double five one two", "幺二三四"). */
function digitRuns(tokens: readonly ScriptToken[], lang: Lang): DigitRun[] {
  const runs: DigitRun[] = [];
  let run: DigitRun | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    let times = 1;
    let j = i;
    const next = tokens[i + 1];
    const repeat = REPEATS[t.norm];
    if (repeat !== undefined && next && digitOf(next, lang)?.length === 1) {
      times = repeat;
      j = i + 1;
    }
    const token = tokens[j] ?? t;
    const d = digitOf(token, lang);
    const prev = tokens[i - 1];
    if (d === undefined || (run && prev && t.start - prev.end > 3)) {
      if (run) runs.push(run);
      run = undefined;
      if (d === undefined) continue;
    }
    if (run) {
      run.digits += d.repeat(times);
      run.lastToken = j;
      run.spoken &&= token.kind !== 'digits';
    } else {
      run = { digits: d.repeat(times), spoken: token.kind !== 'digits', firstToken: i, lastToken: j };
    }
    i = j;
  }
  if (run) runs.push(run);
  return runs;
}

interface Signal {
  readonly kind: string;
  readonly score: number;
  readonly start: number;
  readonly end: number;
}

/** Raised once for each further, different kind of evidence next to the best one ("visa credit card"). */
const AGREEMENT_BONUS = 0.08;
/** Evidence further apart than this is two mentions ("from checking to savings"), not one. */
const MAX_AGREEMENT_GAP_CHARS = 16;
const MAX_AGREEMENT_GAP_HAN = 3;

interface Last4Mention {
  readonly last4: string;
  readonly score: number;
  readonly start: number;
  readonly end: number;
}

const OTHER_NUMBER = new Set([
  'reference',
  'ref',
  'number',
  'invoice',
  'pin',
  'code',
  'order',
  'ticket',
  'policy',
  'id',
  '#',
]);

/**
 * Last-four mentions: cued ("ending in 1234", "尾号幺二三四", "card 9876") score 1; uncued digits said one
 * by one 0.85; an uncued four-digit numeral 0.7 unless an amount word follows ("1234 dollars").
 */
function last4Mentions<T extends { readonly kind: string }>(
  tokens: readonly ScriptToken[],
  hits: readonly PhraseHit<T>[],
  lang: Lang,
): Last4Mention[] {
  const out: Last4Mention[] = [];
  for (const run of digitRuns(tokens, lang)) {
    if (run.digits.length < 4) continue;
    const first = tokens[run.firstToken];
    const last = tokens[run.lastToken];
    if (!first || !last) continue;
    const cue = hits.find((h) => {
      if (h.lastToken >= run.firstToken) return false;
      if (h.value.kind === 'generic') return h.lastToken === run.firstToken - 1;
      if (h.value.kind !== 'last4' || run.firstToken - h.lastToken > 3) return false;
      return tokens.slice(h.lastToken + 1, run.firstToken).every((t) => CUE_FILLERS.has(t.norm));
    });
    const after = tokens[run.lastToken + 1];
    // "reference 1234", "invoice number 1234", "pin 1234": another number, not an account's last four.
    if (!cue && OTHER_NUMBER.has(tokens[run.firstToken - 1]?.norm ?? '')) continue;
    let score = 0;
    if (cue) score = 1;
    else if (run.digits.length === 4 && run.spoken) score = 0.85;
    else if (run.digits.length === 4 && !(after && AMOUNT_WORDS.has(after.norm))) score = 0.7;
    if (score > 0)
      out.push({ last4: run.digits.slice(-4), score, start: cue?.start ?? first.start, end: last.end });
    // "card ending 9876 two hundred": the typed last four, then the amount read on into the run.
    if (cue && run.digits.length > 4 && /^\d{4}$/.test(first.norm))
      out.push({ last4: first.norm, score: 1, start: cue.start, end: first.end });
  }
  return out;
}

/** Words between two mentions that make them two ("活期转到储蓄账户", "checking to savings"). */
const SEPARATES = /[转到给往至从和跟]|\b(?:to|into|from|and|or)\b/;

function combine(text: string, id: string, signals: Signal[]): EntityCandidate | undefined {
  signals.sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start));
  const best = signals[0];
  if (!best) return undefined;
  let { score, start, end } = best;
  const kinds = new Set<Signal['kind']>([best.kind]);
  for (const s of signals) {
    if (s.kind === 'generic' || kinds.has(s.kind) || s.score < 0.7) continue;
    if (s.start < best.end && best.start < s.end) continue; // the same words read two ways: one piece of evidence
    // Agreement is measured from the strongest evidence, not chained through others; Han text has no
    // spaces, so a few characters already separate clauses ("美元账户里的一百美元…存到活期账户").
    const between = s.start >= best.end ? text.slice(best.end, s.start) : text.slice(s.end, best.start);
    const maxGap = /[\u3400-\u9fff]/.test(between) ? MAX_AGREEMENT_GAP_HAN : MAX_AGREEMENT_GAP_CHARS;
    if (between.length > maxGap || SEPARATES.test(between)) continue;
    kinds.add(s.kind);
    score += AGREEMENT_BONUS;
    start = Math.min(start, s.start);
    end = Math.max(end, s.end);
  }
  return {
    id,
    score: Math.min(1, Math.round(score * 1000) / 1000),
    start,
    end,
    text: text.slice(start, end),
  };
}

/**
 * Scores each of `refs` from every piece of evidence in `text`: name matches from `names`, lexicon
 * phrases scored by `cueScore` (a cue of kind `generic` never reinforces another), and last-four digits.
 * Shared by the account, card and biller matchers; best first, at or above {@link PRODUCT_THRESHOLD}.
 */
export function matchByCues<T extends { readonly kind: string }>(
  text: string,
  refs: readonly { readonly id: string; readonly last4?: string }[],
  names: NameIndex,
  lexicon: Lexicon<T>,
  cueScore: (cue: T, ref: number) => number,
  lang: Lang,
): EntityCandidate[] {
  if (refs.length === 0) return [];
  const tokens = tokenizeMixed(text);
  const signals: Signal[][] = refs.map(() => []);
  const byId = new Map(refs.map((r, i) => [r.id, i]));
  for (const c of matchNameTokens(text, tokens, names, lang)) {
    signals[byId.get(c.id) ?? -1]?.push({ kind: 'name', score: c.score, start: c.start, end: c.end });
  }
  const hits = findPhrases(tokens, lexicon);
  for (const hit of hits) {
    refs.forEach((_, i) => {
      const score = cueScore(hit.value, i);
      if (score > 0) signals[i]?.push({ kind: hit.value.kind, score, start: hit.start, end: hit.end });
    });
  }
  for (const m of last4Mentions(tokens, hits, lang)) {
    refs.forEach((r, i) => {
      if (r.last4 !== undefined && r.last4.replace(/\D/g, '').slice(-4) === m.last4) {
        signals[i]?.push({ kind: 'last4', score: m.score, start: m.start, end: m.end });
      }
    });
  }
  const out: EntityCandidate[] = [];
  refs.forEach((r, i) => {
    const c = combine(text, r.id, signals[i] ?? []);
    if (c && c.score >= PRODUCT_THRESHOLD) out.push(c);
  });
  return out.sort((a, b) => b.score - a.score || a.start - b.start);
}

function accountIndexOf(accounts: readonly AccountRef[] | AccountIndex): AccountIndex {
  if (isIndex(accounts)) return accounts;
  const fingerprint = accounts
    .map((a) => [a.id, a.name, a.type, a.last4, a.currency, a.nickname].join('\u0000'))
    .join('\u0001');
  return accountIndexes(accounts, fingerprint, () => buildAccountIndex(accounts));
}

function cardIndexOf(cards: readonly CardRef[] | CardIndex): CardIndex {
  if (isIndex(cards)) return cards;
  const fingerprint = cards
    .map((c) => [c.id, c.name, c.type, c.last4, c.network].join('\u0000'))
    .join('\u0001');
  return cardIndexes(cards, fingerprint, () => buildCardIndex(cards));
}

/**
 * Finds which of the customer's accounts the utterance mentions: by type ("my savings", "活期"), name
 * or nickname ("everyday checking", "工资卡"), last four digits ("ending in 1234", "尾号幺二三四"),
 * currency ("dollar account", "美元账户") or, at {@link PRODUCT_THRESHOLD}, just "my account". Several
 * mentions come back as several candidates (from/to roles are the caller's, by span). Best first.
 */
export function matchAccounts(
  text: string,
  accounts: readonly AccountRef[] | AccountIndex,
  lang: Lang,
): EntityCandidate[] {
  const index = accountIndexOf(accounts);
  return matchByCues(
    text,
    index.refs,
    index.names,
    ACCOUNT_LEXICON,
    (cue, i) => {
      if (cue.kind === 'type') return cue.scores[index.types[i] ?? ''] ?? 0;
      if (cue.kind === 'currency') return index.refs[i]?.currency?.toUpperCase() === cue.code ? 0.85 : 0;
      return cue.kind === 'generic' ? PRODUCT_THRESHOLD : 0;
    },
    lang,
  );
}

/**
 * Finds which of the customer's cards the utterance mentions: by type ("credit card", "信用卡", "debit
 * card"), network ("my visa", "mastercard", "银联"), name ("platinum", "招商银行信用卡"), last four
 * digits, or, at {@link PRODUCT_THRESHOLD}, just "my card". Best first.
 */
export function matchCards(
  text: string,
  cards: readonly CardRef[] | CardIndex,
  lang: Lang,
): EntityCandidate[] {
  const index = cardIndexOf(cards);
  return matchByCues(
    text,
    index.refs,
    index.names,
    CARD_LEXICON,
    (cue, i) => {
      if (cue.kind === 'type') return cue.scores[index.refs[i]?.type ?? ''] ?? 0;
      if (cue.kind === 'network') return index.networks[i] === cue.network ? 0.9 : 0;
      return cue.kind === 'generic' ? PRODUCT_THRESHOLD : 0;
    },
    lang,
  );
}

/** {@link matchAccounts}, decided: a type two accounts share ("checking" with two) is ambiguous. */
export function resolveAccount(
  text: string,
  accounts: readonly AccountRef[] | AccountIndex,
  lang: Lang,
): Resolution {
  return resolveCandidates(matchAccounts(text, accounts, lang));
}

/** {@link matchCards}, decided: "credit card" with one credit card is that card. */
export function resolveCard(text: string, cards: readonly CardRef[] | CardIndex, lang: Lang): Resolution {
  return resolveCandidates(matchCards(text, cards, lang));
}
