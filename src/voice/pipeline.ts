import { randomUUID } from 'node:crypto';
import {
  decodeAlaw,
  decodeMulaw,
  encodeMulaw,
  int16FromS16le,
  Resampler,
  s16leFromInt16,
  VadStream,
  type SileroVadModel,
  type VadEvent,
} from '../audio/index.ts';
import {
  bandOf,
  type AsrAccent,
  grammarForAwaits,
  type GrammarSpec,
  type RecognitionResult,
  type RecognitionStream,
  type Band,
  type Recognizer,
} from '../asr/index.ts';
import { MIN_ASR_CONFIDENCE, NLU_CONFIRMS_SPEECH } from '../dialog/index.ts';
import type {
  AgentOutput,
  DialogSession,
  TurnRecord,
  TurnResult,
  TurnUnderstanding,
  UserInput,
} from '../dialog/index.ts';
import { speechChunks, toSpeech } from '../nlg/index.ts';
import { TellerError, type ErrorCode, type Lang } from '../shared/index.ts';
import type { Synthesizer } from '../tts/index.ts';

/** Audio a caller sends: raw samples in one of the telephony or app encodings. */
export interface AudioFormat {
  readonly encoding: 'pcm_s16le' | 'mulaw' | 'alaw';
  readonly sampleRateHz: number;
  /** Interleaved channels in the input (AudioHook stereo), and which one is the customer. */
  readonly channels?: number;
  readonly channel?: number;
}

export interface OutputFormat {
  readonly encoding: 'pcm_s16le' | 'mulaw';
  readonly sampleRateHz: number;
  /** Agent audio is emitted in frames of this length. */
  readonly frameMs: number;
}

/** What the pipeline reports to its transport, in order. */
export type VoiceEvent =
  | { readonly type: 'asr.partial'; readonly text: string }
  | { readonly type: 'asr.final'; readonly text: string; readonly confidence: number }
  | { readonly type: 'vad.speech_start'; readonly atMs: number }
  | { readonly type: 'vad.speech_end'; readonly atMs: number }
  | { readonly type: 'understood'; readonly understanding: TurnUnderstanding }
  /**
   * A turn answered. `record` is the record the dialog logged for it; none when the dialog did not
   * take the turn (it came after a handoff or the end), so the record before is not reported again.
   */
  | { readonly type: 'turn'; readonly result: TurnResult; readonly record: TurnRecord | undefined }
  /** `id` links an `agent.say` to the audio of it. */
  | { readonly type: 'agent'; readonly output: AgentOutput; readonly id: string }
  | { readonly type: 'audio.start'; readonly id: string; readonly format: OutputFormat }
  | { readonly type: 'audio.frame'; readonly id: string; readonly data: Buffer }
  | { readonly type: 'audio.end'; readonly id: string; readonly durationMs: number }
  /** Barge-in: the caller spoke over the agent; drop whatever of `id` is still queued. */
  | { readonly type: 'audio.stop'; readonly id: string }
  | { readonly type: 'error'; readonly code: ErrorCode; readonly message: string };

export interface VoicePipelineOptions {
  readonly dialog: DialogSession;
  readonly recognizer: Recognizer | undefined;
  readonly synthesizer: Synthesizer | undefined;
  readonly vad: SileroVadModel | undefined;
  readonly input: AudioFormat | undefined;
  readonly output: OutputFormat | undefined;
  readonly voice?: string;
  /** The caller's English pronunciations for the recognizer (StreamOptions.accent). */
  readonly accent?: AsrAccent;
  readonly onEvent: (event: VoiceEvent) => void;
  /** ms clock for playback timing (barge-in); wall time by default. */
  readonly now?: () => number;
  /** Longest utterance; longer speech is ended there. */
  readonly maxUtteranceMs?: number;
  /**
   * Read-backs (prompts awaiting a confirmation) say English amounts ending in a teen or a round
   * ten in digits too (src/nlg `toSpeech`); phone calls set it, where the line blurs them.
   */
  readonly readBackDigits?: boolean;
}

/** End-of-turn silence by what the agent awaits: people dictating numbers pause between groups. */
export const END_OF_TURN_MS = { default: 700, digits: 1500 } as const;
const DIGIT_STATES = new Set(['slot:amount', 'slot:digits', 'slot:phone', 'stepup']);
const PRE_ROLL_MS = 400;
/**
 * Silence after speech that the recogniser decodes, at most. The VAD waits 700-1500 ms of silence
 * before it ends a turn; audio past this much is held back, and goes to the recogniser only if
 * speech resumes. Decoding silence only costs CPU (a quarter of a short turn's audio at 700 ms),
 * and the rejection models were calibrated on turns ending in 250 ms of silence
 * (scripts/asr-harness.ts), nearer to this than to 700-1500 ms. At this point the recogniser is
 * told the turn has probably ended (RecognitionStream.prepareEnd), so it can finish the utterance
 * in the 400+ ms the VAD still waits.
 */
