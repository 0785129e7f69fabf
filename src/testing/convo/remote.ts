import WebSocket from 'ws';
import type { AgentOutput } from '../../dialog/index.ts';
import { parseDecimal, type CurrencyCode } from '../../shared/index.ts';
import { SoftwareAuthenticator } from '../software-authenticator.ts';
import { check, Mismatch, type ScriptResult, type Window } from './runner.ts';
import type { ConvoScript } from './script.ts';

type Message = Record<string, unknown> & { type: string };

/** The server's messages as the `bot` checks see them (AgentOutputs and the NLU reading). */
function toOutput(m: Message): AgentOutput | undefined {
  switch (m.type) {
    case 'agent.say':
      return {
        type: 'agent.say',
        text: String(m['text']),
        lang: m['lang'] === 'zh' ? 'zh' : 'en',
        rate: Number(m['rate']),
        awaits: String(m['awaits']) as 'nothing',
      };
    case 'stepup.challenge':
      return m['method'] === 'pin'
        ? { type: 'agent.stepup', method: 'pin' }
        : {
            type: 'agent.stepup',
            method: 'webauthn',
            options: (m['options'] ?? {}) as Record<string, unknown>,
          };
    case 'handoff':
      return {
        type: 'agent.handoff',
        reason: String(m['reason']),
        summary: { intent: undefined, slots: {}, verified: false, reason: String(m['reason']) },
      };
    case 'session.end':
      return { type: 'agent.end', reason: 'goodbye' };
    case 'error':
      return { type: 'agent.error', code: String(m['code']), message: String(m['message']) };
    default:
      return undefined;
  }
}

/** One app-protocol connection driven by a script. */
class RemoteSession {
  private readonly queue: Message[] = [];
  private waiter: (() => void) | undefined;
  closed = false;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.queue.push(JSON.parse((data as Buffer).toString('utf8')) as Message);
      this.waiter?.();
    });
    ws.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Collects messages until one of `type` arrives (inclusive), or the connection closes, or timeout. */
  async until(type: string, timeoutMs = 30_000): Promise<Message[]> {
    const out: Message[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.queue.shift();
      if (m) {
        out.push(m);
        if (m.type === type) return out;
        continue;
      }
      if (this.closed || Date.now() > deadline) return out;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
      this.waiter = undefined;
    }
  }

  /** Everything that arrives within `ms`. */
  async during(ms: number): Promise<Message[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.queue.splice(0);
  }
}

/**
 * Runs one script against a live sandbox server over the app protocol (`teller test --url`): the
 * session gets its own fresh bank from the script's world (session.start's `sandbox` extension), the
 * script's step-ups are answered by a software authenticator registered for that session, silences
 * are waited out in real time, and `after` is checked against the session bank's `sandbox.state`.
 */
