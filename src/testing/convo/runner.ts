import { randomUUID } from 'node:crypto';
import { SimulatedClock } from 'xstate';
import {
  demoDefaults,
  demoWorld,
  parseWorld,
  SqliteBank,
  type CustomerSeed,
  type World,
} from '../../bank/index.ts';
import { createDialog, type Dialog } from '../../dialog/index.ts';
import type { AgentOutput, TurnResult } from '../../dialog/index.ts';
import type { Nlu } from '../../nlu/index.ts';
import { WebAuthnStepUp } from '../../security/index.ts';
import { formatDecimal, localTime, parseDecimal } from '../../shared/index.ts';
import { SoftwareAuthenticator } from '../software-authenticator.ts';
import { SpeakingCustomer, type AudioRig } from './audio.ts';
import { matches, type BotExpectation, type ConvoScript } from './script.ts';

/** The clock of a script whose world sets no `now`: 2026-11-26 10:00 in the customer's zone (a Thursday). */
export const DEFAULT_LOCAL_NOW = { date: '2026-11-26', minuteOfDay: 10 * 60 };
export const TEST_RP = { rpId: 'teller.test', origin: 'https://teller.test' } as const;

export interface ScriptResult {
  readonly file: string;
  readonly name: string;
  readonly ok: boolean;
  /** On failure: the turn (1-based), what was expected and what the agent did. */
  readonly failure?: { readonly turn: number; readonly expected: string; readonly actual: string };
  readonly durationMs: number;
  readonly turns: number;
  /** Not run, and why (filters, audio mode's languages). */
  readonly skipped?: string;
}

export class Mismatch extends Error {
  constructor(
    readonly turn: number,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`turn ${turn}: expected ${expected}; got ${actual}`);
  }
}

/** Epoch ms of a local wall-clock time in an IANA zone. */
export function zonedEpoch(date: string, minuteOfDay: number, timeZone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * 60_000;
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const local = localTime(t, timeZone);
    const localMs = Date.parse(`${local.date}T00:00:00Z`) + local.minuteOfDay * 60_000;
    t += guess - localMs;
  }
  return t;
}

/** The script's customer: the world's only one, else the first speaking the script's language. */
export function pickCustomer(world: World, script: ConvoScript, custom: boolean): CustomerSeed {
  if (custom || world.customers.length === 1) return world.customers[0] as CustomerSeed;
  return world.customers.find((c) => c.lang === script.lang) ?? (world.customers[0] as CustomerSeed);
}

/** Everything the agent did since the previous customer step, as the `bot` checks see it. */
export interface Window {
  readonly outputs: AgentOutput[];
  understanding: TurnResult['understanding'];
  /** Audio mode: what the recognizer heard for the last `user` step. */
  heard?: string | undefined;
}

/**
 * Runs one conversation script in-process: a fresh sandbox bank from its world, a simulated clock, a
 * software authenticator registered as the customer's device (app) or the world PIN (phone), and
 * the real NLU and dialog.
 */
