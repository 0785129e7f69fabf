import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { E164_PREFIX, parseCallerPrefixes } from '../../config/index.ts';
import { Nlu } from '../../nlu/index.ts';
import { sharedSileroVad } from '../../audio/index.ts';
import { ASR_ACCENTS, createRecognizer, PocketSphinxRecognizer, type Recognizer } from '../../asr/index.ts';
import {
  readScript,
  runScript,
  runScriptPhone,
  runScriptRemote,
  toJunit,
  PHONE_PLATFORMS,
  type AudioRig,
  type ConvoScript,
  type PhoneRig,
  type ScriptResult,
} from '../../testing/convo/index.ts';
import {
  CALLER_VOICES,
  callerVoiceProblem,
  createCallerVoice,
  createSynthesizer,
  isCallerVoice,
  type CallerVoiceName,
} from '../../tts/index.ts';
import type { CliIo } from '../io.ts';

export const TEST_HELP = `teller test FILE|DIR... [--junit FILE] [--parallel N] [--filter TEXT] [--lang en|zh] [--channel app|phone]
                 [--audio [--voice NAME] [--pace N]] [--phone twilio|audiohook [--voice NAME] [--british-callers +44,...]]
                 [--accent us|us+gb] [--topn N]

Runs conversation scripts (*.convo.yaml, shared/spec/convo-format.md) in-process: a fresh sandbox
bank per script from its world, a simulated clock, the real NLU and dialog. Prints one line per
script, then "N passed, N failed"; exits non-zero when any fails.

--audio: every user line is synthesized with the project's TTS (--voice: flite kal16, slt, rms, awb,
espeak (eSpeak NG American) or espeak-gb (British), or SVOX Pico's pico and pico-gb) and streamed in 20 ms frames at real-time pace (--pace 2: twice as fast) through the VAD
and the speech recognizer, so ASR is in the loop. English scripts only (no Mandarin recognizer here).
--accent us+gb: the recognizer with British pronunciations too (TELLER_ASR_ACCENT on the server).
--topn N: PocketSphinx's Gaussians per phone, both bands (TELLER_ASR_TOP_N on the server; default
8 with Teller's build of libpocketsphinx, 4 while the node is busy; else 4).

--phone twilio|audiohook: runs the phone-channel scripts as real calls through that platform's
endpoint (Twilio Media Streams or Genesys AudioHook) on a local port: a scripted platform client
calls from the customer's number, streams each user line as synthesized 8 kHz mu-law speech
(--voice, default flite rms) in continuous 20 ms frames at real-time pace, and keys dtmf lines.
English scripts only. --british-callers +44,+61: calls from numbers under those prefixes are heard
with British pronunciations too (TELLER_ASR_BRITISH_CALLERS on the server).

--url ws://host:port/v1/app: runs the scripts against a live sandbox server over the app protocol;
each script's session gets its own fresh bank on the server; silences are waited out in real time.`;

function collect(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const entry of readdirSync(p).sort()) {
        const full = join(p, entry);
        if (statSync(full).isDirectory()) files.push(...collect([full]));
        else if (entry.endsWith('.convo.yaml') || entry.endsWith('.convo.yml')) files.push(full);
      }
    } else files.push(p);
  }
  return files;
}

/** Why a script does not run with these options (filters; audio mode needs English speech). */
function skipReason(
  script: ConvoScript,
  values: { lang?: string | undefined; channel?: string | undefined },
  rig: AudioRig | PhoneRig | undefined,
): string | undefined {
  if (values.lang && script.lang !== values.lang) return `lang ${script.lang}`;
  if (values.channel && script.channel !== values.channel) return `channel ${script.channel}`;
  if (rig && 'platform' in rig && script.channel !== 'phone') return 'phone mode runs phone-channel scripts';
  if (
    rig &&
    (script.lang !== 'en' || script.turns.some((t) => 'user' in t && /[\u4e00-\u9fff]/.test(t.user)))
  ) {
    return 'audio mode recognizes English only';
  }
  return undefined;
}

