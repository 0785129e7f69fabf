import { assign, enqueueActions, fromPromise, setup } from 'xstate';
import type { BankingCore, GeoPoint, Idempotent, PhonePinCheck, StepUpMethod } from '../../bank/index.ts';
import type { IntentSpec, Understanding } from '../../nlu/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { Answer, AnswerInput } from '../answers/index.ts';
import { loadSnapshot, type CustomerSnapshot } from '../customer.ts';
import { TASK_SPECS } from '../tasks/index.ts';
import {
  createTaskMachine,
  type TaskOutput,
  type TaskToSession,
  type UncertainRequest,
} from '../tasks/machine.ts';
import type { Outcome } from '../tasks/spec.ts';
import type { Channel, Style } from '../types.ts';
import {
  greeting,
  handoffSummary,
  onAnswer,
  onPinCancelled,
  onPinFailed,
  onPinLocked,
  onPinPassed,
  onSilence,
  onTaskDone,
  onTaskSay,
  onUtterance,
  MAX_NO_INPUT,
  present,
  say,
  sendTask,
  type Effect,
  type SessionContext,
  type SessionEmitted,
} from './effects.ts';
import { requestedLanguage } from './routing.ts';

export interface SessionDeps {
  readonly bank: BankingCore;
  readonly catalogue: ReadonlyMap<string, IntentSpec>;
  readonly answer: (input: AnswerInput) => Promise<Answer>;
  /** Silence after a prompt that counts as one no-input; 0 disables (typed-text clients). */
  readonly noInputMs: number;
  readonly idleTimeoutMs: number;
}

export interface SessionInput {
  readonly sessionId: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly lang: Lang;
  readonly style: Style;
  readonly snapshot: CustomerSnapshot;
  readonly location: GeoPoint | undefined;
  /** Unanswered bank calls from the customer's earlier conversations (TaskInput.uncertain). */
  readonly uncertain?: readonly UncertainRequest[];
}

export type SessionEvent =
  | { readonly type: 'user.utterance'; readonly utterance: Understanding }
  | { readonly type: 'user.pin'; readonly digits: string | undefined; readonly utterance?: Understanding }
  | {
      readonly type: 'stepup.result';
      readonly ok: boolean;
      readonly reason: 'passed' | 'failed' | 'cancelled';
    }
  | { readonly type: 'user.silence' }
  | { readonly type: 'session.idle' }
  | { readonly type: 'session.resumed' }
  /** Voice sessions: the agent's audio started / finished playing (the no-input timer waits for it). */
  | { readonly type: 'prompt.playing' }
  | { readonly type: 'prompt.played' }
  | TaskToSession
  | { readonly type: `xstate.done.actor.${string}`; readonly output: TaskOutput }
  | { readonly type: 'go.answering' }
  | { readonly type: 'go.pin' }
  | { readonly type: 'go.refresh' }
  | { readonly type: 'go.end' }
  | { readonly type: 'go.handoff' };

/** Entities that change what a task does: said during its step-up, they are a correction. */
const CORRECTING = ['amount', 'payee', 'account', 'toAccount', 'card', 'biller', 'date', 'phone'] as const;

function correctsTask(u: Understanding, taskIntent: string | undefined): boolean {
  return u.intent === taskIntent || CORRECTING.some((key) => u.entities[key] !== undefined);
}

const isCurrentTaskDone = ({ context, event }: { context: SessionContext; event: SessionEvent }) =>
  context.taskId !== undefined && event.type === `xstate.done.actor.${context.taskId}`;
const doneOutput = (event: SessionEvent): TaskOutput => (event as { output: TaskOutput }).output;

/**
 * The session machine: greeting, listening (routing each utterance to session control, the running
 * task, a new task or an answer), answering and refreshing (invoked bank reads), the phone PIN gate,
 * the app's biometric step-up, handoff and end — with parallel no-input and idle timers on the
 * actor's clock. Task machines run as spawned children (`task-<n>`), one at a time. Decisions live
 * in effects.ts as pure functions; `run` applies them.
 */