export async function runScript(
  script: ConvoScript,
  nlu: Nlu,
  file = '',
  audio?: AudioRig,
): Promise<ScriptResult> {
  const started = performance.now();
  const base = { file, name: script.name, turns: script.turns.length };
  let world: World;
  if (script.world) {
    const parsed = parseWorld(script.world, demoDefaults());
    if (!parsed.ok)
      return {
        ...base,
        ok: false,
        failure: { turn: 0, expected: 'a valid world', actual: parsed.error },
        durationMs: 0,
      };
    world = parsed.value;
  } else world = demoWorld();
  const customer = pickCustomer(world, script, script.world !== undefined);
  const clock = new SimulatedClock();
  clock.set(
    world.now ?? zonedEpoch(DEFAULT_LOCAL_NOW.date, DEFAULT_LOCAL_NOW.minuteOfDay, customer.timeZone),
  );
  const bank = SqliteBank.create(world, { path: ':memory:', clock });
  const stepUp = new WebAuthnStepUp({ bank, rpId: TEST_RP.rpId, origins: [TEST_RP.origin], clock });
  const device =
    script.channel === 'app'
      ? await SoftwareAuthenticator.register(bank, customer.id, { label: 'test phone' })
      : undefined;
  let dialog: Dialog | undefined;
  let speakerOf: SpeakingCustomer | undefined;
  try {
    dialog = await createDialog({
      bank,
      nlu,
      stepUp,
      clock,
      sessionId: randomUUID(),
      customerId: customer.id,
      channel: script.channel,
      lang: script.lang,
    });
    const window: Window = { outputs: dialog.drainOutputs(), understanding: undefined };
    let lastChallenge: Record<string, unknown> | undefined;
    let lastAssertion: unknown;
    const remember = (o: AgentOutput) => {
      if (o.type === 'agent.stepup' && o.method === 'webauthn') lastChallenge = o.options;
    };
    window.outputs.forEach(remember);
    // Everything the agent does reaches the window through the listener, turns and timers alike.
    dialog.onOutput((o) => {
      window.outputs.push(o);
      remember(o);
    });
    const speaker = audio ? new SpeakingCustomer(audio, dialog) : undefined;
    speakerOf = speaker;
    const take = (result: TurnResult) => {
      if (result.understanding) window.understanding = result.understanding;
    };
    let turn = 0;
    for (const step of script.turns) {
      turn++;
      if ('bot' in step) {
        check(step.bot, window, dialog.awaits, turn);
        continue;
      }
      window.outputs.length = 0;
      window.understanding = undefined;
      if ('user' in step && speaker) {
        const lang = /[\u4e00-\u9fff]/.test(step.user) ? 'zh' : 'en';
        const { heard, understanding } = await speaker.say(step.user, lang);
        window.understanding = understanding;
        window.heard = heard;
      } else if ('user' in step) {
        take(await dialog.handle({ type: 'text', text: step.user }));
      } else if ('dtmf' in step) {
        take(await dialog.handle({ type: 'dtmf', digits: step.dtmf }));
      } else if ('silence' in step) {
        clock.increment(step.silence * 1000);
        await dialog.settle();
      } else if ('stepup' in step) {
        if (script.channel === 'phone') {
          const pin = customer.pin ?? '0000';
          const wrong = pin.replace(/.$/, (d) => String((Number(d) + 1) % 10));
          const text =
            step.stepup === 'pass'
              ? pin.split('').join(' ')
              : step.stepup === 'cancel'
                ? 'cancel'
                : wrong.split('').join(' ');
          take(await dialog.handle({ type: 'text', text }));
        } else if (step.stepup === 'cancel') {
          take(await dialog.handle({ type: 'stepup.cancel' }));
        } else if (step.stepup === 'replay') {
          take(await dialog.handle({ type: 'stepup.assertion', response: lastAssertion ?? {} }));
        } else {
          const options = (lastChallenge ?? { challenge: '' }) as unknown as Parameters<
            SoftwareAuthenticator['assert']
          >[0];
          const response =
            step.stepup === 'pass' && device
              ? device.assert(options, { origin: TEST_RP.origin })
              : (device ?? SoftwareAuthenticator.create()).forge(options, { origin: TEST_RP.origin });
          if (step.stepup === 'pass') lastAssertion = response;
          take(await dialog.handle({ type: 'stepup.assertion', response }));
        }
      }
    }
    if (script.after) await checkAfter(script.after, bank, customer.id, turn + 1);
    return { ...base, ok: true, durationMs: performance.now() - started };
  } catch (error) {
    if (error instanceof Mismatch) {
      return {
        ...base,
        ok: false,
        failure: { turn: error.turn, expected: error.expected, actual: error.actual },
        durationMs: performance.now() - started,
      };
    }
    return {
      ...base,
      ok: false,
      failure: { turn: 0, expected: 'no error', actual: (error as Error).stack ?? String(error) },
      durationMs: performance.now() - started,
    };
  } finally {
    await speakerOf?.close();
    dialog?.stop();
    await bank.close();
  }
}

export function said(window: Window): string {
  return window.outputs
    .filter((o): o is Extract<AgentOutput, { type: 'agent.say' }> => o.type === 'agent.say')
    .map((o) => o.text)
    .join(' ');
}

