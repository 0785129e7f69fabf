/**
 * The rig of `npm run bench:voice`: Teller's real engines (PocketSphinx, Silero VAD, the NLU, flite,
 * the sandbox bank), a customer's synthesized speech prepared ahead, and one turn driven through
 * a real VoicePipeline and DialogSession with every event time-stamped from outside.
 */
import { randomUUID } from 'node:crypto';
import {
  encodeMulaw,
  resample,
  s16leFromInt16,
  sharedSileroVad,
  type SileroVadModel,
} from '../src/audio/index.ts';
import type {
  GrammarSpec,
  RecognitionEvent,
  RecognitionResult,
  RecognitionStream,
  Recognizer,
  StreamOptions,
} from '../src/asr/index.ts';
import type { AsrAccent } from '../src/asr/accents.ts';
import { PocketSphinxRecognizer } from '../src/asr/pocketsphinx.ts';
import type { PocketSphinxStream } from '../src/asr/pocketsphinx-stream.ts';
import type { Band } from '../src/asr/narrowband.ts';
import { cleanHypothesis } from '../src/asr/rejection.ts';
import { demoWorld, SqliteBank } from '../src/bank/index.ts';
import { createDialog, type TurnUnderstanding } from '../src/dialog/index.ts';
import { Nlu } from '../src/nlu/index.ts';
import {
  CALLER_VOICES,
  callerVoiceProblem,
  createCallerVoice,
  createSynthesizer,
  isCallerVoice,
  type CallerVoiceName,
  type FliteVoice,
  type Synthesizer,
} from '../src/tts/index.ts';
import { VoicePipeline, type AudioFormat, type VoiceEvent } from '../src/voice/index.ts';
import type { Expectation, VoiceCase } from './bench-voice-set.ts';

const FRAME_MS = 20;
/** Silence before the speech, as a caller's line carries before they talk. */
const LEAD_MS = 300;
/** |sample| above which synthesized audio counts as speech (about −36 dBFS). */
const SPEECH_LEVEL = 500;
/** Longest wait for the agent's answer after the customer stops talking. */
const ANSWER_TIMEOUT_MS = 8000;
/** Accuracy runs send audio at up to this many times real time. */
const FAST_PACE = 20;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What the customer speaks with (src/tts CALLER_VOICES); `phone` sends 8 kHz μ-law as Twilio does. */
export interface CallerVoice {
  readonly label: string;
  readonly name: CallerVoiceName;
  readonly phone: boolean;
}

/** `kal16`, `slt`, `rms`, `awb`, `espeak`, `pico`, `pico-gb`, and any of them with `@8k` (phone band). */
export function parseVoice(label: string): CallerVoice | string {
  const [name = '', band] = label.split('@');
  if (band !== undefined && band !== '8k') return `${label}: the only band suffix is @8k`;
  if (isCallerVoice(name)) return { label, name, phone: band === '8k' };
  return `${label}: use one of ${CALLER_VOICES.join(', ')} (optionally with @8k)`;
}

/** Why a caller voice cannot run here, or undefined. */
export function voiceProblem(voice: CallerVoice): string | undefined {
  return callerVoiceProblem(voice.name);
}

/** One utterance ready to stream: frames in the pipeline's input format, and where speech ends. */
export interface CallerAudio {
  readonly frames: readonly Buffer[];
  /** Index of the frame holding the last speech sample. */
  readonly lastSpeechFrame: number;
  readonly speechMs: number;
}

/** Synthesizes `texts` in `voice` (before any timing: flite blocks the event loop while it runs). */
export async function prepareAudio(voice: CallerVoice, texts: readonly string[]): Promise<CallerAudio[]> {
  const { synthesizer: tts, voice: ttsVoice } = await createCallerVoice(voice.name);
  const out: CallerAudio[] = [];
  for (const text of texts) {
    const speech = await tts.synthesize(text, { lang: 'en', ...(ttsVoice ? { voice: ttsVoice } : {}) });
    const pcm16 =
      speech.sampleRateHz === 16000 ? speech.pcm : resample(speech.pcm, speech.sampleRateHz, 16000);
    out.push(frameAudio(pcm16, voice.phone));
  }
  await tts.close?.();
  return out;
}

