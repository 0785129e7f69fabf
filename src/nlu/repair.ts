import type { Entities } from './extract.ts';
import type { IntentScore } from './model.ts';
import { normalizeText } from './normalize.ts';

const YES_EN =
  /^(yes|yeah|yep|yup|ya|sure|correct|right|ok|okay|alright|go ahead|do it|confirm(ed)?|please do|that'?s right|that'?s correct|absolutely|affirmative|sounds good|fine|of course|definitely|exactly|perfect|good)\b/;
const NO_EN = /^(no|nope|nah|don'?t|do not|negative|wrong|that'?s wrong|not right|incorrect)\b/;
const YES_ZH = /^(对|是|好|确认|可以|行|没错|嗯|没问题|要的|转吧|转过去|就这样|同意|ok)/;
const NO_ZH = /^(不|别|错了|不对|不是|不要|不用)/;

/**
 * Reads a bare yes or no from how an answer starts ("对，转过去", "yes send it"), for the moments the
 * agent asked a yes/no question and the classifier leans elsewhere.
 */
export function yesOrNo(text: string): 'yes' | 'no' | undefined {
  const t = normalizeText(text).replace(/^(um+|uh+|er+|well|oh|嗯+|那个)\s*/, '');
  if (NO_EN.test(t) || NO_ZH.test(t)) return 'no';
  if (YES_EN.test(t) || YES_ZH.test(t)) return 'yes';
  return undefined;
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
  /\b(cancel|stop|forget (it|about it)|never ?mind|quit|abort)\b|取消|算了|不办了|不要了|不转了|不用了/i;

/**
 * While a task waits for an answer, "cancel the transfer" means stop this task: a `*.cancel`
 * reading (transfer.cancel, card.cancel) of an utterance that says cancel becomes dialog.cancel.
 */
export function cancelsTask(intent: string, text: string): boolean {
  return (intent === 'dialog.cancel' || intent.endsWith('.cancel')) && CANCEL_WORDS.test(text);
}
