import type { Understanding } from '../../nlu/index.ts';
import type { Awaits } from '../types.ts';

/**
 * How far the dialog trusts what the recogniser heard: the turn's confidence, and doubtful open
 * speech the NLU vouches for. Not the confidence of single words: an amount's number words were
 * as sure when misheard ("fourteen" → "forty", 0.98) as when right (scripts/asr-amount-confidence.ts),
 * so the read-back, not a word score, is what catches a wrong amount.
 */

/** ASR confidence below which an utterance is treated as not understood (see src/voice). */
export const MIN_ASR_CONFIDENCE = 0.35;

/**
 * NLU confidence at which an open turn the recogniser doubts (UserInput `asrDoubtful`) is acted on
 * after all, when it is a banking request and not a dialog-control word: a domain language model
 * turns out-of-domain speech into banking words, but seldom into a request the NLU is sure of,
 * while the requests it doubts are mostly ones naming the customer's own payees and billers, whose
 * names it lacks. Measured in src/voice (DOUBTFUL_SPEECH_FLOOR), which asks more of phone-line
 * audio through UserInput `vouchAt` (DOUBTFUL_SPEECH_VOUCH_AT); this is the default. Dialog
 * control is left out: a rescued "goodbye" would end the call ("sing me a lullaby" → "send me
 * hello bye", 0.985).
 */
export const NLU_CONFIRMS_SPEECH = 0.9;

/** Whether the NLU vouches for the words of a doubtful open turn, at confidence `vouchAt` or above. */
export function vouchedFor(u: Understanding, awaits: Awaits, vouchAt = NLU_CONFIRMS_SPEECH): boolean {
  return (
    awaits === 'nothing' && u.intent !== 'oos' && !u.intent.startsWith('dialog.') && u.confidence >= vouchAt
  );
}