export async function testCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      junit: { type: 'string' },
      parallel: { type: 'string', default: '4' },
      filter: { type: 'string' },
      lang: { type: 'string' },
      channel: { type: 'string' },
      audio: { type: 'boolean', default: false },
      url: { type: 'string' },
      voice: { type: 'string' },
      accent: { type: 'string', default: 'us' },
      topn: { type: 'string' },
      pace: { type: 'string', default: '1' },
      phone: { type: 'string' },
      'british-callers': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(TEST_HELP);
    return 0;
  }
  if (positionals.length === 0) {
    io.err(`usage: ${TEST_HELP.split('\n')[0] ?? ''}`);
    return 2;
  }
  let files: string[];
  try {
    files = collect(positionals);
  } catch (error) {
    io.err(`cannot read ${positionals.join(' ')}: ${(error as Error).message}`);
    return 2;
  }
  if (values.filter) files = files.filter((f) => f.includes(values.filter ?? ''));
  if (values.phone && !(PHONE_PLATFORMS as readonly string[]).includes(values.phone)) {
    io.err(`--phone: one of ${PHONE_PLATFORMS.join(', ')}`);
    return 2;
  }
  if (values.phone && values.url) {
    io.err('--phone runs its own local endpoint: it does not combine with --url');
    return 2;
  }
  const accent = ASR_ACCENTS.find((a) => a === values.accent);
  if (accent === undefined) {
    io.err(`--accent: one of ${ASR_ACCENTS.join(', ')}`);
    return 2;
  }
  const topN = values.topn === undefined ? undefined : Number(values.topn);
  if (topN !== undefined && !(Number.isInteger(topN) && topN >= 1 && topN <= 128)) {
    io.err('--topn: an integer from 1 to 128');
    return 2;
  }
  const pocketsphinx = { accent, ...(topN === undefined ? {} : { topN }) };
  const britishCallerPrefixes = parseCallerPrefixes(values['british-callers'] ?? '');
  if (britishCallerPrefixes.some((prefix) => !E164_PREFIX.test(prefix))) {
    io.err('--british-callers: E.164 prefixes such as +44,+61');
    return 2;
  }
  if (britishCallerPrefixes.length > 0 && !values.phone) {
    io.err('--british-callers goes with --phone (an app session sets audio.accent itself)');
    return 2;
  }
  const requested = values.voice ?? (values.phone ? 'rms' : 'kal16');
  let voice: CallerVoiceName = 'kal16';
  if (values.phone || values.audio) {
    if (!isCallerVoice(requested)) {
      io.err(`--voice: one of ${CALLER_VOICES.join(', ')}`);
      return 2;
    }
    const problem = callerVoiceProblem(requested);
    if (problem) {
      io.err(`--voice ${requested}: ${problem}`);
      return 2;
    }
    voice = requested;
  }
  const nlu = values.url ? undefined : await Nlu.load();
  let rig: AudioRig | undefined;
  let phone: PhoneRig | undefined;
  if (values.phone) {
    const [asr, vad, synthesizer, caller] = await Promise.all([
      createRecognizer({ engine: 'pocketsphinx', pocketsphinx }),
      sharedSileroVad(),
      createSynthesizer({ engine: 'flite' }),
      createCallerVoice(voice),
    ]);
    phone = {
      platform: values.phone as PhoneRig['platform'],
      nlu: nlu as Nlu,
      recognizer: asr.recognizer,
      vad,
      synthesizer,
      caller,
      britishCallerPrefixes,
    };
    const british =
      britishCallerPrefixes.length > 0 ? `, us+gb for callers from ${britishCallerPrefixes.join(',')}` : '';
    io.out(
      `phone mode: ${values.phone} calls, caller voice ${voice} (8 kHz mu-law) -> ${asr.engine}, top-N ${topNOf(asr.recognizer, 'narrow')}${british}`,
    );
  } else if (values.audio) {
    const [asr, vad, caller] = await Promise.all([
      createRecognizer({ engine: 'pocketsphinx', pocketsphinx }),
      sharedSileroVad(),
      createCallerVoice(voice),
    ]);
    const synthesizer = caller.synthesizer;
    rig = {
      synthesizer,
      recognizer: asr.recognizer,
      vad,
      voice: caller.voice,
      pace: Math.max(0.5, Math.min(4, Number(values.pace) || 1)),
    };
    io.out(
      `audio mode: ${synthesizer.name} voice ${voice} -> ${asr.engine}, top-N ${topNOf(asr.recognizer, 'wide')}, pace ${rig.pace}x`,
    );
  }
  const results: ScriptResult[] = new Array<ScriptResult>(files.length);
  let skipped = 0;
  let next = 0;
  const parallel = Math.max(1, Math.min(16, Number(values.parallel) || 4));
  const started = performance.now();
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index] ?? '';
      const name = relative(process.cwd(), file);
      const parsed = readScript(file);
      const skip = parsed.ok ? skipReason(parsed.value, values, phone ?? rig) : undefined;
      if (skip) {
        skipped++;
        results[index] = { file: name, name, ok: true, durationMs: 0, turns: 0, skipped: skip };
        return worker();
      }
      const result: ScriptResult = parsed.ok
        ? await withTimeout(
            values.url
              ? runScriptRemote(parsed.value, values.url, name)
              : phone
                ? runScriptPhone(parsed.value, phone, name)
                : runScript(parsed.value, nlu as Nlu, name, rig),
            name,
          )
        : {
            file: name,
            name,
            ok: false,
            failure: { turn: 0, expected: 'a valid script', actual: parsed.error },
            durationMs: 0,
            turns: 0,
          };
      results[index] = result;
      const line = result.ok
        ? `ok   ${name}`
        : `FAIL ${name}: turn ${result.failure?.turn ?? 0}: expected ${result.failure?.expected ?? ''}\n       got: ${result.failure?.actual ?? ''}`;
      io.out(line);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  await nlu?.close();
  const failed = results.filter((r) => !r.ok).length;
  const seconds = (performance.now() - started) / 1000;
  io.out(
    `${results.length - skipped - failed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${seconds.toFixed(1)} s, ${((results.length - skipped) / seconds).toFixed(1)} scripts/s)`,
  );
  if (values.junit) writeFileSync(values.junit, toJunit(results));
  const stuck = results.filter((r) => r.failure?.expected === TIMED_OUT).length;
  if (stuck > 0) {
    // A stuck script's work is still pending and would keep the process alive: the verdict is in.
    io.err(`${stuck} script(s) timed out; exiting without waiting for them`);
    process.exit(1);
  }
  return failed > 0 ? 1 : 0;
}

/**
 * The longest a script may run. In-process text scripts take milliseconds (simulated clock); audio,
 * phone and remote scripts speak in real time, about 10 s per turn at most.
 */
export const SCRIPT_TIMEOUT_MS = 180_000;
const TIMED_OUT = `the script to finish within ${SCRIPT_TIMEOUT_MS / 1000} s`;

/** A script that never finishes (a lost event, a stuck engine) fails rather than hanging the run. */
async function withTimeout(run: Promise<ScriptResult>, name: string): Promise<ScriptResult> {
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  const timeout = new Promise<ScriptResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          file: name,
          name,
          ok: false,
          failure: { turn: 0, expected: TIMED_OUT, actual: 'still running: timed out' },
          durationMs: performance.now() - started,
          turns: 0,
        }),
      SCRIPT_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The top-N a PocketSphinx recognizer decodes `band` with, and what it drops to under load. */
function topNOf(recognizer: Recognizer, band: 'wide' | 'narrow'): string {
  if (!(recognizer instanceof PocketSphinxRecognizer)) return 'n/a';
  const shed = recognizer.busyTopN[band];
  return `${recognizer.topN[band]}${shed === undefined ? '' : ` (${shed} under load)`}`;
}
