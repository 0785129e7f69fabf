import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where a conversation came in: the app's WebSocket, or a phone call through a contact-center platform. */
export type Channel = 'app' | 'twilio' | 'audiohook';

/**
 * The node's Prometheus metrics, served at `/metrics` (docs/operations.md). Labels are bounded:
 * channels, input kinds, the catalogue's intent names, stable error codes. Never a customer, an
 * account, an amount or a word anyone said.
 */
export class TellerMetrics {
  readonly registry = new Registry();
  readonly sessionsActive: Gauge<'channel'>;
  readonly sessionsStarted: Counter<'channel'>;
  readonly turns: Counter<'channel' | 'input' | 'outcome'>;
  readonly intents: Counter<'channel' | 'intent'>;
  readonly handoffs: Counter<'channel'>;
  readonly stepUps: Counter<'channel'>;
  readonly suggestions: Counter<'channel' | 'outcome'>;
  readonly readBacks: Counter<'channel' | 'outcome'>;
  readonly bargeIns: Counter<'channel'>;
  readonly errors: Counter<'channel' | 'code'>;
  readonly replyLatency: Histogram<'channel'>;
  readonly turnLatency: Histogram<'channel' | 'input'>;

  /** @param processMetrics - also Node's own (CPU, heap, event-loop lag, handles). */
  constructor(processMetrics = true) {
    const registers = [this.registry];
    if (processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'teller_' });
    this.sessionsActive = new Gauge({
      name: 'teller_sessions_active',
      help: 'Conversations open now.',
      labelNames: ['channel'],
      registers,
    });
    this.sessionsStarted = new Counter({
      name: 'teller_sessions_started_total',
      help: 'Conversations started.',
      labelNames: ['channel'],
      registers,
    });
    this.turns = new Counter({
      name: 'teller_turns_total',
      help: 'Turns answered, by input (text, speech, dtmf, stepup, timer, start) and outcome (understood, no_match, none).',
      labelNames: ['channel', 'input', 'outcome'],
      registers,
    });
    this.intents = new Counter({
      name: 'teller_intents_total',
      help: 'Customer turns by the intent the NLU read (oos: out of scope).',
      labelNames: ['channel', 'intent'],
      registers,
    });
    this.handoffs = new Counter({
      name: 'teller_handoffs_total',
      help: 'Conversations handed to a human agent.',
      labelNames: ['channel'],
      registers,
    });
    this.stepUps = new Counter({
      name: 'teller_stepups_total',
      help: 'Step-up challenges issued (biometric in the app, PIN on the phone).',
      labelNames: ['channel'],
      registers,
    });
    this.suggestions = new Counter({
      name: 'teller_suggestions_total',
      help: 'The dialog\'s "did you mean …?" on its no-match path: offered, then accepted (yes) or other (no, or another request). The share accepted is what SUGGEST_FLOOR trades.',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.readBacks = new Counter({
      name: 'teller_readback_answers_total',
      help: 'Answers to a read-back ("To confirm: send $50.00 to Bob Li … Shall I go ahead?"), by outcome: consent, declined, changed (a correction), doubted (unsure, a question, a wait: asked again), unsure_speech (a yes under CONSENT_MIN_ASR: asked again), asked_again, other. The share asked again is what the clear-yes rules cost.',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.bargeIns = new Counter({
      name: 'teller_barge_ins_total',
      help: "Times a caller spoke over the agent's audio and playback stopped.",
      labelNames: ['channel'],
      registers,
    });
    this.errors = new Counter({
      name: 'teller_errors_total',
      help: 'Errors sent to clients, by stable code.',
      labelNames: ['channel', 'code'],
      registers,
    });
    this.replyLatency = new Histogram({
      name: 'teller_reply_latency_seconds',
      help: "End-of-turn decision (the VAD's end of speech) to the first byte of reply audio.",
      labelNames: ['channel'],
      buckets: [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5],
      registers,
    });
    this.turnLatency = new Histogram({
      name: 'teller_turn_seconds',
      help: 'Input received (text, end of speech, key, step-up result) to the turn answered, NLU and dialog and bank.',
      labelNames: ['channel', 'input'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }

  /** Adds `teller_redis_up` (1 or 0 at each scrape) for a node that shares state through Redis. */
  watchRedis(up: () => boolean): void {
    new Gauge({
      name: 'teller_redis_up',
      help: 'Whether the Redis that nodes share (sessions to resume, call summaries) answers: 1 or 0.',
      registers: [this.registry],
      collect() {
        this.set(up() ? 1 : 0);
      },
    });
  }

  /**
   * Adds `teller_asr_utterances_total{band, topn}`: utterances PocketSphinx started per band at
   * its full top-N and at the reduced one it drops to while the node is busy (`busyTopN`). A
   * rising `reduced` share says the node runs near its CPU limit and hears a little worse.
   */
  watchAsrUtterances(
    counts: () => Readonly<Record<string, { readonly full: number; readonly reduced: number }>>,
  ): void {
    new Counter({
      name: 'teller_asr_utterances_total',
      help: 'Utterances the on-device recognizer started, by audio band and by top-N: full, or reduced under load.',
      labelNames: ['band', 'topn'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [band, n] of Object.entries(counts())) {
          this.inc({ band, topn: 'full' }, n.full);
          this.inc({ band, topn: 'reduced' }, n.reduced);
        }
      },
    });
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
