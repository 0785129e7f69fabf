import { randomUUID } from 'node:crypto';
import { encodeMulaw, Resampler, s16leFromInt16, type SileroVadModel } from '../../audio/index.ts';
import type { AsrAccent, Recognizer } from '../../asr/index.ts';
import type { BankingCore } from '../../bank/index.ts';
import {
  createDialog,
  DIALOG_DEFAULTS,
  type DialogSession,
  type HandoffSummary,
  type UnansweredCalls,
} from '../../dialog/index.ts';
import { registerMessages, render, toSpeech } from '../../nlg/index.ts';
import type { Nlu } from '../../nlu/index.ts';
import type { Logger, TellerMetrics } from '../../observability/index.ts';
import type { ErrorCode, Lang } from '../../shared/index.ts';
import type { Synthesizer } from '../../tts/index.ts';
import {
  VoicePipeline,
  voiceMetrics,
  type AudioFormat,
  type OutputFormat,
  type VoiceEvent,
} from '../../voice/index.ts';
import { DtmfCollector } from './dtmf.ts';
import { PlaybackClock, type PlaybackState } from './playback-clock.ts';
import {
  publishTelephonyEvent,
  type CallSummary,
  type TelephonyEventBody,
  type TelephonyPlatform,
} from './telephony-events.ts';

registerMessages({
  'phone.unknown_caller': {
    en: "Thanks for calling. I'm Teller, the bank's voice assistant. I don't recognise the number you're calling from, so I'll connect you to a colleague. One moment please.",
    zh: '感谢致电，我是银行的语音助手。系统无法识别您的来电号码，正在为您转接人工客服，请稍候。',
  },
});

/** The engines and bank a phone call uses (the server's, shared by all calls). */
export interface PhoneCallDeps {
  readonly bank: BankingCore;
  readonly nlu: Nlu;
  readonly recognizer: Recognizer | undefined;
  readonly vad: SileroVadModel | undefined;
  readonly synthesizer: Synthesizer | undefined;
  readonly logger: Logger;
  /** The node's metrics; none: not counted. */
  readonly metrics?: TellerMetrics;
  /**
   * Caller-number prefixes (E.164, `+44`) whose calls are recognised with British pronunciations
   * too (`us+gb`): {@link callerAccent}. Empty or absent: every call gets the recognizer's own.
   */
  readonly britishCallerPrefixes?: readonly string[];
  /** The customers' unanswered bank calls across calls and app sessions (none: each call's own). */
  readonly unanswered?: UnansweredCalls;
}

/**
 * The accent a call is recognised with: `us+gb` when the caller's number (`callerDigits`) starts
 * with one of `prefixes`, else none (the recognizer's own). A bank whose callers come from the UK,
 * Ireland, Australia, New Zealand, South Africa, Singapore or Hong Kong as well as North America
 * lists those codes, and only those calls pay for the larger search (src/asr/README.md, "British
 * English").
 */
export function callerAccent(
  digits: string | undefined,
  prefixes: readonly string[] = [],
): AsrAccent | undefined {
  return digits !== undefined && prefixes.some((prefix) => digits.startsWith(prefix)) ? 'us+gb' : undefined;
}

/** Bot turn disposition, as AudioHook's `bot_turn_response` entity names it. */
export type TurnDisposition = 'match' | 'no_match';

/** What a call asks its transport to do, in order. */
export type PhoneCallEvent =
  | { readonly type: 'prompt.start'; readonly id: string }
  | { readonly type: 'prompt.audio'; readonly id: string; readonly data: Buffer }
  | { readonly type: 'prompt.end'; readonly id: string; readonly durationMs: number }
  /** The caller spoke or keyed over the agent: stop what is playing (if anything is). */
  | { readonly type: 'interrupt' }
  | { readonly type: 'agent.say'; readonly text: string; readonly disposition: TurnDisposition }
  /** The conversation is over (handoff or end) and its last prompt has been emitted. */
  | { readonly type: 'finished'; readonly summary: CallSummary }
  | { readonly type: 'error'; readonly code: ErrorCode; readonly message: string };

