import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import type { Server } from 'node:http';
import WebSocket from 'ws';
import { encodeMulaw, type SileroVadModel } from '../../audio/index.ts';
import { digitWords, type Recognizer } from '../../asr/index.ts';
import { demoDefaults, demoWorld, parseWorld, SqliteBank, type World } from '../../bank/index.ts';
import type { AgentOutput, Awaits } from '../../dialog/index.ts';
import type { Nlu } from '../../nlu/index.ts';
import { createLogger } from '../../observability/index.ts';
import { AudioHookEndpoint } from '../../transport/audiohook/index.ts';
import { startHttpServer } from '../../transport/index.ts';
import { TELEPHONY_CHANNEL, type TelephonyEvent } from '../../transport/telephony/index.ts';
import { TwilioEndpoint } from '../../transport/twilio/index.ts';
import type { Synthesizer } from '../../tts/index.ts';
import { AudioHookCaller } from '../phone/audiohook-caller.ts';
import { speech8k } from '../phone/common.ts';
import { TwilioCaller } from '../phone/twilio-caller.ts';
import { check, checkAfter, DEFAULT_LOCAL_NOW, Mismatch, pickCustomer, zonedEpoch } from './runner.ts';
import type { ScriptResult, Window } from './runner.ts';
import type { ConvoScript } from './script.ts';

/** The contact-center platforms `teller test --phone` calls through. */
export const PHONE_PLATFORMS = ['twilio', 'audiohook'] as const;
export type PhonePlatform = (typeof PHONE_PLATFORMS)[number];

/** What `teller test --phone` runs a call with: the server's engines and the caller's voice. */
export interface PhoneRig {
  readonly platform: PhonePlatform;
  readonly nlu: Nlu;
  readonly recognizer: Recognizer;
  readonly vad: SileroVadModel;
  /** The agent's prompts (their length decides when no-input timers start). */
  readonly synthesizer: Synthesizer;
  /** The caller's voice: a TTS engine and voice name. */
  readonly caller: { readonly synthesizer: Synthesizer; readonly voice: string | undefined };
  /** Caller-number prefixes heard with British pronunciations too, as TELLER_ASR_BRITISH_CALLERS. */
  readonly britishCallerPrefixes?: readonly string[];
}

const FRAME_MS = 20;
const FRAME_BYTES = 160; // 20 ms of μ-law at 8 kHz
const MULAW_SILENCE = 0xff;
/** How long a turn may take after the caller stopped speaking or keying (recognition, dialog, bank). */
const TURN_TIMEOUT_MS = 15_000;

/**
 * The caller's side of a phone line: 20 ms μ-law frames every 20 ms for the whole call, as
 * contact-center platforms send them — silence unless the caller is speaking — and the agent's audio
 * "played" by the clock, so a script's silence counts from when the prompt would have finished.
 */
class PhoneLine {
  private readonly queue: Buffer[] = [];
  private timer: NodeJS.Timeout | undefined;
  private drained: (() => void) | undefined;
  private playEndMs = 0;
  private started = 0;
  private sent = 0;

  constructor(private readonly sendFrame: (frame: Buffer) => void) {}

  start(): void {
    this.started = Date.now();
    const tick = () => {
      // Drift-corrected: send every frame that is due, then sleep to the next one.
      const due = Math.floor((Date.now() - this.started) / FRAME_MS);
      while (this.sent <= due) {
        const frame = this.queue.shift() ?? Buffer.alloc(FRAME_BYTES, MULAW_SILENCE);
        this.sendFrame(frame);
        this.sent++;
        if (this.queue.length === 0 && this.drained) {
          this.drained();
          this.drained = undefined;
        }
      }
      this.timer = setTimeout(tick, Math.max(1, this.started + this.sent * FRAME_MS - Date.now()));
    };
    tick();
  }

  /** Queues speech and resolves once its last frame has been sent. */
  speak(mulaw: Buffer): Promise<void> {
    for (let i = 0; i < mulaw.length; i += FRAME_BYTES) {
      const frame = Buffer.alloc(FRAME_BYTES, MULAW_SILENCE);
      mulaw.copy(frame, 0, i, Math.min(mulaw.length, i + FRAME_BYTES));
      this.queue.push(frame);
    }
    return new Promise((resolve) => (this.drained = resolve));
  }