const DECODED_TRAILING_SILENCE_MS = 300;
/**
 * The ASR confidence a corroborated result is passed on with at least (RecognitionResult
 * `corroborated`): above the dialog's no-match floor (MIN_ASR_CONFIDENCE, 0.35), so the NLU decides.
 */
const CORROBORATED_CONFIDENCE = 0.5;

/**
 * The confidence the dialog gets for a final result. Out-of-domain speech (the recognizer's
 * rejection) is passed on as not understood: 0, the no-match path. Words a second reading heard
 * the same way are passed on as heard, and the NLU judges them as it judges typed text (a
 * customer's own payee and biller names are not in the banking LM, so correct requests naming
 * them were rejected: "okay send eleven hundred dollars to my mom").
 */
export function dialogConfidence(result: RecognitionResult): number {
  if (result.corroborated) return Math.max(result.confidence, CORROBORATED_CONFIDENCE);
  return result.inDomain === false ? 0 : result.confidence;
}

/**
 * Recogniser confidence (RecognitionResult `confidence`, before the in-domain verdict) from which
 * open speech the recogniser doubts is still worth the NLU's reading. The dialog acts on such a
 * turn only when the NLU is sure of a banking request ({@link DOUBTFUL_SPEECH_VOUCH_AT}). Measured
 * with scripts/asr-nlu-rescue.ts (55 requests and 80 out-of-domain sentences, four flite voices,
 * cold and warm streams, with and without the general-English pass): requests acted on 390 → 422
 * of 440, each rescued one with its intent; out-of-domain sentences acted on 12 → 13 of 640.
 * Floor 0.05: 429 and 15; 0.15: 414 and 13. Rerun on 5577d4f's banking LM: requests 401 → 422,
 * out-of-domain sentences 12 → 14.
 */
export const DOUBTFUL_SPEECH_FLOOR = 0.1;

/**
 * How sure the NLU must be of doubtful open speech (above) for the dialog to act on it, per audio
 * band (UserInput `vouchAt`). Phone audio needs more: the banking LM turns more out-of-domain
 * phone speech into a plausible request ("tell me a story about dragons" → "tell me history about
 * branches", branch.find 0.94). Measured on phone-line audio with `scripts/asr-nlu-rescue.ts
 * --band narrow` (the set above, 5577d4f's LM): at 0.9, requests rescued 8 and 20 of 220 (with and
 * without the general pass), out-of-domain sentences acted on 4 and 4 more of 320; at 0.98, 6 and
 * 16 requests and no out-of-domain sentence. Wideband keeps 0.9: 1 and 20 requests rescued, 0 and
 * 2 out-of-domain sentences more (0.98: 1 and 13, none). Not taken: 0.9 on the phone when the NLU
 * finds one of the customer's own cards, accounts, payees or billers (3 requests more, and 2
 * out-of-domain sentences: "queue at the credit and a friend" names a card).
 */
export const DOUBTFUL_SPEECH_VOUCH_AT: Readonly<Record<Band, number>> = {
  wide: NLU_CONFIRMS_SPEECH,
  narrow: 0.98,
};

/** What the dialog gets for a final result: the words, the confidence, and whether the NLU may vouch for them. */
export function speechInput(
  result: RecognitionResult,
  band: Band = 'wide',
): Extract<UserInput, { type: 'text' }> {
  const asrConfidence = dialogConfidence(result);
  const doubtful =
    asrConfidence < MIN_ASR_CONFIDENCE &&
    result.grammar === 'free' &&
    result.truncated !== true &&
    result.confidence >= DOUBTFUL_SPEECH_FLOOR;
  // Corroboration compares sounds, not meanings: "how do i get a stain out of a white shirt" heard
  // as "how do i get a statement of the wipe showed" agrees with the general pass's phones.
  const crossCheck =
    result.corroborated === true && result.confidence < MIN_ASR_CONFIDENCE && result.grammar === 'free'
      ? result.alternatives?.find((a) => a.source === 'general')?.text
      : undefined;
  return {
    type: 'text',
    text: result.text,
    asrConfidence,
    ...(doubtful ? { asrDoubtful: true, vouchAt: DOUBTFUL_SPEECH_VOUCH_AT[band] } : {}),
    ...(crossCheck !== undefined ? { crossCheck } : {}),
  };
}

