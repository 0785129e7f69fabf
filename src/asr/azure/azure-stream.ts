import type * as SpeechSdk from 'microsoft-cognitiveservices-speech-sdk';
import { TellerError } from '../../shared/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { GrammarSpec } from '../grammar.ts';
import { phraseLists } from '../phrase-lists.ts';
import type { RecognitionEvent, RecognitionResult, RecognitionStream, WriteResult } from '../recognizer.ts';
import { emptyResult } from '../recognizer.ts';
import { normalizeTranscript } from '../transcript-text.ts';
import type { SpeechSdkModule } from './azure-options.ts';
import { azureResult, cancellationError, parseAzurePhrase } from './azure-result.ts';
import type { AzurePhrase } from './azure-result.ts';

/**
 * One caller's audio to Azure Speech, an utterance at a time. Each utterance is one recognition
 * session on its own connection: it opens at the utterance's first frame (so the handshake
 * overlaps the speech), takes the state's phrase hints (PhraseListGrammar), and ends when Teller's
 * VAD ends the turn: closing the push stream makes the SDK send its end-of-audio message and the
 * service answers with the final phrase and `turn.end`. A failed utterance (network, key) rejects
 * with a stable code and the next one tries a new connection.
 *
 * Memory is bounded by `maxUtteranceMs`: the SDK buffers audio it has not sent yet (before the
 * connection opens, or when the network is slow), at most one utterance of it.
 */

/** What a stream needs: the SDK, a SpeechConfig for its language, limits. */
export interface AzureStreamEngine {
  readonly sdk: SpeechSdkModule;
  readonly lang: Lang;
  readonly speechConfig: SpeechSdk.SpeechConfig;
  readonly limits: { maxUtteranceMs: number; finalTimeoutMs: number };
  /** Called once when the stream closes. */
  onClose(): void;
}

const SAMPLES_PER_MS = 16;

interface Turn {
  readonly spec: GrammarSpec;
  readonly push: SpeechSdk.PushAudioInputStream;
  readonly recognizer: SpeechSdk.SpeechRecognizer;
  readonly phrases: AzurePhrase[];
  /** Settles when the service has sent everything for the turn, or rejects with why not. */
  readonly done: Promise<void>;
  samples: number;
  truncated: boolean;
  error?: TellerError;
}