  /** The agent sent `bytes` of 8 kHz audio: it plays after what is already playing. */
  agentAudio(bytes: number): void {
    this.playEndMs = Math.max(Date.now(), this.playEndMs) + bytes / 8;
  }

  /** The platform dropped the agent's queued audio (barge-in). */
  agentCleared(): void {
    this.playEndMs = Date.now();
  }

  /** ms until the agent's audio has played out. */
  get playingMs(): number {
    return Math.max(0, this.playEndMs - Date.now());
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** The `teller:telephony` events of one call, with waits for the next of a kind. */
class CallEvents {
  /** The call's id, set once connected (events published before that are kept until then). */
  callId = '';
  private readonly raw: TelephonyEvent[] = [];
  private waiters: (() => void)[] = [];
  private readonly listener = (message: unknown) => {
    this.raw.push(message as TelephonyEvent);
    for (const wake of this.waiters.splice(0)) wake();
  };

  /** This call's events so far, in order. */
  get all(): TelephonyEvent[] {
    return this.raw.filter((e) => e.callId === this.callId);
  }

  constructor() {
    diagnostics.subscribe(TELEPHONY_CHANNEL, this.listener);
  }

  /** Waits for an event of `type` at index `from` or later; undefined on timeout. */
  async next(
    types: readonly TelephonyEvent['type'][],
    from: number,
    timeoutMs: number,
  ): Promise<TelephonyEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.all.slice(from).find((e) => types.includes(e.type));
      if (found || Date.now() >= deadline) return found;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  dispose(): void {
    diagnostics.unsubscribe(TELEPHONY_CHANNEL, this.listener);
  }
}

/** Reads events into the window the `bot` checks look at; returns what the agent now awaits. */
function absorb(events: readonly TelephonyEvent[], window: Window, awaits: Awaits): Awaits {
  let now = awaits;
  for (const e of events) {
    let output: AgentOutput | undefined;
    switch (e.type) {
      case 'asr.final':
        window.heard = e.text;
        break;
      case 'understood':
        window.understanding = {
          intent: e.intent,
          confidence: e.confidence,
          entities: {},
          normalized: e.entities,
        };
        break;
      case 'agent.say':
        output = { type: 'agent.say', text: e.text, lang: 'en', rate: 1, awaits: e.awaits };
        now = e.awaits;
        break;
      case 'stepup':
        output = e.method === 'pin' ? { type: 'agent.stepup', method: 'pin' } : undefined;
        break;
      case 'handoff':
        output = { type: 'agent.handoff', reason: e.summary.reason, summary: e.summary };
        now = 'nothing';
        break;
      case 'end':
        output = { type: 'agent.end', reason: e.reason as 'goodbye' };
        now = 'nothing';
        break;
      case 'turn.done':
        now = e.awaits;
        break;
      default:
        break;
    }
    if (output) window.outputs.push(output);
  }
  return now;
}

/** A connected caller on either platform, reduced to what a script needs. */
interface Caller {
  readonly callId: string;
  readonly line: PhoneLine;
  keys(digits: string): Promise<void>;
  hangUp(): Promise<void>;
}

async function callTwilio(url: string, from: string): Promise<Caller> {
  const caller = await TwilioCaller.connect(url, 'instant');
  const line = new PhoneLine((frame) =>
    caller.send({ event: 'media', media: { track: 'inbound', payload: frame.toString('base64') } }),
  );
  caller.ws.on('message', (data) => {
    const m = JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>;
    if (m['event'] === 'media')
      line.agentAudio((String((m['media'] as Record<string, unknown>)['payload']).length * 3) / 4);
    else if (m['event'] === 'clear') line.agentCleared();
  });
  caller.begin({ from });
  line.start();
  return {
    callId: caller.callSid,
    line,
    keys: (digits) => caller.keys(digits),
    hangUp: async () => {
      line.stop();
      caller.send({ event: 'stop', stop: { accountSid: 'AC' + '0'.repeat(32), callSid: caller.callSid } });
      await Promise.race([caller.closed, new Promise((r) => setTimeout(r, 2000))]);
      caller.close();
    },
  };
}

async function callAudioHook(url: string, from: string, lang: 'en' | 'zh'): Promise<Caller> {
  const organizationId = randomUUID();
  const caller = await AudioHookCaller.connect(url, undefined, { sessionId: randomUUID(), organizationId });
  const line = new PhoneLine((frame) => caller.ws.send(frame, { binary: true }));
  caller.ws.on('message', (data, isBinary) => {
    if (isBinary) return line.agentAudio((data as Buffer).length);
    const m = JSON.parse((data as Buffer).toString('utf8')) as {
      type?: string;
      parameters?: { entities?: { type?: string }[] };
    };
    if (m.type === 'event' && m.parameters?.entities?.some((e) => e.type === 'barge_in')) line.agentCleared();
  });
  caller.send('open', {
    organizationId,
    conversationId: randomUUID(),
    participant: { id: randomUUID(), ani: from, aniName: '', dnis: '+18005550000' },
    media: [{ type: 'audio', format: 'PCMU', channels: ['external'], rate: 8000 }],
    language: lang === 'zh' ? 'zh-CN' : 'en-US',
  });
  await caller.next('opened', () => true, 10_000);
  line.start();
  return {
    callId: caller.sessionId,
    line,
    keys: async (digits) => {
      for (const digit of digits) {
        caller.send('dtmf', { digit });
        await new Promise((r) => setTimeout(r, 80));
      }
    },
    hangUp: async () => {
      line.stop();
      if (caller.ws.readyState === WebSocket.OPEN) {
        caller.send('close', { reason: 'end' });
        await Promise.race([caller.closed, new Promise((r) => setTimeout(r, 2000))]);
      }
      caller.ws.close();
    },
  };
}

/**
 * Runs one phone-channel script as a real call (`teller test --phone twilio|audiohook`): a fresh
 * sandbox bank from the script's world behind that platform's endpoint on a local port, and a scripted
 * platform client calling from the customer's number. Each `user` line is synthesized, cut to 8 kHz
 * μ-law and streamed in the call's continuous 20 ms frames; `dtmf` lines are keyed; silences are waited
 * out after the agent's audio has played. The agent's words and readings come from the
 * `teller:telephony` diagnostics channel, the bank's state from the bank itself.
 */
export async function runScriptPhone(script: ConvoScript, rig: PhoneRig, file = ''): Promise<ScriptResult> {
  const started = performance.now();
  const base = { file, name: script.name, turns: script.turns.length };
  const fail = (turn: number, expected: string, actual: string): ScriptResult => ({
    ...base,
    ok: false,
    failure: { turn, expected, actual },
    durationMs: performance.now() - started,
  });
  if (script.channel !== 'phone') return fail(0, 'a phone-channel script', `channel ${script.channel}`);
  let world: World;
  if (script.world) {
    const parsed = parseWorld(script.world, demoDefaults());
    if (!parsed.ok) return fail(0, 'a valid world', parsed.error);
    world = parsed.value;
  } else world = demoWorld();
  const customer = pickCustomer(world, script, script.world !== undefined);
  const anchor =
    world.now ?? zonedEpoch(DEFAULT_LOCAL_NOW.date, DEFAULT_LOCAL_NOW.minuteOfDay, customer.timeZone);
  const startedAt = Date.now();
  const bank = SqliteBank.create(world, {
    path: ':memory:',
    clock: { now: () => anchor + (Date.now() - startedAt) },
  });
  const deps = {
    bank,
    nlu: rig.nlu,
    recognizer: rig.recognizer,
    vad: rig.vad,
    synthesizer: rig.synthesizer,
    logger: createLogger({ level: 'silent' }),
    britishCallerPrefixes: rig.britishCallerPrefixes ?? [],
  };
  const endpoint =
    rig.platform === 'twilio' ? new TwilioEndpoint({ ...deps, authToken: undefined }) : undefined;
  const audiohook =
    rig.platform === 'audiohook'
      ? new AudioHookEndpoint({ ...deps, apiKey: undefined, clientSecret: undefined })
      : undefined;
  const path = `/v1/${rig.platform}`;
  let server: Server | undefined;
  let caller: Caller | undefined;
  const events = new CallEvents();
  try {
    const http = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: {},
      upgrades: {
        [path]: (req, socket, head) => (endpoint ?? audiohook)?.upgrade(req, socket, head),
      },
    });
    server = http.server;
    const url = `ws://127.0.0.1:${http.port}${path}`;
    const from = customer.phone ?? '+10000000000';
    // The call id is known only once connected; events before it are kept by the endpoint's order.
    caller =
      rig.platform === 'twilio'
        ? await callTwilio(url, from).then((c) => ((events.callId = c.callId), c))
        : await callAudioHook(url, from, script.lang).then((c) => ((events.callId = c.callId), c));
    const window: Window = { outputs: [], understanding: undefined };
    let awaits: Awaits = 'nothing';
    const greeted = await events.next(['turn.done', 'handoff'], 0, TURN_TIMEOUT_MS);
    if (!greeted) throw new Mismatch(0, 'a greeting', 'no prompt from the agent');
    let seen = 0;
    const take = async (wait: (from: number) => Promise<unknown>) => {
      const from = events.all.length;
      await wait(from);
      awaits = absorb(events.all.slice(seen), window, awaits);
      seen = events.all.length;
    };
    await take(() => new Promise((r) => setTimeout(r, 300)));
    const answered = (from: number) =>
      events.next(['turn.done', 'handoff', 'end', 'call.end'], from, TURN_TIMEOUT_MS);
    const pin = customer.pin ?? '0000';
    const speak = async (text: string) => {
      const pcm = await speech8k(text, {
        synthesizer: rig.caller.synthesizer,
        name: rig.caller.voice,
        lang: script.lang,
      });
      await take(async (from) => {
        await caller?.line.speak(Buffer.from(encodeMulaw(pcm)));
        const done = await answered(from);
        if (!done) {
          const heard = events.all.slice(from).find((e) => e.type === 'asr.final');
          throw new Mismatch(
            turn,
            `an answer to "${text}"`,
            heard && heard.type === 'asr.final' ? `heard "${heard.text}", no turn` : 'heard nothing',
          );
        }
      });
    };
    let turn = 0;
    for (const step of script.turns) {
      turn++;
      if ('bot' in step) {
        check(step.bot, window, awaits, turn);
        continue;
      }
      window.outputs.length = 0;
      window.understanding = undefined;
      window.heard = undefined;
      seen = events.all.length;
      if ('user' in step) await speak(step.user);
      else if ('dtmf' in step) {
        const digits = step.dtmf;
        await take(async (from) => {
          await caller?.keys(digits);
          await answered(from);
        });
      } else if ('silence' in step) {
        const seconds = step.silence;
        await take(async () => {
          // The silence starts when the agent's prompt has played out. A paced platform
          // (AudioHook: about 1 s ahead of playback) reveals a long prompt as it plays, so wait
          // until nothing is left playing rather than for what has arrived so far.
          for (let playing = caller?.line.playingMs ?? 0; playing > 0; playing = caller?.line.playingMs ?? 0)
            await new Promise((r) => setTimeout(r, Math.min(playing, 250)));
          await new Promise((r) => setTimeout(r, seconds * 1000 + 700));
        });
      } else if ('stepup' in step) {
        const wrong = pin.replace(/.$/, (d) => String((Number(d) + 1) % 10));
        const said =
          step.stepup === 'pass' ? digitWords(pin) : step.stepup === 'cancel' ? 'cancel' : digitWords(wrong);
        await speak(said);
      }
    }
    // Let the bank finish what the last turn started, then read it.
    await new Promise((r) => setTimeout(r, 200));
    if (script.after) await checkAfter(script.after, bank, customer.id, turn + 1);
    return { ...base, ok: true, durationMs: performance.now() - started };
  } catch (error) {
    if (error instanceof Mismatch) return fail(error.turn, error.expected, error.actual);
    return fail(0, 'no error', (error as Error).stack ?? String(error));
  } finally {
    await caller?.hangUp().catch(() => undefined);
    events.dispose();
    endpoint?.close();
    audiohook?.close();
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => s.close(() => resolve()));
      s.closeAllConnections();
    }
    await bank.close();
  }
}
