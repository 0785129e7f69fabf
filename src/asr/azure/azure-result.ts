import { TellerError } from '../../shared/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { GrammarSpec } from '../grammar.ts';
import type { RecognitionAlternative, RecognitionResult, RecognizedWord } from '../recognizer.ts';
import { normalizeTranscript } from '../transcript-text.ts';

/**
 * Azure's detailed results → {@link RecognitionResult}, and its cancellations → stable errors.
 * A `speech.phrase` in the detailed format is `{RecognitionStatus, Offset, Duration, NBest: [{Confidence,
 * Lexical, ITN, MaskedITN, Display, Words?: [{Word, Offset, Duration, Confidence?}]}]}`, times in
 * 100 ns ticks from the start of the audio (Speech service REST/WebSocket docs, "detailed" format).
 * Teller takes the lexical form: numbers as words, like the embedded engines, for the NLU to read.
 */

/** One NBest entry as the service sends it (fields Teller reads). */
interface NBestEntry {
  readonly Confidence?: number;
  readonly Lexical?: string;
  readonly Words?: readonly { Word?: string; Offset?: number; Duration?: number; Confidence?: number }[];
}

/** A recognised phrase, reduced to what the result needs. */
export interface AzurePhrase {
  readonly text: string;
  readonly confidence: number;
  readonly durationTicks: number;
  readonly words: readonly RecognizedWord[];
  readonly alternatives: readonly { text: string; confidence: number }[];
}

const TICKS_PER_MS = 10_000;

function clamp01(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : fallback;
}

/** Parses a detailed `speech.phrase` JSON; `undefined` for NoMatch, silence or malformed input. */
export function parseAzurePhrase(json: string | undefined, lang: Lang): AzurePhrase | undefined {
  if (!json) return undefined;
  let value: { RecognitionStatus?: unknown; Duration?: unknown; NBest?: unknown };
  try {
    value = JSON.parse(json) as typeof value;
  } catch {
    return undefined;
  }
  if (value.RecognitionStatus !== 'Success' || !Array.isArray(value.NBest)) return undefined;
  const [best, ...others] = value.NBest as NBestEntry[];
  const text = normalizeTranscript(best?.Lexical ?? '', lang);
  if (!best || !text) return undefined;
  const confidence = clamp01(best.Confidence, 0);
  const words = (best.Words ?? []).flatMap((w) =>
    typeof w.Word === 'string'
      ? [
          {
            word: w.Word,
            startMs: Math.round((w.Offset ?? 0) / TICKS_PER_MS),
            endMs: Math.round(((w.Offset ?? 0) + (w.Duration ?? 0)) / TICKS_PER_MS),
            // Word confidences come only when the resource is asked for them; else the phrase's.
            confidence: clamp01(w.Confidence, confidence),
          },
        ]
      : [],
  );
  return {
    text,
    confidence,
    durationTicks: typeof value.Duration === 'number' ? value.Duration : 0,
    words,
    alternatives: others
      .map((o) => ({
        text: normalizeTranscript(o.Lexical ?? '', lang),
        confidence: clamp01(o.Confidence, 0),
      }))
      .filter((o) => o.text),
  };
}

/**
 * Joins an utterance's phrases (continuous recognition may split one turn) into one result:
 * duration-weighted confidence; NBest alternatives only for a one-phrase turn. `inDomain` is left
 * out: the service cannot tell (recognizer.ts).
 */
export function azureResult(
  phrases: readonly AzurePhrase[],
  context: { grammar: GrammarSpec['kind']; durationMs: number; truncated: boolean; lang: Lang },
): RecognitionResult {
  const weights = phrases.map((p) => Math.max(p.durationTicks, 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const confidence =
    total === 0 ? 0 : phrases.reduce((sum, p, i) => sum + p.confidence * (weights[i] ?? 0), 0) / total;
  const only = phrases.length === 1 ? phrases[0] : undefined;
  const alternatives: RecognitionAlternative[] = (only?.alternatives ?? []).map((a) => ({
    ...a,
    source: 'general',
  }));
  return {
    text: normalizeTranscript(phrases.map((p) => p.text).join(' '), context.lang),
    confidence,
    words: phrases.flatMap((p) => p.words),
    ...(alternatives.length > 0 ? { alternatives } : {}),
    grammar: context.grammar,
    durationMs: context.durationMs,
    ...(context.truncated ? { truncated: true } : {}),
  };
}

/** The SDK's cancellation, as plain values (so this module does not load the SDK). */
export interface AzureCancellation {
  /** `CancellationErrorCode` name: `AuthenticationFailure`, `ConnectionFailure`, `TooManyRequests`… */
  readonly errorCode: string;
  readonly errorDetails: string | undefined;
}

/**
 * A cancellation → a stable error. The SDK reports a refused handshake as `ConnectionFailure`
 * with the HTTP status in its details ("Unexpected server response: 401"), so the status is read
 * from there too. The details (which carry the endpoint, never the key) go in `details`, not in
 * the message a client may see.
 */
export function cancellationError(cancel: AzureCancellation): TellerError {
  const details = { engine: 'azure', errorCode: cancel.errorCode, cause: cancel.errorDetails ?? '' };
  const status = /\b(40[13]|429)\b/.exec(cancel.errorDetails ?? '')?.[1];
  if (
    cancel.errorCode === 'AuthenticationFailure' ||
    cancel.errorCode === 'Forbidden' ||
    status === '401' ||
    status === '403'
  ) {
    return new TellerError(
      'TELLER_ERR_ENGINE_AUTH',
      'Azure Speech refused the key: check TELLER_AZURE_SPEECH_KEY and TELLER_AZURE_SPEECH_REGION (or _ENDPOINT)',
      details,
    );
  }
  if (cancel.errorCode === 'TooManyRequests' || status === '429') {
    return new TellerError(
      'TELLER_ERR_ENGINE_UNAVAILABLE',
      'Azure Speech is throttling this resource: lower the concurrent streams or raise its quota',
      details,
    );
  }
  if (cancel.errorCode === 'ConnectionFailure') {
    return new TellerError(
      'TELLER_ERR_ENGINE_UNAVAILABLE',
      'cannot reach Azure Speech: check the network and TELLER_AZURE_SPEECH_REGION or _ENDPOINT',
      details,
    );
  }
  return new TellerError(
    'TELLER_ERR_ENGINE_UNAVAILABLE',
    `Azure Speech failed (${cancel.errorCode})`,
    details,
  );
}
