import type { Entities } from './extract.ts';
import type { IntentScore } from './model.ts';
import { normalizeText } from './normalize.ts';

const YES_EN =
  /^(yes|yeah|yep|yup|ya|sure|correct|right|ok|okay|alright|go ahead|do it|confirm(ed)?|please do|that'?s right|that'?s correct|absolutely|affirmative|sounds good|fine|of course|definitely|exactly|perfect|good)\b/;
const NO_EN = /^(no|nope|nah|don'?t|do not|negative|wrong|that'?s wrong|not right|incorrect)\b/;
const YES_ZH =
  /^(对|是|好|确认|可以|行|没错|嗯|没问题|要的|转吧|转过去|就这样|同意|ok|(?:那就)?(?:还|存|换|交|缴|充|付|冻|冻结|办|删|开|解冻|挂失)吧$)/;
const NO_ZH = /^(不|别|错了|不对|不是|不要|不用)/;

/**
 * Reads a bare yes or no from how an answer starts ("对，转过去", "yes send it"), for the moments the
 * agent asked a yes/no question and the classifier leans elsewhere.
 */
export function yesOrNo(text: string): 'yes' | 'no' | undefined {
  const t = normalizeText(text).replace(/^(um+|uh+|er+|well|oh|嗯+|那个|哦|噢|喔|呃|啊)[\s，,]*/, '');
  // "不是五百吗", "不对吗": a question back, neither a yes nor a no.
  if (/[吗么][?？]?$/.test(t)) return undefined;
  if (NO_EN.test(t) || NO_ZH.test(t)) return 'no';
  if (YES_EN.test(t) || YES_ZH.test(t)) return 'yes';
  return undefined;
}

