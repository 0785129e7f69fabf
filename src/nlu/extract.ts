import { isCurrencyCode, type CurrencyCode } from '../shared/index.ts';
import type { AmountMatch, Span } from './entities/types.ts';
import { matchAccounts, matchCards } from './entities/account-match.ts';
import { extractAmounts, meantAmount } from './entities/amount.ts';
import { takenBackAt } from './entities/self-repair.ts';
import { readNumberZh } from './entities/numbers-zh.ts';
import { toSafeInteger } from './entities/decimal.ts';
import { extractBillerCategory, resolveBiller } from './entities/biller-match.ts';
import { extractCurrencies } from './entities/currency-words.ts';
import { extractDateRanges, extractDates } from './entities/dates.ts';
import { extractDigits, spokenDigits } from './entities/digits.ts';
import {
  overlaps,
  resolveCandidates,
  resolvePayee,
  type EntityCandidate,
  type Resolution,
} from './entities/payee-match.ts';
import { extractPhones } from './entities/phone.ts';
import { extractPlace, extractService } from './entities/place.ts';
import type { UnderstandingContext } from './context.ts';
import { normalizeText } from './normalize.ts';

/** A reference to one of the customer's own things: one, or several equally likely (ask which). */
export type Ref =
  | { readonly kind: 'one'; readonly id: string }
  | { readonly kind: 'ambiguous'; readonly ids: readonly string[] };

export type AmountOption = 'statement' | 'minimum' | 'full' | 'payment_due';
export type Frequency = 'weekly' | 'biweekly' | 'monthly';

/** Entities read from one utterance, normalised as core-intents.md says. */
export interface Entities {
  amount?: { readonly value: string; readonly currency?: CurrencyCode; readonly approximate?: true };
  /** "the minimum", "the statement balance", "pay it off", "this month's payment". */
  amountOption?: AmountOption;
  /** Currencies named on their own, in order ("dollars to yuan" → [USD, CNY]). */
  currencies?: readonly CurrencyCode[];
  payee?: Ref;
  /** The account money comes from, or the one asked about. */
  account?: Ref;
  /** An own account money goes to. */
  toAccount?: Ref;
  card?: Ref;
  biller?: Ref;
  billerCategory?: string;
  date?: string;
  dateRange?: { readonly from: string; readonly to: string };
  digits?: string;
  phone?: string;
  /** "my phone", "我的手机": the customer's own number. */
  ownPhone?: boolean;
  place?: string;
  service?: string;
  frequency?: Frequency;
  termMonths?: number;
  /** "the first one" = 1, "the second" = 2, "the last one" = -1. */
  ordinal?: number;
  merchant?: string;
  /** A new payee's name (payee.add). */
  name?: string;
}

function toRef(r: Resolution): Ref | undefined {
  if (r.kind === 'one') return { kind: 'one', id: r.id };
  if (r.kind === 'ambiguous') return { kind: 'ambiguous', ids: [...r.ids] };
  return undefined;
}

const SOURCE_CUE =
  /(?:\bfrom|\bout of|\busing|\bwith|\bfrom my|从|用|拿|扣)\s*(?:my|the|our|我的|那个)?\s*$/i;
const TARGET_CUE =
  /(?:\bto|\binto|\bonto|\bin|到|转到|转入|存到|存入|打到|转进|换成|兑换成|换为|兑换为|往|(?<!从)转|还)\s*(?:my|the|our|我的|那个)?\s*$/i;

/** Words that move money somewhere: only with one does "in savings" say where it goes. */
const MOVES = /\b(put|move|moving|transfer|send|deposit|pay|add|save|top up|load|wire|stick|drop|place)\b/;

function roleOf(text: string, span: Span, lower: string): 'source' | 'target' | undefined {
  const before = text
    .slice(Math.max(0, span.start - 22), span.start)
    .replace(/\s*\b(?:the )?(?:account|card)\s*$/i, ' ');
  const target = TARGET_CUE.exec(before);
  // "how much is in savings", "what's in my checking": the account asked about.
  if (target && !(/\bin\b/i.test(target[0]) && !MOVES.test(lower))) return 'target';
  if (SOURCE_CUE.test(before)) return 'source';
  return undefined;
}

const NOT_OWNERS =
  /\b(?:today|tomorrow|yesterday|week|month|year|it|that|what|where|who|there|here|let|one)'s\s*$/i;