function frameAudio(speech16k: Int16Array, phone: boolean): CallerAudio {
  let first = 0;
  let last = speech16k.length - 1;
  while (first < speech16k.length && Math.abs(speech16k[first] ?? 0) < SPEECH_LEVEL) first++;
  while (last > first && Math.abs(speech16k[last] ?? 0) < SPEECH_LEVEL) last--;
  const rate = phone ? 8000 : 16000;
  const speech = phone ? resample(speech16k, 16000, 8000) : speech16k;
  const perFrame = (rate * FRAME_MS) / 1000;
  const lead = (rate * LEAD_MS) / 1000;
  const pcm = new Int16Array(Math.ceil((lead + speech.length) / perFrame) * perFrame);
  pcm.set(speech, lead);
  const frames: Buffer[] = [];
  for (let i = 0; i < pcm.length; i += perFrame) {
    const slice = pcm.slice(i, i + perFrame);
    frames.push(phone ? Buffer.from(encodeMulaw(slice)) : Buffer.from(s16leFromInt16(slice)));
  }
  const lastSample = lead + Math.round((last * rate) / 16000);
  return {
    frames,
    lastSpeechFrame: Math.floor(lastSample / perFrame),
    speechMs: Math.round(((last - first) / 16000) * 1000),
  };
}

/** The silence frame for a format (what the line carries while the customer waits). */
export function silenceFrame(phone: boolean): Buffer {
  return phone ? Buffer.from(encodeMulaw(new Int16Array(160))) : Buffer.alloc(640);
}

/**
 * A PocketSphinx stream that outlives the pipelines using it, so decoders load once per simulated
 * caller (as in a call's later turns), and that reports what the pipeline does not: the end-of-turn
 * call, the full result (`inDomain`) and the general-English pass of the same audio.
 */
export class SharedStream implements Recognizer {
  readonly name = 'pocketsphinx';
  readonly languages = ['en'] as const;
  readonly #recognizer: PocketSphinxRecognizer;
  readonly #band: Band;
  #stream: PocketSphinxStream | undefined;
  #onEvent: ((event: RecognitionEvent) => void) | undefined;
  /** Set by each end of turn. */
  last: { readonly result: RecognitionResult; readonly general: string | undefined } | undefined;
  endedAt: number | undefined;

  /** @param band - `narrow` for a caller on a phone line, as the pipeline opens its stream for 8 kHz input. */
  constructor(recognizer: PocketSphinxRecognizer, band: Band = 'wide') {
    this.#recognizer = recognizer;
    this.#band = band;
  }

  /** The caller's stream, opened (as the voice pipeline opens it) with the first turn's grammar. */
  get stream(): PocketSphinxStream {
    return (this.#stream ??= this.#open({ kind: 'free' }));
  }

  #open(grammar: GrammarSpec): PocketSphinxStream {
    return this.#recognizer.createStream({
      lang: 'en',
      sampleRateHz: 16000,
      band: this.#band,
      grammar,
      onEvent: (event) => this.#onEvent?.(event),
    }) as PocketSphinxStream;
  }

  createStream(options: StreamOptions): RecognitionStream {
    this.#onEvent = options.onEvent;
    const grammar = options.grammar ?? { kind: 'free' };
    if (this.#stream) this.#stream.setGrammar(grammar);
    else this.#stream = this.#open(grammar);
    return {
      write: (pcm) => this.stream.write(pcm),
      setGrammar: (spec) => this.stream.setGrammar(spec),
      prepareEnd: () => this.stream.prepareEnd(),
      endUtterance: async () => {
        this.endedAt = performance.now();
        const result = await this.stream.endUtterance();
        const general = this.stream.lastScored?.passes.general?.text;
        this.last = { result, general: general === undefined ? undefined : cleanHypothesis(general) };
        return result;
      },
      close: () => {
        this.#onEvent = undefined;
        return Promise.resolve();
      },
    };
  }

  close(): Promise<void> {
    return this.#stream?.close() ?? Promise.resolve();
  }
}

/** Everything the turns share: engines loaded once per process, a sandbox bank. */
export interface Rig {
  readonly nlu: Nlu;
  readonly vad: SileroVadModel;
  readonly recognizer: PocketSphinxRecognizer;
  /** The agent's voice: flite, no prompt cache, so every reply is synthesized. */
  readonly replies: Synthesizer;
  bank: SqliteBank;
}