/** One call as its transport describes it: who, in which formats, and where events go. */
export interface PhoneCallOptions {
  readonly platform: TelephonyPlatform;
  /** The platform's call id (Twilio CallSid, AudioHook session id): log and event key. */
  readonly callId: string;
  /** Caller ID as the platform gives it (E.164, `tel:` URI or national form). */
  readonly callerNumber: string | undefined;
  /** The platform's language for the call; absent: the customer's, else English. */
  readonly lang: Lang | undefined;
  readonly input: AudioFormat;
  readonly output: OutputFormat;
  readonly interDigitMs?: number;
  readonly onEvent: (event: PhoneCallEvent) => void;
}

/** `tel:+15550100`, `sip:+15550100@host` and `+1 555-0100` all become `+15550100`. */
export function callerDigits(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const number = raw.replace(/^(tel|sip|sips):/i, '').split('@')[0] ?? '';
  const digits = number.replace(/[^\d+]/g, '');
  return /\d{4,}/.test(digits) ? digits : undefined;
}

/**
 * One phone call, platform-neutral: the caller is identified by number (`bank.findCustomerByPhone`),
 * the dialog runs on the `phone` channel (PIN before account data, handoff after three wrong PINs),
 * speech goes through the {@link VoicePipeline} and keypad digits through a {@link DtmfCollector}.
 * An unknown number is greeted, told it is not recognised and handed off — no dialog, no account data.
 * Transports (Twilio Media Streams, Genesys AudioHook) turn its events into their messages.
 */
export class PhoneCall {
  private readonly pipeline: VoicePipeline | undefined;
  private readonly keys: DtmfCollector;
  private readonly log: Logger;
  private disposition: TurnDisposition = 'match';
  private summary: CallSummary | undefined;
  private closed = false;
  private audioRefused = false;
  /** The turn being understood answers the PIN prompt (its words are not published). */
  private pinTurn = false;

  private constructor(
    private readonly deps: PhoneCallDeps,
    private readonly options: PhoneCallOptions,
    private readonly dialog: DialogSession | undefined,
    readonly lang: Lang,
    private readonly playback: PlaybackState,
  ) {
    this.log = deps.logger.child({ sessionId: options.callId, channel: 'phone', platform: options.platform });
    this.keys = new DtmfCollector({
      onDigits: (digits) => this.onDigits(digits),
      ...(options.interDigitMs ? { interDigitMs: options.interDigitMs } : {}),
    });
    const asr = deps.recognizer && deps.vad;
    const metrics = deps.metrics;
    const observe = metrics && dialog ? voiceMetrics(metrics, options.platform) : undefined;
    metrics?.sessionsStarted.inc({ channel: options.platform });
    metrics?.sessionsActive.inc({ channel: options.platform });
    const accent = callerAccent(callerDigits(options.callerNumber), deps.britishCallerPrefixes);
    this.pipeline = dialog
      ? new VoicePipeline({
          dialog,
          recognizer: asr ? deps.recognizer : undefined,
          ...(accent ? { accent } : {}),
          vad: asr ? deps.vad : undefined,
          synthesizer: deps.synthesizer,
          input: asr ? options.input : undefined,
          output: deps.synthesizer ? options.output : undefined,
          readBackDigits: true,
          onEvent: (event) => {
            observe?.(event);
            this.onVoice(event);
          },
        })
      : undefined;
  }

  /** Looks the caller up and opens the dialog; call {@link begin} once the platform may receive audio. */
  static async create(deps: PhoneCallDeps, options: PhoneCallOptions): Promise<PhoneCall> {
    const number = callerDigits(options.callerNumber);
    const customer = number ? await deps.bank.findCustomerByPhone(number) : undefined;
    const lang = options.lang ?? customer?.lang ?? 'en';
    const playback: PlaybackState = { untilMs: 0 };
    if (!customer) return new PhoneCall(deps, options, undefined, lang, playback);
    const dialog = await createDialog({
      bank: deps.bank,
      nlu: deps.nlu,
      sessionId: randomUUID(),
      customerId: customer.id,
      channel: 'phone',
      lang,
      noInputMs: DIALOG_DEFAULTS.noInputMs,
      clock: new PlaybackClock(playback),
      ...(deps.unanswered ? { unanswered: deps.unanswered } : {}),
    });
    return new PhoneCall(deps, options, dialog, lang, playback);
  }