/**
 * One caller's voice loop, transport-agnostic (app WebSocket, Twilio, AudioHook): decode and resample
 * to 16 kHz → Silero VAD → streaming recognizer with the dialog state's grammar → dialog turn →
 * synthesized prompts back, with barge-in. Turns run one at a time; every queue is bounded.
 */
export class VoicePipeline {
  private readonly options: VoicePipelineOptions;
  private readonly resampler: Resampler | undefined;
  private readonly vad: VadStream | undefined;
  private asr: RecognitionStream | undefined;
  private readonly preRoll: { samples: Int16Array; endMs: number }[] = [];
  /** Audio of the current turn's trailing silence, held back from the recogniser. */
  private held: Int16Array[] = [];
  private streamMs = 0;
  private listening = false;
  private utteranceStartMs = 0;
  private turnChain: Promise<void> = Promise.resolve();
  private playing: { id: string; untilMs: number } | undefined;
  private speakChain: Promise<void> = Promise.resolve();
  private speakGeneration = 0;
  private closed = false;
  private overloadReported = false;
  /** The caller's audio band: phone-line audio (8 kHz) is recognised and judged as such. */
  private readonly band: Band;

  constructor(options: VoicePipelineOptions) {
    this.options = options;
    const input = options.input;
    this.band = bandOf(input?.sampleRateHz ?? 16000);
    if (input && options.vad && options.recognizer) {
      if (input.sampleRateHz !== 16000)
        this.resampler = new Resampler({ inputRateHz: input.sampleRateHz, outputRateHz: 16000 });
      this.vad = new VadStream(options.vad, (e) => this.onVad(e), { endSilenceMs: END_OF_TURN_MS.default });
      this.asr = options.recognizer.createStream({
        lang: options.dialog.context.lang,
        sampleRateHz: 16000,
        band: this.band,
        ...(options.accent ? { accent: options.accent } : {}),
        grammar: this.grammarNow(),
        onEvent: (e) => {
          if (e.type === 'asr.partial' && e.text) this.emit({ type: 'asr.partial', text: e.text });
          if (e.type === 'asr.error')
            this.emit({ type: 'error', code: e.error.code, message: e.error.message });
        },
      });
    }
    options.dialog.onOutput((output) => this.onAgent(output));
    options.dialog.onUnderstood((understanding) => this.emit({ type: 'understood', understanding }));
  }

  private get now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private emit(event: VoiceEvent): void {
    if (!this.closed) this.options.onEvent(event);
  }

  /** Raw audio bytes from the caller, in the declared input format. */
  pushAudio(bytes: Buffer): { ok: true } | { ok: false; code: ErrorCode; message: string } {
    const input = this.options.input;
    if (!input || !this.vad)
      return {
        ok: false,
        code: 'TELLER_ERR_AUDIO_BEFORE_START',
        message: 'no audio format was declared: send session.start with audio',
      };
    if (input.encoding === 'pcm_s16le' && bytes.length % (2 * (input.channels ?? 1)) !== 0) {
      return {
        ok: false,
        code: 'TELLER_ERR_BAD_AUDIO_FORMAT',
        message: 'pcm_s16le frames hold whole 16-bit samples',
      };
    }
    let pcm =
      input.encoding === 'pcm_s16le'
        ? int16FromS16le(bytes)
        : input.encoding === 'mulaw'
          ? decodeMulaw(bytes)
          : decodeAlaw(bytes);
    const channels = input.channels ?? 1;
    if (channels > 1) {
      const mono = new Int16Array(Math.floor(pcm.length / channels));
      for (let i = 0; i < mono.length; i++) mono[i] = pcm[i * channels + (input.channel ?? 0)] ?? 0;
      pcm = mono;
    }
    const samples = this.resampler ? this.resampler.process(pcm) : pcm;
    this.streamMs += (samples.length / 16000) * 1000;
    const pushed = this.vad.push(samples);
    if (!pushed.ok) return { ok: false, code: pushed.error.code, message: pushed.error.message };
    if (this.listening) {
      if (this.vad.trailingSilenceMs >= DECODED_TRAILING_SILENCE_MS) {
        // The turn has probably ended: the recogniser may finish it while the VAD makes sure.
        if (this.held.length === 0) this.asr?.prepareEnd?.();
        this.held.push(samples);
      } else {
        for (const chunk of this.held) this.feed(chunk); // speech resumed: the pause counts
        this.held = [];
        this.feed(samples);
      }
    } else {
      this.preRoll.push({ samples, endMs: this.streamMs });
      while (this.preRoll.length > 0 && (this.preRoll[0]?.endMs ?? 0) < this.streamMs - PRE_ROLL_MS - 600)
        this.preRoll.shift();
    }
    if (this.listening && this.streamMs - this.utteranceStartMs > (this.options.maxUtteranceMs ?? 20_000))
      this.endUtterance();
    return { ok: true };
  }

