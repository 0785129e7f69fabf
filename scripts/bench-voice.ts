/**
 * `npm run bench:voice`: Teller's voice loop measured end to end on synthesized English speech.
 * Per caller voice: word error rate and intent accuracy with PocketSphinx's general English model
 * and with what Teller uses (the banking LM in open turns, the state's grammar for answers), and the
 * share of out-of-domain speech that ends as no-match; then latency through the real VoicePipeline
 * and DialogSession at real-time pace, and how many such streams one process sustains.
 * Method and numbers: docs/benchmarks.md ("Voice").
 *
 *   --voices kal16,slt,rms,awb,espeak,rms@8k   caller voices (@8k: 8 kHz μ-law in, as Twilio sends)
 *   --quick                                    a few utterances of each kind (smoke run, ~3 min)
 *   --only accuracy|latency|concurrency        one part
 *   --concurrency-max N                        most concurrent streams tried (default 48)
 *   --concurrency-min N                        fewest (ladder steps below N skipped; default 1)
 *   --callers back-to-back|conversation|both   concurrency ladders: callers who talk back to back (a
 *                                              worst case), who pause 3 s to listen to each answer, or both
 *   --turns N                                  turns per stream in each concurrency step (default: at
 *                                              least 2, and 16 per step): more turns, steadier p95s
 *   --agent-voice kal16|slt|rms|awb|pico       the agent's voice: flite's (default kal16) or SVOX Pico en-US
 *   --phone-calls                              latency and concurrency callers on a phone line (8 kHz
 *                                              μ-law, narrowband streams) instead of wideband
 *   --streaming-threads N                      PocketSphinx streamingThreads (default: one per core; 0
 *                                              decodes everything on libuv's pool, as before 2026-11-27)
 *   --general-pool N                           general-English reference decoders (default 1; 0: every
 *                                              turn judged without one, as on a busy node, where the
 *                                              streams outnumber them)
 *   --topn N                                   PocketSphinx topN: Gaussians per phone's mixture, both bands
 *                                              (default 8 wideband with Teller's build, else 4)
 *   --system-pocketsphinx                      decode with the system libpocketsphinx even when Teller's
 *                                              build (npm run build:pocketsphinx) is there, to compare
 *   --json                                     the results as JSON on stdout instead of tables
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ASR_ACCENTS } from '../src/asr/accents.ts';
import { choosePocketSphinxLibrary, SYSTEM_POCKETSPHINX } from '../src/asr/pocketsphinx-library.ts';
import { MIN_ASR_CONFIDENCE } from '../src/dialog/index.ts';
import { FLITE_DEFAULTS, FLITE_VOICES, type FliteVoice } from '../src/tts/index.ts';
import {
  printAccuracy,
  printConcurrency,
  printLatency,
  printTargets,
  type AccuracyRow,
  type LatencyTurn,
  LISTEN_MS,
  type Level,
  type Report,
} from './bench-voice-report.ts';
import {
  loadRig,
  meets,
  parseVoice,
  prepareAudio,
  resetBank,
  SharedStream,
  speakTurn,
  understandTyped,
  voiceProblem,
  type CallerAudio,
  type CallerVoice,
  type Rig,
  type SpokenTurn,
} from './bench-voice-rig.ts';
import { IN_DOMAIN, leakedIntoTraining, OUT_OF_DOMAIN, type VoiceCase } from './bench-voice-set.ts';
import { addWordErrors, provenance, summarise, tally } from './bench-voice-stats.ts';

const DEFAULT_VOICES = 'kal16,slt,rms,awb,espeak,rms@8k';
/** Concurrency steps; the ladder stops at the first step that misses the bar. */
const LADDER = [1, 2, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 56, 64];
/** The issue's bar for a sustained stream: p95 to the first reply audio under 500 ms. */
const BAR_MS = 500;
/** Turns measured per concurrency step, at least (spread over its streams; two per stream at least in full runs). */
const TURNS_PER_STEP = { full: 16, quick: 2 } as const;
/** A back-to-back caller's turn, roughly: a request (~2.5 s), 0.7 s of end-of-turn silence, the answer. */
const TURN_CYCLE_MS = 4000;
/** Said once per stream before anything is measured: loads decoders, settles live CMN. */
const WARM_UP: VoiceCase = { text: 'hello', kind: 'request', expect: {}, setup: [], channel: 'app' };

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const ood = (text: string): VoiceCase => ({
  text,
  kind: 'request',
  expect: { intent: 'oos' },
  setup: [],
  channel: 'app',
});