export async function runScriptRemote(script: ConvoScript, url: string, file = ''): Promise<ScriptResult> {
  const started = performance.now();
  const base = { file, name: script.name, turns: script.turns.length };
  const http = new URL(url.replace(/^ws/, 'http'));
  const origin = `${http.protocol}//${http.host}`;
  const tokenResponse = await fetch(
    `${origin}/v1/demo/token?customer=${script.lang === 'zh' ? 'wei' : 'alice'}`,
  );
  if (!tokenResponse.ok) {
    return {
      ...base,
      ok: false,
      failure: {
        turn: 0,
        expected: 'a sandbox server (GET /v1/demo/token)',
        actual: `HTTP ${tokenResponse.status}`,
      },
      durationMs: 0,
    };
  }
  const { token } = (await tokenResponse.json()) as { token: string };
  const ws = new WebSocket(url, ['teller.v1', `bearer.${token}`]);
  const opened = await new Promise<string | undefined>((resolve) => {
    ws.once('open', () => resolve(undefined));
    ws.on('error', (error) => resolve(error.message));
  });
  if (opened)
    return {
      ...base,
      ok: false,
      failure: { turn: 0, expected: 'a WebSocket session', actual: opened },
      durationMs: 0,
    };
  const session = new RemoteSession(ws);
  const device = SoftwareAuthenticator.create();
  const credential = device.deviceCredential('remote');
  try {
    session.send({
      type: 'session.start',
      lang: script.lang,
      sandbox: {
        ...(script.world ? { world: script.world } : {}),
        device: {
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        },
        channel: script.channel,
        noInputMs: 6_000,
      },
    });
    const window: Window = { outputs: [], understanding: undefined };
    let awaits = 'nothing';
    let lastChallenge: Record<string, unknown> | undefined;
    let lastAssertion: unknown;
    let pin = '0000';
    const absorb = (messages: Message[]) => {
      for (const m of messages) {
        if (m.type === 'session.started') continue;
        if (m.type === 'turn.done') awaits = String(m['awaits']);
        if (m.type === 'agent.say') awaits = String(m['awaits']);
        if (m.type === 'nlu.result') {
          window.understanding = {
            intent: String(m['intent']),
            confidence: Number(m['confidence']),
            entities: {},
            normalized: (m['entities'] ?? {}) as Record<string, string>,
          };
        }
        if (m.type === 'stepup.challenge' && m['method'] === 'webauthn')
          lastChallenge = m['options'] as Record<string, unknown>;
        if (m.type === 'error' && m['fatal'] === true)
          throw new Mismatch(0, 'a running session', `${String(m['code'])}: ${String(m['message'])}`);
        const o = toOutput(m);
        if (o) window.outputs.push(o);
      }
    };
    absorb(await session.until('turn.done'));
    if (script.channel === 'phone' && script.world) {
      const customer = (script.world as { customer?: { pin?: string } }).customer;
      pin = customer?.pin ?? pin;
    } else if (script.channel === 'phone') pin = script.lang === 'zh' ? '1357' : '2468';
    let turn = 0;
    const turnOf = async (message: unknown) => {
      session.send(message);
      absorb(await session.until('turn.done'));
    };
    for (const step of script.turns) {
      turn++;
      if ('bot' in step) {
        check(step.bot, window, awaits, turn);
        continue;
      }
      window.outputs.length = 0;
      window.understanding = undefined;
      if ('user' in step) await turnOf({ type: 'text', text: step.user });
      else if ('dtmf' in step) await turnOf({ type: 'dtmf', digits: step.dtmf });
      else if ('silence' in step) absorb(await session.during(step.silence * 1000 + 300));
      else if ('stepup' in step) {
        if (script.channel === 'phone') {
          const wrong = pin.replace(/.$/, (d) => String((Number(d) + 1) % 10));
          const text =
            step.stepup === 'pass'
              ? pin.split('').join(' ')
              : step.stepup === 'cancel'
                ? 'cancel'
                : wrong.split('').join(' ');
          await turnOf({ type: 'text', text });
        } else if (step.stepup === 'cancel') await turnOf({ type: 'stepup.cancel' });
        else if (step.stepup === 'replay')
          await turnOf({ type: 'stepup.assertion', response: lastAssertion ?? {} });
        else {
          const options = (lastChallenge ?? { challenge: '' }) as unknown as Parameters<
            SoftwareAuthenticator['assert']
          >[0];
          const response =
            step.stepup === 'pass' ? device.assert(options, { origin }) : device.forge(options, { origin });
          if (step.stepup === 'pass') lastAssertion = response;
          await turnOf({ type: 'stepup.assertion', response });
        }
      }
    }
    if (script.after) {
      if (session.closed)
        throw new Mismatch(
          turn + 1,
          'an open session to read the bank after the script',
          'the server closed the session',
        );
      session.send({ type: 'sandbox.state' });
      const [state] = (await session.until('sandbox.state')).filter((m) => m.type === 'sandbox.state');
      checkRemoteAfter(script.after, state, turn + 1);
    }
    return { ...base, ok: true, durationMs: performance.now() - started };
  } catch (error) {
    if (error instanceof Mismatch)
      return {
        ...base,
        ok: false,
        failure: { turn: error.turn, expected: error.expected, actual: error.actual },
        durationMs: performance.now() - started,
      };
    return {
      ...base,
      ok: false,
      failure: { turn: 0, expected: 'no error', actual: String(error) },
      durationMs: performance.now() - started,
    };
  } finally {
    ws.close();
  }
}

interface RemoteState {
  accounts: { id: string; balance: string; currency: string }[];
  cards: { id: string; balance: string; currency: string; status: string }[];
  movements: { id: string; to: string; amount: string; currency: string; credited: string; status: string }[];
}

function checkRemoteAfter(
  after: NonNullable<ConvoScript['after']>,
  raw: Message | undefined,
  turn: number,
): void {
  if (!raw) throw new Mismatch(turn, 'sandbox.state from the server', 'nothing');
  const state = raw as unknown as RemoteState;
  const show = () =>
    JSON.stringify({ accounts: state.accounts, cards: state.cards, movements: state.movements.length });
  const same = (a: string, b: string, currency: string) => {
    const x = parseDecimal(a, currency as CurrencyCode);
    const y = parseDecimal(b, currency as CurrencyCode);
    return x.ok && y.ok && x.value === y.value;
  };
  for (const [id, expected] of Object.entries(after.balances ?? {})) {
    const item = state.accounts.find((a) => a.id === id) ?? state.cards.find((c) => c.id === id);
    if (!item || !same(item.balance, expected, item.currency))
      throw new Mismatch(turn, `after.balances.${id} = ${expected}`, show());
  }
  const completed = state.movements.filter((m) => m.status === 'completed');
  if (after.movements !== undefined && completed.length !== after.movements)
    throw new Mismatch(turn, `after.movements = ${after.movements}`, show());
  for (const [id, expected] of Object.entries(after.moved ?? {})) {
    const to = completed.filter((m) => m.to === id);
    const currency = to[0]?.currency ?? 'USD';
    const total = to.reduce((s, m) => {
      const v = parseDecimal(m.credited, currency as CurrencyCode);
      return s + (v.ok ? v.value : 0);
    }, 0);
    const want = parseDecimal(expected, currency as CurrencyCode);
    if (!want.ok || want.value !== total) throw new Mismatch(turn, `after.moved.${id} = ${expected}`, show());
  }
  for (const [id, expected] of Object.entries(after.cards ?? {})) {
    const card = state.cards.find((c) => c.id === id);
    if (card?.status !== expected.status)
      throw new Mismatch(turn, `after.cards.${id}.status = ${expected.status}`, show());
  }
}
