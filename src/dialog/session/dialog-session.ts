import { createActor, type Actor } from 'xstate';

/** XState's timer clock (its SimulatedClock in tests). */

/**
 * The longest a turn waits for the bank: above an HTTP core's worst case (3 attempts of 5 s and
 * 0.4 s of backoff, HttpBankingCore's defaults).
 */
export const SETTLE_LIMIT_MS = 20_000;

/** A turn still waiting for the bank after this long says "one moment". */
export const HOLD_ON_AFTER_MS = 1500;
export interface MachineClock {
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown;
  clearTimeout(id: unknown): void;
}
import type { BankingCore, GeoPoint } from '../../bank/index.ts';
import { render } from '../../nlg/index.ts';
import { doubtInAnswer, unclearAnswer, type Nlu, type Understanding } from '../../nlu/index.ts';
import { formatDecimal, isCurrencyCode, parseDecimal, type Lang } from '../../shared/index.ts';
import { loadSnapshot, understandingContext } from '../customer.ts';
import { CONSENT_MIN_ASR, crossChecked, MIN_ASR_CONFIDENCE, trustedSpeech, vouchedFor } from './heard.ts';
import type {
  AgentOutput,
  Awaits,
  Channel,
  ReadBackOutcome,
  Style,
  TurnRecord,
  TurnUnderstanding,
  UserInput,
} from '../types.ts';
import { pickOption, type Disambiguation } from '../tasks/engine.ts';
import type { UncertainRequest } from '../tasks/machine.ts';
import type { UnansweredCalls } from '../unanswered-calls.ts';
import type { SessionContext, SessionEmitted } from './effects.ts';
import type { SessionMachine } from './machine.ts';
import { TASK_SPECS } from '../tasks/index.ts';
import { requestAfterNo, splitRequests } from './requests.ts';
import { namesOtherRequest } from './routing.ts';

/** The app channel's biometric step-up, as the session needs it (WebAuthnStepUp fits). */
export interface StepUpVerifier {
  createChallenge(customerId: string, sessionId: string): Promise<{ readonly options: unknown }>;
  verify(
    customerId: string,
    sessionId: string,
    response: unknown,
  ): Promise<{ readonly ok: boolean; readonly reason?: string }>;
  cancel?(customerId: string, sessionId: string): boolean;
}

export interface DialogSessionOptions {
  readonly machine: SessionMachine;
  readonly bank: BankingCore;
  readonly nlu: Nlu;
  readonly stepUp: StepUpVerifier | undefined;
  readonly sessionId: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly lang: Lang;
  readonly style?: Style;
  /** The machine's clock (XState SimulatedClock in tests); wall time by default. */
  readonly clock?: MachineClock;
  /** Where the customer is, for "nearest"; default: the customer's location in the bank. */
  readonly location?: GeoPoint;
  /** A persisted snapshot to resume (after a reconnect). */
  readonly snapshot?: unknown;
  /** The customer's unanswered bank calls across conversations (none: this conversation's only). */
  readonly unanswered?: UnansweredCalls;
}

/** What one customer turn produced. */
export interface TurnResult {
  readonly outputs: readonly AgentOutput[];
  readonly understanding: TurnUnderstanding | undefined;
  readonly awaits: Awaits;
}

type Listener = (output: AgentOutput) => void;

/**
 * Keys at a read-back: 1 is yes and 2 is no, as the words the NLU reads them by. Any other key is
 * not an answer (the read-back is asked again): before, "1" at a read-back became a new amount of
 * $1.00, and a "yes" to that paid it.
 */
const READ_BACK_KEYS: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  '1': { en: 'yes', zh: '确认' },
  '2': { en: 'no', zh: '不要' },
};

/** How many turns a session's log keeps (the oldest are dropped). */
export const TURN_LOG_SIZE = 200;

