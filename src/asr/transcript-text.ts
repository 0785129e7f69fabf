import type { Lang } from '../shared/index.ts';

/**
 * Engine output → Teller's transcript form. Vosk's Mandarin model and Azure's lexical form put a
 * space between Chinese words ("我 要 转账"); Teller's Mandarin text, like the typed channel's, has
 * none ("我要转账"), so the NLU sees one form whatever the engine.
 */

const BETWEEN_HAN = /(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu;

/** Collapses white space, and for Mandarin removes it between Chinese characters. */
export function normalizeTranscript(text: string, lang: Lang): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return lang === 'zh' ? collapsed.replace(BETWEEN_HAN, '') : collapsed;
}