/** "send 50 to bob li's savings", "maria's account": an account of someone else's, not one of ours. */
function othersAccount(before: string): boolean {
  return /\b[a-z]+'s\s*$/i.test(before) && !NOT_OWNERS.test(before);
}

function sameRef(a: Ref, b: Ref): boolean {
  return a.kind === 'one' && b.kind === 'one' && a.id === b.id;
}

/**
 * Han words that sound like a surname + name but are banking vocabulary: 账单 (zhàng dān) must not
 * become 张珊 (zhāng shān), 转账 not 张三.
 */
const ZH_NOT_NAMES = /账单|账户|账号|转账|还款|一张|这张|那张|哪张|两张|几张|张卡/;
/** 张 counting something before the match ("一张三百块的发票", "一张三千的存单"): no name. */
const ZH_MEASURE_BEFORE = /[一这那哪两几每][张]$/;
/**
 * What may follow a payee's Han name in a request: a verb, a particle, a number, an account word. Any
 * other Han character makes it a longer name (张三丰, 李四光), someone else.
 */
const ZH_AFTER_NAME =
  /^(?:[转打汇付交还给的了吧呢啊呀吗嘛和跟与及同或、，。！？,.!?\s零〇一二两三四五六七八九十百千万亿块元钱毛角分个笔账户卡先再也都就那这要想帮请说是不呀哈嗯存删换设改发收自多借欠退补充划寄送加减办开查看问找约叫让替又刚最已没有在到从用上下今明昨每什怎能会可该支向我你他她们剩而]|$)/;
/** "张三的妈妈", "我妈的朋友", "张三他老婆": someone else, named through the payee. */
const ZH_SOMEONE_ELSE =
  /^(?:的|他|她|他的|她的)(?:妈妈|妈|爸爸|爸|儿子|女儿|老婆|老公|爱人|朋友|同事|同学|哥哥|姐姐|弟弟|妹妹|孩子|父母|家人|邻居|老板|室友|对象|男朋友|女朋友|亲戚|奶奶|爷爷|外婆|外公)/;