/** Every `step`-th item: a spread, deterministic subset. */
const every = <T>(items: readonly T[], step: number): T[] => items.filter((_, i) => i % step === 0);

/** Why Teller ended an out-of-domain turn as no-match, or `accepted`. */
function rejection(turn: SpokenTurn): 'nothing heard' | 'recognizer' | 'low confidence' | 'nlu' | 'accepted' {
  if (!turn.result || turn.result.text.trim() === '') return 'nothing heard';
  if (!turn.noMatch) return 'accepted';
  if (turn.result.inDomain === false) return 'recognizer';
  if (turn.result.confidence < MIN_ASR_CONFIDENCE) return 'low confidence';
  return 'nlu';
}

/** A missed in-domain utterance the dialog offered back ("did you mean …?"): right or another intent. */
function countOfferedBack(row: AccuracyRow, c: VoiceCase, offeredBack: string | undefined): void {
  if (offeredBack === undefined) return;
  if (offeredBack === c.expect.intent) row.offeredBack.right++;
  else row.offeredBack.wrong++;
}

/** The reference row: the NLU and dialog on the written text, no speech at all. */
async function textRow(
  rig: Rig,
  cases: readonly VoiceCase[],
  outOfDomain: readonly string[],
): Promise<AccuracyRow> {
  const row = emptyRow('text (no ASR)', cases, outOfDomain);
  for (const c of cases) {
    const { understanding: u, noMatch, offeredBack } = await understandTyped(rig, c, c.text);
    if (meets(c.expect, u)) row.understood.teller[c.kind]++;
    else {
      row.misses.push({ text: c.text, heard: c.text, intent: u?.intent ?? '-' });
      countOfferedBack(row, c, offeredBack);
    }
    if (noMatch) row.falseNoMatch++;
  }
  for (const text of outOfDomain) {
    const { understanding: u, noMatch, offeredBack } = await understandTyped(rig, ood(text), text);
    if (offeredBack) row.offeredBack.ood++;
    if (noMatch) row.oodRejected.teller++;
    else row.oodAcceptedAs[u?.intent ?? '?'] = (row.oodAcceptedAs[u?.intent ?? '?'] ?? 0) + 1;
  }
  return row;
}

function emptyRow(voice: string, cases: readonly VoiceCase[], outOfDomain: readonly string[]): AccuracyRow {
  return {
    voice,
    requests: cases.filter((c) => c.kind === 'request').length,
    answers: cases.filter((c) => c.kind === 'answer').length,
    ood: outOfDomain.length,
    werGeneric: tally(),
    werTeller: tally(),
    understood: { generic: { request: 0, answer: 0 }, teller: { request: 0, answer: 0 } },
    falseNoMatch: 0,
    offeredBack: { right: 0, wrong: 0, ood: 0 },
    oodRejected: { generic: 0, teller: 0 },
    oodCauses: {},
    oodAcceptedAs: {},
    generalMissing: 0,
    audioRefused: 0,
    misses: [],
    oodAccepted: [],
    wallS: 0,
  };
}

