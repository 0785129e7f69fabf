import { TellerError } from '../shared/index.ts';
import type { Lang } from '../shared/index.ts';
import type { RecognitionStream, Recognizer, StreamOptions } from './recognizer.ts';

/**
 * Sends each language to its own engine: English to PocketSphinx and Mandarin to Vosk, say, when
 * only a Mandarin Vosk model is installed. Its name joins the engines' names (`vosk+pocketsphinx`),
 * as the TTS router's does.
 */
export class RecognizerRouter implements Recognizer {
  readonly name: string;
  readonly languages: readonly Lang[];
  readonly #engines: Partial<Record<Lang, Recognizer>>;

  constructor(engines: Partial<Record<Lang, Recognizer>>) {
    this.#engines = engines;
    this.languages = Object.keys(engines) as Lang[];
    this.name = [...new Set(Object.values(engines).map((engine) => engine.name))].join('+');
  }

  /** The engine that serves `lang`, if any. */
  engineFor(lang: Lang): Recognizer | undefined {
    return this.#engines[lang];
  }

  createStream(options: StreamOptions): RecognitionStream {
    const engine = this.#engines[options.lang];
    if (!engine) {
      throw new TellerError(
        'TELLER_ERR_ENGINE_UNAVAILABLE',
        `no speech recognition for "${options.lang}" on this server: install a Vosk model ("npm run models -- --lang ${options.lang}") or use asr.engine "azure"`,
      );
    }
    return engine.createStream(options);
  }

  async close(): Promise<void> {
    await Promise.all([...new Set(Object.values(this.#engines))].map((engine) => engine.close()));
  }
}
