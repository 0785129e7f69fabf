import {
  CANCEL_WORDS,
  doubtInAnswer,
  unclearAnswer,
  yesOrNo,
  type Doubt,
  type IntentSpec,
  type Understanding,
} from '../../nlu/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { Awaits } from '../types.ts';

/** Intents the session handles itself, at any point (docs/dialog.md "Session"). */
export const CONTROL_INTENTS = new Set([
  'dialog.cancel',
  'dialog.help',
  'dialog.repeat',
  'dialog.back',
  'dialog.start_over',
  'dialog.agent',
  'dialog.slower',
  'dialog.switch_language',
  'dialog.goodbye',
  'dialog.thanks',
  'dialog.greet',
  'dialog.wait',
]);

/** Words that replace what is pending with what follows ("actually … instead", "算了，改成…"). */
export const INSTEAD = /\b(instead|actually|rather|forget (that|it)|scratch that)\b|算了|改成|换成|不转了/i;

/**
 * A confident request of another kind of task, not opened by a yes or a no ("top up my phone with
 * twenty dollars" at a bill's read-back): a new request, which its words would only garble as a
 * correction of the pending one (the phone bill's biller, paid $20).
 */
function otherKindOfTask(u: Understanding, taskIntent: string): boolean {
  return (
    u.confidence >= 0.9 &&
    family(u.intent) !== family(taskIntent) &&
    Object.keys(u.entities).length > 0 &&
    yesOrNo(u.text) === undefined &&
    doubtInAnswer(u.text) === undefined
  );
}

/** A question, by how it starts or ends: "whats the minimum due", "how much is in savings", "最低还款是多少". */
const ASKS =
  /^(?:what|whats|what's|how much|how many|when|when's|whens|where|which|is there|are there|do i|does|did|can you tell|(?:can you |could you |please )?(?:show|tell|give|read|list) me\b|list (?:my|the|all)\b)\b|[吗么呢][?？]?$|多少|几号|几点|哪些|哪家|哪个|哪天|有没有|是不是|能不能|什么时候|给我看|帮我查|查一下/i;

/** Said as a question, a reading of an answer or FAQ this sure is answered mid-task (question words are themselves evidence). */
const ASKED_CONFIDENCE = 0.45;

/** An intent's domain: transfer, card, bill … */
const family = (intent: string | undefined) => intent?.split('.')[0];

/** What a request is for, besides how much and from where: a payee, a biller, a card, a phone. */
const NEW_TARGETS = new Set(['payee', 'biller', 'billerCategory', 'card', 'phone', 'ownPhone']);

/**
 * A sure reading of another kind of request than the task's, for someone or something of its own
 * ("send fifty dollars to bob li" while a card freeze waits): a new request, not an answer or a
 * correction (an account or an amount alone corrects the pending task).
 */
export function namesOtherRequest(u: Understanding, taskIntent: string | undefined): boolean {
  return (
    taskIntent !== undefined &&
    u.confidence >= 0.9 &&
    family(u.intent) !== family(taskIntent) &&
    Object.keys(u.entities).some((k) => NEW_TARGETS.has(k))
  );
}

/** A wait that is about looking something up, not about what changes. */
const STILL_WAITING =
  /\blet me\b|\bcheck|\blook|\bthink|\bfind\b|让我|我看看|我想想|我查|看一下|想一下|找一下/i;

/** Below this, a new intent does not interrupt a task that waits for a slot. */
export const SWITCH_CONFIDENCE = 0.75;

/** Whether an utterance answers what the agent waits for (so it goes to the task, whatever its intent). */
export function answersAwaited(u: Understanding, awaits: Awaits): boolean {
  const e = u.entities;
  switch (awaits) {
    case 'confirmation':
      return u.intent === 'dialog.affirm' || u.intent === 'dialog.deny' || Object.keys(e).length > 0;
    case 'disambiguation':
      // "The monthly one", "the one for 200", "the one on the 15th" pick a scheduled transfer too.
      return (
        e.ordinal !== undefined ||
        e.digits !== undefined ||
        e.frequency !== undefined ||
        e.amount !== undefined ||
        e.date !== undefined ||
        !!(e.payee ?? e.account ?? e.toAccount ?? e.card ?? e.biller)
      );
    case 'slot:amount':
      return e.amount !== undefined || e.amountOption !== undefined;
    case 'slot:payee':
      return e.payee !== undefined || e.toAccount !== undefined || e.account !== undefined;
    case 'slot:account':
      return (
        e.account !== undefined || e.toAccount !== undefined || e.digits !== undefined || e.card !== undefined
      );
    case 'slot:toAccount':
      return e.toAccount !== undefined || e.account !== undefined;
    case 'slot:card':
      return e.card !== undefined || e.digits !== undefined || e.ordinal !== undefined;
    case 'slot:biller':
      return e.biller !== undefined || e.billerCategory !== undefined;
    case 'slot:phone':
      return e.phone !== undefined || e.ownPhone === true || e.digits !== undefined;
    case 'slot:digits':
      return e.digits !== undefined;
    case 'slot:name':
      return e.name !== undefined;
    case 'slot:frequency':
      return e.frequency !== undefined;
    case 'slot:term':
      return e.termMonths !== undefined;
    default:
      return false;
  }
}

