import type { Lang } from '../../shared/index.ts';
import type { Span } from './types.ts';
import type { ScriptToken } from './phonetic.ts';
import { MAX_UTTERANCE_CHARS, compileLexicon, findPhrases, tokenizeMixed } from './phonetic.ts';

/** Branch services customers ask for, as branch records name them (convo-format `services`). */
export type BranchService = 'foreign-exchange' | 'safe-deposit' | 'cash' | 'wealth' | 'mortgage' | '24h';

/** A branch service mentioned in an utterance. */
export interface ServiceMatch extends Span {
  readonly value: BranchService;
}

const words = (s: string): ReadonlySet<string> => new Set(s.split(' '));

const EN_PREPOSITIONS = words('near around by in at on to off beside outside opposite behind');
// Where a place phrase ends: verbs, times, conjunctions and question words that follow it.
const EN_STOP = words(
  'open opens opening opened close closes closing closed today tomorrow tonight now right please that ' +
    'which who with and or but for hours hour have has had is are was were does do did what when how where ' +
    'thanks thank currently still on at by near around from within can could would will i me you it there ' +
    'this these those any also find get go see know withdraw deposit exchange visit be make use check ask ' +
    'nearest closest nearby close closer than',
);
// Not places: the customer's own position, and time phrases after "in"/"on"/"at".
const EN_NOT_PLACE = words(
  'me here us there it my location current position area vicinity neighborhood neighbourhood ' +
    'morning afternoon evening night weekend weekends monday tuesday wednesday thursday friday saturday ' +
    'sunday am pm minute minutes hour hours time a an',
);
const EN_NOUNS = words(
  'branch branches office offices atm atms machine machines bank banks location locations',
);
// Words that may stand before "branch" without being its place ("the nearest open branch").
const EN_NOT_PREFIX = words(
  'a an the my your our any some other another which what that this main local nearest closest nearby ' +
    'near closer open new is there find me show where wheres whats and or of to for in at on by cash 24 ' +
    'hour hours bank',
);
/** Words (or Han characters) a place name may run to: "times square" is 2, "上海浦东国际机场" 8. */
const MAX_PLACE_WORDS = 8;

function isTimeOrSelf(tokens: readonly ScriptToken[]): boolean {
  const first = tokens[0]?.norm ?? '';
  const last = tokens.at(-1)?.norm ?? '';
  return EN_NOT_PLACE.has(first) || EN_NOT_PLACE.has(last) || /^(?:am|pm|oclock|clock|min|mins)$/.test(last);
}

function spanOf(text: string, tokens: readonly ScriptToken[]): Span | undefined {
  const first = tokens[0];
  const last = tokens.at(-1);
  return first && last
    ? { start: first.start, end: last.end, text: text.slice(first.start, last.end) }
    : undefined;
}

/** "nearest branch to times square", "atm near central park", "branches in pudong", "the lujiazui branch". */
function extractPlaceEn(text: string, tokens: readonly ScriptToken[]): Span | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (!EN_PREPOSITIONS.has(tokens[i]?.norm ?? '')) continue;
    let j = i + 1;
    if (tokens[j]?.norm === 'the') j++;
    const place: ScriptToken[] = [];
    for (; j < tokens.length && place.length < MAX_PLACE_WORDS; j++) {
      const t = tokens[j];
      // Han characters stay: code-switched ASR writes "nearest atm to 外滩".
      if (!t || EN_STOP.has(t.norm) || EN_NOUNS.has(t.norm)) break;
      place.push(t);
    }
    if (place.length > 0 && !isTimeOrSelf(place)) return spanOf(text, place);
  }
  // Place words before the noun: walk back from "branch" over words that can be part of a name.
  for (let i = 0; i < tokens.length; i++) {
    if (!EN_NOUNS.has(tokens[i]?.norm ?? '')) continue;
    const place: ScriptToken[] = [];
    for (let j = i - 1; j >= 0 && place.length < MAX_PLACE_WORDS; j--) {
      const t = tokens[j];
      if (!t || t.kind === 'han' || EN_NOT_PREFIX.has(t.norm) || EN_STOP.has(t.norm) || EN_NOUNS.has(t.norm))
        break;
      place.unshift(t);
    }
    if (place.length > 0 && !isTimeOrSelf(place)) return spanOf(text, place);
  }
  return undefined;
}