/** "my mother in law", "my mom's friend linda": someone else, named through the payee. */
const SOMEONE_ELSE =
  /^\s*(?:-?in-?\s*law\b|'?s\s+(?:friend|boss|neighbou?r|colleague|sister|brother|husband|wife|partner|cousin|aunt|uncle|son|daughter|kid|nurse|carer|cleaner|doctor)\b)/i;

/** Whether `said` is a payee's name or alias as written (not a look-alike by sound). */
function saidLiterally(said: string, ctx: UnderstandingContext): boolean {
  const s = said.toLowerCase();
  return ctx.payees.some(
    (p) => p.name.toLowerCase() === s || (p.aliases ?? []).some((a) => a.toLowerCase() === s),
  );
}

function plausiblePayee(text: string, r: Resolution, ctx: UnderstandingContext): Resolution {
  if (r.kind === 'none') return r;
  if (SOMEONE_ELSE.test(text.slice(r.span.end))) return { kind: 'none' };
  const said = r.span.text;
  if (/^[\u4e00-\u9fff]+$/.test(said)) {
    const after = text.slice(r.span.end);
    if (ZH_SOMEONE_ELSE.test(after) || ZH_MEASURE_BEFORE.test(text.slice(0, r.span.start) + said.charAt(0)))
      return { kind: 'none' };
    // 妈 alone: "妈呀" is an exclamation, and 他妈 / 你妈 someone else's mother.
    // Nor is the 妈 of 爸妈, 干妈 or 大妈: alone, it follows the start or a verb.
    if (
      said.length === 1 &&
      (/^[呀耶啊哎]/.test(after) ||
        !/(?:^|[\s，,。给向跟和替帮为转打到我老])$/.test(text.slice(0, r.span.start)))
    )
      return { kind: 'none' };
    // A person's name (not an alias such as 房东 or 妈妈) followed by a character that goes on
    // naming someone (张三丰, 李四光) is not this payee.
    const person =
      said.length > 1 &&
      (ctx.payees.some((p) => p.name === said) || !ctx.payees.some((p) => (p.aliases ?? []).includes(said)));
    if (person && said.length <= 3 && !ZH_AFTER_NAME.test(after) && ZH_AFTER_NAME.test(after.slice(1)))
      return { kind: 'none' };
  }
  const literally = ctx.payees.some(
    (p) => said.includes(p.name) || (p.aliases ?? []).some((a) => said.includes(a)),
  );
  if (!literally && ZH_NOT_NAMES.test(said)) return { kind: 'none' };
  return r;
}

/** A bare "account" / "card" scores at the product threshold; anything surer is a real mention. */
const GENERIC_SCORE = 0.65;

/**
 * Groups overlapping candidates (one mention) and resolves each mention, best first. A generic
 * mention ("the account") is dropped when the utterance also names one specifically.
 */
function mentions(all: readonly EntityCandidate[]): { span: Span; ref: Ref; score: number }[] {
  const specific = all.some((c) => c.score > GENERIC_SCORE);
  const candidates = specific ? all.filter((c) => c.score > GENERIC_SCORE) : all;
  const groups: EntityCandidate[][] = [];
  for (const c of [...candidates].sort((a, b) => a.start - b.start)) {
    const g = groups.find((x) => x.some((y) => y.start < c.end && c.start < y.end));
    if (g) g.push(c);
    else groups.push([c]);
  }
  const out: { span: Span; ref: Ref; score: number }[] = [];
  for (const g of groups) {
    const ref = toRef(resolveCandidates(g));
    const first = g[0];
    if (ref && first) out.push({ span: first, ref, score: Math.max(...g.map((c) => c.score)) });
  }
  return out.sort((a, b) => b.score - a.score || a.span.start - b.span.start);
}

const OPTION_RULES: readonly [RegExp, AmountOption][] = [
  [/\bmin(imum)?\b|最低|最少/, 'minimum'],
  [
    /statement balance|\bthe statement\b|statement amount|\bthe bill\b|账单金额|本期账单|账单上的|this month'?s bill/,
    'statement',
  ],
  [
    /full balance|\bin full\b|pay (it|everything|the whole thing) off|\beverything\b|whole balance|entire balance|全部|全额|还清|结清|全还|都还了|都还上/,
    'full',
  ],
  [
    /this month'?s (payment|installment|instalment|mortgage|loan)|monthly payment|payment due|the payment|本月应还|这期|月供|这个月的(房贷|车贷|贷款|月供)|本月的(房贷|车贷|贷款)|^(?:就|那就)?还?(?:这个月|本月)的?(?:吧|那笔|那期)?$/,
    'payment_due',
  ],
];

const WEEKDAYS = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
/** "per week", "50 a week", "thirty bucks a month" (not "in a month", "a week ago", "twice a month"). */
const PER =
  '(?:\\bper|(?:\\d|\\bdollars?|\\bbucks|\\bquid|\\beuros?|\\bhundred|\\bthousand|\\bgrand|\\b(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|five)) a)';
/** "for the weekly groceries": what the money is for, not how often to pay. "Not weekly": not. */
const ADJECTIVE = '(?<!\\bfor (?:the|my|our|his|her|their) )(?<!\\bnot )';

// "twice a month" and "in a month" (a date) are no frequency Teller can set; "every fortnight" is.
const FREQUENCY_RULES: readonly [RegExp, Frequency][] = [
  [
    new RegExp(
      `${ADJECTIVE}every (two|2|other|second) (weeks?|${WEEKDAYS})|${ADJECTIVE}\\bbi ?-?weekly\\b|(?<!\\bin )\\b(every|each|a|per) fortnight|fortnightly|每两周|每隔一周|双周`,
    ),
    'biweekly',
  ],
  [
    new RegExp(
      `${ADJECTIVE}\\bweekly\\b|every week|each week|once a week|${PER} week\\b(?! (from|later|ago))|${ADJECTIVE}(every|each) ${WEEKDAYS}|每周|每星期|每个星期|每礼拜`,
    ),
    'weekly',
  ],
  [
    new RegExp(
      `${ADJECTIVE}\\bmonthly\\b|every month|each month|once a month|${PER} month\\b(?! (from|later|ago))|每月|每个月|按月`,
    ),
    'monthly',
  ],
];

const ORDINALS: readonly [RegExp, number][] = [
  [/\b(the )?(first|1st)\b|第一|头一个/, 1],
  [/\b(the )?(second|2nd)\b|第二/, 2],
  [/\b(the )?(third|3rd)\b|第三/, 3],
  [/\b(the )?last one\b|最后一个/, -1],
];

// prettier-ignore
const MONTH_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, four: 4, five: 5, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, fifteen: 15, twenty: 20,
  thirty: 30, fortyeight: 48,
};

