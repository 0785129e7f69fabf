/**
 * What `npm run bench:voice` prints: accuracy per caller voice, latency of single turns, the
 * concurrency ladder, and the issue's targets beside the measured figures (reported, not asserted).
 */
import type { AsrAccent } from '../src/asr/accents.ts';
import type { Summary, Tally } from './bench-voice-stats.ts';

export interface AccuracyRow {
  readonly voice: string;
  /** Why the voice was not run ("not installed"). */
  readonly problem?: string;
  readonly requests: number;
  readonly answers: number;
  readonly ood: number;
  readonly werGeneric: Tally;
  readonly werTeller: Tally;
  /** Utterances whose expected reading the dialog got, by kind. */
  readonly understood: Record<'generic' | 'teller', Record<'request' | 'answer', number>>;
  /** In-domain utterances that ended as no-match (Teller). */
  falseNoMatch: number;
  /**
   * The dialog's "did you mean …?" on its no-match path: in-domain utterances it missed but
   * offered back with the right intent, or with another; out-of-domain ones it asked about.
   */
  readonly offeredBack: { right: number; wrong: number; ood: number };
  readonly oodRejected: Record<'generic' | 'teller', number>;
  readonly oodCauses: Record<string, number>;
  readonly oodAcceptedAs: Record<string, number>;
  /** Turns without a general-English pass (its pooled decoder was busy or lagging). */
  generalMissing: number;
  /** Turns in which the pipeline refused audio. */
  audioRefused: number;
  readonly misses: { text: string; heard: string; intent: string }[];
  /** Out-of-domain sentences the dialog acted on, with what was heard. */
  readonly oodAccepted: { text: string; heard: string; intent: string }[];
  readonly wallS: number;
}

/** One turn's times, ms; `eos` is the push of the last frame holding speech. */
export interface LatencyTurn {
  readonly text: string;
  readonly voice: string;
  readonly awaits: string;
  readonly eosToDecision: number | undefined;
  readonly eosToFinal: number | undefined;
  readonly eosToAudio: number | undefined;
  readonly decisionToFinal: number | undefined;
  readonly decisionToAudio: number | undefined;
  readonly finalToAudio: number | undefined;
  /** NLU and dialog: the final transcript to the answer's text. */
  readonly finalToSay: number | undefined;
  /** flite: the answer's text to its first audio frame. */
  readonly sayToAudio: number | undefined;
  readonly understood: boolean;
  readonly refused: boolean;
  readonly general: boolean;
}

export interface Level {
  readonly streams: number;
  readonly turns: number;
  readonly eosToFinal: Summary;
  readonly eosToAudio: Summary;
  readonly decisionToFinal: Summary;
  readonly decisionToAudio: Summary;
  /** The reply's text to its first audio frame (synthesis and its queue). */
  readonly sayToAudio: Summary;
  readonly refused: number;
  readonly noReply: number;
  readonly generalMissing: number;
  readonly understood: number;
  readonly loadBefore: number;
  /** CPU the process used while the step ran (all threads), in cores: CPU seconds / wall seconds. */
  readonly cpuCores?: number;
  /** Share of the step the main thread (event loop) was busy: `performance.eventLoopUtilization()`. */
  readonly mainThread?: number;
  /** Utterances the step's streams started, and how many at the reduced top-N (`busyTopN`). */
  readonly utterances?: number;
  readonly reducedTopN?: number;
  readonly meetsBar: boolean;
}

