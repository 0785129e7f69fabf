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

/**
 * NLU confidence an open spoken turn needs to be acted on; below it the turn goes the no-match
 * way (asked again). Typed text keeps the model's calibrated out-of-scope threshold (model.json
 * `oosThreshold`, 0.51 for the shipped model): that
 * threshold was fitted on written utterances, while open speech reaches the NLU through the
 * banking LM, which turns out-of-domain speech into banking words ("how deep is the pacific ocean"
 * → "how deep is the pacific tuition", bill.tuition 0.81) or leaves a written-looking sentence the
 * model only half believes ("how long does it take to fly to tokyo", card.travel_notice 0.51).
 * Answers to the agent's questions are not held to it: their grammars already narrow what is heard.
 * Measured with scripts/asr-nlu-rescue.ts (55 requests, 80 out-of-domain sentences, four flite
 * voices, cold and warm streams, with and without the general-English pass) — see src/asr/README.md.
 */
export const NLU_TRUSTS_SPEECH = 0.6;

/**
 * Recogniser confidence a spoken yes to a read-back needs to be consent; below it the read-back is
 * asked again ("Please say yes or no"), since a wrong yes moves money. The grammar turns' rejection
 * model is calibrated (confidence ≈ the chance the words are right; ECE 0.03, src/asr/README.md),
 * so this asks a yes to be right seven times in ten, where other answers need 0.35. Measured with
 * `scripts/readback-voices.ts` (twelve voices, 20 yeses and 36 other answers each at a transfer's
 * read-back): without the floor, yeses were taken 204 of 240, three of them under 0.7 (0.59-0.67,
 * eSpeak NG's "proceed" and "yes"), and two of the 432 other answers moved money, heard as a yes at
 * 0.62 ("don't send it" → "can you send it", Pico British by phone) and 0.98 ("no thanks" → "ok",
 * eSpeak NG). The floor stops the first. The second is beyond any floor. What it costs shows
 * on phone audio: in `npm run bench:voice` (twelve voices) answers fell 398 → 393 of 456, four of
 * them "yes that is fine" / "sure do it" heard right at 0.39-0.67 (slt and Pico by phone, eSpeak NG
 * British), each asked again ("Please say yes or no").
 */
export const CONSENT_MIN_ASR = 0.7;

/** Whether an open spoken turn's reading is sure enough to act on (see {@link NLU_TRUSTS_SPEECH}). */
export function trustedSpeech(u: Understanding, awaits: Awaits): boolean {
  return awaits !== 'nothing' || u.intent === 'oos' || u.confidence >= NLU_TRUSTS_SPEECH;
}

/**
 * NLU confidence at which an open turn stands without its cross-check (UserInput `crossCheck`):
 * words the recogniser doubted and only the general pass's agreement lifted. Below it, the dialog
 * acts on them only when the NLU does not read the general pass's words as out of scope. The
 * general pass is weakest where callers are hardest to hear (WER 35-57% on phone-line Pico in
 * `bench:voice`), and a reading the NLU is sure of should not hang on it. On
 * scripts/asr-nlu-rescue.ts (the banking LM of 2026-11-28) it keeps one wideband request of 440 and
 * lets no out-of-domain turn more through.
 */
export const NLU_SURE_OF_SPEECH = 0.99;

/** Whether an open turn's reading survives its cross-check (`other`: the NLU's reading of the other words). */
export async function crossChecked(u: Understanding, other: () => Promise<Understanding>): Promise<boolean> {
  if (u.intent === 'oos' || u.confidence >= NLU_SURE_OF_SPEECH) return true;
  return (await other()).intent !== 'oos';
}
