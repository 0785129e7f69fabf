import type { Lang } from '../../shared/index.ts';
import type { GrammarSpec } from '../grammar.ts';
import type { RecognitionResult, RecognizedWord } from '../recognizer.ts';
import { normalizeTranscript } from '../transcript-text.ts';
import { UNK } from './vosk-grammar.ts';

/**
 * Vosk's JSON results → {@link RecognitionResult}. With `vosk_recognizer_set_words(1)` a result is
 * `{"result": [{"conf", "end", "start", "word"}], "text"}`, times in seconds from the recogniser's
 * first sample and `conf` the word's minimum-Bayes-risk posterior (Kaldi `MinimumBayesRisk`, the
 * share of lattice paths through it); a partial is `{"partial"}` (vosk-api src/recognizer.cc).
 */

/** One word as Vosk reports it. */
export interface VoskWord {
  readonly word: string;
  readonly start: number;
  readonly end: number;
  readonly conf: number;
}

/** One segment: Vosk splits an utterance at its own endpoints, each with a result. */
export interface VoskSegment {
  readonly text: string;
  readonly words: readonly VoskWord[];
}

function isWord(value: unknown): value is VoskWord {
  const w = value as Partial<VoskWord> | null;
  return (
    typeof w === 'object' &&
    w !== null &&
    typeof w.word === 'string' &&
    typeof w.start === 'number' &&
    typeof w.end === 'number' &&
    typeof w.conf === 'number'
  );
}

/** Parses a result (`vosk_recognizer_result` / `_final_result`). Malformed JSON reads as silence. */
export function parseVoskResult(json: string): VoskSegment {
  try {
    const value = JSON.parse(json) as { text?: unknown; result?: unknown };
    const words = Array.isArray(value.result) ? value.result.filter(isWord) : [];
    return { text: typeof value.text === 'string' ? value.text : '', words };
  } catch {
    return { text: '', words: [] };
  }
}

/** Parses a partial (`vosk_recognizer_partial_result`), without `[unk]`. */
export function parseVoskPartial(json: string, lang: Lang): string {
  try {
    const value = JSON.parse(json) as { partial?: unknown };
    const text = typeof value.partial === 'string' ? value.partial : '';
    return normalizeTranscript(
      text
        .split(' ')
        .filter((w) => w !== UNK)
        .join(' '),
      lang,
    );
  } catch {
    return '';
  }
}

/** What {@link voskResult} needs besides the segments. */
export interface VoskResultContext {
  readonly lang: Lang;
  readonly grammar: GrammarSpec['kind'];
  /** True when the utterance ran with a Vosk grammar (not open speech). */
  readonly constrained: boolean;
  readonly durationMs: number;
  readonly truncated: boolean;
}

/**
 * Joins an utterance's segments into one result. Confidence is the mean word posterior with
 * `[unk]` counted as 0: uncalibrated (unlike PocketSphinx's, src/asr/README.md), but 0 for
 * nothing heard and low when part of the answer was out of grammar. `inDomain` is known only for
 * grammar turns: false when any of it was `[unk]` or nothing was recognised.
 */
export function voskResult(segments: readonly VoskSegment[], context: VoskResultContext): RecognitionResult {
  const all = segments.flatMap((s) =>
    s.words.length > 0
      ? s.words
      : s.text
          .split(' ')
          .filter(Boolean)
          .map((word) => ({ word, start: 0, end: 0, conf: 1 })),
  );
  const words: RecognizedWord[] = all
    .filter((w) => w.word !== UNK)
    .map((w) => ({
      word: w.word,
      startMs: Math.round(w.start * 1000),
      endMs: Math.round(w.end * 1000),
      confidence: Math.min(1, Math.max(0, w.conf)),
    }));
  const unknown = all.length - words.length;
  const confidence = all.length === 0 ? 0 : words.reduce((sum, w) => sum + w.confidence, 0) / all.length;
  return {
    text: normalizeTranscript(words.map((w) => w.word).join(' '), context.lang),
    confidence,
    ...(context.constrained ? { inDomain: unknown === 0 && words.length > 0 } : {}),
    words,
    grammar: context.grammar,
    durationMs: context.durationMs,
    ...(context.truncated ? { truncated: true } : {}),
  };
}