export interface Report {
  readonly date: string;
  readonly node: string;
  readonly cpus: number;
  readonly cpu: string;
  readonly loadAtStart: number[];
  loadAtEnd?: number[];
  readonly provenance: Record<string, string>;
  readonly quick: boolean;
  readonly leaked: readonly string[];
  /** PocketSphinx threads decoding turns in progress at low priority (0: libuv's pool). */
  readonly streamingThreads: number;
  /** The libpocketsphinx decoding: Teller's build (npm run build:pocketsphinx) or the system's. */
  readonly pocketsphinxLibrary: string;
  /** General-English reference decoders (0: every turn judged without one, as on a busy node). */
  readonly generalPool: number;
  /** PocketSphinx's pronunciations (src/asr/accents.ts). */
  readonly accent: AsrAccent;
  /** The flite voice replies are synthesized with. */
  readonly agentVoice: string;
  /** Latency and concurrency callers spoke through a phone line (8 kHz μ-law, narrowband streams). */
  readonly phoneCalls: boolean;
  readonly accuracy: AccuracyRow[];
  latency: LatencyTurn[];
  /** Callers who talk back to back: each starts its next request as the reply's audio begins. */
  readonly concurrency: Level[];
  /** Callers who listen: each pauses {@link LISTEN_MS} after the reply's audio begins. */
  readonly conversation: Level[];
  wallS?: number;
  /** Utterances the recognizer started over the run, and how many at `busyTopN` (the node busy). */
  reducedTopN?: {
    readonly utterances: number;
    readonly reduced: number;
    readonly busyTopN: Readonly<Record<string, number | undefined>>;
  };
}

/** The issue's targets. */
export const TARGETS = {
  intentAccuracy: 0.95,
  oodRejected: 0.8,
  decisionToAudioMs: 300,
  streamsPerCore: 20,
} as const;

const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : '-');
const mark = (ok: boolean): string => (ok ? 'met' : 'NOT met');