/**
 * Languages Teller does not speak, named in a request to switch ("do you speak spanish", "能说日语吗").
 * Cantonese is here: the Mandarin voice and recogniser would not serve a Cantonese speaker.
 */
const OTHER_LANGUAGES =
  /\b(?:spanish|espanol|español|french|francais|german|deutsch|italian|portuguese|russian|arabic|hindi|urdu|bengali|punjabi|tamil|japanese|korean|vietnamese|thai|tagalog|filipino|indonesian|malay|turkish|polish|dutch|greek|hebrew|persian|farsi|swahili|cantonese|hokkien|taiwanese|shanghainese|teochew|hakka|swedish|norwegian|danish|finnish|czech|hungarian|romanian|ukrainian|serbian|croatian|nepali|sinhala|burmese|khmer|lao|mongolian|somali|amharic|yoruba|igbo|hausa|zulu|creole|gujarati|marathi|telugu|kannada|malayalam|hmong|sign language)\b|西班牙语|法语|法文|德语|德文|意大利语|葡萄牙语|俄语|阿拉伯语|印地语|日语|日文|韩语|韩文|朝鲜语|越南语|泰语|印尼语|马来语|土耳其语|粤语|广东话|白话|闽南语|闽南话|台语|上海话|客家话|潮州话|藏语|维吾尔语|蒙古语|手语/;

/** "What languages do you speak", "你会几种语言": a question, not a request to switch. */
const WHICH_LANGUAGES =
  /\b(?:what|which|any other|other) languages?\b|什么语言|哪些语言|哪几种语言|几种语言|其他语言/;

/**
 * The language asked for by "speak chinese" / "说英文"; else the other one. Undefined when the
 * request names only a language Teller does not speak ("can you speak spanish": switching to the
 * other one would answer a Spanish speaker in Mandarin) or asks which languages it speaks.
 */
export function requestedLanguage(u: Understanding, current: Lang): Lang | undefined {
  const t = u.text.toLowerCase();
  if (/english|英文|英语/.test(t)) return 'en';
  if (/chinese|mandarin|putonghua|中文|普通话|汉语|国语|华语/.test(t)) return 'zh';
  if (OTHER_LANGUAGES.test(t) || WHICH_LANGUAGES.test(t)) return undefined;
  return current === 'en' ? 'zh' : 'en';
}

/**
 * An unsure or hedged answer to a read-back, which the task asks again ({@link unclearAnswer}),
 * unless it is session control (repeat, cancel, agent …; not help: "我也不知道" reads as help). A
 * question goes where it asks ("is it free" → transfer.fees).
 */
function unsureAtReadBack(u: Understanding, doubt: Doubt | undefined): boolean {
  if (doubt !== 'unsure' && doubt !== 'hedged' && doubt !== 'qualified') return false;
  return unclearAnswer(u) && (!CONTROL_INTENTS.has(u.intent) || u.intent === 'dialog.help');
}

export type Route =
  | { readonly kind: 'control'; readonly intent: string }
  | { readonly kind: 'task.input' }
  | { readonly kind: 'task.start'; readonly intent: string }
  | { readonly kind: 'answer'; readonly intent: string }
  | { readonly kind: 'affirm' }
  | { readonly kind: 'deny' }
  | { readonly kind: 'no.match' };

/**
 * Where an utterance goes: session control, the running task, a new task, an answer, or no-match.
 * A running task keeps slot answers and corrections even when the classifier leans elsewhere
 * ("bob chen" reads as nothing in particular); a confident new request interrupts it.
 */