/** Accuracy and rejection for one caller voice, every utterance through the pipeline (fast pace). */
async function accuracyRow(
  rig: Rig,
  voice: CallerVoice,
  cases: readonly VoiceCase[],
  outOfDomain: readonly string[],
): Promise<AccuracyRow> {
  const row = emptyRow(voice.label, cases, outOfDomain);
  const problem = voiceProblem(voice);
  if (problem) return { ...row, problem };
  const started = performance.now();
  log(`${voice.label}: synthesizing ${cases.length + outOfDomain.length} utterances`);
  const all = [WARM_UP, ...cases, ...outOfDomain.map(ood)];
  const audio = await prepareAudio(
    voice,
    all.map((c) => c.text),
  );
  resetBank(rig);
  const stream = new SharedStream(rig.recognizer, voice.phone ? 'narrow' : 'wide');
  try {
    const say = (c: VoiceCase, a: CallerAudio) =>
      speakTurn(rig, c, a, { stream, phone: voice.phone, pace: 'fast', speak: false });
    await say(WARM_UP, audio[0] as CallerAudio);
    for (const [i, c] of all.entries()) {
      if (i === 0) continue;
      if (i % 20 === 0) log(`${voice.label}: ${i} of ${all.length - 1}`);
      const turn = await say(c, audio[i] as CallerAudio);
      if (turn.errors.length > 0) row.audioRefused++;
      if (turn.result && turn.result.text !== '' && turn.general === undefined) row.generalMissing++;
      const generic = await understandTyped(rig, c, turn.general ?? '');
      if (i > cases.length) {
        if (turn.offeredBack) row.offeredBack.ood++;
        const why = rejection(turn);
        row.oodCauses[why] = (row.oodCauses[why] ?? 0) + 1;
        if (why === 'accepted') {
          const intent = turn.understanding?.intent ?? '?';
          row.oodAcceptedAs[intent] = (row.oodAcceptedAs[intent] ?? 0) + 1;
          row.oodAccepted.push({ text: c.text, heard: turn.heard ?? '', intent });
        } else row.oodRejected.teller++;
        if (generic.noMatch) row.oodRejected.generic++;
        continue;
      }
      addWordErrors(row.werTeller, c.text, turn.heard);
      addWordErrors(row.werGeneric, c.text, turn.general);
      if (meets(c.expect, turn.understanding)) row.understood.teller[c.kind]++;
      else {
        row.misses.push({ text: c.text, heard: turn.heard ?? '', intent: turn.understanding?.intent ?? '-' });
        countOfferedBack(row, c, turn.offeredBack);
      }
      if (turn.noMatch) row.falseNoMatch++;
      if (meets(c.expect, generic.understanding)) row.understood.generic[c.kind]++;
    }
  } finally {
    await stream.close();
  }
  return { ...row, wallS: (performance.now() - started) / 1000 };
}

/** Latency of single turns at real-time pace, one stream, the agent answering with flite. */
async function latencyTurns(
  rig: Rig,
  cases: readonly VoiceCase[],
  voices: readonly CallerVoice[],
): Promise<LatencyTurn[]> {
  const audio = new Map<string, CallerAudio[]>();
  for (const v of voices)
    audio.set(v.label, await prepareAudio(v, [WARM_UP.text, ...cases.map((c) => c.text)]));
  resetBank(rig);
  const first = voices[0] as CallerVoice;
  const phone = first.phone;
  const stream = new SharedStream(rig.recognizer, phone ? 'narrow' : 'wide');
  const out: LatencyTurn[] = [];
  try {
    await speakTurn(rig, WARM_UP, audio.get(first.label)?.[0] as CallerAudio, {
      stream,
      phone,
      pace: 'fast',
      speak: false,
    });
    for (const [i, c] of cases.entries()) {
      const v = voices[i % voices.length] as CallerVoice;
      if (i % 10 === 0) log(`latency: turn ${i + 1} of ${cases.length}`);
      const turn = await speakTurn(rig, c, audio.get(v.label)?.[i + 1] as CallerAudio, {
        stream,
        phone,
        pace: 'realtime',
        speak: true,
      });
      out.push(timing(c, v.label, turn));
    }
  } finally {
    await stream.close();
  }
  return out;
}

