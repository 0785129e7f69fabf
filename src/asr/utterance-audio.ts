import { TellerError } from '../shared/index.ts';
import type { WriteResult } from './recognizer.ts';

/** 16 kHz mono: samples per millisecond. */
export const SAMPLES_PER_MS = 16;

/**
 * The audio of one utterance in flight, as the streaming engines (PocketSphinx, Vosk) keep it:
 * frames wait in `pending`, bounded, until the stream's pump hands them to the decoder.
 */
export interface UtteranceAudio {
  pending: Int16Array[];
  pendingSamples: number;
  /** Samples accepted in the utterance so far. */
  samples: number;
  /** Audio past `maxUtteranceMs` was ignored. */
  truncated: boolean;
}

export function emptyUtteranceAudio(): UtteranceAudio {
  return { pending: [], pendingSamples: 0, samples: 0, truncated: false };
}

/**
 * Accepts a frame into `utt` within the limits: more than `maxBacklogMs` undecoded is refused with
 * `TELLER_ERR_AUDIO_OVERLOAD` (nothing buffered); audio past `maxUtteranceMs` is ignored and the
 * utterance marked truncated. The frame is copied.
 */
export function admitAudio(
  utt: UtteranceAudio,
  pcm: Int16Array,
  limits: { readonly maxBacklogMs: number; readonly maxUtteranceMs: number },
): WriteResult {
  if (utt.pendingSamples + pcm.length > limits.maxBacklogMs * SAMPLES_PER_MS) {
    const error = new TellerError(
      'TELLER_ERR_AUDIO_OVERLOAD',
      `speech recognition is more than ${limits.maxBacklogMs} ms behind: frame dropped`,
    );
    return { ok: false, error };
  }
  if (utt.samples + pcm.length > limits.maxUtteranceMs * SAMPLES_PER_MS) {
    utt.truncated = true; // the rest of an overlong turn is ignored, not buffered
    return { ok: true };
  }
  utt.pending.push(pcm.slice());
  utt.pendingSamples += pcm.length;
  utt.samples += pcm.length;
  return { ok: true };
}

/** `chunks` joined into one array (the one chunk itself when there is only one). */
export function concatSamples(chunks: readonly Int16Array[]): Int16Array {
  if (chunks.length === 1) return chunks[0] as Int16Array;
  const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Everything pending, as one chunk (empty when nothing is), and the queue emptied. */
export function takePending(utt: UtteranceAudio): Int16Array {
  const chunks = utt.pending;
  utt.pending = [];
  utt.pendingSamples = 0;
  return concatSamples(chunks);
}
