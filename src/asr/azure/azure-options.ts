import type * as SpeechSdk from 'microsoft-cognitiveservices-speech-sdk';
import { TellerError } from '../../shared/index.ts';
import type { Lang } from '../../shared/index.ts';

/**
 * Configuration of the Azure Speech adapter and the SpeechConfig it builds. The SDK
 * (`microsoft-cognitiveservices-speech-sdk`, MIT, an optional dependency) is loaded on demand, so a
 * server that never uses Azure does not need it installed.
 */

/** Options for {@link AzureRecognizer}; defaults in {@link AZURE_SPEECH_DEFAULTS}. */
export interface AzureSpeechOptions {
  /** Subscription key of the Speech resource (`Ocp-Apim-Subscription-Key`). Never logged. */
  readonly key: string;
  /** Azure region of the resource (`westeurope`, `chinaeast2`); not needed with `endpoint`. */
  readonly region?: string;
  /**
   * Overrides the service address: a host (`wss://host`, `ws://127.0.0.1:PORT` for a local
   * fake) gets the SDK's standard path; a URL with a path is used as the whole endpoint.
   */
  readonly endpoint?: string;
  /** Azure locale per Teller language. */
  readonly locales?: Partial<Record<Lang, string>>;
  /** Streams open at once (each holds a service connection while an utterance runs). */
  readonly maxStreams?: number;
  /** Longest utterance sent; later audio is ignored and the result marked `truncated`. */
  readonly maxUtteranceMs?: number;
  /** How long {@link RecognitionStream.endUtterance} waits for the service's final result. */
  readonly finalTimeoutMs?: number;
}

/** Defaults: en-US and zh-CN; 30 s per utterance as for the embedded engines. */
export const AZURE_SPEECH_DEFAULTS = {
  locales: { en: 'en-US', zh: 'zh-CN' },
  maxStreams: 32,
  maxUtteranceMs: 30_000,
  finalTimeoutMs: 10_000,
} as const satisfies Pick<
  Required<AzureSpeechOptions>,
  'locales' | 'maxStreams' | 'maxUtteranceMs' | 'finalTimeoutMs'
>;

/** The speech SDK module. */
export type SpeechSdkModule = typeof SpeechSdk;

/**
 * Why these options cannot reach Azure, or `undefined`.
 * @returns a message naming the environment variables to set.
 */
export function azureSpeechProblem(options: Partial<AzureSpeechOptions> | undefined): string | undefined {
  if (!options?.key)
    return 'Azure Speech needs a key: set TELLER_AZURE_SPEECH_KEY (and TELLER_AZURE_SPEECH_REGION)';
  if (!options.region && !options.endpoint)
    return 'Azure Speech needs a region or an endpoint: set TELLER_AZURE_SPEECH_REGION or TELLER_AZURE_SPEECH_ENDPOINT';
  if (options.endpoint) {
    try {
      const url = new URL(options.endpoint);
      if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) throw new Error(url.protocol);
    } catch {
      return 'TELLER_AZURE_SPEECH_ENDPOINT must be a ws://, wss:// or https:// URL';
    }
  }
  return undefined;
}

/**
 * Loads the SDK.
 * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` naming the npm command when it is missing.
 */
export async function loadSpeechSdk(): Promise<SpeechSdkModule> {
  try {
    return await import('microsoft-cognitiveservices-speech-sdk');
  } catch (cause) {
    throw new TellerError(
      'TELLER_ERR_ENGINE_UNAVAILABLE',
      'the Azure Speech SDK is not installed: run "npm install microsoft-cognitiveservices-speech-sdk"',
      { engine: 'azure', cause: String(cause) },
    );
  }
}

/**
 * A SpeechConfig for one language: detailed output (NBest with confidences and the lexical form),
 * word timings. An endpoint with a path goes to `fromEndpoint`; a bare host to `fromHost`, which
 * appends the SDK's own path (a bare endpoint would make the SDK look up a redirect over HTTP).
 */
export function speechConfigFor(
  sdk: SpeechSdkModule,
  options: AzureSpeechOptions,
  locale: string,
): SpeechSdk.SpeechConfig {
  let config: SpeechSdk.SpeechConfig;
  if (options.endpoint) {
    const url = new URL(options.endpoint);
    config =
      url.pathname === '' || url.pathname === '/'
        ? sdk.SpeechConfig.fromHost(url, options.key)
        : sdk.SpeechConfig.fromEndpoint(url, options.key);
  } else {
    config = sdk.SpeechConfig.fromSubscription(options.key, options.region ?? '');
  }
  config.speechRecognitionLanguage = locale;
  config.outputFormat = sdk.OutputFormat.Detailed;
  config.requestWordLevelTimestamps();
  return config;
}