function table(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

const isText = (r: AccuracyRow): boolean => r.voice.startsWith('text');

export function printAccuracy(rows: readonly AccuracyRow[], generalPool = 1): void {
  const first = rows[0];
  if (!first) return;
  if (generalPool === 0)
    console.log(
      '\nNo general-English decoder (--general-pool 0): every open turn judged as on a busy node, ' +
        'without the reference pass; the "general LM" columns are empty.',
    );
  console.log(
    `\nAccuracy: ${first.requests} open requests, ${first.answers} answers said in the state they answer, ` +
      `${first.ood} out-of-domain requests. "general LM" = PocketSphinx's en-us.lm.bin over the same audio ` +
      `(what it does out of the box); "Teller" = the banking LM in open turns and the state's grammar for answers, ` +
      `what the dialog got through VoicePipeline. Intent/value accuracy: the dialog's reading of the transcript ` +
      `(NLU in the dialog's context) against the expected intent (requests) or slot value (answers).\n`,
  );
  table(
    [
      'voice',
      'WER general LM',
      'WER Teller',
      'intent acc general LM',
      'intent acc Teller',
      'answer acc general LM',
      'answer acc Teller',
      'in-domain no-match',
      'OOD rejected general LM',
      'OOD rejected Teller',
    ],
    rows.map((r) => {
      if (r.problem) return [r.voice, r.problem, '', '', '', '', '', '', '', ''];
      const text = isText(r);
      return [
        r.voice,
        text ? '-' : pct(r.werGeneric.errors, r.werGeneric.words),
        text ? '-' : pct(r.werTeller.errors, r.werTeller.words),
        text ? '-' : pct(r.understood.generic.request, r.requests),
        pct(r.understood.teller.request, r.requests),
        text ? '-' : pct(r.understood.generic.answer, r.answers),
        pct(r.understood.teller.answer, r.answers),
        pct(r.falseNoMatch, r.requests + r.answers),
        text ? '-' : pct(r.oodRejected.generic, r.ood),
        pct(r.oodRejected.teller, r.ood),
      ];
    }),
  );
  console.log(
    '\nHow out-of-domain requests ended (Teller): nothing heard; the recognizer said out of domain ' +
      "(inDomain false → the dialog gets confidence 0); the dialog's low-confidence path (ASR confidence < 0.35); " +
      'the NLU said oos; or accepted as an intent.\n',
  );
  const voices = rows.filter((r) => !r.problem && !isText(r));
  table(
    ['voice', 'nothing heard', 'recognizer', 'low confidence', 'NLU oos', 'accepted', 'accepted as'],
    voices.map((r) => [
      r.voice,
      String(r.oodCauses['nothing heard'] ?? 0),
      String(r.oodCauses.recognizer ?? 0),
      String(r.oodCauses['low confidence'] ?? 0),
      String(r.oodCauses.nlu ?? 0),
      String(r.oodCauses.accepted ?? 0),
      Object.entries(r.oodAcceptedAs)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ]),
  );
  console.log(
    '\n"Did you mean …?" on the no-match path (docs/dialog.md): in-domain utterances not understood ' +
      'but offered back with the right intent (a yes completes them) or another; out-of-domain sentences ' +
      'asked about instead of a no-match. Not counted as understood or as rejected above.\n',
  );
  table(
    ['voice', 'offered back, right', 'offered back, other intent', 'OOD asked about'],
    rows
      .filter((r) => !r.problem)
      .map((r) => [
        r.voice,
        `${r.offeredBack.right} of ${r.requests + r.answers}`,
        String(r.offeredBack.wrong),
        `${r.offeredBack.ood} of ${r.ood}`,
      ]),
  );
  for (const r of rows.filter((x) => !x.problem)) {
    const notes = [
      r.generalMissing > 0 ? `${r.generalMissing} turns without a general-LM pass` : '',
      r.audioRefused > 0 ? `${r.audioRefused} turns with audio refused` : '',
      r.wallS > 0 ? `${r.wallS.toFixed(0)} s` : '',
    ].filter(Boolean);
    console.log(
      `\n${r.voice}: ${r.misses.length} in-domain utterances misread${notes.length > 0 ? ` (${notes.join('; ')})` : ''}` +
        (r.misses.length > 0 ? ':' : ''),
    );
    if (isText(r) && Object.keys(r.oodAcceptedAs).length > 0)
      console.log(
        `  out-of-domain sentences the NLU accepted: ${Object.entries(r.oodAcceptedAs)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
    for (const m of r.misses.slice(0, 15))
      console.log(`  "${m.text}" → ${isText(r) ? '' : `"${m.heard}" → `}${m.intent}`);
    if (r.misses.length > 15) console.log(`  … and ${r.misses.length - 15} more`);
    if (!isText(r) && r.oodAccepted.length > 0) {
      console.log(`  and ${r.oodAccepted.length} out-of-domain sentences acted on:`);
      for (const m of r.oodAccepted) console.log(`  "${m.text}" → "${m.heard}" → ${m.intent}`);
    }
  }
}

export function printLatency(turns: readonly LatencyTurn[], agentVoice: string): void {
  const requests = turns.filter((t) => t.awaits === 'nothing');
  const answers = turns.filter((t) => t.awaits !== 'nothing');
  console.log(
    `\nLatency, one stream at real-time pace (20 ms frames), replies synthesized by flite (${agentVoice}, no prompt cache): ` +
      `${turns.length} turns (${requests.length} open requests, end-of-turn silence 700 ms; ${answers.length} answers, ` +
      `700 ms or 1500 ms for amounts and digits). EoS = the push of the last frame holding speech; ` +
      `decision = the VAD's vad.speech_end event; ms, median / p95.\n`,
  );
  const cell = (xs: readonly LatencyTurn[], pick: (t: LatencyTurn) => number | undefined) => {
    const s = summariseTurns(xs, pick);
    return `${ms(s.medianMs)} / ${ms(s.p95Ms)}`;
  };
  const measures: [string, (t: LatencyTurn) => number | undefined][] = [
    ['EoS → end-of-turn decision', (t) => t.eosToDecision],
    ['EoS → final transcript', (t) => t.eosToFinal],
    ['EoS → first reply audio byte', (t) => t.eosToAudio],
    ['decision → final transcript', (t) => t.decisionToFinal],
    ['decision → first reply audio byte', (t) => t.decisionToAudio],
    ['final transcript → first reply audio', (t) => t.finalToAudio],
    ['  of which NLU and dialog (→ agent.say)', (t) => t.finalToSay],
    ['  of which flite (agent.say → audio)', (t) => t.sayToAudio],
  ];
  table(
    ['measure', 'all turns', 'open requests', 'answers'],
    measures.map(([name, pick]) => [name, cell(turns, pick), cell(requests, pick), cell(answers, pick)]),
  );
  const noReply = turns.filter((t) => t.eosToAudio === undefined).length;
  console.log(
    `understood ${pct(turns.filter((t) => t.understood).length, turns.length)}; ` +
      `no reply audio in ${noReply}; audio refused in ${turns.filter((t) => t.refused).length}`,
  );
  const slow = [...turns]
    .filter((t) => t.decisionToAudio !== undefined)
    .sort((a, b) => (b.decisionToAudio ?? 0) - (a.decisionToAudio ?? 0))
    .slice(0, 3);
  console.log(
    `slowest decision → audio: ${slow
      .map(
        (t) =>
          `"${t.text}" (${t.voice}, ${t.awaits}) ${ms(t.decisionToAudio ?? NaN)} ms = ` +
          `${ms(t.decisionToFinal ?? NaN)} ASR + ${ms(t.finalToAudio ?? NaN)} dialog and TTS`,
      )
      .join('; ')}`,
  );
}

function summariseTurns(xs: readonly LatencyTurn[], pick: (t: LatencyTurn) => number | undefined): Summary {
  const sorted = xs
    .map(pick)
    .filter((v): v is number => v !== undefined)
    .sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, medianMs: at(0.5), p95Ms: at(0.95) };
}

/** Largest N of the ladder passing `ok`, counting only an unbroken run from the bottom. */
function largest(levels: readonly Level[], ok: (l: Level) => boolean): number {
  let n = 0;
  for (const l of levels) {
    if (!ok(l)) break;
    n = l.streams;
  }
  return n;
}

/** How long a conversational caller listens to an answer before the next request. */
export const LISTEN_MS = 3000;

export function printConcurrency(
  levels: readonly Level[],
  cores: number,
  barMs: number,
  callers: 'back to back' | 'conversation',
): void {
  const pattern =
    callers === 'back to back'
      ? 'saying open requests back to back (the next starts as the reply audio begins: a worst case)'
      : `saying open requests with a ${LISTEN_MS / 1000} s pause after each reply begins (listening to the answer, as a caller does)`;
  console.log(
    `\nConcurrency, callers ${callers}: N pipelines in this process, each its own caller (the flite voices in turn) ` +
      `${pattern} at real-time pace, each answered by the dialog and flite; ms, median / p95. A step ` +
      `passes when p95 decision → first reply audio < ${barMs} ms with no audio refused and every turn answered. ` +
      `N = 1 is the latency part's open requests when that part ran. The ladder goes on past a failing step ` +
      `until audio is refused or p95 passes ${4 * barMs} ms.\n`,
  );
  table(
    [
      'streams',
      'turns',
      'EoS → final',
      'EoS → reply audio',
      'decision → final',
      'decision → reply audio',
      'of which reply text → audio',
      'refused',
      'no reply',
      'no general pass',
      'reduced top-N',
      'understood',
      'CPU (cores)',
      'main thread busy',
      'load avg',
      'step',
    ],
    levels.map((l) => [
      String(l.streams),
      String(l.turns),
      `${ms(l.eosToFinal.medianMs)} / ${ms(l.eosToFinal.p95Ms)}`,
      `${ms(l.eosToAudio.medianMs)} / ${ms(l.eosToAudio.p95Ms)}`,
      `${ms(l.decisionToFinal.medianMs)} / ${ms(l.decisionToFinal.p95Ms)}`,
      `${ms(l.decisionToAudio.medianMs)} / ${ms(l.decisionToAudio.p95Ms)}`,
      `${ms(l.sayToAudio.medianMs)} / ${ms(l.sayToAudio.p95Ms)}`,
      String(l.refused),
      String(l.noReply),
      String(l.generalMissing),
      l.utterances === undefined || l.reducedTopN === undefined ? '-' : `${l.reducedTopN} / ${l.utterances}`,
      pct(l.understood, l.turns),
      l.cpuCores === undefined ? '-' : l.cpuCores.toFixed(2),
      l.mainThread === undefined ? '-' : pct(l.mainThread, 1),
      l.loadBefore.toFixed(1),
      l.meetsBar ? 'pass' : 'FAIL',
    ]),
  );
  const n = largest(levels, (l) => l.meetsBar);
  const top = levels.at(-1);
  const capped = top?.meetsBar ? ` (every step passed: the ladder stopped at ${top.streams})` : '';
  console.log(
    `largest N passing: ${n}${capped}, ${(n / cores).toFixed(1)} per core on ${cores} cores. ` +
      `With EoS (end of speech) as the start instead, no N can pass a ${barMs} ms bar: the VAD waits ` +
      `700 ms of silence before it ends a turn; largest N with p95 EoS → reply audio < ${barMs} ms: ` +
      `${largest(levels, (l) => l.eosToAudio.p95Ms < barMs)}.`,
  );
}

export function printTargets(report: Report, barMs: number): void {
  console.log('\nAgainst the targets (reported, not asserted):');
  const voices = report.accuracy.filter((r) => !r.problem && !isText(r));
  if (voices.length > 0) {
    const acc = (r: AccuracyRow, kind: 'request' | 'answer') =>
      r.understood.teller[kind] / Math.max(1, kind === 'request' ? r.requests : r.answers);
    const list = (kind: 'request' | 'answer') =>
      voices.map((r) => `${r.voice} ${pct(acc(r, kind), 1)}`).join(', ');
    console.log(
      `  intent accuracy from synthesized speech, every voice (open requests): ${list('request')} ` +
        `(target ≥ 95%: ${mark(voices.every((r) => acc(r, 'request') >= TARGETS.intentAccuracy))})`,
    );
    console.log(
      `  the same bar on answers (slot values, yes/no): ${list('answer')} ` +
        `(${mark(voices.every((r) => acc(r, 'answer') >= TARGETS.intentAccuracy))}; not one of the issue's targets)`,
    );
    const ood = (r: AccuracyRow) => r.oodRejected.teller / Math.max(1, r.ood);
    console.log(
      `  out-of-domain speech rejected, every voice: ${voices.map((r) => `${r.voice} ${pct(ood(r), 1)}`).join(', ')} ` +
        `(target ≥ 80%: ${mark(voices.every((r) => ood(r) >= TARGETS.oodRejected))})`,
    );
  }
  if (report.latency.length > 0) {
    const s = summariseTurns(report.latency, (t) => t.decisionToAudio);
    console.log(
      `  end-of-turn decision → first reply audio byte, median: ${ms(s.medianMs)} ms ` +
        `(target ≤ ${TARGETS.decisionToAudioMs} ms: ${mark(s.medianMs <= TARGETS.decisionToAudioMs)})`,
    );
  }
  const ladders = [
    ['callers back to back', report.concurrency],
    ['conversational callers', report.conversation],
  ] as const;
  for (const [name, levels] of ladders) {
    if (levels.length === 0) continue;
    const n = largest(levels, (l) => l.meetsBar);
    const perCore = n / report.cpus;
    console.log(
      `  concurrent real-time streams with p95 decision → reply audio < ${barMs} ms, ${name}: ${n} = ` +
        `${perCore.toFixed(1)} per core (target ≥ ${TARGETS.streamsPerCore} per core: ${mark(perCore >= TARGETS.streamsPerCore)})`,
    );
  }
}