// Mandarin: the place is the run of characters before a locative (附近, 有没有ATM, 支行) or between 离/在 and
// what follows. `X` is that run; the leading request words are trimmed off afterwards.
const X = '([\\p{Script=Han}a-zA-Z0-9]+?)';
const ZH_TARGET = '(?:ATM|atm|取款机|自动取款机|提款机|网点|营业网点|营业厅|营业部|支行|分行|银行)';
const ZH_PATTERNS: readonly RegExp[] = [
  new RegExp(`(?:离|距离|距)${X}(?:最近|比较近|近)`, 'u'),
  new RegExp(`${X}(?:附近|周边|周围|旁边|那边|一带|边上|那儿|那里)`, 'u'),
  new RegExp(`在${X}(?:的|有)`, 'u'),
  new RegExp(`${X}(?:有没有|有哪些|有什么|哪里有|哪儿有|有)${ZH_TARGET}`, 'u'),
  new RegExp(`${X}(?:的)?(?:支行|分行|营业厅|营业部|网点)`, 'u'),
];
// Request words before the place; longest first, so 帮我找一下 goes before 帮我.
const ZH_LEADING = (
  '请问一下 请问 你好 您好 麻烦 帮我 帮忙 我想要 我想 我要 我在 想要 想 要 知道 告诉我 ' +
  '查一下 查询 查查 查 找一下 找找 找 搜一下 搜 看一下 看看 看 一下 那个 就是 你们 银行 ' +
  '在哪 哪个 哪里有 哪有 有没有 在 去 到 离 距离 最近的 附近的 的'
)
  .split(' ')
  .sort((a, b) => b.length - a.length);
const ZH_NOT_PLACE = words(
  '我 我这 我这里 我这儿 这 这里 这儿 这边 本地 当前位置 我的位置 最近 附近 哪里 哪儿',
);

/** The first pattern that matches decides: 离我最近 names the customer's position, not a place. */
function extractPlaceZh(text: string): Span | undefined {
  for (const re of ZH_PATTERNS) {
    const m = re.exec(text);
    const raw = m?.[1];
    if (!m || raw === undefined) continue;
    let start = m.index + m[0].indexOf(raw);
    let value = raw;
    for (;;) {
      const lead = ZH_LEADING.find((w) => value.startsWith(w));
      if (lead === undefined) break;
      value = value.slice(lead.length);
      start += lead.length;
    }
    if (value.length === 0 || ZH_NOT_PLACE.has(value)) return undefined;
    return { start, end: start + value.length, text: value };
  }
  return undefined;
}

/**
 * The free-text location in a branch or ATM request, for the bank to geocode: "times square" in
 * "nearest branch to times square", "陆家嘴" in "陆家嘴附近的网点". `undefined` when there is none ("the
 * nearest branch") or it is the customer's own position ("near me", "我附近"), which `world.location` covers.
 * Tries the utterance language first, then the other (ASR output code-switches).
 */
export function extractPlace(text: string, lang: Lang): Span | undefined {
  const input = text.length > MAX_UTTERANCE_CHARS ? text.slice(0, MAX_UTTERANCE_CHARS) : text;
  const en = (): Span | undefined => extractPlaceEn(input, tokenizeMixed(input));
  const zh = (): Span | undefined => (/\p{Script=Han}/u.test(input) ? extractPlaceZh(input) : undefined);
  return lang === 'zh' ? (zh() ?? en()) : (en() ?? zh());
}

const SERVICE_LEXICON = {
  en: compileLexicon<BranchService | undefined>([
    [
      'foreign exchange|currency exchange|exchange currency|money exchange|forex|fx|foreign currency',
      'foreign-exchange',
    ],
    ['safe deposit box|safe deposit|safety deposit box|safety deposit|deposit box|safe box', 'safe-deposit'],
    ['cash|cash withdrawal|withdraw cash|cash deposit', 'cash'],
    // An ATM is what is being looked for, not a service of it.
    ['cash machine|cash machines|cash point', undefined],
    ['wealth management|wealth|financial advisor|financial adviser|investment advice|investments', 'wealth'],
    ['mortgage|mortgages|home loan|home loans', 'mortgage'],
    [
      '24 hour|24 hours|24 7|twenty four hour|twenty four hours|twenty four seven|round the clock|all night',
      '24h',
    ],
  ]),
  zh: compileLexicon<BranchService | undefined>([
    ['外汇|换汇|兑换外币|外币兑换|外币|换外币|换钱', 'foreign-exchange'],
    ['保险箱|保管箱|保险柜', 'safe-deposit'],
    ['现金|取现|取现金|存现|取钱|存钱', 'cash'],
    ['理财|财富管理|理财经理|投资理财', 'wealth'],
    ['房贷|按揭|住房贷款|房屋贷款', 'mortgage'],
    ['24小时|二十四小时|全天|24 7|通宵', '24h'],
  ]),
};

/**
 * The branch service a request asks for ("branch with foreign exchange" → foreign-exchange, "有保险箱
 * 的网点" → safe-deposit, "24 hour atm" → 24h), or `undefined`.
 */
export function extractService(text: string, lang: Lang): ServiceMatch | undefined {
  const tokens = tokenizeMixed(text);
  for (const hit of findPhrases(tokens, SERVICE_LEXICON[lang])) {
    if (hit.value !== undefined) {
      return { value: hit.value, start: hit.start, end: hit.end, text: text.slice(hit.start, hit.end) };
    }
  }
  return undefined;
}