export function createSessionMachine(deps: SessionDeps) {
  const taskActors = Object.fromEntries(
    [...TASK_SPECS.values()].map((spec) => [
      `task:${spec.intent}`,
      createTaskMachine(spec, (input): Promise<Outcome> => spec.execute(deps.bank, input)),
    ]),
  );
  const isTask = (intent: string) => TASK_SPECS.has(intent);
  /** A proof for the bank that the customer passed a step-up for this very request. */
  const prove = (request: Idempotent, method: StepUpMethod) =>
    deps.bank.stepUpProofs.issue({ request, method }, deps.bank.now());

  return setup({
    types: {
      context: {} as SessionContext,
      events: {} as SessionEvent,
      input: {} as SessionInput,
      emitted: {} as SessionEmitted,
    },
    actors: {
      ...taskActors,
      answer: fromPromise<Answer, AnswerInput>(({ input }) => deps.answer(input)),
      refresh: fromPromise<CustomerSnapshot, { customerId: string }>(({ input }) =>
        loadSnapshot(deps.bank, input.customerId),
      ),
      verifyPin: fromPromise<PhonePinCheck, { customerId: string; digits: string }>(({ input }) =>
        deps.bank.verifyPhonePin(input.customerId, input.digits),
      ),
    },
    actions: {
      run: enqueueActions(({ enqueue }, params: { effects: readonly Effect[] }) => {
        for (const e of params.effects) {
          switch (e.kind) {
            case 'assign':
              enqueue.assign(e.values);
              break;
            case 'raise':
              enqueue.raise({ type: e.type });
              break;
            case 'emit':
              enqueue.emit(e.event);
              break;
            case 'sendTask':
              enqueue.sendTo(e.id, e.event);
              break;
            case 'spawnTask':
              // Task actors are registered by key (`task:<intent>`) so snapshots can restore them; the
              // keys come from TASK_SPECS at run time, which XState's literal key types cannot see.
              enqueue.spawnChild(`task:${e.intent}` as never, { id: e.id, input: e.input });
              break;
            case 'stopTask':
              enqueue.stopChild(e.id);
              break;
          }
        }
      }),
    },
    delays: {
      NO_INPUT: () => deps.noInputMs,
      IDLE: () => deps.idleTimeoutMs,
    },
    guards: {
      noInputEnabled: () => deps.noInputMs > 0,
    },
  }).createMachine({
    id: 'session',
    context: ({ input }) => ({
      ...input,
      rate: input.style === 'elderly' ? 0.8 : 1,
      verified: false,
      pinFailures: 0,
      noInput: 0,
      noMatch: 0,
      awaits: 'nothing',
      lastPrompt: [],
      held: undefined,
      taskIntent: undefined,
      taskId: undefined,
      taskSeq: 0,
      uncertain: input.uncertain ?? [],
      stepUpFor: undefined,
      pendingAnswer: undefined,
      handoffOffered: false,
      suggested: undefined,
      lastIntent: undefined,
      handoffReason: 'customer_request',
      endReason: 'goodbye',
    }),
    type: 'parallel',
    states: {
      dialog: {
        initial: 'greeting',
        states: {
          greeting: {
            entry: { type: 'run', params: ({ context }) => ({ effects: greeting(context) }) },
            always: 'listening',
          },
          listening: {
            on: {
              'user.utterance': {
                actions: {
                  type: 'run',
                  params: ({ context, event }) => ({
                    effects: onUtterance(context, event.utterance, deps.catalogue, isTask),
                  }),
                },
              },
              'user.pin': {
                actions: {
                  type: 'run',
                  params: ({ context, event }) => ({
                    effects: event.utterance
                      ? onUtterance(context, event.utterance, deps.catalogue, isTask)
                      : [],
                  }),
                },
              },
              'task.say': {
                actions: {
                  type: 'run',
                  params: ({ context, event }) => ({
                    effects: onTaskSay(context, event.says, event.awaits, event.noMatch === true),
                  }),
                },
              },
              'task.stepup.needed': [
                {
                  // The phone PIN, checked earlier in this call, is the phone channel's step-up.
                  guard: ({ context }) => context.channel === 'phone' && context.verified,
                  actions: {
                    type: 'run',
                    params: ({ context, event }) => ({
                      effects: sendTask(context, {
                        type: 'task.stepup.result',
                        ok: true,
                        reason: 'passed',
                        proof: prove(event.request, 'pin'),
                      }),
                    }),
                  },
                },
                {
                  guard: ({ context }) => context.channel === 'phone',
                  target: 'pin',
                  actions: assign(({ event }) => ({
                    held: { says: [], awaits: 'stepup', stepUp: true },
                    stepUpFor: event.request,
                  })),
                },
                { target: 'stepup', actions: assign(({ event }) => ({ stepUpFor: event.request })) },
              ],
              'xstate.done.actor.*': {
                guard: isCurrentTaskDone,
                actions: {
                  type: 'run',
                  params: ({ context, event }) => ({ effects: onTaskDone(context, doneOutput(event)) }),
                },
              },
              'go.answering': 'answering',
              'go.pin': 'pin',
              'go.refresh': 'refreshing',
            },
          },
          answering: {
            tags: ['busy'],
            invoke: {
              src: 'answer',
              input: ({ context }: { context: SessionContext }): AnswerInput => ({
                intent: context.pendingAnswer?.intent ?? 'dialog.help',
                utterance: context.pendingAnswer?.utterance as Understanding,
                snapshot: context.snapshot,
                lang: context.lang,
                bank: deps.bank,
                customerId: context.customerId,
                nowMs: deps.bank.now(),
                location: context.location,
              }),
              onDone: {
                target: 'listening',
                actions: {
                  type: 'run',
                  params: ({ context, event }) => ({
                    effects: onAnswer(context, event.output.says, event.output.offerHandoff === true),
                  }),
                },
              },
              onError: {
                target: 'listening',
                actions: {
                  type: 'run',
                  params: ({ context }) => ({
                    effects: present(context, [{ key: 'task.error' }], context.awaits),
                  }),
                },
              },
            },
          },
          refreshing: {
            tags: ['busy'],
            invoke: {
              src: 'refresh',
              input: ({ context }) => ({ customerId: context.customerId }),
              onDone: { target: 'listening', actions: assign({ snapshot: ({ event }) => event.output }) },
              onError: { target: 'listening' },
            },
          },
          pin: {
            entry: {
              type: 'run',
              params: ({ context }) => ({
                effects: [
                  { kind: 'emit', event: { type: 'out.stepup', method: 'pin' } },
                  ...say(context, [{ key: 'pin.ask' }], 'stepup'),
                ] satisfies Effect[],
              }),
            },
            on: {
              'user.pin': [
                {
                  guard: ({ event }) => event.digits !== undefined && event.digits.length >= 4,
                  target: 'pinChecking',
                },
                {
                  guard: ({ event }) =>
                    event.utterance?.intent === 'dialog.cancel' || event.utterance?.intent === 'dialog.deny',
                  target: 'listening',
                  actions: { type: 'run', params: ({ context }) => ({ effects: onPinCancelled(context) }) },
                },
                {
                  guard: ({ event }) => event.utterance?.intent === 'dialog.agent',
                  actions: assign({ handoffReason: 'customer_request' }),
                  target: 'handedOff',
                },
                { guard: ({ event }) => event.utterance?.intent === 'dialog.goodbye', target: 'ended' },
                {
                  // "Speak Chinese please" at the PIN prompt: asked again in that language, and
                  // whatever waits for the PIN will be said in it.
                  guard: ({ context, event }) =>
                    event.utterance?.intent === 'dialog.switch_language' &&
                    requestedLanguage(event.utterance, context.lang) !== undefined,
                  target: 'pin',
                  reenter: true,
                  actions: {
                    type: 'run',
                    params: ({ context, event }) => {
                      const lang = event.utterance
                        ? (requestedLanguage(event.utterance, context.lang) ?? context.lang)
                        : context.lang;
                      return {
                        effects: [
                          { kind: 'assign', values: { lang } },
                          ...sendTask(context, { type: 'task.language', lang }),
                        ] satisfies Effect[],
                      };
                    },
                  },
                },
                { target: 'pin', reenter: true },
              ],
              'user.utterance': { target: 'pin', reenter: true },
              'user.silence': [
                {
                  guard: ({ context }) => context.noInput + 1 < MAX_NO_INPUT,
                  target: 'pin',
                  reenter: true,
                  actions: assign({ noInput: ({ context }) => context.noInput + 1 }),
                },
                { actions: { type: 'run', params: ({ context }) => ({ effects: onSilence(context) }) } },
              ],
              'xstate.done.actor.*': {
                guard: isCurrentTaskDone,
                target: 'listening',
                actions: {
                  type: 'run',
                  params: ({ context, event }) => ({
                    effects: onTaskDone({ ...context, held: undefined }, doneOutput(event)),
                  }),
                },
              },
            },
          },
          pinChecking: {
            tags: ['busy'],
            invoke: {
              src: 'verifyPin',
              input: ({ context, event }) => ({
                customerId: context.customerId,
                digits: event.type === 'user.pin' ? (event.digits ?? '') : '',
              }),
              onDone: [
                {
                  guard: ({ event }) => event.output === 'ok',
                  target: 'listening',
                  actions: {
                    type: 'run',
                    params: ({ context }) => ({
                      effects: onPinPassed(
                        context,
                        context.held?.stepUp && context.stepUpFor
                          ? prove(context.stepUpFor, 'pin')
                          : undefined,
                      ),
                    }),
                  },
                },
                {
                  // Too many wrong PINs in a row, in this call or earlier ones: a person takes over.
                  guard: ({ event }) => event.output === 'locked',
                  target: 'pinWaiting',
                  actions: { type: 'run', params: ({ context }) => ({ effects: onPinLocked(context) }) },
                },
                {
                  target: 'pinWrong',
                  actions: { type: 'run', params: ({ context }) => ({ effects: onPinFailed(context) }) },
                },
              ],
              onError: { target: 'pin' },
            },
          },
          pinWrong: {
            always: [
              {
                guard: ({ context }) =>
                  context.handoffReason === 'pin_failed' &&
                  context.held === undefined &&
                  context.pinFailures >= 3,
                target: 'handedOff',
              },
              { target: 'pinWaiting' },
            ],
          },
          pinWaiting: {
            on: {
              'user.pin': [
                {
                  guard: ({ event }) => event.digits !== undefined && event.digits.length >= 4,
                  target: 'pinChecking',
                },
                {
                  guard: ({ event }) =>
                    event.utterance?.intent === 'dialog.cancel' || event.utterance?.intent === 'dialog.deny',
                  target: 'listening',
                  actions: { type: 'run', params: ({ context }) => ({ effects: onPinCancelled(context) }) },
                },
                { target: 'pin' },
              ],
              'user.utterance': 'pin',
              'user.silence': 'pin',
            },
          },
          stepup: {
            entry: {
              type: 'run',
              params: ({ context }) => ({
                effects: [
                  { kind: 'emit', event: { type: 'out.stepup', method: 'webauthn' } },
                  ...say(context, [{ key: 'stepup.ask' }], 'stepup'),
                ] satisfies Effect[],
              }),
            },
            on: {
              'stepup.result': {
                target: 'listening',
                actions: {
                  type: 'run',
                  params: ({ context, event }) => ({
                    // A verified biometric: the bank's proof for the call it authorises.
                    effects: sendTask(context, {
                      type: 'task.stepup.result',
                      ok: event.ok,
                      reason: event.reason,
                      ...(event.ok && context.stepUpFor
                        ? { proof: prove(context.stepUpFor, 'webauthn') }
                        : {}),
                    }),
                  }),
                },
              },
              'user.utterance': [
                {
                  guard: ({ event }) => ['dialog.cancel', 'dialog.deny'].includes(event.utterance.intent),
                  target: 'listening',
                  actions: {
                    type: 'run',
                    params: ({ context }) => ({
                      effects: sendTask(context, {
                        type: 'task.stepup.result',
                        ok: false,
                        reason: 'cancelled',
                      }),
                    }),
                  },
                },
                {
                  // "Let me talk to a real person" at the biometric prompt: handed off, nothing moves.
                  guard: ({ event }) => event.utterance.intent === 'dialog.agent',
                  target: 'handedOff',
                  actions: assign({ handoffReason: 'customer_request' }),
                },
                {
                  // "Send it to bob li instead": the task drops its step-up and reads the change back.
                  guard: ({ context, event }) => correctsTask(event.utterance, context.taskIntent),
                  target: 'listening',
                  actions: {
                    type: 'run',
                    params: ({ context, event }) => ({
                      effects: sendTask(context, { type: 'task.input', utterance: event.utterance }),
                    }),
                  },
                },
                {
                  actions: {
                    type: 'run',
                    params: ({ context }) => ({
                      effects: say(context, [{ key: 'stepup.remind' }], 'stepup'),
                    }),
                  },
                },
              ],
            },
          },
          handedOff: {
            type: 'final',
            entry: enqueueActions(({ context, self, enqueue }) => {
              const child = context.taskId ? self.getSnapshot().children[context.taskId] : undefined;
              const snapshot = child?.getSnapshot() as
                { context?: { task?: { values?: Record<string, unknown> } } } | undefined;
              const summary = handoffSummary(context, snapshot?.context?.task?.values ?? {});
              const effects: Effect[] = [
                ...(context.taskId ? [{ kind: 'stopTask', id: context.taskId } as const] : []),
                ...say(context, [{ key: 'handoff' }], 'nothing'),
                { kind: 'emit', event: { type: 'out.handoff', reason: context.handoffReason, summary } },
              ];
              enqueue({ type: 'run', params: { effects } });
            }),
          },
          ended: {
            type: 'final',
            entry: {
              type: 'run',
              params: ({ context }) => ({
                effects: [
                  ...(context.taskId ? [{ kind: 'stopTask', id: context.taskId } as const] : []),
                  { kind: 'emit', event: { type: 'out.end', reason: context.endReason } },
                ] satisfies Effect[],
              }),
            },
          },
        },
        on: {
          'go.handoff': '.handedOff',
          'go.end': '.ended',
          'user.silence': {
            actions: { type: 'run', params: ({ context }) => ({ effects: onSilence(context) }) },
          },
          'session.idle': {
            actions: {
              type: 'run',
              params: ({ context }) => ({
                effects: [
                  ...say(context, [{ key: 'idle.end' }], 'nothing'),
                  { kind: 'assign', values: { endReason: 'idle' } },
                  { kind: 'raise', type: 'go.end' },
                ] satisfies Effect[],
              }),
            },
          },
        },
      },
      // The re-armable timers sit one level below their region: a region-level `reenter` transition
      // would re-enter the whole parallel machine (measured with XState 5.33: the greeting ran again).
      timer: {
        initial: 'running',
        states: {
          running: {
            initial: 'armed',
            states: {
              armed: {
                after: {
                  NO_INPUT: {
                    guard: 'noInputEnabled',
                    target: 'armed',
                    reenter: true,
                    actions: enqueueActions(({ enqueue }) => enqueue.raise({ type: 'user.silence' })),
                  },
                },
                on: { 'prompt.playing': 'paused' },
              },
              // While the agent's audio plays, silence is the customer listening, not a no-input.
              paused: { on: { 'prompt.played': 'armed' } },
              // While the bank moves money the customer said yes to, silence is the customer waiting
              // for the answer: no "are you still there?" with the read-back, no hanging up before it.
              // The task's end (xstate.done.actor) re-arms the timer. A session resumed here waits
              // too: its restored task re-runs the bank call (replayed by its idempotency key).
              executing: { on: { 'session.resumed': {} } },
            },
            on: {
              'user.utterance': { target: '.armed', reenter: true },
              'user.pin': { target: '.armed', reenter: true },
              'stepup.result': { target: '.armed', reenter: true },
              'task.say': { target: '.armed', reenter: true },
              'xstate.done.actor.*': { target: '.armed', reenter: true },
              'session.resumed': { target: '.armed', reenter: true },
              'task.executing': '.executing',
            },
          },
        },
      },
      idle: {
        initial: 'running',
        states: {
          running: {
            initial: 'counting',
            states: {
              counting: {
                after: {
                  IDLE: { actions: enqueueActions(({ enqueue }) => enqueue.raise({ type: 'session.idle' })) },
                },
              },
            },
            on: {
              'user.utterance': { target: '.counting', reenter: true },
              'user.pin': { target: '.counting', reenter: true },
              'session.resumed': { target: '.counting', reenter: true },
            },
          },
        },
      },
    },
  });
}

export type SessionMachine = ReturnType<typeof createSessionMachine>;