function describe(window: Window, awaits: string): string {
  const events = window.outputs
    .filter((o) => o.type !== 'agent.say')
    .map((o) => o.type.replace('agent.', ''));
  const u = window.understanding;
  const heard = window.heard === undefined ? '' : `heard "${window.heard}"; `;
  return `${heard}says "${said(window)}"; awaits ${awaits}${events.length ? `; events ${events.join(',')}` : ''}${u ? `; intent ${u.intent} (${u.confidence.toFixed(2)}) entities ${JSON.stringify(u.normalized)}` : ''}`;
}

export function check(bot: BotExpectation, window: Window, awaits: string, turn: number): void {
  const text = said(window);
  const fail = (expected: string) => {
    throw new Mismatch(turn, expected, describe(window, awaits));
  };
  const list = (p: string | string[] | undefined) => (p === undefined ? [] : Array.isArray(p) ? p : [p]);
  for (const pattern of list(bot.says)) if (!matches(pattern, text)) fail(`says ${pattern}`);
  for (const pattern of list(bot.not_says)) if (matches(pattern, text)) fail(`not_says ${pattern}`);
  if (bot.intent !== undefined && window.understanding?.intent !== bot.intent) fail(`intent ${bot.intent}`);
  for (const [key, value] of Object.entries(bot.entities ?? {})) {
    const actual = window.understanding?.normalized[key];
    const same =
      key === 'amount' && actual !== undefined ? Number(actual) === Number(value) : actual === value;
    if (!same) fail(`entity ${key}: ${value}`);
  }
  if (bot.awaits !== undefined && awaits !== bot.awaits) fail(`awaits ${bot.awaits}`);
  const types = new Set(window.outputs.map((o) => o.type.replace('agent.', '')));
  for (const event of list(bot.event)) if (!types.has(event)) fail(`event ${event}`);
}

/** Checks a script's `after` block against the bank. */
export async function checkAfter(
  after: NonNullable<ConvoScript['after']>,
  bank: SqliteBank,
  customerId: string,
  turn: number,
): Promise<void> {
  const accounts = await bank.listAccounts(customerId);
  const cards = await bank.listCards(customerId);
  const movements = (await bank.listMovements(customerId, 1000)).filter((m) => m.status === 'completed');
  const state = () =>
    `balances ${JSON.stringify(Object.fromEntries([...accounts.map((a) => [a.id, formatDecimal(a.balanceMinor, a.currency)]), ...cards.map((c) => [c.id, formatDecimal(c.balanceMinor, c.currency)])]))}; movements ${movements.length}`;
  for (const [id, expected] of Object.entries(after.balances ?? {})) {
    const account = accounts.find((a) => a.id === id);
    const card = cards.find((c) => c.id === id);
    const item = account ?? card;
    if (!item) throw new Mismatch(turn, `after.balances: an account or card "${id}"`, state());
    const want = parseDecimal(expected, item.currency);
    if (!want.ok || want.value !== item.balanceMinor)
      throw new Mismatch(turn, `after.balances.${id} = ${expected}`, state());
  }
  if (after.movements !== undefined && movements.length !== after.movements) {
    throw new Mismatch(turn, `after.movements = ${after.movements}`, state());
  }
  for (const [id, expected] of Object.entries(after.moved ?? {})) {
    const total = movements
      .filter((m) => 'id' in m.to && m.to.id === id)
      .reduce((s, m) => s + m.credited.amountMinor, 0);
    const currency =
      movements.find((m) => 'id' in m.to && m.to.id === id)?.credited.currency ??
      accounts[0]?.currency ??
      'USD';
    const want = parseDecimal(expected, currency);
    if (!want.ok || want.value !== total)
      throw new Mismatch(
        turn,
        `after.moved.${id} = ${expected}`,
        `moved ${formatDecimal(total, currency)}; ${state()}`,
      );
  }
  for (const [id, expected] of Object.entries(after.cards ?? {})) {
    const card = cards.find((c) => c.id === id);
    if (card?.status !== expected.status)
      throw new Mismatch(
        turn,
        `after.cards.${id}.status = ${expected.status}`,
        `status ${card?.status ?? 'no such card'}`,
      );
  }
}