  private feed(samples: Int16Array): void {
    const written = this.asr?.write(samples);
    if (written && !written.ok && !this.overloadReported) {
      this.overloadReported = true;
      this.emit({ type: 'error', code: written.error.code, message: written.error.message });
    }
  }

  private onVad(event: VadEvent): void {
    if (event.type === 'vad.error') {
      this.emit({ type: 'error', code: event.error.code, message: event.error.message });
      return;
    }
    if (event.type === 'vad.speech_start') {
      this.emit({ type: 'vad.speech_start', atMs: event.streamTimeMs });
      this.bargeIn();
      this.listening = true;
      this.overloadReported = false;
      this.utteranceStartMs = event.streamTimeMs;
      for (const chunk of this.preRoll)
        if (chunk.endMs > event.streamTimeMs - PRE_ROLL_MS) this.feed(chunk.samples);
      this.preRoll.length = 0;
      return;
    }
    this.emit({ type: 'vad.speech_end', atMs: event.streamTimeMs });
    this.endUtterance();
  }

  /** The caller started speaking over the agent: stop its audio now, drop queued prompts. */
  private bargeIn(): void {
    const playing = this.playing;
    if (playing && this.now < playing.untilMs) {
      this.playing = undefined;
      this.speakGeneration++;
      this.emit({ type: 'audio.stop', id: playing.id });
      this.options.dialog.promptPlayed();
    }
  }

  /** A speech engine (recognizer or synthesizer) failed: reported with its code; the call goes on. */
  private engineFailed(error: unknown): void {
    const e =
      error instanceof TellerError
        ? error
        : new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', (error as Error).message);
    this.emit({ type: 'error', code: e.code, message: e.message });
  }

  /** Push-to-talk release, or the VAD said the turn is over. */
  endUtterance(): void {
    if (!this.listening || !this.asr) return;
    this.listening = false;
    this.held = [];
    const asr = this.asr;
    this.turnChain = this.turnChain.then(async () => {
      let result;
      try {
        result = await asr.endUtterance();
      } catch (error) {
        this.engineFailed(error);
        return;
      }
      if (result.text.trim() === '') return;
      this.emit({ type: 'asr.final', text: result.text, confidence: result.confidence });
      try {
        await this.turn(() => this.options.dialog.handle(speechInput(result, this.band)));
      } catch {
        // Nothing awaits a spoken turn: its failure is an event, and the next turn still runs.
        this.emit({
          type: 'error',
          code: 'TELLER_ERR_INTERNAL',
          message: 'that utterance could not be handled; the session continues',
        });
      }
    });
  }

  /**
   * Typed text, keypad digits or a step-up answer: a turn without audio. The promise rejects when
   * this turn fails; the turns queued after it still run.
   */
  handle(input: Parameters<DialogSession['handle']>[0]): Promise<void> {
    const turn = this.turnChain.then(() => this.turn(() => this.options.dialog.handle(input)));
    this.turnChain = turn.catch(() => undefined);
    return turn;
  }

  private async turn(run: () => Promise<TurnResult>): Promise<void> {
    if (this.closed) return;
    this.bargeIn();
    const before = this.options.dialog.turnLog.at(-1);
    const result = await run();
    const record = this.options.dialog.turnLog.at(-1);
    this.emit({ type: 'turn', result, record: record === before ? undefined : record });
    this.retune();
  }

  /** The next utterance listens for what the dialog now awaits, with a fitting end-of-turn silence. */
  private retune(): void {
    const awaits = this.options.dialog.context.awaits;
    this.asr?.setGrammar(this.grammarNow());
    this.vad?.setEndSilenceMs(
      DIGIT_STATES.has(awaits) ? END_OF_TURN_MS.digits : END_OF_TURN_MS.default,
      'stream',
    );
  }

  /** What the recogniser listens for in the dialog's current state, with the customer's own names. */
  private grammarNow(): GrammarSpec {
    const { awaits, lang, snapshot } = this.options.dialog.context;
    return grammarForAwaits(
      awaits,
      lang,
      {
        payees: snapshot.payees.map((p) => p.name),
        accounts: snapshot.accounts.map((a) => a.name),
        cards: snapshot.cards.map((c) => c.name),
        billers: snapshot.billers.map((b) => b.name),
      },
      snapshot.stepUp.pinDigits,
    );
  }

