import { TellerError } from '../shared/index.ts';
import { SampleQueue } from './sample-queue.ts';
import { SILERO_SAMPLE_RATE_HZ, SILERO_WINDOW_MS, SILERO_WINDOW_SAMPLES, SileroState } from './silero.ts';
import type { SileroVadModel } from './silero.ts';

/**
 * Voice activity detection and end-pointing for one audio stream: Silero speech probabilities per
 * 32 ms window, turned into `vad.speech_start` / `vad.speech_end` with hysteresis (two thresholds),
 * a minimum speech length and an end-of-turn silence that the dialog may lengthen per utterance
 * (customers dictating account numbers pause between digit groups: livekit/agents#3701).
 */

/** What the end-pointer reports. Times are stream time: ms of audio since the stream began. */
export type VadEvent =
  | { readonly type: 'vad.speech_start'; readonly streamTimeMs: number }
  | { readonly type: 'vad.speech_end'; readonly streamTimeMs: number; readonly speechDurationMs: number }
  | { readonly type: 'vad.error'; readonly error: TellerError };

/** End-pointer settings; see {@link VAD_DEFAULTS}. */
export interface VadOptions {
  /** Probability at or above which a window counts as speech (opens an utterance). */
  readonly startThreshold: number;
  /** Probability below which a window counts as silence (lets an utterance close). */
  readonly endThreshold: number;
  /**
   * Voiced time needed before `vad.speech_start` is sent (it is back-dated to where speech began),
   * so coughs and clicks do not barge in. This is also the barge-in detection latency.
   */
  readonly minSpeechMs: number;
  /** Silence that ends a turn. {@link VadStream.setEndSilenceMs} changes it per utterance. */
  readonly endSilenceMs: number;
  /** Audio allowed to wait for inference before `push` refuses more (bounded backlog). */
  readonly maxQueuedMs: number;
}

/**
 * Defaults: Silero's own (0.5, and 0.5 − 0.15 for the end threshold); 250 ms minimum speech as in
 * Silero's `get_speech_timestamps`; 600 ms end silence, inside the 500–800 ms Pipecat and LiveKit
 * use (peer-protocols.md); 1 s of backlog, about 31 windows.
 */
export const VAD_DEFAULTS = {
  startThreshold: 0.5,
  endThreshold: 0.35,
  minSpeechMs: 250,
  endSilenceMs: 600,
  maxQueuedMs: 1000,
} as const satisfies VadOptions;

/**
 * While speech is not yet confirmed, a gap this long discards it: short enough that a click and a
 * later word are not joined into one utterance, longer than the dip between two syllables.
 */
const CANDIDATE_MAX_GAP_MS = 3 * SILERO_WINDOW_MS;

/** Result of {@link VadStream.push}: refusals are values, not exceptions (a full queue is normal load). */
export type PushResult = { ok: true } | { ok: false; error: TellerError };

type Phase = 'silence' | 'candidate' | 'speech';

/**
 * One stream's VAD. Feed 16 kHz mono audio with {@link push} (any frame size); events arrive
 * through `onEvent`, in stream order, from an internal loop that runs one inference at a time.
 * `onEvent` must not throw.
 */
export class VadStream {
  readonly #model: SileroVadModel;
  readonly #onEvent: (event: VadEvent) => void;
  readonly #options: VadOptions;
  readonly #state = new SileroState();
  readonly #queue: SampleQueue;
  readonly #window = new Float32Array(SILERO_WINDOW_SAMPLES);
  #pumping: Promise<void> | undefined;
  #windowIndex = 0;
  #phase: Phase = 'silence';
  #speechStartMs = 0;
  #voicedMs = 0;
  #gapMs = 0;
  #silenceStartMs: number | undefined;
  #endSilenceMs: number;
  #revertEndSilenceAfterTurn = false;
  #lastProbability = 0;