export function route(
  u: Understanding,
  catalogue: ReadonlyMap<string, IntentSpec>,
  taskActive: boolean,
  awaits: Awaits,
  isTask: (intent: string) => boolean,
  taskIntent?: string,
): Route {
  // "Actually pay my electricity bill instead" at a transfer's read-back: another task, said as a
  // replacement, replaces it (its biller is no correction of the transfer).
  if (
    taskActive &&
    awaits === 'confirmation' &&
    taskIntent !== undefined &&
    u.intent !== taskIntent &&
    isTask(u.intent) &&
    u.confidence >= SWITCH_CONFIDENCE &&
    (INSTEAD.test(u.text) || otherKindOfTask(u, taskIntent))
  )
    return { kind: 'task.start', intent: u.intent };
  if (taskActive) {
    // An unsure answer to a read-back is the task's to ask again, whatever the classifier makes of
    // its words ("probably" read as card.freeze at 0.97): only session control and help go elsewhere.
    if (awaits === 'confirmation') {
      const doubt = doubtInAnswer(u.text);
      // "等等，先帮我还最低还款": a wait that goes on to another sure request is that request.
      if (
        doubt === 'waiting' &&
        isTask(u.intent) &&
        u.intent !== taskIntent &&
        u.confidence >= 0.9 &&
        Object.keys(u.entities).length > 0
      )
        return { kind: 'task.start', intent: u.intent };
      // "Wait, send it to maria instead", "wait bob chen": a wait that goes on to say what changes is
      // a correction ("hold on let me check savings" still waits).
      if (doubt === 'waiting' && Object.keys(u.entities).length > 0 && !STILL_WAITING.test(u.text))
        return { kind: 'task.input' };
      // "Okay hold on": the customer is not done; the read-back waits for them.
      if (doubt === 'waiting') return { kind: 'control', intent: 'dialog.wait' };
      if (unsureAtReadBack(u, doubt)) return { kind: 'task.input' };
    }
    // (The NLU already reads "cancel the transfer" mid-task as dialog.cancel: nlu/repair.ts.)
    // "No, take it from savings instead" at a read-back is a correction, even if it reads as cancel.
    if (
      u.intent === 'dialog.cancel' &&
      awaits === 'confirmation' &&
      answersAwaited(u, awaits) &&
      !CANCEL_WORDS.test(u.text)
    ) {
      return { kind: 'task.input' };
    }
  }
  // Hanging up on a task takes a sure goodbye: "that's too much" at a read-back read as one at 0.54.
  if (taskActive && u.intent === 'dialog.goodbye' && u.confidence < SWITCH_CONFIDENCE) {
    return { kind: 'task.input' };
  }
  if (CONTROL_INTENTS.has(u.intent)) {
    // Control words win even mid-task, unless the utterance answers what the task asked.
    if (
      !taskActive ||
      !answersAwaited(u, awaits) ||
      (u.intent === 'dialog.cancel' && CANCEL_WORDS.test(u.text)) ||
      u.intent === 'dialog.agent'
    ) {
      return { kind: 'control', intent: u.intent };
    }
  }
  if (taskActive) {
    const spec = catalogue.get(u.intent);
    // "What's the minimum due" asked how much to pay: a question, answered before the amount is
    // asked again, not "the minimum" read back as the amount to pay. At a read-back likewise: "how
    // much is in my savings" is no new source, nor "how many yen for fifty dollars" a new amount.
    if (
      (awaits.startsWith('slot:') || awaits === 'confirmation' || awaits === 'disambiguation') &&
      ASKS.test(u.text) &&
      (spec?.kind === 'answer' || spec?.kind === 'faq') &&
      u.confidence >= ASKED_CONFIDENCE
    )
      return { kind: 'answer', intent: u.intent };
    // "Send fifty dollars to bob li" asked which card to freeze: a sure request of another kind, for
    // someone or something of its own, is that request, not an answer that fits nothing.
    if (
      (awaits.startsWith('slot:') || awaits === 'disambiguation') &&
      isTask(u.intent) &&
      namesOtherRequest(u, taskIntent)
    )
      return { kind: 'task.start', intent: u.intent };
    if (answersAwaited(u, awaits)) return { kind: 'task.input' };
    if (spec && u.confidence >= SWITCH_CONFIDENCE && u.intent !== 'oos') {
      if (isTask(u.intent)) return { kind: 'task.start', intent: u.intent };
      if (spec.kind === 'answer' || spec.kind === 'faq') return { kind: 'answer', intent: u.intent };
    }
    return { kind: 'task.input' };
  }
  if (u.intent === 'dialog.affirm') return { kind: 'affirm' };
  if (u.intent === 'dialog.deny') return { kind: 'deny' };
  if (u.intent === 'oos') return { kind: 'no.match' };
  if (isTask(u.intent)) return { kind: 'task.start', intent: u.intent };
  const spec = catalogue.get(u.intent);
  if (spec && (spec.kind === 'answer' || spec.kind === 'faq')) return { kind: 'answer', intent: u.intent };
  return { kind: 'no.match' };
}