function timing(c: VoiceCase, voice: string, t: SpokenTurn): LatencyTurn {
  const from = (start: number | undefined, end: number | undefined) =>
    start === undefined || end === undefined ? undefined : end - start;
  return {
    text: c.text,
    voice,
    awaits: t.awaits,
    eosToDecision: from(t.lastSpeechPushAt, t.speechEndAt),
    eosToFinal: from(t.lastSpeechPushAt, t.finalAt),
    eosToAudio: from(t.lastSpeechPushAt, t.firstReplyAudioAt),
    decisionToFinal: from(t.speechEndAt, t.finalAt),
    decisionToAudio: from(t.speechEndAt, t.firstReplyAudioAt),
    finalToAudio: from(t.finalAt, t.firstReplyAudioAt),
    finalToSay: from(t.finalAt, t.replySaidAt),
    sayToAudio: from(t.replySaidAt, t.firstReplyAudioAt),
    understood: meets(c.expect, t.understanding),
    refused: t.errors.length > 0,
    general: t.general !== undefined,
  };
}

/** A concurrency step's figures from its turns. */
function level(
  streams: number,
  turns: readonly LatencyTurn[],
  load: number,
  use?: { cpuCores: number; mainThread: number; reducedTopN: number; utterances: number },
): Level {
  const decision = summarise(turns.map((t) => t.decisionToAudio));
  const noReply = turns.filter((t) => t.decisionToAudio === undefined).length;
  const refused = turns.filter((t) => t.refused).length;
  return {
    streams,
    turns: turns.length,
    eosToFinal: summarise(turns.map((t) => t.eosToFinal)),
    eosToAudio: summarise(turns.map((t) => t.eosToAudio)),
    decisionToFinal: summarise(turns.map((t) => t.decisionToFinal)),
    decisionToAudio: decision,
    sayToAudio: summarise(turns.map((t) => t.sayToAudio)),
    refused,
    noReply,
    generalMissing: turns.filter((t) => !t.general).length,
    understood: turns.filter((t) => t.understood).length,
    loadBefore: load,
    ...(use ?? {}),
    meetsBar: decision.p95Ms < BAR_MS && refused === 0 && noReply === 0,
  };
}

/**
 * N streams at once, each a caller saying open requests at real-time pace: back to back
 * (`pauseMs` 0: the next request starts as the reply's audio begins) or pausing to listen.
 */