/** An Azure recognition stream; see {@link RecognitionStream}. Made by AzureRecognizer. */
export class AzureStream implements RecognitionStream {
  readonly #engine: AzureStreamEngine;
  readonly #emit: (event: RecognitionEvent) => void;
  readonly #signal: AbortSignal | undefined;
  readonly #disposing = new Set<Promise<void>>();
  #nextSpec: GrammarSpec;
  #turn: Turn | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(
    engine: AzureStreamEngine,
    spec: GrammarSpec,
    onEvent: ((event: RecognitionEvent) => void) | undefined,
    signal?: AbortSignal,
  ) {
    this.#engine = engine;
    this.#nextSpec = spec;
    this.#emit = (event) => onEvent?.(event);
    this.#signal = signal;
    if (signal?.aborted) void this.close();
    else signal?.addEventListener('abort', () => void this.close(), { once: true });
  }

  write(pcm: Int16Array): WriteResult {
    if (this.#closed) {
      return {
        ok: false,
        error: new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'the recognition stream is closed'),
      };
    }
    const turn = (this.#turn ??= this.#startTurn(this.#nextSpec));
    if (turn.error) return { ok: false, error: turn.error };
    if (turn.samples + pcm.length > this.#engine.limits.maxUtteranceMs * SAMPLES_PER_MS) {
      turn.truncated = true;
      return { ok: true };
    }
    turn.samples += pcm.length;
    // The SDK keeps the buffer until it is sent: give it a copy the caller cannot reuse.
    turn.push.write(pcm.slice().buffer);
    return { ok: true };
  }

  setGrammar(spec: GrammarSpec): void {
    this.#nextSpec = spec;
  }

  #startTurn(spec: GrammarSpec): Turn {
    const { sdk, speechConfig, lang } = this.#engine;
    const push = sdk.AudioInputStream.createPushStream(sdk.AudioStreamFormat.getWaveFormatPCM(16000, 16, 1));
    const recognizer = new sdk.SpeechRecognizer(speechConfig, sdk.AudioConfig.fromStreamInput(push));
    const hints = phraseLists(spec, lang).hints;
    if (hints.length > 0) sdk.PhraseListGrammar.fromRecognizer(recognizer).addPhrases([...hints]);
    let settle: { resolve: () => void; reject: (error: TellerError) => void } | undefined;
    const done = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    done.catch(() => undefined); // observed by endUtterance; a turn nobody ends must not crash
    const turn: Turn = { spec, push, recognizer, phrases: [], done, samples: 0, truncated: false };
    const fail = (error: TellerError): void => {
      if (turn.error) return;
      turn.error = error;
      this.#emit({ type: 'asr.error', error });
      settle?.reject(error);
    };
    recognizer.recognizing = (_sender, event) => {
      const heard = [...turn.phrases.map((p) => p.text), event.result.text ?? ''].join(' ');
      const text = normalizeTranscript(heard, lang);
      if (text) this.#emit({ type: 'asr.partial', text });
    };
    recognizer.recognized = (_sender, event) => {
      if (event.result.reason !== sdk.ResultReason.RecognizedSpeech) return;
      const phrase = parseAzurePhrase(event.result.json, lang);
      if (phrase) turn.phrases.push(phrase);
    };
    recognizer.canceled = (_sender, event) => {
      if (event.reason === sdk.CancellationReason.EndOfStream) {
        settle?.resolve();
        return;
      }
      fail(
        cancellationError({
          errorCode: sdk.CancellationErrorCode[event.errorCode],
          errorDetails: event.errorDetails,
        }),
      );
    };
    recognizer.sessionStopped = () => settle?.resolve();
    recognizer.startContinuousRecognitionAsync(undefined, (reason) =>
      fail(new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'Azure Speech did not start', { cause: reason })),
    );
    return turn;
  }

  async endUtterance(): Promise<RecognitionResult> {
    const turn = this.#turn;
    this.#turn = undefined;
    this.#signal?.throwIfAborted();
    if (!turn) {
      const empty = emptyResult(this.#nextSpec.kind);
      this.#emit({ type: 'asr.final', result: empty });
      return empty;
    }
    try {
      turn.push.close();
      await this.#waitForFinal(turn);
    } finally {
      this.#dispose(turn);
    }
    this.#signal?.throwIfAborted();
    const result = azureResult(turn.phrases, {
      grammar: turn.spec.kind,
      durationMs: Math.round(turn.samples / SAMPLES_PER_MS),
      truncated: turn.truncated,
      lang: this.#engine.lang,
    });
    this.#emit({ type: 'asr.final', result });
    return result;
  }

  async #waitForFinal(turn: Turn): Promise<void> {
    const { finalTimeoutMs } = this.#engine.limits;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TellerError(
              'TELLER_ERR_ENGINE_UNAVAILABLE',
              `Azure Speech sent no final result within ${finalTimeoutMs} ms`,
              { engine: 'azure' },
            ),
          ),
        finalTimeoutMs,
      );
    });
    try {
      await Promise.race([turn.done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops and frees a turn's recogniser in the background; {@link close} waits for it. */
  #dispose(turn: Turn): void {
    const disposing = new Promise<void>((resolve) => {
      const free = (): void => turn.recognizer.close(resolve, () => resolve());
      turn.recognizer.stopContinuousRecognitionAsync(free, free);
    });
    this.#disposing.add(disposing);
    void disposing.finally(() => this.#disposing.delete(disposing));
  }

  /** Frees the stream's native resources; every call returns the same promise. */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    const turn = this.#turn;
    this.#turn = undefined;
    if (turn) {
      turn.push.close();
      this.#dispose(turn);
    }
    await Promise.all(this.#disposing);
    this.#engine.onClose();
  }
}
