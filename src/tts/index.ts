import { TellerError } from '../shared/index.ts';
import { AzureSynthesizer } from './azure.ts';
import type { AzureTtsOptions } from './azure.ts';
import { CachingSynthesizer, SYNTHESIS_CACHE_DEFAULTS, SynthesisCache } from './cache.ts';
import { EspeakSynthesizer, isEspeakInstalled } from './espeak.ts';
import { FLITE_VOICES, FliteSynthesizer } from './flite.ts';
import type { FliteVoice } from './flite.ts';
import { isPicoInstalled, PicoSynthesizer } from './pico.ts';
import { LanguageRouter } from './router.ts';
import type { Synthesizer } from './synthesizer.ts';

/**
 * The speech-output stage: the {@link Synthesizer} port, its embedded adapters, Azure neural voices
 * and a prompt cache.
 */
export { AZURE_TTS_DEFAULTS, AZURE_TTS_OUTPUT_FORMAT, AzureSynthesizer, azureSsml } from './azure.ts';
export type { AzureTtsOptions } from './azure.ts';
export { CachingSynthesizer, SYNTHESIS_CACHE_DEFAULTS, SynthesisCache } from './cache.ts';
export type { SynthesisCacheOptions, SynthesisKey } from './cache.ts';
export { EspeakSynthesizer, isEspeakInstalled } from './espeak.ts';
export { FLITE_DEFAULTS, FLITE_VOICES, FliteSynthesizer } from './flite.ts';
export type { FliteOptions, FliteVoice } from './flite.ts';
export { isPicoInstalled, PICO_DEFAULT_DATA_DIR, PicoSynthesizer, picoText } from './pico.ts';
export { LanguageRouter } from './router.ts';
export { RATE_RANGE } from './synthesizer.ts';
export type { SynthesizedAudio, SynthesizeOptions, Synthesizer, VoiceInfo } from './synthesizer.ts';

/** How {@link createSynthesizer} builds the speech output. */
export interface TtsConfig {
  /**
   * `flite`: English only, embedded, permissive licence. `espeak`: English and Mandarin through
   * the optional GPL-3.0 package. `auto`: flite for English and espeak-ng for Mandarin when it is
   * installed (Mandarin requests fail with `TELLER_ERR_ENGINE_UNAVAILABLE` when it is not).
   * `azure`: Azure neural voices, English and Mandarin (the cloud: never chosen by `auto`).
   * `pico`: SVOX Pico, English only, through the optional package and Debian's non-free voice files.
   */
  readonly engine: 'flite' | 'espeak' | 'pico' | 'azure' | 'auto';
  readonly fliteVoice?: FliteVoice;
  /** Key, region or endpoint, voices: for `azure`. */
  readonly azure?: Partial<AzureTtsOptions>;
  /** Prompt cache size in bytes; 0 turns the cache off. */
  readonly cacheMaxBytes?: number;
}

/**
 * Builds the configured synthesizer, wrapped in a prompt cache.
 * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when `espeak` or `pico` is asked for and not installed,
 * or `azure` without a key and region.
 */
export async function createSynthesizer(config: TtsConfig): Promise<Synthesizer> {
  const flite = (): FliteSynthesizer =>
    new FliteSynthesizer(config.fliteVoice ? { defaultVoice: config.fliteVoice } : {});
  let engine: Synthesizer;
  switch (config.engine) {
    case 'flite':
      engine = flite();
      break;
    case 'espeak':
      engine = await EspeakSynthesizer.create();
      break;
    case 'pico':
      engine = await PicoSynthesizer.create();
      break;
    case 'azure':
      engine = new AzureSynthesizer(config.azure);
      break;
    case 'auto':
      engine = isEspeakInstalled()
        ? new LanguageRouter({ en: flite(), zh: await EspeakSynthesizer.create() })
        : new LanguageRouter({ en: flite() });
      break;
    default:
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        `unknown tts.engine: use "flite", "espeak", "pico", "azure" or "auto"`,
      );
  }
  const maxBytes = config.cacheMaxBytes ?? SYNTHESIS_CACHE_DEFAULTS.maxBytes;
  return maxBytes > 0 ? new CachingSynthesizer(engine, new SynthesisCache({ maxBytes })) : engine;
}

/**
 * The English voices a simulated caller can speak with in `teller test --audio` and
 * `npm run bench:voice`: flite's four, eSpeak NG's American and British (`espeak`, `espeak-gb`), and
 * SVOX Pico's American (`pico`) and British (`pico-gb`) voices. flite's are the ones the recogniser's models were tuned on.
 */
export const CALLER_VOICES = [...FLITE_VOICES, 'espeak', 'espeak-gb', 'pico', 'pico-gb'] as const;
export type CallerVoiceName = (typeof CALLER_VOICES)[number];

/** Why a caller voice cannot speak on this machine, or undefined when it can. */
export function callerVoiceProblem(name: CallerVoiceName): string | undefined {
  if ((name === 'espeak' || name === 'espeak-gb') && !isEspeakInstalled())
    return 'not installed (@echogarden/espeak-ng-emscripten is optional)';
  if ((name === 'pico' || name === 'pico-gb') && !isPicoInstalled())
    return 'not installed (@echogarden/svoxpico-wasm and Debian non-free libttspico-data)';
  return undefined;
}

/**
 * A synthesizer speaking as caller voice `name`, without a prompt cache, and the `voice` option
 * to pass it. @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when its engine is not installed.
 */
export async function createCallerVoice(
  name: CallerVoiceName,
): Promise<{ synthesizer: Synthesizer; voice: string | undefined }> {
  switch (name) {
    case 'espeak':
    case 'espeak-gb':
      return {
        synthesizer: await createSynthesizer({ engine: 'espeak', cacheMaxBytes: 0 }),
        voice: name === 'espeak' ? undefined : 'en-gb',
      };
    case 'pico':
    case 'pico-gb':
      return {
        synthesizer: await createSynthesizer({ engine: 'pico', cacheMaxBytes: 0 }),
        voice: name === 'pico' ? 'en-US' : 'en-GB',
      };
    default:
      return {
        synthesizer: await createSynthesizer({ engine: 'flite', fliteVoice: name, cacheMaxBytes: 0 }),
        voice: name,
      };
  }
}

/** Whether `name` is one of {@link CALLER_VOICES}. */
export function isCallerVoice(name: string): name is CallerVoiceName {
  return (CALLER_VOICES as readonly string[]).includes(name);
}
