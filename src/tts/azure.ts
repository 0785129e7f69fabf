import { TellerError } from '../shared/index.ts';
import type { Lang } from '../shared/index.ts';
import { checkRate, cleanText } from './synthesizer.ts';
import type { SynthesizedAudio, SynthesizeOptions, Synthesizer, VoiceInfo } from './synthesizer.ts';

/**
 * Azure neural voices through the Speech service's REST API: `POST
 * https://{region}.tts.speech.microsoft.com/cognitiveservices/v1` with SSML, the resource key in
 * `Ocp-Apim-Subscription-Key`, and `X-Microsoft-OutputFormat: raw-16khz-16bit-mono-pcm`, so the
 * answer is exactly Teller's PCM (little-endian int16, 16 kHz, no header). REST rather than the SDK:
 * one request per prompt, nothing to keep open, and the prompt cache (cache.ts) makes repeats free.
 * Prompt text is sent to Microsoft: choose it (`tts.engine "azure"`) only where that is allowed.
 */

/** Options of {@link AzureSynthesizer}; defaults in {@link AZURE_TTS_DEFAULTS}. */
export interface AzureTtsOptions {
  /** Subscription key of the Speech resource. Never logged. */
  readonly key: string;
  /** Azure region of the resource; not needed with `endpoint`. */
  readonly region?: string;
  /** The whole synthesis URL, overriding the region's (sovereign clouds, a proxy, a local fake). */
  readonly endpoint?: string;
  /** Default voice per language. */
  readonly voices?: Partial<Record<Lang, string>>;
  /** Longest a request may take. */
  readonly timeoutMs?: number;
  /** Longest prompt accepted, in characters. */
  readonly maxTextChars?: number;
}

export const AZURE_TTS_DEFAULTS = {
  voices: { en: 'en-US-JennyNeural', zh: 'zh-CN-XiaoxiaoNeural' },
  timeoutMs: 10_000,
  maxTextChars: 1000,
} as const satisfies Pick<Required<AzureTtsOptions>, 'voices' | 'timeoutMs' | 'maxTextChars'>;

/** The output format requested: Teller's own, so no decoding or resampling. */
export const AZURE_TTS_OUTPUT_FORMAT = 'raw-16khz-16bit-mono-pcm';

const OUTPUT_RATE_HZ = 16_000;

/** Voices offered by name; any other neural voice of the right locale is accepted too. */
const KNOWN_VOICES: readonly VoiceInfo[] = [
  { name: 'en-US-JennyNeural', lang: 'en', gender: 'female', description: 'US English, Azure neural' },
  { name: 'en-US-GuyNeural', lang: 'en', gender: 'male', description: 'US English, Azure neural' },
  { name: 'en-US-AriaNeural', lang: 'en', gender: 'female', description: 'US English, Azure neural' },
  { name: 'zh-CN-XiaoxiaoNeural', lang: 'zh', gender: 'female', description: 'Mandarin, Azure neural' },
  { name: 'zh-CN-YunxiNeural', lang: 'zh', gender: 'male', description: 'Mandarin, Azure neural' },
];

/** Azure voice names start with their locale: `en-US-JennyNeural`, `zh-CN-XiaoxiaoNeural`. */
const VOICE_NAME = /^([a-z]{2,3})-[A-Z]{2}(?:-[A-Za-z]+)?-[A-Za-z0-9]+$/;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The SSML for one prompt; `rate` 1.25 → `+25%` (SSML 1.0 §3.2.4 relative rate). */
export function azureSsml(text: string, voice: string, rate: number): string {
  const locale = voice.split('-').slice(0, 2).join('-');
  const percent = Math.round((rate - 1) * 100);
  const body =
    percent === 0
      ? escapeXml(text)
      : `<prosody rate="${percent > 0 ? '+' : ''}${percent}%">${escapeXml(text)}</prosody>`;
  return `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="${locale}"><voice name="${voice}">${body}</voice></speak>`;
}

/** Azure neural speech in English and Mandarin. */
export class AzureSynthesizer implements Synthesizer {
  readonly name = 'azure';
  readonly #key: string;
  readonly #url: string;
  readonly #voices: Readonly<Record<Lang, string>>;
  readonly #timeoutMs: number;
  readonly #maxTextChars: number;