  private onAgent(output: AgentOutput): void {
    const id = randomUUID();
    this.emit({ type: 'agent', output, id });
    if (output.type === 'agent.say' && this.options.output && this.options.synthesizer) {
      // A read-back on a phone line says confusable amounts in digits too ("forty dollars, four zero").
      const amountDigits = this.options.readBackDigits === true && output.awaits === 'confirmation';
      this.speak(toSpeech(output.text, output.lang, { amountDigits }), output.lang, output.rate, id);
    }
  }

  /**
   * Synthesizes a prompt (speech text, from `toSpeech`) and emits it as output-format frames;
   * prompts play in order. A long prompt is synthesized sentence by sentence ({@link
   * speechChunks}): its first sentence plays while the rest is synthesized, and a barge-in stops
   * the synthesis of what was not yet heard.
   * The prompt counts as playing (barge-in applies) from its first audio until its last audio
   * would have finished.
   */
  private speak(text: string, lang: Lang, rate: number, id: string): void {
    const generation = this.speakGeneration;
    const current = (): boolean => generation === this.speakGeneration && !this.closed;
    this.speakChain = this.speakChain.then(async () => {
      const synthesizer = this.options.synthesizer;
      const out = this.options.output;
      if (!current() || !synthesizer || !out) return;
      const frame = Math.round((out.sampleRateHz * out.frameMs) / 1000);
      let totalMs = 0;
      let started = false;
      let timer: NodeJS.Timeout | undefined;
      for (const chunk of speechChunks(text)) {
        if (!current()) return;
        let audio;
        try {
          audio = await synthesizer.synthesize(chunk, {
            lang,
            rate,
            deferrable: started,
            ...(this.options.voice ? { voice: this.options.voice } : {}),
          });
        } catch (error) {
          this.engineFailed(error);
          break;
        }
        if (!current()) return;
        const pcm =
          audio.sampleRateHz === out.sampleRateHz
            ? audio.pcm
            : new Resampler({ inputRateHz: audio.sampleRateHz, outputRateHz: out.sampleRateHz }).process(
                audio.pcm,
              );
        const durationMs = Math.round((pcm.length / out.sampleRateHz) * 1000);
        if (!started) {
          started = true;
          this.playing = { id, untilMs: Math.max(this.now, this.playing?.untilMs ?? 0) };
          this.options.dialog.promptPlaying();
          this.emit({ type: 'audio.start', id, format: out });
        }
        const playing = this.playing;
        if (playing?.id !== id) return;
        // Audio synthesized after the previous piece ran out starts now, not in the past.
        playing.untilMs = Math.max(this.now, playing.untilMs) + durationMs;
        totalMs += durationMs;
        // Without a playback report from the client, the prompt is taken as played when it would end.
        clearTimeout(timer);
        timer = setTimeout(() => this.playbackDone(id), playing.untilMs - this.now + 50);
        timer.unref();
        for (let i = 0; i < pcm.length; i += frame) {
          const slice = pcm.subarray(i, Math.min(pcm.length, i + frame));
          this.emit({
            type: 'audio.frame',
            id,
            data: out.encoding === 'mulaw' ? Buffer.from(encodeMulaw(slice)) : s16leFromInt16(slice),
          });
        }
      }
      if (started && current()) this.emit({ type: 'audio.end', id, durationMs: totalMs });
    });
  }

  /** Speaks what the agent already said before the pipeline existed (the greeting). */
  announce(outputs: readonly AgentOutput[]): void {
    for (const output of outputs) this.onAgent(output);
  }

  /** The client finished playing `id` (or cleared it): barge-in no longer applies to it. */
  playbackDone(id: string): void {
    if (this.playing?.id !== id) return;
    this.playing = undefined;
    if (!this.closed) this.options.dialog.promptPlayed();
  }

  /** Resolves when the current turn and prompt synthesis are done (tests, orderly close). */
  async idle(): Promise<void> {
    await this.turnChain;
    await this.speakChain;
  }

  get customerId(): string {
    return this.options.dialog.context.customerId;
  }

  /** A JSON snapshot of the conversation, for the session store. */
  persist(): unknown {
    return this.options.dialog.persist();
  }

  /** Frees the recognizer and stops the dialog; never rejects, as transports close without awaiting. */
  async close(): Promise<void> {
    this.closed = true;
    this.speakGeneration++;
    // A recognizer that failed mid-utterance may fail again while closing: there is no one to tell.
    await this.asr?.close().catch(() => undefined);
    this.options.dialog.stop();
  }
}