const TERM_WORDS: Readonly<Record<string, number>> = {
  three: 3,
  six: 6,
  twelve: 12,
  eighteen: 18,
  twentyfour: 24,
  thirtysix: 36,
  sixty: 60,
  a: 1,
  one: 1,
  two: 2,
  five: 5,
  三: 3,
  六: 6,
  十二: 12,
  二十四: 24,
  三十六: 36,
  一: 1,
  两: 2,
  二: 2,
  五: 5,
};

function termMonths(text: string): number | undefined {
  if (/半年|half a year|six months?|6 months?|6-month/.test(text)) return 6;
  let m =
    /(\d+|three|six|twelve|eighteen|twenty ?four|thirty ?six|sixty|三|六|十二|二十四|三十六)\s*(?:-|个)?\s*(?:months?|month|个月|月期)/.exec(
      text,
    );
  if (m?.[1]) return Number.isNaN(Number(m[1])) ? TERM_WORDS[m[1].replace(' ', '')] : Number(m[1]);
  // Any other count of months ("十八个月", "nine months", "48 months"): the deposit says which it offers.
  const zh = /(?<![零〇一二两三四五六七八九十百千万\d])([一二两三四五六七八九十]{1,3})个月/.exec(text)?.[1];
  const zhMonths = zh === undefined ? undefined : readNumberZh(zh, 0);
  if (zh && zhMonths && zhMonths.next === zh.length && !zhMonths.vague) return toSafeInteger(zhMonths.value);
  m =
    /\b(one|two|four|five|seven|eight|nine|ten|eleven|fifteen|twenty|thirty|forty ?eight)\s*(?:-)?\s*months?\b/.exec(
      text,
    );
  if (m?.[1]) return MONTH_WORDS[m[1].replace(' ', '')];
  // Not a year of the calendar: "2027年" is no 24,324-month term.
  m = /(?<!\d)(\d{1,2}|(?<=\bfor )a|one|two|three|five|一|两|二|三|五)\s*(?:-)?\s*(?:years?|年期|年)/.exec(
    text,
  );
  if (m?.[1]) {
    const n = Number.isNaN(Number(m[1])) ? TERM_WORDS[m[1]] : Number(m[1]);
    return n === undefined ? undefined : n * 12;
  }
  return undefined;
}

const NAME_PATTERNS: readonly RegExp[] = [
  /\badd (?:a |an )?(?:new )?(?:payee |recipient |contact )?(?:called |named )?(.+?) (?:as|to) (?:a |an |my )?(?:new )?(?:payee|recipient|contact)s?\b/,
  /\b(?:add|new|save|create) (?:a |an )?(?:new )?(?:payee|recipient|contact)(?: called| named| for|:)? (.+)$/,
  /(?:添加|新增|加个|加一个|加)(?:一个)?(?:新的)?(?:收款人|联系人)[：:，,]?(?:叫)?(.+)$/,
  /把(.+?)(?:加为|添加为|加成|设为|存为)(?:新的)?(?:收款人|联系人)/,
  // A correction of it: "no the name is jordan myles", "名字是赵琳".
  /\b(?:the |their |his |her )?name (?:is|should be|was meant to be) (.+)$/,
  /(?:名字|户名)(?:是|叫|应该是)(.+)$/,
];

const FILLER = /^(?:um+|uh+|er+|so|well|ok(?:ay)?|please|嗯|那个|就是|他叫|她叫|叫|户名(?:是|叫)?)\s*/i;

const NOT_NAMES =
  /^(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s*)+$|^(?:send|transfer|pay|move|wire|give|top up|freeze|cancel|check|show|what'?s)\b|^吗|^(me|myself|us|him|her|them|someone|somebody|a friend|my friend|it|this|that|我|我自己|他|她|别人)$|^(what|whats|what's|how|when|where|why|who|which|can|could|is|are|do|does|tell me|i want|i need)\b|吗$|多少|什么|怎么/i;

/** A currency's name alone, with no account word. */
const CURRENCY_ONLY =
  /^(?:美元|美金|欧元|日元|英镑|港币|港元|人民币|澳元|加元|韩元|(?:us |american )?dollars?|euros?|yen|pounds?|yuan|rmb)$/i;