  /**
   * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` without a key and a region or endpoint;
   * `TELLER_ERR_CONFIG` for a default voice that is not an Azure voice name of its language.
   */
  constructor(options: Partial<AzureTtsOptions> | undefined) {
    if (!options?.key || (!options.region && !options.endpoint)) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        'Azure text-to-speech needs a key and a region: set TELLER_AZURE_SPEECH_KEY and TELLER_AZURE_SPEECH_REGION (or TELLER_AZURE_TTS_ENDPOINT)',
        { engine: 'azure' },
      );
    }
    this.#key = options.key;
    this.#url = options.endpoint ?? `https://${options.region}.tts.speech.microsoft.com/cognitiveservices/v1`;
    this.#voices = { ...AZURE_TTS_DEFAULTS.voices, ...options.voices };
    for (const [lang, voice] of Object.entries(this.#voices)) this.#checkVoice(voice, lang as Lang);
    this.#timeoutMs = options.timeoutMs ?? AZURE_TTS_DEFAULTS.timeoutMs;
    this.#maxTextChars = options.maxTextChars ?? AZURE_TTS_DEFAULTS.maxTextChars;
  }

  voices(): readonly VoiceInfo[] {
    const configured = Object.entries(this.#voices)
      .filter(([, name]) => !KNOWN_VOICES.some((v) => v.name === name))
      .map(([lang, name]) => ({ name, lang: lang as Lang, description: 'Azure neural (configured)' }));
    return [...KNOWN_VOICES, ...configured];
  }

  #checkVoice(voice: string, lang: Lang): void {
    const locale = VOICE_NAME.exec(voice)?.[1];
    if (locale !== lang) {
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        `Azure voice "${voice}" is not a ${lang} voice name: use one like ${AZURE_TTS_DEFAULTS.voices[lang]}`,
      );
    }
  }

  async synthesize(text: string, options: SynthesizeOptions): Promise<SynthesizedAudio> {
    const voice = options.voice ?? this.#voices[options.lang];
    this.#checkVoice(voice, options.lang);
    const rate = checkRate(options.rate);
    const cleaned = cleanText(text, this.#maxTextChars);
    options.signal?.throwIfAborted();
    if (cleaned === '') return { pcm: new Int16Array(0), sampleRateHz: OUTPUT_RATE_HZ };
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(this.#url, {
        method: 'POST',
        headers: {
          'Ocp-Apim-Subscription-Key': this.#key,
          'Content-Type': 'application/ssml+xml',
          'X-Microsoft-OutputFormat': AZURE_TTS_OUTPUT_FORMAT,
          'User-Agent': 'teller',
        },
        body: azureSsml(cleaned, voice, rate),
        signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason as Error;
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        timeout.aborted
          ? `Azure text-to-speech did not answer within ${this.#timeoutMs} ms`
          : 'cannot reach Azure text-to-speech: check the network and TELLER_AZURE_SPEECH_REGION or TELLER_AZURE_TTS_ENDPOINT',
        { engine: 'azure', cause: String((error as { cause?: unknown }).cause ?? error) },
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw httpError(response.status);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    options.signal?.throwIfAborted();
    // Copy into an aligned buffer; an odd trailing byte (never expected) is dropped.
    const pcm = new Int16Array(Math.floor(bytes.length / 2));
    new Uint8Array(pcm.buffer).set(bytes.subarray(0, pcm.length * 2));
    return { pcm, sampleRateHz: OUTPUT_RATE_HZ };
  }
}

/** Maps the REST API's documented statuses to stable codes. */
function httpError(status: number): TellerError {
  const details = { engine: 'azure', status };
  if (status === 401 || status === 403) {
    return new TellerError(
      'TELLER_ERR_ENGINE_AUTH',
      `Azure text-to-speech refused the key (HTTP ${status}): check TELLER_AZURE_SPEECH_KEY and TELLER_AZURE_SPEECH_REGION`,
      details,
    );
  }
  if (status === 400) {
    return new TellerError(
      'TELLER_ERR_CONFIG',
      'Azure text-to-speech refused the request (HTTP 400): check the voice name and the region',
      details,
    );
  }
  if (status === 429) {
    return new TellerError(
      'TELLER_ERR_ENGINE_UNAVAILABLE',
      'Azure text-to-speech is throttling this resource (HTTP 429): retry later or raise its quota',
      details,
    );
  }
  return new TellerError(
    'TELLER_ERR_ENGINE_UNAVAILABLE',
    `Azure text-to-speech failed (HTTP ${status})`,
    details,
  );
}
