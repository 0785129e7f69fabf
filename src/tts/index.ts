import { TellerError } from '../shared/index.ts';
import { AzureSynthesizer } from './azure.ts';
import type { AzureTtsOptions } from './azure.ts';
import { CachingSynthesizer, SYNTHESIS_CACHE_DEFAULTS, SynthesisCache } from './cache.ts';
import { EspeakSynthesizer, isEspeakInstalled } from './espeak.ts';
import { FliteSynthesizer } from './flite.ts';
import type { FliteVoice } from './flite.ts';
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
   */
  readonly engine: 'flite' | 'espeak' | 'azure' | 'auto';
  readonly fliteVoice?: FliteVoice;
  /** Key, region or endpoint, voices: for `azure`. */
  readonly azure?: Partial<AzureTtsOptions>;
  /** Prompt cache size in bytes; 0 turns the cache off. */
  readonly cacheMaxBytes?: number;
}

/**
 * Builds the configured synthesizer, wrapped in a prompt cache.
 * @throws TellerError `TELLER_ERR_ENGINE_UNAVAILABLE` when `espeak` is asked for and not installed,
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
        `unknown tts.engine: use "flite", "espeak", "azure" or "auto"`,
      );
  }
  const maxBytes = config.cacheMaxBytes ?? SYNTHESIS_CACHE_DEFAULTS.maxBytes;
  return maxBytes > 0 ? new CachingSynthesizer(engine, new SynthesisCache({ maxBytes })) : engine;
}