async function concurrencyLevel(
  rig: Rig,
  streams: number,
  turnsPerStream: number,
  cases: readonly VoiceCase[],
  audio: readonly (readonly CallerAudio[])[],
  pauseMs: number,
  phone: boolean,
): Promise<Level> {
  resetBank(rig);
  const pool = Array.from(
    { length: streams },
    () => new SharedStream(rig.recognizer, phone ? 'narrow' : 'wide'),
  );
  const turns: LatencyTurn[] = [];
  const voiceOf = (s: number) => audio[s % audio.length] as readonly CallerAudio[];
  try {
    // Decoders load and live CMN settles before the clock starts, as in a call's later turns.
    await Promise.all(
      pool.map((stream, s) =>
        speakTurn(rig, WARM_UP, voiceOf(s)[0] as CallerAudio, {
          stream,
          phone,
          pace: 'fast',
          speak: false,
        }),
      ),
    );
    const load = loadavg()[0] ?? 0;
    const band = phone ? 'narrow' : 'wide';
    const countsBefore = { ...rig.recognizer.utteranceCounts[band] };
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const eluBefore = performance.eventLoopUtilization();
    await Promise.all(
      pool.map(async (stream, s) => {
        // Independent callers are at different points of their turns: starts spread evenly over
        // one turn cycle (a request ~2.5 s, the end-of-turn silence, the answer; plus the pause).
        await new Promise((resolve) => setTimeout(resolve, (s * (TURN_CYCLE_MS + pauseMs)) / streams));
        for (let k = 0; k < turnsPerStream; k++) {
          const i = (s * 7 + k * 3) % cases.length;
          const c = cases[i] as VoiceCase;
          const turn = await speakTurn(rig, c, voiceOf(s)[i + 1] as CallerAudio, {
            stream,
            phone,
            pace: 'realtime',
            speak: true,
          });
          turns.push(timing(c, 'mixed', turn));
          // A conversational caller listens to the answer before the next request.
          if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
        }
      }),
    );
    const cpu = process.cpuUsage(cpuBefore);
    const cpuCores = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
    const mainThread = performance.eventLoopUtilization(eluBefore).utilization;
    // Utterances started at the top-N the recognizer drops to while the node is busy (busyTopN).
    const counts = rig.recognizer.utteranceCounts[band];
    const reducedTopN = counts.reduced - countsBefore.reduced;
    const utterances = reducedTopN + counts.full - countsBefore.full;
    return level(streams, turns, load, { cpuCores, mainThread, reducedTopN, utterances });
  } finally {
    await Promise.all(pool.map((s) => s.close()));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      voices: { type: 'string', default: DEFAULT_VOICES },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'concurrency-max': { type: 'string', default: '48' },
      'concurrency-min': { type: 'string', default: '1' },
      callers: { type: 'string', default: 'both' },
      turns: { type: 'string', default: '0' },
      'streaming-threads': { type: 'string' },
      'agent-voice': { type: 'string' },
      'phone-calls': { type: 'boolean', default: false },
      'general-pool': { type: 'string' },
      accent: { type: 'string', default: 'us' },
      'system-pocketsphinx': { type: 'boolean', default: false },
      topn: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'npm run bench:voice -- [--voices kal16,slt,rms,awb,espeak,rms@8k] [--quick] [--only accuracy|latency|concurrency] [--concurrency-max N] [--concurrency-min N] [--callers back-to-back|conversation|both] [--turns N] [--streaming-threads N] [--agent-voice kal16|slt|rms|awb|pico] [--phone-calls] [--general-pool N] [--accent us|us+gb] [--system-pocketsphinx] [--topn N] [--json]',
    );
    return;
  }
  const voices = values.voices.split(',').map((v) => parseVoice(v.trim()));
  const bad = voices.filter((v): v is string => typeof v === 'string');
  const maxStreams = Number(values['concurrency-max']);
  const minStreams = Number(values['concurrency-min']);
  const turnsPerStream = Number(values.turns);
  const streamingThreads =
    values['streaming-threads'] === undefined ? undefined : Number(values['streaming-threads']);
  const agentVoice = values['agent-voice'];
  const phoneCalls = values['phone-calls'];
  const isFliteVoice = (v: string): v is FliteVoice => (FLITE_VOICES as readonly string[]).includes(v);
  if (agentVoice !== undefined && !isFliteVoice(agentVoice) && agentVoice !== 'pico') {
    console.error(`--agent-voice ${agentVoice}: use one of ${FLITE_VOICES.join(', ')}, pico`);
    process.exitCode = 2;
    return;
  }
  const generalPool = values['general-pool'] === undefined ? undefined : Number(values['general-pool']);
  if (generalPool !== undefined && !(Number.isInteger(generalPool) && generalPool >= 0)) {
    console.error('--general-pool: an integer ≥ 0');
    process.exitCode = 2;
    return;
  }
  const accent = ASR_ACCENTS.find((a) => a === values.accent);
  if (accent === undefined) {
    console.error(`--accent: one of ${ASR_ACCENTS.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const parts = ['accuracy', 'latency', 'concurrency'];
  if (!['back-to-back', 'conversation', 'both'].includes(values.callers)) {
    console.error('--callers back-to-back|conversation|both');
    process.exitCode = 2;
    return;
  }
  if (
    bad.length > 0 ||
    !(maxStreams >= 1) ||
    !(minStreams >= 1) ||
    !(Number.isInteger(turnsPerStream) && turnsPerStream >= 0) ||
    (streamingThreads !== undefined && !(Number.isInteger(streamingThreads) && streamingThreads >= 0)) ||
    (values.only !== undefined && !parts.includes(values.only))
  ) {
    console.error(
      bad.length > 0
        ? `--voices ${bad.join('; ')}`
        : !(maxStreams >= 1) || !(minStreams >= 1)
          ? '--concurrency-max, --concurrency-min: numbers ≥ 1'
          : !(Number.isInteger(turnsPerStream) && turnsPerStream >= 0) || streamingThreads !== undefined
            ? '--turns, --streaming-threads: integers ≥ 0'
            : `--only ${values.only ?? ''}: use one of ${parts.join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  const callers = voices as CallerVoice[];
  const runs = (part: string) => values.only === undefined || values.only === part;
  const quick = values.quick;
  const started = performance.now();
  const inDomain = quick ? every(IN_DOMAIN, 10) : IN_DOMAIN;
  const outOfDomain = quick ? every(OUT_OF_DOMAIN, 8) : OUT_OF_DOMAIN;
  const leaked = leakedIntoTraining([...IN_DOMAIN.map((c) => c.text), ...OUT_OF_DOMAIN]);
  if (leaked.length > 0) log(`WARNING: benchmark sentences found in data/nlu/en: ${leaked.join('; ')}`);

  log('loading PocketSphinx, Silero VAD, the NLU and flite');
  if (values['system-pocketsphinx']) choosePocketSphinxLibrary(SYSTEM_POCKETSPHINX);
  const rig = await loadRig(
    Math.min(maxStreams, Math.max(...LADDER)),
    streamingThreads,
    agentVoice,
    generalPool,
    accent,
    values.topn === undefined ? undefined : Number(values.topn),
  );
  const report: Report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'cpu',
    loadAtStart: loadavg(),
    provenance: provenance(),
    quick,
    leaked,
    streamingThreads: rig.recognizer.options.streamingThreads,
    pocketsphinxLibrary: `${rig.recognizer.library.build ? 'Teller build (SIMD)' : 'system'} library, top-N ${rig.recognizer.topN.wide === rig.recognizer.topN.narrow ? rig.recognizer.topN.wide : `${rig.recognizer.topN.wide} wideband, ${rig.recognizer.topN.narrow} narrowband`}`,
    generalPool: rig.recognizer.options.generalPoolSize,
    accent,
    agentVoice: agentVoice ?? FLITE_DEFAULTS.defaultVoice,
    phoneCalls,
    accuracy: [],
    latency: [],
    concurrency: [],
    conversation: [],
  };
  try {
    if (runs('accuracy')) {
      log(`text row: ${inDomain.length} in-domain and ${outOfDomain.length} out-of-domain sentences, typed`);
      report.accuracy.push(await textRow(rig, inDomain, outOfDomain));
      for (const voice of callers) report.accuracy.push(await accuracyRow(rig, voice, inDomain, outOfDomain));
    }
    const flite = callers.filter((v) => isFliteVoice(v.name) && !v.phone);
    const wideband = flite.length > 0 ? flite : [parseVoice('slt') as CallerVoice];
    // --phone-calls: the same voices through a phone line, on narrowband streams, as calls are.
    const speakers = phoneCalls ? wideband.map((v) => parseVoice(`${v.label}@8k`) as CallerVoice) : wideband;
    if (runs('latency')) {
      const requests = IN_DOMAIN.filter((c) => c.kind === 'request');
      const answers = IN_DOMAIN.filter((c) => c.kind === 'answer');
      const cases = quick
        ? [...every(requests, 40), ...every(answers, 20)]
        : [...every(requests, 3), ...every(answers, 2)];
      log(`latency: ${cases.length} turns at real-time pace, one stream`);
      report.latency = await latencyTurns(rig, cases, speakers);
    }
    if (runs('concurrency')) {
      const cases = every(
        IN_DOMAIN.filter((c) => c.kind === 'request'),
        2,
      );
      log(`concurrency: synthesizing ${cases.length} requests in ${speakers.map((v) => v.label).join(', ')}`);
      const audio: CallerAudio[][] = [];
      for (const v of speakers)
        audio.push(await prepareAudio(v, [WARM_UP.text, ...cases.map((c) => c.text)]));
      const single = report.latency.filter((t) => t.awaits === 'nothing');
      const ladders = [
        ['back to back', report.concurrency, 0],
        ['conversation', report.conversation, LISTEN_MS],
      ] as const;
      for (const [name, levels, pauseMs] of ladders) {
        if (values.callers !== 'both' && values.callers !== name.replace(/ /g, '-')) continue;
        for (const n of LADDER.filter((x) => x >= minStreams && x <= maxStreams && (!quick || x <= 4))) {
          // One stream is the latency part's open requests, when it ran: the same turns, measured once.
          if (n === 1 && single.length > 0 && pauseMs === 0) {
            levels.push(level(1, single, report.loadAtStart[0] ?? 0));
            continue;
          }
          const turns =
            turnsPerStream ||
            Math.max(quick ? 1 : 2, Math.ceil(TURNS_PER_STEP[quick ? 'quick' : 'full'] / n));
          log(
            `concurrency (${name}): ${n} stream(s), ${turns} turn(s) each (load average ${loadavg()[0]?.toFixed(1) ?? '?'})`,
          );
          const step = await concurrencyLevel(rig, n, turns, cases, audio, pauseMs, phoneCalls);
          levels.push(step);
          // Past the bar the ladder goes on while streams still keep up, to show how it degrades.
          if (step.refused > 0 || step.decisionToAudio.p95Ms > 4 * BAR_MS) break;
        }
      }
    }
  } finally {
    await rig.recognizer.close();
    await rig.nlu.close();
  }
  report.loadAtEnd = loadavg();
  report.wallS = (performance.now() - started) / 1000;
  const counts = rig.recognizer.utteranceCounts;
  report.reducedTopN = {
    utterances: counts.wide.full + counts.wide.reduced + counts.narrow.full + counts.narrow.reduced,
    reduced: counts.wide.reduced + counts.narrow.reduced,
    busyTopN: rig.recognizer.busyTopN,
  };
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const p = report.provenance;
  console.log(
    `\nVoice benchmark, ${report.date.slice(0, 10)}, Node ${report.node}, ${report.cpus} × ${report.cpu}; ` +
      `load average ${report.loadAtStart.map((x) => x.toFixed(1)).join(' ')} at start, ` +
      `${report.loadAtEnd.map((x) => x.toFixed(1)).join(' ')} at end${quick ? '; QUICK run (few utterances)' : ''}; ` +
      `PocketSphinx ${report.pocketsphinxLibrary}, streaming threads ${report.streamingThreads}, accent ${report.accent}; agent voice ${report.agentVoice === 'pico' ? 'SVOX Pico en-US' : `flite ${report.agentVoice}`}` +
      (report.phoneCalls ? '; latency and concurrency callers on a phone line (8 kHz μ-law)' : '') +
      (report.reducedTopN === undefined ||
      Object.values(report.reducedTopN.busyTopN).every((n) => n === undefined)
        ? ''
        : `; top-N ${JSON.stringify(report.reducedTopN.busyTopN)} while the node is busy: ${report.reducedTopN.reduced} of ${report.reducedTopN.utterances} utterances`),
  );
  console.log(
    `commit ${p.commit ?? '?'} (uncommitted: ${p.asrUncommittedFiles ?? '?'} ASR files, ${p.nluUncommittedFiles ?? '?'} NLU files); ` +
      `en-banking.lm ${p['models/asr/en-banking.lm'] ?? '?'}, confidence-model.ts ${p['src/asr/confidence-model.ts'] ?? '?'}, ` +
      `model.onnx ${p['models/nlu/model.onnx'] ?? '?'} (sha256 prefixes)`,
  );
  if (leaked.length > 0) console.log(`WARNING: in the NLU data: ${leaked.join('; ')}`);
  if (report.accuracy.length > 0) printAccuracy(report.accuracy, report.generalPool);
  if (report.latency.length > 0) printLatency(report.latency, report.agentVoice);
  if (report.concurrency.length > 0)
    printConcurrency(report.concurrency, report.cpus, BAR_MS, 'back to back');
  if (report.conversation.length > 0)
    printConcurrency(report.conversation, report.cpus, BAR_MS, 'conversation');
  printTargets(report, BAR_MS);
  console.log(`\ntotal ${report.wallS.toFixed(0)} s`);
}

await main();