/** Intents where an own account can be where money goes (`toAccount`). */
const MOVES_TO_ACCOUNTS = new Set([
  'transfer.money',
  'transfer.recurring',
  'fx.exchange',
  'loan.repay',
  'deposit.open',
]);

/**
 * One conversation: the NLU in front of the session machine, rendering of what it emits, and the
 * step-up round trips. Transports (WebSocket, telephony, `teller test`) drive it with `handle()` and
 * receive outputs as they happen via `onOutput` (timers fire without a customer turn).
 */
export class DialogSession {
  readonly sessionId: string;
  private readonly actor: Actor<SessionMachine>;
  private readonly options: DialogSessionOptions;
  private readonly listeners = new Set<Listener>();
  private readonly understoodListeners = new Set<(u: TurnUnderstanding) => void>();
  private readonly pending = new Set<Promise<unknown>>();
  private turnOutputs: AgentOutput[] = [];
  private readonly turns: TurnRecord[] = [];
  private turnSeq = 0;
  /** A customer turn is being handled: outputs belong to it, not to a timer. */
  private handling = false;
  /** What the turn in hand noted about its answer to a read-back (TurnRecord `readBack`). */
  private readBackNote: ReadBackOutcome | undefined;
  /** A second request said with the one in hand, done when that one is (see requests.ts). */
  private queued: Understanding | undefined;
  /** The unanswered calls as last loaded or saved, to save only a change. */
  private savedUnanswered: readonly UncertainRequest[] = [];

  private constructor(options: DialogSessionOptions, actor: Actor<SessionMachine>) {
    this.options = options;
    this.sessionId = options.sessionId;
    this.actor = actor;
    actor.on('*', (event) => this.onEmitted(event));
  }