export async function loadRig(
  maxStreams: number,
  streamingThreads?: number,
  agentVoice?: FliteVoice | 'pico',
  generalPoolSize?: number,
  accent: AsrAccent = 'us',
  topN?: number,
): Promise<Rig> {
  const recognizer = new PocketSphinxRecognizer({
    maxStreams: Math.max(32, maxStreams + 1),
    accent,
    ...(topN === undefined ? {} : { topN }),
    ...(streamingThreads === undefined ? {} : { streamingThreads }),
    ...(generalPoolSize === undefined ? {} : { generalPoolSize }),
  });
  await recognizer.warmUp();
  const [nlu, vad, replies] = await Promise.all([
    Nlu.load(),
    sharedSileroVad(),
    agentVoice === 'pico'
      ? createSynthesizer({ engine: 'pico', cacheMaxBytes: 0 })
      : createSynthesizer({
          engine: 'flite',
          cacheMaxBytes: 0,
          ...(agentVoice ? { fliteVoice: agentVoice } : {}),
        }),
  ]);
  return { nlu, vad, recognizer, replies, bank: SqliteBank.create(demoWorld(), { path: ':memory:' }) };
}

/** A fresh sandbox bank (transfers the benchmark confirms would otherwise drain the demo accounts). */
export function resetBank(rig: Rig): void {
  rig.bank = SqliteBank.create(demoWorld(), { path: ':memory:' });
}

function startDialog(rig: Rig, channel: 'app' | 'phone') {
  // No-input timer off: a re-prompt must not land inside a measured turn.
  return createDialog({
    bank: rig.bank,
    nlu: rig.nlu,
    sessionId: randomUUID(),
    customerId: 'alice',
    channel,
    lang: 'en',
    noInputMs: 0,
  });
}

/** What the dialog made of a turn, and whether it took its no-match path ("Sorry, I didn't get that"). */
export interface Reading {
  readonly understanding: TurnUnderstanding | undefined;
  readonly noMatch: boolean;
  /** The intent the dialog offered back ("did you mean …?"), if any. */
  readonly offeredBack?: string | undefined;
}

/** What the dialog makes of `text` typed in the state `c.setup` leads to (no ASR); empty: no turn. */
export async function understandTyped(rig: Rig, c: VoiceCase, text: string): Promise<Reading> {
  const dialog = await startDialog(rig, c.channel);
  try {
    for (const line of c.setup) await dialog.handle({ type: 'text', text: line });
    if (text.trim() === '') return { understanding: undefined, noMatch: true };
    const before = dialog.context.noMatch;
    const { understanding } = await dialog.handle({ type: 'text', text });
    return {
      understanding,
      noMatch: dialog.context.noMatch > before,
      offeredBack: dialog.context.suggested?.intent,
    };
  } finally {
    dialog.stop();
  }
}

/** Whether the dialog's reading carries every expected value. */
export function meets(expect: Expectation, u: TurnUnderstanding | undefined): boolean {
  if (!u) return false;
  return Object.entries(expect).every(([key, value]) => {
    if (key === 'intent') return u.intent === value;
    const entity = (u.entities as Record<string, unknown>)[key];
    const read = typeof entity === 'string' || typeof entity === 'number' ? String(entity) : undefined;
    return (u.normalized[key] ?? read) === value;
  });
}

/** One spoken turn, as the pipeline and the stream reported it. Times are performance.now() ms. */
export interface SpokenTurn {
  /** The transcript the dialog got (`asr.final`); undefined when the recognizer heard nothing. */
  readonly heard: string | undefined;
  readonly result: RecognitionResult | undefined;
  /** The general-English pass over the same audio (PocketSphinx's en-us LM). */
  readonly general: string | undefined;
  readonly understanding: TurnUnderstanding | undefined;
  /** The dialog took its no-match path, or nothing was heard (no turn at all). */
  readonly noMatch: boolean;
  /** The intent the dialog offered back ("did you mean …?") on its no-match path, if any. */
  readonly offeredBack: string | undefined;
  /** What the dialog awaited when the customer spoke. */
  readonly awaits: string;
  /** Error codes the pipeline reported during the turn (overload: audio refused). */
  readonly errors: readonly string[];
  readonly lastSpeechPushAt: number;
  readonly speechEndAt: number | undefined;
  readonly finalAt: number | undefined;
  /** The dialog's first `agent.say` of the answer (NLU and dialog done; TTS starts). */
  readonly replySaidAt: number | undefined;
  readonly firstReplyAudioAt: number | undefined;
}

export interface TurnOptions {
  readonly stream: SharedStream;
  readonly phone: boolean;
  /** `realtime`: one 20 ms frame every 20 ms. `fast`: as fast as the decoder keeps up (accuracy). */
  readonly pace: 'realtime' | 'fast';
  /** Synthesize the agent's replies (latency); off for accuracy runs. */
  readonly speak: boolean;
}

