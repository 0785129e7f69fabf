import type { Channel, TellerMetrics } from '../observability/index.ts';
import type { VoiceEvent } from './pipeline.ts';

/** Inputs that are a customer's turn, whose intent counts; `start`, `timer` and `stepup` are not. */
const CUSTOMER_INPUTS = new Set(['text', 'speech', 'dtmf']);

/**
 * Feeds one conversation's voice events into the node's metrics: each turn (by input and outcome,
 * and its intent), handoffs, step-ups, barge-ins, errors, and the wait from the VAD's end of speech
 * to the first byte of reply audio. A turn is counted from its record in the dialog's turn log (kinds
 * and intents, never words), once: a turn the dialog did not take has none.
 */
export function voiceMetrics(metrics: TellerMetrics, channel: Channel): (event: VoiceEvent) => void {
  let speechEndedAt: number | undefined;
  return (event) => {
    switch (event.type) {
      case 'vad.speech_end':
        speechEndedAt = performance.now();
        return;
      case 'audio.frame':
        if (speechEndedAt !== undefined) {
          metrics.replyLatency.observe({ channel }, (performance.now() - speechEndedAt) / 1000);
          speechEndedAt = undefined;
        }
        return;
      case 'audio.stop':
        metrics.bargeIns.inc({ channel });
        return;
      case 'error':
        metrics.errors.inc({ channel, code: event.code });
        return;
      case 'turn': {
        const turn = event.record;
        if (!turn) return;
        const customer = CUSTOMER_INPUTS.has(turn.input) && turn.intent !== undefined;
        const outcome = !customer ? 'none' : turn.intent === 'oos' ? 'no_match' : 'understood';
        metrics.turns.inc({ channel, input: turn.input, outcome });
        if (customer) metrics.intents.inc({ channel, intent: turn.intent });
        metrics.turnLatency.observe({ channel, input: turn.input }, turn.durationMs / 1000);
        if (turn.outputs.includes('handoff')) metrics.handoffs.inc({ channel });
        if (turn.outputs.includes('stepup')) metrics.stepUps.inc({ channel });
        if (turn.offerAnswered) metrics.suggestions.inc({ channel, outcome: turn.offerAnswered });
        if (turn.offered) metrics.suggestions.inc({ channel, outcome: 'offered' });
        if (turn.readBack) metrics.readBacks.inc({ channel, outcome: turn.readBack });
        return;
      }
      default:
        return;
    }
  };
}
