/**
 * Shared by scripts/asr-calibrate.ts and scripts/asr-eval.ts: speak a sentence with the embedded
 * flite voices, stream it through a PocketSphinx stream in 20 ms frames (paced on the stream's
 * backlog, as a client sending a file would be) and keep the scored passes.
 */
import type { GrammarSpec } from '../src/asr/grammar.ts';
import type { Band } from '../src/asr/narrowband.ts';
import { decodeMulaw, encodeMulaw, Resampler } from '../src/audio/index.ts';
import type { PocketSphinxRecognizer } from '../src/asr/pocketsphinx.ts';
import type { ScoredResult } from '../src/asr/pocketsphinx-result.ts';
import type { PocketSphinxStream } from '../src/asr/pocketsphinx-stream.ts';
import { cleanHypothesis, editDistance } from '../src/asr/rejection.ts';
import { writtenTokens } from '../src/asr/spoken-text.ts';
import type { FliteSynthesizer, FliteVoice } from '../src/tts/index.ts';

/** The four embedded flite voices. */
export const VOICES: readonly FliteVoice[] = ['kal16', 'slt', 'rms', 'awb'];

const FRAME_SAMPLES = 320;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** 250 ms of silence around each utterance, as a VAD cut would leave. */
export function padded(pcm: Int16Array, padMs = 250): Int16Array {
  const pad = padMs * 16;
  const out = new Int16Array(pcm.length + 2 * pad);
  out.set(pcm, pad);
  return out;
}

/** Streams `pcm` in 20 ms frames, never more than `maxAheadMs` ahead of the decoders. */
export async function feed(stream: PocketSphinxStream, pcm: Int16Array, maxAheadMs = 400): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (let at = 0; at < pcm.length; at += FRAME_SAMPLES) {
    if (performance.now() > deadline) throw new Error(`the stream is stuck (backlog ${stream.backlogMs} ms)`);
    const frame = pcm.subarray(at, Math.min(at + FRAME_SAMPLES, pcm.length));
    for (;;) {
      if (stream.backlogMs > maxAheadMs) {
        await sleep(2);
        continue;
      }
      const written = stream.write(frame);
      if (written.ok) break;
      if (written.error.code !== 'TELLER_ERR_AUDIO_OVERLOAD') throw written.error;
      await sleep(2);
    }
  }
}

/** One decoded utterance and what it took. */
export interface Decoded {
  readonly scored: ScoredResult;
  readonly audioMs: number;
  readonly wallMs: number;
}

/** 16 kHz speech through a telephone line: down to 8 kHz, G.711 μ-law, back up to 16 kHz. */
export function phoneLine(pcm: Int16Array): Int16Array {
  const narrow = new Resampler({ inputRateHz: 16000, outputRateHz: 8000 }).process(pcm);
  return new Resampler({ inputRateHz: 8000, outputRateHz: 16000 }).process(decodeMulaw(encodeMulaw(narrow)));
}

/**
 * Speaks `text` with `voice` and decodes it with `grammar` on `stream`; `narrow`: through a phone
 * line first (open the stream with the same band).
 */
export async function decodeSpoken(
  tts: FliteSynthesizer,
  stream: PocketSphinxStream,
  text: string,
  voice: FliteVoice,
  grammar: GrammarSpec,
  band: Band = 'wide',
): Promise<Decoded> {
  const { pcm } = await tts.synthesize(text, { lang: 'en', voice });
  const audio = padded(band === 'narrow' ? phoneLine(pcm) : pcm);
  stream.setGrammar(grammar);
  const start = performance.now();
  await feed(stream, audio);
  await stream.endUtterance();
  const scored = stream.lastScored;
  if (!scored) throw new Error('no result');
  return { scored, audioMs: audio.length / 16, wallMs: performance.now() - start };
}

/** Reference text in decoder words: "that's" stays, punctuation goes. */
export function referenceWords(text: string): string[] {
  return writtenTokens(text);
}

/** Word errors of a hypothesis (fillers and pronunciation markers removed) against a reference. */
export function wordErrors(reference: string, hypothesis: string): { errors: number; words: number } {
  const ref = referenceWords(reference);
  const hyp = cleanHypothesis(hypothesis).split(' ').filter(Boolean);
  return { errors: editDistance(ref, hyp), words: ref.length };
}

/** Recogniser options for the banking LM and dictionary in `dir` (as scripts/asr-build-lm.ts --out writes them). */
export function lmOptions(dir: string | undefined): { lmPath?: string; dictPath?: string } {
  return dir ? { lmPath: `${dir}/en-banking.lm`, dictPath: `${dir}/en-banking.dic` } : {};
}

/** Opens a stream for the harness (`narrow`: for phone-line audio). */
export function openStream(recognizer: PocketSphinxRecognizer, band: Band = 'wide'): PocketSphinxStream {
  return recognizer.createStream({
    lang: 'en',
    sampleRateHz: 16000,
    band,
    onEvent: (event) => {
      if (event.type === 'asr.error') console.error(`asr.error ${event.error.code}: ${event.error.message}`);
    },
  }) as PocketSphinxStream;
}

/** Runs `work` over `items` with `concurrency` workers, keeping order in the output. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, worker: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < items.length) {
        const index = next++;
        out[index] = await work(items[index] as T, worker);
      }
    }),
  );
  return out;
}