  constructor(model: SileroVadModel, onEvent: (event: VadEvent) => void, options: Partial<VadOptions> = {}) {
    this.#model = model;
    this.#onEvent = onEvent;
    this.#options = { ...VAD_DEFAULTS, ...options };
    const { startThreshold, endThreshold, minSpeechMs, maxQueuedMs } = this.#options;
    if (!(endThreshold > 0 && endThreshold <= startThreshold && startThreshold < 1)) {
      throw new RangeError(
        `need 0 < endThreshold ≤ startThreshold < 1, got ${endThreshold}, ${startThreshold}`,
      );
    }
    if (!(minSpeechMs >= 0 && maxQueuedMs >= SILERO_WINDOW_MS)) {
      throw new RangeError(`need minSpeechMs ≥ 0 and maxQueuedMs ≥ ${SILERO_WINDOW_MS}`);
    }
    const capacity = Math.ceil((maxQueuedMs * SILERO_SAMPLE_RATE_HZ) / 1000) + SILERO_WINDOW_SAMPLES;
    this.#queue = new SampleQueue(capacity);
    this.#endSilenceMs = this.#options.endSilenceMs;
    this.setEndSilenceMs(this.#options.endSilenceMs); // validates the configured value
  }

  /** Stream time processed so far, in ms (a multiple of the 32 ms window). */
  get streamTimeMs(): number {
    return this.#windowIndex * SILERO_WINDOW_MS;
  }

  /** True between `vad.speech_start` and `vad.speech_end`. */
  get speaking(): boolean {
    return this.#phase === 'speech';
  }

  /**
   * How long the silence that may end the current utterance has lasted, in ms of stream time
   * processed so far; 0 outside an utterance or while speech goes on.
   */
  get trailingSilenceMs(): number {
    if (this.#phase !== 'speech' || this.#silenceStartMs === undefined) return 0;
    return this.streamTimeMs - this.#silenceStartMs;
  }

  /** Speech probability of the latest window (for meters and debugging). */
  get lastProbability(): number {
    return this.#lastProbability;
  }

  /** The end-of-turn silence currently in force, in ms. */
  get endSilenceMs(): number {
    return this.#endSilenceMs;
  }

  /**
   * Changes the end-of-turn silence, effective at once (also for an utterance in progress).
   * With `scope: 'utterance'` it reverts to the configured default after the next `vad.speech_end`:
   * the dialog asks for e.g. 1500 ms while the customer reads out a card number.
   */
  setEndSilenceMs(ms: number, scope: 'utterance' | 'stream' = 'stream'): void {
    if (!(ms >= SILERO_WINDOW_MS && ms <= 10_000)) {
      throw new RangeError(`end silence ${ms} ms out of range: use ${SILERO_WINDOW_MS}–10000 ms`);
    }
    this.#endSilenceMs = ms;
    this.#revertEndSilenceAfterTurn = scope === 'utterance';
  }

  /**
   * Queues 16 kHz mono samples (int16, or float in [-1, 1]). Never blocks; when inference has
   * fallen `maxQueuedMs` behind, the frame is dropped and an overload error returned.
   */
  push(samples: Int16Array | Float32Array): PushResult {
    const scale = samples instanceof Int16Array ? 1 / 32768 : 1;
    if (!this.#queue.write(samples, scale)) {
      return {
        ok: false,
        error: new TellerError(
          'TELLER_ERR_AUDIO_OVERLOAD',
          `VAD backlog over ${this.#options.maxQueuedMs} ms: inference is not keeping up, frame dropped`,
        ),
      };
    }
    this.#pump();
    return { ok: true };
  }

  /** Resolves when every complete window queued so far has been processed. */
  async drain(): Promise<void> {
    while (this.#pumping) await this.#pumping;
  }

  /**
   * Ends the stream: processes what is queued (a last partial window is zero-padded) and closes an
   * open utterance with `vad.speech_end` at the end of the audio.
   */
  async end(): Promise<void> {
    await this.drain();
    const partial = this.#queue.length;
    if (partial > 0) {
      this.#queue.write(new Float32Array(SILERO_WINDOW_SAMPLES - partial));
      this.#pump();
      await this.drain();
    }
    if (this.#phase === 'speech') this.#endTurn(this.#silenceStartMs ?? this.streamTimeMs);
    this.#phase = 'silence';
  }

  /** Drops queued audio and model state, for a new stream on the same object. */
  async reset(): Promise<void> {
    this.#queue.clear();
    await this.drain();
    this.#state.reset();
    this.#windowIndex = 0;
    this.#phase = 'silence';
    this.#silenceStartMs = undefined;
    this.#endSilenceMs = this.#options.endSilenceMs;
    this.#revertEndSilenceAfterTurn = false;
  }

  #pump(): void {
    if (this.#pumping || this.#queue.length < SILERO_WINDOW_SAMPLES) return;
    this.#pumping = this.#loop()
      .catch((error: unknown) => this.#fail(error))
      .finally(() => {
        this.#pumping = undefined;
        this.#pump(); // a push may have landed while the loop was finishing
      });
  }

  async #loop(): Promise<void> {
    while (this.#queue.read(this.#window)) {
      const probability = await this.#model.probability(this.#state, this.#window);
      this.#step(probability);
    }
  }

  #fail(error: unknown): void {
    this.#queue.clear();
    const tellerError =
      error instanceof TellerError
        ? error
        : new TellerError('TELLER_ERR_INTERNAL', 'VAD inference failed; queued audio dropped', {
            cause: String(error),
          });
    this.#onEvent({ type: 'vad.error', error: tellerError });
  }

  #step(probability: number): void {
    const { startThreshold, endThreshold, minSpeechMs } = this.#options;
    const windowStartMs = this.#windowIndex * SILERO_WINDOW_MS;
    const windowEndMs = windowStartMs + SILERO_WINDOW_MS;
    this.#windowIndex++;
    this.#lastProbability = probability;
    switch (this.#phase) {
      case 'silence':
        if (probability < startThreshold) return;
        this.#phase = 'candidate';
        this.#speechStartMs = windowStartMs;
        this.#voicedMs = 0;
        this.#gapMs = 0;
        this.#confirm(probability, endThreshold, minSpeechMs); // the opening window counts too
        return;
      case 'candidate':
        this.#confirm(probability, endThreshold, minSpeechMs);
        return;
      case 'speech':
        // Silero's rule: only a confident window cancels a pending end; the band between the two
        // thresholds neither starts nor cancels one.
        if (probability >= startThreshold) this.#silenceStartMs = undefined;
        else if (probability < endThreshold) this.#silenceStartMs ??= windowStartMs;
        if (this.#silenceStartMs !== undefined && windowEndMs - this.#silenceStartMs >= this.#endSilenceMs) {
          this.#endTurn(this.#silenceStartMs);
        }
        return;
    }
  }

  /** Candidate speech: becomes an utterance after `minSpeechMs` voiced, or is dropped after a gap. */
  #confirm(probability: number, endThreshold: number, minSpeechMs: number): void {
    if (probability >= endThreshold) {
      this.#voicedMs += SILERO_WINDOW_MS;
      this.#gapMs = 0;
    } else if ((this.#gapMs += SILERO_WINDOW_MS) >= CANDIDATE_MAX_GAP_MS) {
      this.#phase = 'silence';
      return;
    }
    if (this.#voicedMs >= minSpeechMs) {
      this.#phase = 'speech';
      this.#silenceStartMs = undefined;
      this.#onEvent({ type: 'vad.speech_start', streamTimeMs: this.#speechStartMs });
    }
  }

  #endTurn(endMs: number): void {
    this.#phase = 'silence';
    this.#silenceStartMs = undefined;
    if (this.#revertEndSilenceAfterTurn) {
      this.#endSilenceMs = this.#options.endSilenceMs;
      this.#revertEndSilenceAfterTurn = false;
    }
    this.#onEvent({
      type: 'vad.speech_end',
      streamTimeMs: endMs,
      speechDurationMs: endMs - this.#speechStartMs,
    });
  }
}