  get customerKnown(): boolean {
    return this.dialog !== undefined;
  }

  /** The greeting (or, for an unknown number, the not-recognised prompt and the handoff). */
  begin(): void {
    this.publish({ type: 'call.start', customerKnown: this.customerKnown, lang: this.lang });
    if (this.pipeline && this.dialog) {
      this.pipeline.announce(this.dialog.drainOutputs());
      this.publish({ type: 'turn.done', awaits: this.dialog.awaits });
      return;
    }
    const text = render('phone.unknown_caller', {}, this.lang);
    this.publish({ type: 'agent.say', text, awaits: 'nothing' });
    this.options.onEvent({ type: 'agent.say', text, disposition: 'match' });
    const handoff: HandoffSummary = {
      intent: undefined,
      slots: {},
      verified: false,
      reason: 'unknown_caller',
    };
    this.publish({ type: 'handoff', summary: handoff });
    this.deps.metrics?.handoffs.inc({ channel: this.options.platform });
    this.summary = { ...handoff, outcome: 'handoff', customerKnown: false };
    void this.speakAlone(text).then(() => this.finish());
  }

  /** Caller audio in the declared input format. Dropped (once logged) when recognition is unavailable. */
  pushAudio(bytes: Buffer): { ok: true } | { ok: false; code: ErrorCode; message: string } {
    if (!this.pipeline || this.closed) return { ok: true };
    const pushed = this.pipeline.pushAudio(bytes);
    if (!pushed.ok && pushed.code === 'TELLER_ERR_AUDIO_BEFORE_START') {
      if (!this.audioRefused) this.log.warn('no speech recognition on this server: caller audio ignored');
      this.audioRefused = true;
      return { ok: true };
    }
    return pushed;
  }

