import { TellerError } from '../shared/index.ts';
import type { Lang } from '../shared/index.ts';
import type { SynthesizedAudio, SynthesizeOptions, Synthesizer, VoiceInfo } from './synthesizer.ts';

/**
 * Sends each language to its own engine: English to flite, Mandarin to espeak-ng, say. Its name
 * joins the engines' names, so cache keys stay distinct from either engine alone.
 */
export class LanguageRouter implements Synthesizer {
  readonly name: string;
  readonly #engines: Partial<Record<Lang, Synthesizer>>;

  constructor(engines: Partial<Record<Lang, Synthesizer>>) {
    this.#engines = engines;
    this.name = [...new Set(Object.values(engines).map((engine) => engine.name))].join('+');
  }

  voices(): readonly VoiceInfo[] {
    return Object.entries(this.#engines).flatMap(([lang, engine]) =>
      engine.voices().filter((voice) => voice.lang === lang),
    );
  }

  synthesize(text: string, options: SynthesizeOptions): Promise<SynthesizedAudio> {
    const engine = this.#engines[options.lang];
    if (!engine) {
      return Promise.reject(
        new TellerError(
          'TELLER_ERR_ENGINE_UNAVAILABLE',
          `no speech engine for "${options.lang}": install @echogarden/espeak-ng-emscripten for Mandarin`,
        ),
      );
    }
    return engine.synthesize(text, options);
  }

  async close(): Promise<void> {
    await Promise.all(
      [...new Set(Object.values(this.#engines))].map(async (engine) => {
        await engine.close?.();
      }),
    );
  }
}
