import type { Understanding } from '../../nlu/index.ts';
import type { Lang } from '../../shared/index.ts';
import { TASK_SPECS } from '../tasks/index.ts';
import { INSTEAD, namesOtherRequest, SWITCH_CONFIDENCE } from './routing.ts';

/**
 * Two requests said in one breath ("send 50 to bob li and 20 to maria garcia", "给张三转五百，再给李四
 * 转两百", "send maria 50 dollars twice"): the dialog does one at a time, each with its own read-back,
 * instead of doing the first and dropping the second without a word.
 */
export interface SplitRequests {
  readonly first: Understanding;
  readonly rest: Understanding;
  /** "Twice": the same request again, not a second one. */
  readonly repeat: boolean;
}

const JOINS: Readonly<Record<Lang, RegExp>> = {
  en: /\s+(?:and then|and also|and|then|also|plus)\s+/gi,
  // "，再给李四…", "然后转两百给李四", "还有…": what follows is a request of its own (再 keeps its 给).
  zh: /(?:[，,。；;]\s*|\s+)(?:然后再?|再|还有|另外|同时)|然后再?|(?<=[\u4e00-\u9fff\d])再(?=给|转|交|充|帮|还)/g,
};

/** The same request twice: "twice", "two payments of", 两次, 转两笔. */
const TWICE =
  /\btwice\b(?! (?:a|per|every) )|\btwo (?:payments|transfers|times)\b(?! (?:a|per|every) )|两次|两遍|两笔/;

/** Whether an understanding names enough to be a money request of its own. */
function standsAlone(e: Understanding['entities']): boolean {
  return (
    (e.amount !== undefined || e.amountOption !== undefined) &&
    (e.payee !== undefined ||
      e.biller !== undefined ||
      e.billerCategory !== undefined ||
      e.toAccount !== undefined ||
      e.card !== undefined ||
      e.phone !== undefined)
  );
}

/**
 * Splits `u` (a task request said while nothing was pending) into a first request and the one said
 * after it, understanding each part on its own (`understand`); undefined when there is one request.
 * The second part takes the first's intent when it has no verb of its own ("… and 20 to maria").
 */
export async function splitRequests(
  u: Understanding,
  understand: (text: string) => Promise<Understanding>,
): Promise<SplitRequests | undefined> {
  if (!TASK_SPECS.has(u.intent)) return undefined;
  const text = u.text;
  // "Twice a month" is how often (a standing order), not a second payment.
  if (TWICE.test(text) && standsAlone(u.entities) && u.intent !== 'transfer.recurring')
    return { first: u, rest: u, repeat: true };
  for (const m of text.matchAll(JOINS[u.lang])) {
    const head = text.slice(0, m.index).trim();
    const tail = text.slice(m.index + m[0].length).trim();
    if (head === '' || tail === '') continue;
    const [first, rest] = await Promise.all([understand(head), understand(tail)]);
    if (!TASK_SPECS.has(first.intent) || !standsAlone(first.entities) || !standsAlone(rest.entities))
      continue;
    return {
      first,
      rest: TASK_SPECS.has(rest.intent)
        ? rest
        : { ...rest, intent: first.intent, confidence: first.confidence },
      repeat: false,
    };
  }
  return undefined;
}

/** "不是，是冻结", "no i meant freeze it": what follows the no is what was meant. */
const MEANT = /^(?:是|我是说|我说的是|我要的是|i meant\b|i mean\b|what i meant\b|i said\b)/i;

/** Sounds before the no: "oh no", "哦不". */
const LEADING_FILLER = /^(?:um+|uh+|er+|well|oh|哦|噢|喔|呃|啊)[\s,，.]*/i;

/** The no that opens an answer to a read-back: "no", "no no", "nope", "不", "不是", "不对". */
const LEADING_NO = /^(?:(?:no|nope|nah)\b[\s,.]*)+|^(?:不对|不是|不要|不用|不)[，,。\s]*/i;

/**
 * "No, top up my metrocard with twenty dollars instead" at a top-up's read-back: the no only opens
 * another kind of request said as a replacement. What follows the no is understood on its own, and
 * replaces `u` (read as a plain no) when it is a confident request for another task.
 */
export async function requestAfterNo(
  u: Understanding,
  taskIntent: string | undefined,
  understand: (text: string) => Promise<Understanding>,
): Promise<Understanding> {
  if (u.intent !== 'dialog.deny') return u;
  const rest = u.text.replace(LEADING_FILLER, '').replace(LEADING_NO, '').trim();
  if (rest === '' || rest === u.text.trim()) return u;
  const r = await understand(rest.replace(MEANT, '').trim() || rest);
  if (!TASK_SPECS.has(r.intent) || r.intent === taskIntent || r.confidence < SWITCH_CONFIDENCE) return u;
  // Said as a replacement ("instead", "我是说"), or a sure request of another kind ("哦不，交电费五百"
  // at a card repayment's read-back); "不，用储蓄账户" corrects the pending task.
  return INSTEAD.test(u.text) || MEANT.test(rest) || namesOtherRequest(r, taskIntent) ? r : u;
}