/** Exchanging currency: what a currency's name then means is the money, not an account. */
const EXCHANGES = /换|兑|购汇|结汇|买|\b(?:exchange|convert|buy|sell)\b/i;

/**
 * "换五千人民币的美元", "用活期的钱买点美元": a currency named alone after the verb of an exchange is
 * what the money becomes (the target), not the account it comes from.
 */
function exchangedInto(text: string, span: Span): 'target' | undefined {
  if (!CURRENCY_ONLY.test(span.text.trim())) return undefined;
  return EXCHANGES.test(text.slice(0, span.start)) ? 'target' : undefined;
}

/** Where a new payee's name ends: the account digits said after it ("叫赵六，尾号七七三一"). */
const AFTER_NAME =
  /[\s,，]*(?:尾号|末四位|后四位|卡号|账号|开户行).*$|(?:^|[\s,，]+)(?:with\s+)?(?:(?:the|an?|her|his|their)\s+)?(?:last (?:four|4)|account(?: number)?|ending|iban|sort code|routing(?: number)?)\b.*$/i;

function cleanName(raw: string): string | undefined {
  // "赵六，哦不对，是赵琳", "bob smith no sorry bob jones": the name said last.
  const back = takenBackAt(raw);
  let name = (back === undefined ? raw : raw.slice(back).replace(/^(?:[\s,，。]|对|是|it'?s\b)+/, ''))
    .replace(AFTER_NAME, '')
    .trim()
    .replace(/[。.!！?？，,]+$/, '');
  for (let i = 0; i < 3; i++) name = name.replace(FILLER, '');
  name = name
    .replace(/\s+(please|thanks|thank you)$/i, '')
    .replace(/(吧|啊|呀|谢谢)$/, '')
    .trim();
  if (name.length < 2 || name.length > 60 || NOT_NAMES.test(name)) return undefined;
  return name
    .split(' ')
    .map((w) => (/^[a-z]/.test(w) ? w[0]?.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** Words before a number that make it an account's or card's last four ("from 5678", "on 9876"). */
const LAST4_CUE =
  /(?:\b(?:from|on|to|into|in|using|with|of|account|card|checking|savings|visa|debit|credit|mastercard|amex|ending|ends)|从|用|到|尾号)\s*$/i;

/**
 * A bare four-digit number that is the last four of one of the customer's own accounts or cards,
 * said after a cue ("no from 5678", "what's the balance on 5678", "send 50 from savings 5678"): an
 * account, not $5,678.00. An answer to "how much?" is still an amount.
 */
function ownLastFour(text: string, a: AmountMatch, ctx: UnderstandingContext): boolean {
  if (a.currency !== undefined || ctx.awaiting === 'amount' || !/^\d{4}$/.test(a.text)) return false;
  return ownLast4(a.text, ctx) && LAST4_CUE.test(text.slice(0, a.start));
}

/**
 * "Pay my visa 9876 200": a card's or account's last four after its name, then another number, are
 * two numbers and no phone.
 */
function ownThenMore(
  text: string,
  phone: { readonly start: number; readonly text: string },
  ctx: UnderstandingContext,
): boolean {
  const first = /^\d{4}(?=[\s,])/.exec(phone.text)?.[0];
  return first !== undefined && LAST4_CUE.test(text.slice(0, phone.start)) && ownLast4(first, ctx);
}

/** Whether four digits are the last four of one of the customer's own accounts or cards. */
function ownLast4(digits: string, ctx: UnderstandingContext): boolean {
  return [...ctx.accounts, ...ctx.cards].some((r) => r.last4?.replace(/\D/g, '').slice(-4) === digits);
}

/** Words a place phrase keeps from a date beside it: "in" of "zanzibar in june", 去 of "明天去人民广场". */
const PLACE_EDGE =
  /^(?:\s+|(?:in|on|at|for|around|the|end|start|beginning|middle|of)\b|[去到在想要])+|(?:\s+|\b(?:in|on|at|for|around|the|end|start|beginning|middle|of)|[去到在])+$/i;

/**
 * A place phrase without the dates in it: the longest piece between them, trimmed of the words that
 * joined it to a date; undefined when nothing of a place is left ("on the 30th in the morning").
 */
function placeBesideDates(text: string, place: Span, dates: readonly Span[]): string | undefined {
  const inside = dates.filter((d) => overlaps(place, d)).sort((a, b) => a.start - b.start);
  if (inside.length === 0) return text.slice(place.start, place.end);
  let best = '';
  let from = place.start;
  for (const d of [...inside, { start: place.end, end: place.end }]) {
    let piece = text.slice(from, Math.max(from, d.start));
    for (let i = 0; i < 3; i++) piece = piece.replace(PLACE_EDGE, '');
    if (piece.length > best.length) best = piece;
    from = Math.max(from, d.end);
  }
  return best.length >= 2 ? best : undefined;
}

/** A denied mention and the comma after it, before what is meant: "不是张三，是", "not bob chen, ". */
const DENIED_THEN =
  /(?:^|[\s，,])(?:不是|\bnot)\s*[^，,。.!?！？]{1,16}?[，,]\s*(?:而是|是|but\s+|it'?s\s+)?|(?:^|[\s，,])不是给?[\u4e00-\u9fff]{1,4}?\s*(?:而是|是)(?=给?[\u4e00-\u9fff])/i;

/** "The last four are 4455", "尾号是4455": digits said as such, whatever the agent asked. */
const LAST_FOUR_SAID =
  /\blast (?:four|4)(?: digits)? (?:are|is)\b|\b(?:account |number )?ending(?: in| with)?(?= (?:\d|zero|oh|one|two|three|four|five|six|seven|eight|nine)\b)|尾号(?:是|为)?(?=\s*[\d零〇一二两三四五六七八九幺])|\b(?:card|account) number (?:is|was)\b|卡号(?:是|为)|账号(?:是|为)/;

/** Entities a self-repair can replace (see {@link takenBackAt}). */
const REPAIRABLE = [
  'amount',
  'payee',
  'account',
  'toAccount',
  'card',
  'biller',
  'date',
  'phone',
  'digits',
  'termMonths',
  'frequency',
] as const;

/** A mention that names one thing: an amount, a date, or a reference that is not ambiguous. */
function definite(value: unknown): boolean {
  return (
    value !== undefined &&
    !(typeof value === 'object' && value !== null && 'kind' in value && value.kind !== 'one')
  );
}

const DENIAL_EN = /(?:^|\s)not\s+(?:(?:to|from|on|for|in|into|with|using)\s+)?/i;

/**
 * A denied mention and what is meant, said with no pause between them, as ASR writes it: "send 50
 * not to bob li to maria garcia", "not bob chen bob li", "not tomorrow monday". Where what is meant
 * starts: the first split of the words after "not" where the words before name one thing and the
 * words after name another of the same kind. Undefined when there is no such split ("i did not get
 * the money from bob").
 */
function deniedThenMeant(text: string, ctx: UnderstandingContext): number | undefined {
  if (ctx.lang !== 'en') return undefined;
  const m = DENIAL_EN.exec(text);
  if (!m) return undefined;
  const from = m.index + m[0].length;
  const rest = text.slice(from);
  // Never inside one amount or date ("not five hundred", "not the 5th of december").
  const spans = [
    ...extractAmounts(rest, ctx.lang),
    ...extractDates(rest, ctx.lang, new Date(ctx.nowMs), ctx.timeZone),
  ];
  const words = [...rest.matchAll(/\S+/g)]
    .slice(1, 8)
    .filter((w) => !spans.some((a) => a.start < w.index && w.index < a.end));
  for (const w of words) {
    const denied = extractEntities(rest.slice(0, w.index), ctx);
    const meant = extractEntities(rest.slice(w.index), ctx);
    // An account is one kind of mention, whichever role its cue gives it ("not to checking, to savings").
    const kinds = (x: Entities) => ({ ...x, account: x.account ?? x.toAccount, toAccount: undefined });
    const [d, n] = [kinds(denied), kinds(meant)];
    if (REPAIRABLE.some((key) => definite(d[key]) && definite(n[key]))) return from + w.index;
  }
  return undefined;
}

/**
 * Reads every entity the dialog can use from one utterance, resolving payees, accounts, cards and
 * billers against the customer's own lists, and reading bare answers as the slot the agent asked for.
 */
export function extractEntities(text: string, ctx: UnderstandingContext): Entities {
  const lang = ctx.lang;
  const lower = normalizeText(text);
  const e: Entities = {};
  const now = new Date(ctx.nowMs);

  const phones =
    ctx.awaiting === 'stepup' ? [] : extractPhones(text, lang).filter((p) => !ownThenMore(text, p, ctx));
  const longDigits = phones.map((p) => [p.start, p.end] as const);
  // A payee's name is not part of a number: "给张三十万" is ¥100,000 to 张三, not ¥300,000.
  const named = plausiblePayee(text, resolvePayee(text, ctx.payees, lang), ctx);
  const unnamed =
    named.kind === 'none' || !saidLiterally(named.span.text, ctx)
      ? text
      : `${text.slice(0, named.span.start)}${' '.repeat(named.span.end - named.span.start)}${text.slice(named.span.end)}`;
  const amounts = extractAmounts(unnamed, lang).filter(
    (a) => !longDigits.some(([s, t]) => a.start < t && s < a.end) && !ownLastFour(text, a, ctx),
  );
  const amount = meantAmount(text, amounts);
  if (amount && ctx.awaiting !== 'stepup' && ctx.awaiting !== 'digits') {
    e.amount = {
      value: amount.value,
      ...(amount.currency ? { currency: amount.currency } : {}),
      ...(amount.approximate ? { approximate: true } : {}),
    };
  }
  for (const [re, option] of OPTION_RULES) {
    if (re.test(lower)) {
      e.amountOption = option;
      break;
    }
  }
  const currencies = extractCurrencies(text)
    .map((c) => c.currency)
    .filter(isCurrencyCode);
  if (currencies.length > 0) e.currencies = [...new Set(currencies)];

  const payeeMatch = named;
  const payee = toRef(payeeMatch);
  if (payee) e.payee = payee;

  const accountMentions = mentions(matchAccounts(text, ctx.accounts, lang));
  const cardMentions = mentions(matchCards(text, ctx.cards, lang));
  // Roles come from the words before a mention ("from savings", "to checking", 从/到); without a cue
  // the first mention is the account asked about or paid from, and a second one is left out.
  const roled = accountMentions
    .filter((m) => {
      // "五百美元", "500 dollars": the amount's currency, not the dollar account ("美元账户" by name).
      const inAmount = amounts.some((a) => m.span.start < a.end && a.start < m.span.end);
      return !inAmount || /account|账户|帐户|户/i.test(m.span.text);
    })
    // "from checking not savings": a denied mention has no role. "bob li's savings", "whose account
    // ends in 4321": someone else's account.
    .filter((m) => !/\bnot\s*(?:from|to|into|the|my)?\s*$|\bwhose\s*$/i.test(text.slice(0, m.span.start)))
    .filter((m) => !othersAccount(text.slice(0, m.span.start)))
    .map((m) => ({ ...m, role: exchangedInto(text, m.span) ?? roleOf(text, m.span, lower) }));
  // Without a cue, a mention is the account asked about or paid from; with a cued source said too,
  // it is where the money goes: "pay my car loan from savings" pays the loan.
  let uncued: Ref | undefined;
  for (const m of roled) {
    if (m.role === 'target') e.toAccount ??= m.ref;
    else if (m.role === 'source') {
      if (uncued && e.account === uncued && !e.toAccount && !sameRef(uncued, m.ref)) {
        e.toAccount = uncued;
        e.account = m.ref;
      } else e.account ??= m.ref;
    } else if (!e.account && !e.toAccount) {
      e.account = m.ref;
      uncued = m.ref;
    } else if (e.account && !e.toAccount && !uncued && !sameRef(e.account, m.ref)) e.toAccount = m.ref;
    // "活期转到储蓄账户": beside where the money goes, an uncued account is where it comes from.
    else if (!e.account && e.toAccount && !sameRef(e.toAccount, m.ref)) e.account = m.ref;
  }
  if (cardMentions[0]) e.card = cardMentions[0].ref;
  // "To my savings account" with a payee called "Savings": the customer's own account, said as one.
  if (
    payeeMatch.kind !== 'none' &&
    roled.some((m) => overlaps(m.span, payeeMatch.span) && /\baccount\b|账户|帐户/i.test(m.span.text))
  )
    delete e.payee;

  // "greenwood hoa" (a biller) and "greenwood properties" (a payee) share a word: the longer name said wins.
  const billerMatch = resolveBiller(text, ctx.billers, lang);
  const biller = toRef(billerMatch);
  if (
    biller &&
    billerMatch.kind !== 'none' &&
    payeeMatch.kind !== 'none' &&
    overlaps(billerMatch.span, payeeMatch.span)
  ) {
    const longer = billerMatch.span.text.length - payeeMatch.span.text.length;
    if (longer > 0) delete e.payee;
    if (longer >= 0 || !e.payee) e.biller = biller;
  } else if (biller) e.biller = biller;
  const category = extractBillerCategory(text);
  if (category) e.billerCategory = category;

  // Asked "which day?", a bare number is the day of the month: "15", "the 5".
  const bareDay =
    ctx.awaiting === 'date'
      ? (lang === 'en'
          ? /^\s*(?:the\s+)?(\d{1,2})\s*$/i
          : /^\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*$/
        ).exec(text)
      : null;
  const dates = extractDates(
    bareDay ? (lang === 'en' ? `on the ${bareDay[1]}` : `${bareDay[1]}号`) : text,
    lang,
    now,
    ctx.timeZone,
  );
  if (dates[0]) e.date = dates[0].value;
  if (bareDay && dates[0]) delete e.amount;
  const ranges = extractDateRanges(text, lang, now, ctx.timeZone);
  if (ranges[0]) e.dateRange = { from: ranges[0].from, to: ranges[0].to };

  if (phones[0]) e.phone = phones[0].value;
  if (/\bmy (own )?(phone|number|mobile|cell)\b|我的手机|我自己的手机|本机|我的号码|我手机/.test(lower))
    e.ownPhone = true;

  const awaitingDigits = ctx.awaiting === 'digits' || ctx.awaiting === 'stepup';
  const bare = awaitingDigits ? spokenDigits(text, lang) : undefined;
  if (bare) e.digits = bare;
  else {
    const digits = extractDigits(text, lang)[0];
    if (
      digits &&
      (awaitingDigits ||
        ctx.awaiting === 'account' ||
        ctx.awaiting === 'card' ||
        ctx.awaiting === 'disambiguation' ||
        LAST_FOUR_SAID.test(lower))
    ) {
      e.digits = digits.value;
    }
  }

  const place = extractPlace(text, lang);
  // "send it to bob lee": a payee's name is not a place.
  const payeeSpan = payeeMatch.kind === 'none' ? undefined : payeeMatch.span;
  // "on thanksgiving" is a day, not a place; "zanzibar in june" is zanzibar.
  const when = bareDay ? ranges : [...dates, ...ranges];
  const where =
    place && !(payeeSpan && overlaps(place, payeeSpan)) ? placeBesideDates(text, place, when) : undefined;
  if (where) e.place = where;
  const service = extractService(text, lang);
  if (service) e.service = service.value;

  for (const [re, f] of FREQUENCY_RULES) {
    if (re.test(lower)) {
      e.frequency = f;
      break;
    }
  }
  const term = termMonths(lower);
  if (term !== undefined) e.termMonths = term;
  for (const [re, n] of ORDINALS) {
    if (re.test(lower)) {
      e.ordinal = n;
      break;
    }
  }
  const merchant = ctx.merchants.find((m) => m.length >= 3 && lower.includes(normalizeText(m)));
  if (merchant) e.merchant = merchant;

  for (const re of NAME_PATTERNS) {
    const m = re.exec(lower);
    const name = m?.[1] && cleanName(m[1]);
    if (name) {
      e.name = name;
      break;
    }
  }
  if (!e.name && ctx.awaiting === 'name') {
    const name = cleanName(
      text
        .normalize('NFKC')
        .toLowerCase()
        .replace(/^(?:it'?s|its|the name is|name is|called)\s+/, ''),
    );
    if (name) e.name = name;
  }
  // "bob li no sorry maria garcia", "from savings i mean checking", "转给张三，不对，李四": a mention
  // said after taking one back replaces it.
  // "不是张三，是李四", "not bob chen, bob li": what is said after a denied mention replaces it too.
  const deniedThen = DENIED_THEN.exec(text);
  const repairAt =
    takenBackAt(text) ??
    (deniedThen ? deniedThen.index + deniedThen[0].length : undefined) ??
    deniedThenMeant(text, ctx);
  if (repairAt !== undefined) {
    const instead = extractEntities(text.slice(repairAt), ctx);
    for (const key of REPAIRABLE) {
      const now = instead[key];
      // A vague mention ("the card", "no bill") does not replace a definite one.
      const vague = typeof now === 'object' && 'kind' in now && now.kind !== 'one';
      if (e[key] !== undefined && now !== undefined && !vague) Object.assign(e, { [key]: now });
    }
  }
  return e;
}
