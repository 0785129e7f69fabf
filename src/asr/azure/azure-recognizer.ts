import type * as SpeechSdk from 'microsoft-cognitiveservices-speech-sdk';
import { LANGS, TellerError } from '../../shared/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { RecognitionStream, Recognizer, StreamOptions } from '../recognizer.ts';
import {
  AZURE_SPEECH_DEFAULTS,
  azureSpeechProblem,
  loadSpeechSdk,
  speechConfigFor,
} from './azure-options.ts';
import type { AzureSpeechOptions, SpeechSdkModule } from './azure-options.ts';
import { AzureStream } from './azure-stream.ts';

/**
 * The Azure Speech adapter of the {@link Recognizer} port: the cloud service through Microsoft's
 * JavaScript SDK, English (en-US) and Mandarin (zh-CN), streaming partials and finals with
 * confidences, the dialog state's phrase hints per utterance. Customer audio leaves the premises:
 * it is never chosen by `auto`, only by `asr.engine "azure"`.
 */
export class AzureRecognizer implements Recognizer {
  readonly name = 'azure';
  readonly languages: readonly Lang[] = LANGS;
  readonly #sdk: SpeechSdkModule;
  readonly #options: AzureSpeechOptions & {
    readonly locales: Readonly<Record<Lang, string>>;
    readonly maxStreams: number;
    readonly maxUtteranceMs: number;
    readonly finalTimeoutMs: number;
  };
  readonly #configs = new Map<Lang, SpeechSdk.SpeechConfig>();
  #open = 0;
  #closed = false;

  private constructor(sdk: SpeechSdkModule, options: AzureSpeechOptions) {
    this.#sdk = sdk;
    this.#options = {
      ...AZURE_SPEECH_DEFAULTS,
      ...options,
      locales: { ...AZURE_SPEECH_DEFAULTS.locales, ...options.locales },
    };
  }

  /**
   * Loads the SDK and checks the options. Does not contact the service: a wrong key or an
   * unreachable endpoint shows on the first utterance, as `asr.error` with a stable code.
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` without a key and a region or endpoint,
   * or without the SDK.
   */
  static async create(options: Partial<AzureSpeechOptions> | undefined): Promise<AzureRecognizer> {
    const problem = azureSpeechProblem(options);
    if (problem || !options?.key)
      throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', problem ?? '', { engine: 'azure' });
    return new AzureRecognizer(await loadSpeechSdk(), { ...options, key: options.key });
  }

  /** Streams open now. */
  get openStreams(): number {
    return this.#open;
  }

  createStream(options: StreamOptions): RecognitionStream {
    if (this.#closed)
      throw new TellerError('TELLER_ERR_ENGINE_UNAVAILABLE', 'the Azure recognizer is closed');
    if (options.sampleRateHz !== 16000) {
      throw new TellerError(
        'TELLER_ERR_BAD_AUDIO_FORMAT',
        `sample rate ${String(options.sampleRateHz)} not supported: resample to 16000 Hz (src/audio Resampler)`,
      );
    }
    if (this.#open >= this.#options.maxStreams) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `all ${this.#options.maxStreams} Azure streams are in use: raise maxStreams or retry later`,
      );
    }
    this.#open++;
    let closed = false;
    return new AzureStream(
      {
        sdk: this.#sdk,
        lang: options.lang,
        speechConfig: this.#config(options.lang),
        limits: this.#options,
        onClose: () => {
          if (!closed) this.#open--;
          closed = true;
        },
      },
      options.grammar ?? { kind: 'free' },
      options.onEvent,
      options.signal,
    );
  }

  #config(lang: Lang): SpeechSdk.SpeechConfig {
    let config = this.#configs.get(lang);
    if (!config) {
      config = speechConfigFor(
        this.#sdk,
        this.#options,
        this.#options.locales[lang] ?? AZURE_SPEECH_DEFAULTS.locales[lang],
      );
      this.#configs.set(lang, config);
    }
    return config;
  }

  close(): Promise<void> {
    this.#closed = true;
    for (const config of this.#configs.values()) config.close();
    this.#configs.clear();
    return Promise.resolve();
  }
}