  /** One keypad key (`0-9`, `*`, `#`); false when it is not a DTMF key. */
  key(digit: string): boolean {
    if (!this.dialog || this.closed) return /^[0-9*#A-Da-d]$/.test(digit);
    if (!this.keys.pending && digit !== '#') this.interrupt();
    return this.keys.press(digit);
  }

  /** The platform finished playing (or dropped) prompt `id`. */
  playbackDone(id: string): void {
    this.pipeline?.playbackDone(id);
  }

  /** Where the call stands: the final summary once it finished, else what a hang-up now would report. */
  get result(): CallSummary {
    if (this.summary) return this.summary;
    const ctx = this.dialog?.context;
    return {
      outcome: 'hangup',
      reason: 'caller_hung_up',
      intent: ctx?.taskIntent ?? ctx?.lastIntent,
      slots: {},
      verified: ctx?.verified ?? false,
      customerKnown: this.customerKnown,
    };
  }

  /** The platform ended the call (or the transport did): frees the recognizer, stops the dialog. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.deps.metrics?.sessionsActive.dec({ channel: this.options.platform });
    this.keys.reset();
    this.publish({ type: 'call.end', summary: this.result });
    await this.pipeline?.close();
  }

  private onDigits(digits: string): void {
    this.pinTurn = this.dialog?.awaits === 'stepup';
    this.publish({ type: 'dtmf', length: digits.length });
    // Nothing awaits a keyed turn: a failure is logged and reported, and the call goes on.
    this.pipeline?.handle({ type: 'dtmf', digits }).catch((error: unknown) => {
      this.log.error({ err: (error as Error).message }, 'keypad turn failed');
      this.options.onEvent({
        type: 'error',
        code: 'TELLER_ERR_INTERNAL',
        message: 'the keyed digits could not be handled; the call continues',
      });
    });
  }

  private onVoice(event: VoiceEvent): void {
    switch (event.type) {
      case 'asr.final': {
        // A spoken PIN is a secret: subscribers learn that something was said, not what.
        this.pinTurn = this.dialog?.awaits === 'stepup';
        const text = this.pinTurn ? event.text.replace(/\S+/g, '*') : event.text;
        return this.publish({ type: 'asr.final', text, confidence: event.confidence });
      }
      case 'understood': {
        const u = event.understanding;
        this.disposition = u.intent === 'oos' ? 'no_match' : 'match';
        const pin = this.pinTurn;
        this.pinTurn = false;
        return this.publish({
          type: 'understood',
          intent: u.intent,
          confidence: u.confidence,
          entities: pin ? {} : u.normalized,
        });
      }
      case 'turn': {
        // The turn log's last record: kinds, intents and states only — never words or entity values.
        // None when the dialog did not take the turn (keys pressed while the handoff prompt played).
        if (event.record) {
          const { said: _said, ...turn } = event.record;
          this.log.info({ turn }, 'turn');
        }
        return this.publish({ type: 'turn.done', awaits: this.dialog?.awaits ?? 'nothing' });
      }
      case 'vad.speech_start':
      case 'audio.stop':
        return this.interrupt();
      case 'audio.start':
        return this.options.onEvent({ type: 'prompt.start', id: event.id });
      case 'audio.frame':
        return this.options.onEvent({ type: 'prompt.audio', id: event.id, data: event.data });
      case 'audio.end':
        return this.promptEnd(event.id, event.durationMs);
      case 'error':
        return this.options.onEvent({ type: 'error', code: event.code, message: event.message });
      case 'agent':
        return this.onAgent(event.output);
      default:
        return;
    }
  }

  private onAgent(output: Extract<VoiceEvent, { type: 'agent' }>['output']): void {
    if (output.type === 'agent.say') {
      this.publish({ type: 'agent.say', text: output.text, awaits: output.awaits });
      this.options.onEvent({ type: 'agent.say', text: output.text, disposition: this.disposition });
      this.disposition = 'match';
    } else if (output.type === 'agent.stepup') {
      this.publish({ type: 'stepup', method: output.method });
    } else if (output.type === 'agent.handoff' && !this.summary) {
      this.publish({ type: 'handoff', summary: output.summary });
      this.summary = { ...output.summary, outcome: 'handoff', customerKnown: true };
      void this.pipeline?.idle().then(() => this.finish());
    } else if (output.type === 'agent.end' && !this.summary) {
      this.publish({ type: 'end', reason: output.reason });
      this.summary = { ...this.result, outcome: 'completed', reason: output.reason };
      void this.pipeline?.idle().then(() => this.finish());
    }
  }

  /** The caller spoke or keyed over the agent: the transport stops playback, timers count from now. */
  private interrupt(): void {
    this.playback.untilMs = Math.min(this.playback.untilMs, Date.now());
    this.options.onEvent({ type: 'interrupt' });
  }

  private promptEnd(id: string, durationMs: number): void {
    this.playback.untilMs = Math.max(this.playback.untilMs, Date.now()) + durationMs;
    this.options.onEvent({ type: 'prompt.end', id, durationMs });
  }

  private finish(): void {
    if (this.summary && !this.closed) this.options.onEvent({ type: 'finished', summary: this.summary });
  }

  /** Speaks a prompt without a dialog (the unknown-caller path), in the output format. */
  private async speakAlone(text: string): Promise<void> {
    const synthesizer = this.deps.synthesizer;
    const out = this.options.output;
    if (!synthesizer) return;
    let audio;
    try {
      audio = await synthesizer.synthesize(toSpeech(text, this.lang), { lang: this.lang, rate: 1 });
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'prompt synthesis failed');
      return;
    }
    if (this.closed) return;
    const pcm =
      audio.sampleRateHz === out.sampleRateHz
        ? audio.pcm
        : new Resampler({ inputRateHz: audio.sampleRateHz, outputRateHz: out.sampleRateHz }).process(
            audio.pcm,
          );
    const id = randomUUID();
    this.options.onEvent({ type: 'prompt.start', id });
    const frame = Math.round((out.sampleRateHz * out.frameMs) / 1000);
    for (let i = 0; i < pcm.length; i += frame) {
      const slice = pcm.subarray(i, Math.min(pcm.length, i + frame));
      const data = out.encoding === 'mulaw' ? Buffer.from(encodeMulaw(slice)) : s16leFromInt16(slice);
      this.options.onEvent({ type: 'prompt.audio', id, data });
    }
    this.promptEnd(id, Math.round((pcm.length / out.sampleRateHz) * 1000));
  }

  private publish(event: TelephonyEventBody): void {
    publishTelephonyEvent({ ...event, platform: this.options.platform, callId: this.options.callId });
  }
}