/** "I'm not sure", "no idea", "不确定", "不知道": the customer does not know, wherever it is said. */
const UNSURE_EN =
  /\b(not (so |really |entirely |quite |too |totally |completely |a hundred percent |100 percent )?(sure|certain|positive)|unsure|uncertain|don'?t know|do not know|dunno|no idea|can'?t decide|undecided|not convinced|hard to say|confused|confusing|lost me|not following|don'?t (understand|get it))\b/;
const UNSURE_ZH = /不确定|不太确定|不敢确定|不知道|不清楚|说不好|说不准|不好说|拿不准|没想好|不一定/;
/** A hedge ("maybe", "i guess so", "可能吧"), which a yes said outright overrides ("i think so yes"). */
const HEDGE_EN =
  /\b(maybe|perhaps|probably|possibly|i guess|guess so|i suppose|suppose so|i think|think so|i believe|might be|could be|kind of|sort of|kinda|sorta)\b/;
const HEDGE_ZH = /也许|或许|可能|大概|好像|应该|估计|似乎/;
const OUTRIGHT_YES = /\b(yes|yeah|yep|yup)\b|是的|对的|没错|确认|好的|好啊|好呀|好吧/;
/** A question back ("are you sure", "is that right", "你确定吗"): not an answer. */
const QUESTION_EN =
  /^(are you (sure|certain)|you sure|is (that|it|this) (right|correct|ok|okay|safe|sure)|really$|huh$|eh$|what|who|how|which|when|where)\b/;
const QUESTION_ZH = /[吗么]$|多少|你确定|真的假的/;
/** A yes that asks next: "yes what", "okay why", "sure how long will it take", "yes is that the right maria". */
const QUESTION_AFTER_YES_EN =
  /^(?:yes|yeah|yep|yup|ya|sure|ok|okay|right|alright|fine)\b[\s,]*(?:but\s+|so\s+|and\s+)?(?:what|why|who|how|when|where|which|huh|eh|is (?:that|it|this|he|she|there)|are (?:you|there|they)|does|do (?:i|you)|did|can (?:i|you)|could (?:i|you)|will (?:it|that|i)|would (?:it|that|i))\b|\b(?:what|why|huh|eh)\s*$/;
/** "Okay hold on", "yes wait", "好，等一下": the customer is not done, whatever came first. */
const WAIT_EN =
  /\b(wait|hold on|hang on|one (moment|sec|second|minute)|just a (moment|sec|second|minute)|give me a (moment|sec|second|minute)|let me (think|see|check|look)|i need to think|thinking about it)\b/;
const WAIT_ZH = /等一下|等等|稍等|等会|等一等|先等|慢着|先别/;
/** "Yes but not now", "yes but change the amount", "好，不过…": a yes with a condition is not a plain yes. */
const QUALIFIED =
  /\bbut (not|first|before|change|wait|hold|later|after|only|let|can|could|what|how|is|are|do|does|keep|leave|don'?t|do not|never|dont|stop|hang)\b|\b(?:for now|just yet|not yet)\b|但|不过|可是|\b(if|unless|provided|assuming|as long as|on condition|later|not now|another time|some other time)\b|\bbut\b.*\b(too|as well|also)\b|\bafter (?!all\b)|\bonce (?:i|my|we|the|it|you|he|she|they|that)\b|\bwhen (?!(?:you|ready|possible)\b)|\bas soon as (?!possible\b)/;
/**
 * A negation in a yes ("that can't be right", "yeah i don't think so", "勿对", "是另外那张"), once the
 * idioms that say yes with one are taken out ("no problem", "why not", "没问题", "没错").
 */
const NEGATION_EN =
  /\b(not|no|never|nothing|nope|nah|disagree|wrong|incorrect|mistake|cancel|stop|dont|doesnt|isnt|cant|cannot|wont|shouldnt|wasnt|arent|didnt|hardly)\b/;
const AFFIRMING_NEGATION_EN =
  /\b(why not|no problem|not a problem|no problems|no worries|nothing wrong|not a thing wrong|no issues?|cant complain|not wrong|no complaints|no objections?|not bad|no doubt|without a doubt|dont see why not|no reason not|dont mind|doesnt matter|not at all|yeah no|nothing to change|(dont|no need to) change (anything|it))\b/g;
const NEGATION_ZH = /不|没|别|勿|错|有问题|有出入|另外|另一/;
const AFFIRMING_NEGATION_ZH =
  /(没|不|冇)(有|用|需要|会|必)?再?(什么|啥|别的)?(要|好)?(搞|听|说|记|看)?(改|修改|核对|换|错|问题|异议|反对|差|出入|跑|毛病|补充|担心|后悔|撤回|关系|介意|意见)|一点(问题|毛病)都?没有?|错不了|没得(问题|说)|没什么不可以|为什么不|有何不可|可不是|那可不|一字不差|分毫不差/g;
/** An answer that opens with a no ("no i'm not sure"): a no, however unsure the rest. */
const OPENS_WITH_NO = /^(no|nope|nah)\b(?! idea)|^(不是|不对|不要|不用|别|取消)/;

/** Where the last match of `re` starts in `t`, or -1. */
function lastMatch(re: RegExp, t: string): number {
  return [...t.matchAll(new RegExp(re.source, 'g'))].at(-1)?.index ?? -1;
}

/** What holds an answer to a yes/no question back from being a plain yes (see {@link doubtInAnswer}). */
export type Doubt = 'unsure' | 'question' | 'waiting' | 'qualified' | 'hedged' | 'negated';

/**
 * Doubt in an answer to a yes/no question: `unsure` ("i'm not sure", "不知道"), `question` ("are you
 * sure", "huh", "你确定吗"), `waiting` ("okay hold on", "yes wait", "好，等一下"), `qualified` ("yes
 * but not now", "好，不过…"), `hedged` ("maybe", "i guess so", "可能吧", unless a yes is said
 * outright: "i think so yes") or `negated` ("that can't be right", "勿对"; not "no problem", "没错");
 * undefined for a plain answer, and for one that opens with a no (unless a yes follows: "no yes" is
 * `negated`). A read-back must not take any of
 * them for consent: the classifier read "i'm not sure" (the word "sure"), "okay hold on", "huh",
 * "你确定吗" and "that can't be right" (0.97) as yes.
 */
export function doubtInAnswer(text: string): Doubt | undefined {
  // Typed (or punctuated by a cloud recogniser) with a question mark: "yes?", "嗯？" ask, not answer.
  if (/[?？]\s*$/.test(text)) return 'question';
  const t = normalizeText(text).replace(
    /^(um+|uh+(?! huh)|er+|well|oh|hmm+|嗯+|那个|哦|噢|喔|呃|啊)[\s，,]*/,
    '',
  );
  const plain = t.replace(AFFIRMING_NEGATION_EN, ' ').replace(AFFIRMING_NEGATION_ZH, ' ').trim();
  // "No… yes": both answers at once (the classifier read "no yes" as yes at 0.95).
  if (OPENS_WITH_NO.test(t)) return OPENS_WITH_NO.test(plain) && OUTRIGHT_YES.test(t) ? 'negated' : undefined;
  if (UNSURE_EN.test(t) || UNSURE_ZH.test(t)) return 'unsure';
  if (QUESTION_EN.test(t) || QUESTION_ZH.test(t) || QUESTION_AFTER_YES_EN.test(plain)) return 'question';
  const yes = lastMatch(OUTRIGHT_YES, t);
  // "Hang on, let me check… yes, that matches": a wait the customer has come back from is over.
  const wait = Math.max(lastMatch(WAIT_EN, t), lastMatch(WAIT_ZH, t));
  if (wait >= 0 && wait > yes) return 'waiting';
  if (QUALIFIED.test(t)) return 'qualified';
  // "Maybe", "i guess so"; "so yeah i guess" too: a hedge after the yes takes it back ("i think so yes" does not).
  const hedge = Math.max(lastMatch(HEDGE_EN, t), lastMatch(HEDGE_ZH, t));
  if (hedge >= 0 && (yes < 0 || hedge > yes)) return 'hedged';
  if (NEGATION_EN.test(plain) || NEGATION_ZH.test(plain)) return 'negated';
  return undefined;
}

/**
 * Whether an answer to a read-back is too unsure to act on: no consent in "i'm not sure", "maybe",
 * "are you sure", "可能吧", whatever the classifier reads, and a bare "not sure" / "不知道" is not a
 * no either (asked again rather than cancelled). A hedged no ("maybe not") stays a no: nothing moves.
 */
export function unclearAnswer(u: { readonly intent: string; readonly text: string }): boolean {
  const doubt = doubtInAnswer(u.text);
  if (doubt === undefined) return false;
  return u.intent !== 'dialog.deny' || doubt === 'unsure';
}

/** Which entities are evidence for which task intents. */
const EVIDENCE: readonly [RegExp, (e: Entities) => boolean][] = [
  [/^bill\./, (e) => e.biller !== undefined || e.billerCategory !== undefined],
  [/^transfer\.money$/, (e) => e.payee !== undefined && e.amount !== undefined],
  [/^topup\.mobile$/, (e) => (e.phone !== undefined || e.ownPhone === true) && e.amount !== undefined],
  [/^card\.repay$/, (e) => e.card !== undefined && (e.amount !== undefined || e.amountOption !== undefined)],
];

/**
 * Second look at an out-of-scope decision: when the classifier was unsure and one of its top
 * candidates is a task whose telltale entities the utterance carries ("pay spectrum sixty nine
 * dollars" has a biller and an amount), that candidate wins. Only candidates the model ranked; never
 * an intent it did not consider.
 */
export function repairOutOfScope(
  ranked: readonly IntentScore[],
  entities: Entities,
): IntentScore | undefined {
  for (const candidate of ranked.slice(0, 3)) {
    if (candidate.intent === 'oos') continue;
    const rule = EVIDENCE.find(([re]) => re.test(candidate.intent));
    if (rule?.[1](entities)) return candidate;
  }
  return undefined;
}

/** Words that stop the task in progress ("cancel", "算了不转了"), whatever else the utterance holds. */
export const CANCEL_WORDS =
  /\b(cancel|stop|forget (it|about it)|never ?mind|quit|abort)\b|取消|算了|不办了|不要了|不转了|不用了|先?不(?:交|缴|冻|充|还|换|存|付|买|挂失|解冻|开)了/i;

/**
 * While a task waits for an answer, "cancel the transfer" means stop this task: a `*.cancel`
 * reading (transfer.cancel, card.cancel) of an utterance that says cancel becomes dialog.cancel.
 */
export function cancelsTask(intent: string, text: string): boolean {
  if (STOP_DOING_ZH.test(text.trim())) return true;
  return (intent === 'dialog.cancel' || intent.endsWith('.cancel')) && CANCEL_WORDS.test(text);
}

/** "不交了", "先不冻了", "那还是不充了吧": the whole answer says the task is not wanted now. */
const STOP_DOING_ZH =
  /^(?:那|那就|哦|嗯|呃)?[，,\s]*(?:我)?(?:先|还是|暂时)?不(?:交|缴|冻|充|还|换|存|付|买|挂失|解冻|开|转|办|弄|搞)了?(?:吧|啊|呀)?[。！!]?$/;