  /** Starts a new conversation (the agent greets) or resumes a persisted one. */
  static async start(options: DialogSessionOptions): Promise<DialogSession> {
    const customer = await options.bank.getCustomer(options.customerId);
    if (!customer) throw new Error('unknown customer');
    const snapshot = await loadSnapshot(options.bank, options.customerId);
    // A store that cannot answer costs only the cross-conversation memory, never the conversation.
    const unanswered =
      options.unanswered && !options.snapshot
        ? await options.unanswered.load(options.customerId).catch(() => [])
        : [];
    const actorOptions = {
      input: {
        sessionId: options.sessionId,
        customerId: options.customerId,
        channel: options.channel,
        lang: options.lang,
        style: options.style ?? 'standard',
        snapshot,
        location: options.location ?? customer.location,
        uncertain: unanswered,
      },
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.snapshot ? { snapshot: options.snapshot as never } : {}),
    };
    const actor = createActor(options.machine, actorOptions);
    const session = new DialogSession(options, actor);
    session.savedUnanswered = session.context.uncertain;
    session.handling = true;
    const at = options.bank.now();
    actor.start();
    // A restored snapshot has lost its timers: re-arm them.
    if (options.snapshot) actor.send({ type: 'session.resumed' });
    // And its step-up challenge, which lived with the connection (and may have lived on another
    // node): a session resumed while it waits for the biometric check gets a fresh one.
    if (options.snapshot && session.awaits === 'stepup' && options.channel !== 'phone')
      session.track(session.challenge());
    await session.settle();
    session.handling = false;
    session.record('start', undefined, 'nothing', session.turnOutputs, at);
    return session;
  }

  /** Called for every output, including ones a timer causes between turns. */
  onOutput(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with the NLU's reading of each customer turn, before the agent answers it. */
  onUnderstood(listener: (u: TurnUnderstanding) => void): () => void {
    this.understoodListeners.add(listener);
    return () => this.understoodListeners.delete(listener);
  }

  get context(): SessionContext {
    return this.actor.getSnapshot().context;
  }

  get awaits(): Awaits {
    return this.context.awaits;
  }

  get ended(): boolean {
    return (
      this.actor.getSnapshot().status === 'done' ||
      this.actor.getSnapshot().matches({ dialog: 'handedOff' }) ||
      this.actor.getSnapshot().matches({ dialog: 'ended' })
    );
  }

  /** Everything the agent said since the last call (for `teller test`'s first `bot` step). */
  drainOutputs(): AgentOutput[] {
    const out = this.turnOutputs;
    this.turnOutputs = [];
    return out;
  }

  /** The session's turn log, oldest first (at most {@link TURN_LOG_SIZE} turns). */
  get turnLog(): readonly TurnRecord[] {
    return this.turns;
  }

  /** One customer turn: text, keypad digits, or a step-up answer. Resolves once the agent has answered. */
  async handle(input: UserInput): Promise<TurnResult> {
    if (this.ended) return { outputs: [], understanding: undefined, awaits: 'nothing' };
    const at = this.options.bank.now();
    const before = this.awaits;
    const pending = this.context.suggested;
    this.readBackNote = undefined;
    this.handling = true;
    try {
      const result = await this.turn(input);
      const now = this.context.suggested;
      const readBack =
        before === 'confirmation' && input.type !== 'stepup.assertion' && input.type !== 'stepup.cancel'
          ? this.readBackOutcome(result)
          : undefined;
      const notes: Pick<TurnRecord, 'offered' | 'offerAnswered' | 'readBack'> = {
        ...(now !== undefined && now !== pending ? { offered: now.intent } : {}),
        ...(pending !== undefined && now !== pending
          ? { offerAnswered: this.context.lastIntent === pending.intent ? 'accepted' : 'other' }
          : {}),
        ...(readBack ? { readBack } : {}),
      };
      const kind =
        input.type === 'text'
          ? input.asrConfidence === undefined
            ? 'text'
            : 'speech'
          : input.type === 'dtmf'
            ? 'dtmf'
            : 'stepup';
      this.record(kind, result.understanding, before, result.outputs, at, notes);
      await this.saveUnanswered();
      return result;
    } finally {
      this.handling = false;
    }
  }

  /** Keeps the customer's unanswered calls for their next conversation, when the turn changed them. */
  private async saveUnanswered(): Promise<void> {
    const now = this.context.uncertain;
    if (!this.options.unanswered || now === this.savedUnanswered) return;
    this.savedUnanswered = now;
    await this.options.unanswered.save(this.options.customerId, now).catch(() => undefined);
  }

  /** How a turn answered a read-back (TurnRecord `readBack`), from what the turn noted and where it left the dialog. */
  private readBackOutcome(result: TurnResult): ReadBackOutcome {
    if (this.readBackNote) return this.readBackNote;
    const u = result.understanding;
    if (result.awaits === 'confirmation')
      return u && Object.keys(u.normalized).length > 0 ? 'changed' : 'asked_again';
    if (this.ended || result.outputs.some((o) => o.type === 'agent.handoff')) return 'other';
    if (u?.intent === 'dialog.affirm') return 'consent';
    if (u?.intent === 'dialog.deny' || u?.intent === 'dialog.cancel') return 'declined';
    return 'other';
  }

  private async turn(input: UserInput): Promise<TurnResult> {
    let understanding: TurnUnderstanding | undefined;
    const ctx = this.context;
    const pinPrompt = ctx.channel === 'phone' && ctx.awaits === 'stepup';
    switch (input.type) {
      case 'text': {
        let u = await this.understand(input.text, ctx);
        if (input.asrConfidence !== undefined && !(await this.actsOnSpeech(u, input, ctx))) {
          // Words the recogniser stood by keep their reading, for "did you mean …?" to offer back;
          // words it rejected keep nothing.
          const stoodBy = input.asrConfidence >= MIN_ASR_CONFIDENCE;
          u = {
            ...u,
            intent: 'oos',
            confidence: 0,
            ranked: stoodBy ? u.ranked : [],
            entities: stoodBy ? u.entities : {},
          };
        } else if (
          ctx.awaits === 'confirmation' &&
          u.intent === 'dialog.affirm' &&
          (input.asrConfidence ?? 1) < CONSENT_MIN_ASR
        ) {
          // A yes the recogniser is not sure of is no consent: the read-back is asked again.
          u = { ...u, intent: 'oos', confidence: 0 };
          this.readBackNote = 'unsure_speech';
        }
        if (ctx.awaits === 'confirmation')
          u = await requestAfterNo(u, ctx.taskIntent, (text) => this.understand(text, ctx));
        u = await this.freshRequest(u, ctx);
        if (ctx.awaits === 'confirmation' && (unclearAnswer(u) || doubtInAnswer(u.text) === 'waiting'))
          this.readBackNote ??= 'doubted';
        understanding = this.summarise(u, ctx);
        for (const l of this.understoodListeners) l(understanding);
        if (ctx.awaits === 'nothing' && !pinPrompt) u = await this.oneAtATime(u, ctx);
        if (pinPrompt) this.actor.send({ type: 'user.pin', digits: u.entities.digits, utterance: u });
        else this.actor.send({ type: 'user.utterance', utterance: u });
        break;
      }
      case 'dtmf': {
        const digits = input.digits.replace(/[^0-9*]/g, '');
        if (pinPrompt) this.actor.send({ type: 'user.pin', digits });
        else {
          // At a read-back a key is a yes or a no (1 / 2, as IVRs ask), never a new amount.
          const keyed = ctx.awaits === 'confirmation' ? (READ_BACK_KEYS[digits]?.[ctx.lang] ?? '') : digits;
          const u = await this.understand(keyed, ctx);
          understanding = this.summarise(u, ctx);
          for (const l of this.understoodListeners) l(understanding);
          this.actor.send({ type: 'user.utterance', utterance: u });
        }
        break;
      }
      case 'stepup.assertion': {
        const verdict = this.options.stepUp
          ? await this.options.stepUp.verify(ctx.customerId, this.sessionId, input.response)
          : { ok: false, reason: 'unavailable' };
        this.emit({
          type: 'agent.stepup.result',
          ok: verdict.ok,
          ...(verdict.reason ? { reason: verdict.reason } : {}),
        });
        this.actor.send({ type: 'stepup.result', ok: verdict.ok, reason: verdict.ok ? 'passed' : 'failed' });
        break;
      }
      case 'stepup.cancel':
        this.options.stepUp?.cancel?.(ctx.customerId, this.sessionId);
        this.emit({ type: 'agent.stepup.result', ok: false, reason: 'cancelled' });
        this.actor.send({ type: 'stepup.result', ok: false, reason: 'cancelled' });
        break;
    }
    await this.settleTurn();
    await this.nextRequest(understanding);
    // "Cancel" said at the biometric prompt ends the step-up: its challenge must not stay answerable.
    if (ctx.awaits === 'stepup' && ctx.channel !== 'phone' && this.awaits !== 'stepup')
      this.options.stepUp?.cancel?.(ctx.customerId, this.sessionId);
    return { outputs: this.drainOutputs(), understanding, awaits: this.awaits };
  }

  /**
   * Two requests in one breath: the first is done now and the second kept for when it is over; the
   * customer hears that they go one at a time.
   */
  private async oneAtATime(u: Understanding, ctx: SessionContext): Promise<Understanding> {
    const split = await splitRequests(u, (text) => this.understand(text, ctx));
    if (!split) return u;
    this.queued = split.rest;
    this.say(split.repeat ? 'multi.twice' : 'multi.first');
    return split.first;
  }

  /**
   * When the first request is over, the second: read back on its own. A "no" or "cancel" to the first
   * drops it too, and says so: nothing moves that the customer did not consent to on its own.
   */
  private async nextRequest(understanding: TurnUnderstanding | undefined): Promise<void> {
    if (!this.queued || this.awaits !== 'nothing') return;
    const next = this.queued;
    this.queued = undefined;
    if (this.ended) return;
    if (understanding?.intent === 'dialog.cancel' || understanding?.intent === 'dialog.deny') {
      this.say('multi.dropped');
      return;
    }
    this.say('multi.next');
    this.actor.send({ type: 'user.utterance', utterance: next });
    await this.settleTurn();
  }

  /** Says one message of the session's own (not a task's), in the session's language and pace. */
  private say(key: string): void {
    const ctx = this.context;
    this.emit({
      type: 'agent.say',
      text: render(key, {}, ctx.lang, ctx.style === 'elderly'),
      lang: ctx.lang,
      rate: ctx.rate,
      awaits: ctx.awaits,
    });
  }

  /**
   * Waits for the turn's bank calls; when they take longer than HOLD_ON_AFTER_MS, says once that
   * the agent is on it, so that a caller does not listen to silence (Lex's fulfillment updates).
   */
  private async settleTurn(): Promise<void> {
    const timer = setTimeout(() => {
      if (!this.busy()) return;
      this.say('wait.bank');
    }, HOLD_ON_AFTER_MS);
    try {
      await this.settle();
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits until no bank call, answer or verification is in flight: checked on every turn of the
   * event loop at first (the sandbox answers within it), then every 5 ms, for as long as a bank
   * call may take (SETTLE_LIMIT_MS: an HTTP core's timeouts and retries). Counting loop turns
   * instead returned in tens of ms, before a core over the network had answered.
   */
  async settle(): Promise<void> {
    const deadline = performance.now() + SETTLE_LIMIT_MS;
    for (let i = 0; performance.now() < deadline; i++) {
      await new Promise((resolve) => (i < 1000 ? setImmediate(resolve) : setTimeout(resolve, 5)));
      if (!this.busy()) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!this.busy()) return;
      }
    }
  }

  private busy(): boolean {
    if (this.pending.size > 0) return true;
    const snapshot = this.actor.getSnapshot();
    if (snapshot.hasTag('busy')) return true;
    return Object.values(snapshot.children).some((child) => {
      const s = child?.getSnapshot() as { hasTag?: (tag: string) => boolean } | undefined;
      return s?.hasTag?.('busy') === true;
    });
  }

  /** Voice sessions: the agent's audio for a prompt started playing (no-input waits until it ends). */
  promptPlaying(): void {
    this.actor.send({ type: 'prompt.playing' });
  }

  /** Voice sessions: the prompt finished playing (or was cut off); the no-input timer starts now. */
  promptPlayed(): void {
    this.actor.send({ type: 'prompt.played' });
  }

  /** A JSON snapshot for the SessionStore. */
  persist(): unknown {
    return this.actor.getPersistedSnapshot();
  }

  stop(): void {
    this.actor.stop();
  }

  /**
   * Whether the dialog acts on what the recogniser heard; if not, the turn goes the no-match way
   * (asked again). Words the recogniser was unsure of only when it merely doubts them and the NLU
   * vouches for them; open speech only when the NLU trusts its reading (NLU_TRUSTS_SPEECH) and,
   * when only the general pass's agreement lifted the words, that reading survives the cross-check.
   */
  private async actsOnSpeech(
    u: Understanding,
    input: Extract<UserInput, { type: 'text' }>,
    ctx: SessionContext,
  ): Promise<boolean> {
    if ((input.asrConfidence ?? 1) < MIN_ASR_CONFIDENCE)
      return input.asrDoubtful === true && vouchedFor(u, ctx.awaits, input.vouchAt);
    if (!trustedSpeech(u, ctx.awaits)) return false;
    const other = input.crossCheck;
    if (other === undefined || ctx.awaits !== 'nothing') return true;
    return crossChecked(u, () => this.understand(other, ctx));
  }

  /**
   * A sure request for another task said while this one waits for a slot ("send fifty dollars to bob
   * li" asked for a PIN): read again as a request, not as an answer to what was asked (awaiting digits,
   * "fifty" was no amount).
   */
  private async freshRequest(u: Understanding, ctx: SessionContext): Promise<Understanding> {
    // Exactly when the route starts it (routing.ts `namesOtherRequest`).
    if (!ctx.awaits.startsWith('slot:') && ctx.awaits !== 'disambiguation') return u;
    if (!TASK_SPECS.has(u.intent) || !namesOtherRequest(u, ctx.taskIntent)) return u;
    const fresh = await this.understand(u.text, { ...ctx, awaits: 'nothing' });
    return fresh.intent === u.intent ? fresh : u;
  }

  private async understand(text: string, ctx: SessionContext): Promise<Understanding> {
    // Only a phone step-up is answered in digits (the PIN); words said during the app's biometric
    // check are read as words ("pay nyc water thirty dollars" keeps its amount).
    const appStepUp = ctx.awaits === 'stepup' && ctx.channel !== 'phone';
    const awaiting = ctx.awaits.startsWith('slot:')
      ? ctx.awaits.slice(5)
      : ctx.awaits === 'nothing' || appStepUp
        ? undefined
        : ctx.awaits;
    const context = understandingContext(ctx.snapshot, ctx.lang, this.options.bank.now(), awaiting);
    return this.options.nlu.understand(text, context);
  }

  /** Entities as scripts see them: ids and decimal strings, read in the context of what was asked. */
  private summarise(u: Understanding, ctx: SessionContext): TurnUnderstanding {
    const e = u.entities;
    const n: Record<string, string> = {};
    const one = (r: { kind: string; id?: string } | undefined) => (r?.kind === 'one' ? r.id : undefined);
    if (e.amount) {
      const currency =
        e.amount.currency && isCurrencyCode(e.amount.currency)
          ? e.amount.currency
          : ctx.snapshot.stepUp.over.currency;
      const parsed = parseDecimal(e.amount.value, currency);
      n['amount'] = parsed.ok ? formatDecimal(parsed.value, currency) : e.amount.value;
      n['currency'] = currency;
    }
    const payee = one(e.payee);
    if (payee) n['payee'] = payee;
    let account = one(e.account);
    let toAccount = one(e.toAccount);
    if (ctx.awaits === 'slot:payee' && account && !toAccount && !payee) {
      toAccount = account;
      account = undefined;
    }
    if (ctx.awaits === 'slot:account' && toAccount && !account) {
      account = toAccount;
      toAccount = undefined;
    }
    // Money goes to an own account only in movements; elsewhere "in savings" is the account asked about.
    const bare = u.intent === 'oos' || u.intent.startsWith('dialog.') || u.confidence < 0.75;
    const intent = ctx.taskIntent && bare ? ctx.taskIntent : u.intent;
    if (!MOVES_TO_ACCOUNTS.has(intent) && toAccount && !account) {
      account = toAccount;
      toAccount = undefined;
    }
    const accountType = (id: string | undefined) => ctx.snapshot.accounts.find((a) => a.id === id)?.type;
    if (intent === 'loan.repay' && accountType(account) === 'loan' && !toAccount) {
      toAccount = account;
      account = undefined;
    }
    if (account) n['account'] = account;
    if (toAccount) n['toAccount'] = toAccount;
    const card = one(e.card);
    if (card) n['card'] = card;
    const biller = one(e.biller);
    if (biller) n['biller'] = biller;
    if (e.date) n['date'] = e.date;
    if (e.phone) n['phone'] = e.phone.replace(/[^\d]/g, '');
    if (e.place) n['place'] = e.place;
    // A "which one?" answer ("the second", "尾号1002的那个") names the option it picks.
    const d = this.pendingDisambiguation();
    if (ctx.awaits === 'disambiguation' && d) {
      const picked = pickOption(d, u);
      if (picked) {
        const [slot, id] = picked.includes(':')
          ? (picked.split(/:(.*)/s) as [string, string])
          : [d.slot, picked];
        n[
          slot === 'payee' ||
          slot === 'toAccount' ||
          slot === 'account' ||
          slot === 'card' ||
          slot === 'biller'
            ? slot
            : d.slot
        ] = id;
      }
    }
    return { intent: u.intent, confidence: u.confidence, entities: e, normalized: n };
  }

  private pendingDisambiguation(): Disambiguation | undefined {
    const id = this.context.taskId;
    const child = id ? this.actor.getSnapshot().children[id] : undefined;
    const snapshot = child?.getSnapshot() as
      { context?: { task?: { disambiguation?: Disambiguation } } } | undefined;
    return snapshot?.context?.task?.disambiguation;
  }

  private onEmitted(event: SessionEmitted | { type: string }): void {
    const e = event as SessionEmitted;
    switch (e.type) {
      case 'out.say': {
        const sep = e.lang === 'zh' ? '' : ' ';
        let text: string;
        try {
          text = e.says.map((s) => render(s.key, s.params ?? {}, e.lang, e.elderly)).join(sep);
        } catch (error) {
          // A missing template must not take the session down: say something safe and report it.
          this.emit({ type: 'agent.error', code: 'TELLER_ERR_INTERNAL', message: (error as Error).message });
          text = render('task.error', {}, e.lang);
        }
        this.emit({ type: 'agent.say', text, lang: e.lang, rate: e.rate, awaits: e.awaits });
        break;
      }
      case 'out.stepup':
        if (e.method === 'pin') this.emit({ type: 'agent.stepup', method: 'pin' });
        else this.track(this.challenge());
        break;
      case 'out.handoff':
        this.emit({ type: 'agent.handoff', reason: e.reason, summary: e.summary });
        break;
      case 'out.end':
        this.emit({ type: 'agent.end', reason: e.reason });
        break;
      case 'out.noMatch':
        break;
    }
  }

  private async challenge(): Promise<void> {
    const ctx = this.context;
    if (!this.options.stepUp) {
      this.emit({ type: 'agent.stepup', method: 'webauthn', options: {} });
      return;
    }
    const challenge = await this.options.stepUp.createChallenge(ctx.customerId, this.sessionId);
    this.emit({
      type: 'agent.stepup',
      method: 'webauthn',
      options: challenge.options as Record<string, unknown>,
    });
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    promise
      .catch((error: unknown) =>
        this.emit({ type: 'agent.error', code: 'TELLER_ERR_INTERNAL', message: (error as Error).message }),
      )
      .finally(() => this.pending.delete(promise));
  }

  private emit(output: AgentOutput): void {
    this.turnOutputs.push(output);
    // A timer (no-input, idle) spoke between customer turns: it is a turn of its own in the log.
    if (!this.handling) this.record('timer', undefined, this.awaits, [output], this.options.bank.now());
    for (const l of this.listeners) l(output);
  }

  private record(
    input: TurnRecord['input'],
    understanding: TurnUnderstanding | undefined,
    awaitsBefore: Awaits,
    outputs: readonly AgentOutput[],
    at: number,
    notes: Pick<TurnRecord, 'offered' | 'offerAnswered' | 'readBack'> = {},
  ): void {
    this.turns.push({
      ...notes,
      seq: ++this.turnSeq,
      at,
      input,
      intent: understanding?.intent,
      confidence: understanding?.confidence,
      entities: Object.keys(understanding?.normalized ?? {}),
      awaitsBefore,
      awaits: this.awaits,
      outputs: outputs.map((o) => o.type.replace(/^agent\./, '')),
      said: outputs.flatMap((o) => (o.type === 'agent.say' ? [o.text] : [])),
      durationMs: Math.max(0, this.options.bank.now() - at),
    });
    if (this.turns.length > TURN_LOG_SIZE) this.turns.splice(0, this.turns.length - TURN_LOG_SIZE);
  }
}
