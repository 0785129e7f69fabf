import { fileURLToPath } from 'node:url';

/**
 * The English accents PocketSphinx's pronunciations cover: American (`us`, CMUdict's), or American
 * and British (`us+gb`: the same words with dropped Rs and the BATH vowel added, lexicon.ts
 * `withBritishVariants`). The LM is the same; only the dictionary differs.
 */
export const ASR_ACCENTS = ['us', 'us+gb'] as const;
export type AsrAccent = (typeof ASR_ACCENTS)[number];

const DICTIONARY_FILES: Readonly<Record<AsrAccent, string>> = {
  us: 'en-banking.dic',
  'us+gb': 'en-banking-gb.dic',
};

/** models/asr/ in the repository (src/ and dist/ sit at the same depth). */
export const ASR_MODELS_DIR = fileURLToPath(new URL('../../models/asr/', import.meta.url));

/** The domain dictionary (models/asr/) of an accent setting. */
export function accentDictPath(accent: AsrAccent): string {
  return `${ASR_MODELS_DIR}${DICTIONARY_FILES[accent]}`;
}