/**
 * Puts a fresh session in the state `c` answers (typed setup turns through the pipeline, which
 * retunes the grammar as the server does), then streams `audio` followed by line silence until
 * the agent has answered (its first reply audio when `speak`), and reports what happened when.
 */
export async function speakTurn(
  rig: Rig,
  c: VoiceCase,
  audio: CallerAudio,
  o: TurnOptions,
): Promise<SpokenTurn> {
  const dialog = await startDialog(rig, c.channel);
  const input: AudioFormat = o.phone
    ? { encoding: 'mulaw', sampleRateHz: 8000 }
    : { encoding: 'pcm_s16le', sampleRateHz: 16000 };
  let speaking = false;
  let speechEndAt: number | undefined;
  let finalAt: number | undefined;
  let firstReplyAudioAt: number | undefined;
  let replySaidAt: number | undefined;
  let heard: string | undefined;
  let understanding: TurnUnderstanding | undefined;
  let turned = false;
  let saysReply = false;
  const errors: string[] = [];
  const replyIds = new Set<string>();
  const onEvent = (e: VoiceEvent): void => {
    if (!speaking) return;
    const now = performance.now();
    if (e.type === 'vad.speech_end') speechEndAt ??= now;
    else if (e.type === 'asr.final') {
      finalAt ??= now;
      heard = e.text;
    } else if (e.type === 'understood') understanding = e.understanding;
    else if (e.type === 'agent' && speechEndAt !== undefined) {
      replyIds.add(e.id);
      if (e.output.type === 'agent.say') {
        saysReply = true;
        replySaidAt ??= now;
      }
    } else if (e.type === 'audio.frame' && replyIds.has(e.id)) firstReplyAudioAt ??= now;
    else if (e.type === 'turn' && speechEndAt !== undefined) turned = true;
    else if (e.type === 'error') errors.push(e.code);
  };
  const pipeline = new VoicePipeline({
    dialog,
    recognizer: o.stream,
    synthesizer: o.speak ? rig.replies : undefined,
    vad: rig.vad,
    input,
    output: o.speak ? { encoding: 'pcm_s16le', sampleRateHz: 16000, frameMs: FRAME_MS } : undefined,
    onEvent,
  });
  const stream = o.stream;
  let lastSpeechPushAt = 0;
  try {
    for (const line of c.setup) await pipeline.handle({ type: 'text', text: line });
    await pipeline.idle();
    const awaits = dialog.awaits;
    const noMatchBefore = dialog.context.noMatch;
    stream.last = undefined;
    stream.endedAt = undefined;
    speaking = true;
    // Done: the turn ended with nothing heard, or the dialog answered (and its reply audio began).
    const answered = (): boolean => {
      const last = stream.last;
      if (!last) return false;
      if (last.result.text.trim() === '') return true;
      return turned && (!o.speak || !saysReply || firstReplyAudioAt !== undefined);
    };
    const silence = silenceFrame(o.phone);
    const started = performance.now();
    for (let n = 0; ; n++) {
      if (n > audio.lastSpeechFrame) {
        if (answered() || performance.now() - lastSpeechPushAt > ANSWER_TIMEOUT_MS) break;
        // Accuracy runs stop sending once the VAD has ended the turn; nothing more is needed.
        if (o.pace === 'fast' && stream.endedAt !== undefined) {
          await sleep(2);
          continue;
        }
      }
      if (o.pace === 'fast') {
        // Bounded by the decoder's backlog, and by the VAD's: it runs one 32 ms window per turn
        // of the event loop, so one frame per timer tick keeps its queue short.
        while (stream.stream.backlogMs > 300) await sleep(2);
        await sleep(Math.max(0, started + (n * FRAME_MS) / FAST_PACE - performance.now()));
      }
      if (!pipeline.pushAudio(audio.frames[n] ?? silence).ok) errors.push('refused');
      if (n === audio.lastSpeechFrame) lastSpeechPushAt = performance.now();
      if (o.pace === 'realtime') await sleep(Math.max(0, started + (n + 1) * FRAME_MS - performance.now()));
    }
    await pipeline.idle();
    const last = stream.last as SharedStream['last'];
    return {
      heard,
      result: last?.result,
      general: last?.general,
      understanding: heard === undefined ? undefined : understanding,
      noMatch: heard === undefined || dialog.context.noMatch > noMatchBefore,
      offeredBack: heard === undefined ? undefined : dialog.context.suggested?.intent,
      awaits,
      errors,
      lastSpeechPushAt,
      speechEndAt,
      finalAt,
      replySaidAt,
      firstReplyAudioAt,
    };
  } finally {
    await pipeline.close();
  }
}
