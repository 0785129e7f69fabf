import { createHash } from 'node:crypto';
import { assign, enqueueActions, fromPromise, sendParent, setup } from 'xstate';
import { unclearAnswer, type Understanding } from '../../nlu/index.ts';
import { canonicalJson, isTellerError, type Lang } from '../../shared/index.ts';
import type { Idempotent } from '../../bank/index.ts';
import type { CustomerSnapshot } from '../customer.ts';
import type { Awaits, Say } from '../types.ts';
import {
  advance,
  applyUtterance,
  choose,
  INITIAL_STATE,
  pickByReading,
  pickOption,
  repick,
  slotContextOf,
  stepBack,
  type Step,
  type TaskState,
} from './engine.ts';
import type { ExecuteRequest, Outcome, SlotValues, TaskSpec } from './spec.ts';

/** What a task machine starts from. */
export interface TaskInput {
  readonly utterance: Understanding;
  readonly snapshot: CustomerSnapshot;
  readonly lang: Lang;
  /** Idempotency keys are `${keyPrefix}:${attempt}`: unique per task, stable across a restore. */
  readonly keyPrefix: string;
  readonly customerId: string;
  /**
   * Requests of this session the bank never answered (they may have committed). The same request
   * asked again goes with its first key, so the core replays it instead of doing it twice.
   */
  readonly uncertain: readonly UncertainRequest[];
}

/** A bank call with no answer: which request (a digest of intent and values) under which key. */
export interface UncertainRequest {
  readonly request: string;
  readonly key: string;
}

/**
 * The request a bank call makes, as a digest of its intent and slot values (keys sorted): equal for
 * the same transfer asked again, and no account number or PIN kept in the session in clear.
 */
export function requestDigest(intent: string, values: SlotValues): string {
  return createHash('sha256')
    .update(canonicalJson([intent, values]))
    .digest('base64url');
}

export type TaskEvent =
  | { readonly type: 'task.input'; readonly utterance: Understanding }
  | {
      readonly type: 'task.stepup.result';
      readonly ok: boolean;
      readonly reason: 'failed' | 'cancelled' | 'passed';
      /** When passed: the proof for the bank, issued for the request `task.stepup.needed` named. */
      readonly proof?: string;
    }
  | { readonly type: 'task.cancel' }
  | { readonly type: 'task.back' }
  | { readonly type: 'task.restart' }
  | { readonly type: 'task.language'; readonly lang: Lang };

/** Messages a task sends its session. */
export type TaskToSession =
  | {
      readonly type: 'task.say';
      readonly says: readonly Say[];
      readonly awaits: Awaits;
      readonly noMatch?: boolean;
    }
  /** A step-up is needed before this bank call (its proof names the request, key and all). */
  | { readonly type: 'task.stepup.needed'; readonly request: Idempotent }
  /** The customer said yes: the bank call is on its way (the session's no-input timer waits for it). */
  | { readonly type: 'task.executing' };

export interface TaskOutput {
  readonly intent: string;
  readonly status: 'done' | 'cancelled' | 'failed' | 'refused';
  readonly says: readonly Say[];
  readonly values: SlotValues;
  readonly changedBank: boolean;
  /**
   * The bank call's request and key, when one was made: `answered` false when the bank never
   * answered (the session keeps it for a retry), true when it did (a kept one is settled).
   */
  readonly call?: UncertainRequest & { readonly answered: boolean };
}

interface TaskContext {
  readonly input: Omit<TaskInput, 'utterance'>;
  readonly lang: Lang;
  readonly task: TaskState;
  readonly step: Step | undefined;
  readonly attempt: number;
  /** The executing bank call's request digest and idempotency key (kept for a restore's re-run). */
  readonly call: UncertainRequest | undefined;
  /** The step-up proof for `call.key`, when the customer passed one. */
  readonly proof: string | undefined;
  readonly answered: boolean;
  readonly final: readonly Say[];
  readonly status: TaskOutput['status'];
  readonly changedBank: boolean;
}

/** "… too", "… as well", "也…": something more, not instead. */
const AS_WELL = /\b(too|as well)\b|也要|也帮我|一起/i;

/** The fulfilment actor: provided by the session with its BankingCore (see createTaskMachine). */
export type ExecuteActorInput = { readonly intent: string } & ExecuteRequest;

/**
 * Generates the XState machine of a task intent from its declarative spec:
 *
 *   collecting ⇄ (slot prompts, disambiguation, validation) → confirming → [steppingUp] → executing → done
 *
 * with cancel / back / start over from any waiting state, and `unavailable` → done when a slot cannot
 * be filled at all (the step that says why is the task's last word, not a question). Slot logic is
 * engine.ts's pure functions; the bank call is an invoked promise actor keyed by an idempotency key
 * kept in context, so a restored snapshot that re-runs it replays instead of moving money twice.
 */
export function createTaskMachine(spec: TaskSpec, execute: (input: ExecuteActorInput) => Promise<Outcome>) {
  const stepEvent = (step: Step, noMatch = false): TaskToSession => ({
    type: 'task.say',
    says: step.says,
    awaits: step.awaits,
    ...(noMatch ? { noMatch: true } : {}),
  });

  /** A correction applied (the changed request read back, or why it cannot change and the same one). */
  const corrected = (context: TaskContext, utterance: Understanding) => {
    const { snapshot } = context.input;
    const applied = applyUtterance(spec, context.task, utterance, snapshot, context.lang);
    const step = advance(spec, applied.state, snapshot, context.lang, applied.problems);
    return { task: step.state, step };
  };

  /** The read-back again, after `key` ("Please say yes or no.", "I'll only go ahead on a clear yes"). */
  const readBackAgain = (context: TaskContext, key: string, noMatch: boolean): TaskToSession => {
    const ctx = slotContextOf(context.task, context.input.snapshot, context.lang);
    return stepEvent(
      { state: context.task, says: [{ key }, spec.readBack(ctx)], awaits: 'confirmation' },
      noMatch,
    );
  };

  return setup({
    types: {
      context: {} as TaskContext,
      events: {} as TaskEvent,
      input: {} as TaskInput,
      output: {} as TaskOutput,
    },
    actors: {
      execute: fromPromise<Outcome, ExecuteActorInput>(({ input }) => execute(input)),
    },
    guards: {
      confirming: ({ context }) => context.task.phase === 'confirming',
      ended: ({ context }) => context.task.phase === 'ended',
      needsStepUp: ({ context }) =>
        spec.needsStepUp(slotContextOf(context.task, context.input.snapshot, context.lang)),
    },
  }).createMachine({
    id: spec.intent,
    context: ({ input }) => {
      const { utterance, ...rest } = input;
      const applied = applyUtterance(spec, INITIAL_STATE, utterance, input.snapshot, input.lang);
      const step = advance(spec, applied.state, input.snapshot, input.lang, applied.problems);
      return {
        input: rest,
        lang: input.lang,
        task: step.state,
        step,
        attempt: 0,
        call: undefined,
        proof: undefined,
        answered: false,
        final: [],
        status: 'cancelled',
        changedBank: false,
      };
    },
    initial: 'route',
    states: {
      route: {
        entry: enqueueActions(({ context, enqueue }) => {
          if (context.step && context.task.phase !== 'ended') enqueue.sendParent(stepEvent(context.step));
        }),
        always: [
          { guard: 'ended', target: 'unavailable' },
          { guard: 'confirming', target: 'confirming' },
          { target: 'collecting' },
        ],
      },
      collecting: {
        on: {
          'task.input': {
            actions: enqueueActions(({ context, event, enqueue }) => {
              const { snapshot } = context.input;
              let task = context.task;
              const d = task.disambiguation;
              if (d) {
                const picked =
                  pickOption(d, event.utterance) ??
                  pickByReading(spec, task, event.utterance, snapshot, context.lang);
                if (picked) task = choose(task, picked);
                else {
                  const again = advance(spec, task, snapshot, context.lang, [{ key: 'no.match.slot' }]);
                  enqueue.sendParent(stepEvent(again, true));
                  return;
                }
                const step = advance(spec, task, snapshot, context.lang);
                enqueue.assign({ task: step.state, step });
                if (step.state.phase !== 'ended') enqueue.sendParent(stepEvent(step));
                return;
              }
              const applied = applyUtterance(spec, task, event.utterance, snapshot, context.lang);
              if (!applied.changed && applied.problems.length === 0) {
                const again = advance(spec, task, snapshot, context.lang, [{ key: 'no.match.slot' }]);
                enqueue.sendParent(stepEvent(again, true));
                return;
              }
              const step = advance(spec, applied.state, snapshot, context.lang, applied.problems);
              enqueue.assign({ task: step.state, step });
              if (step.state.phase !== 'ended') enqueue.sendParent(stepEvent(step));
            }),
          },
        },
        always: [
          { guard: 'ended', target: 'unavailable' },
          { guard: 'confirming', target: 'confirming' },
        ],
      },
      confirming: {
        on: {
          'task.input': [
            {
              // "No, the other one" after "which card?": the other option, read back.
              guard: ({ context, event }) => repick(context.task, event.utterance) !== undefined,
              target: 'route',
              actions: assign(({ context, event }) => {
                const id = repick(context.task, event.utterance) ?? '';
                const { picked } = context.task;
                const task = choose({ ...context.task, disambiguation: picked }, id);
                const step = advance(spec, task, context.input.snapshot, context.lang);
                return { task: step.state, step };
              }),
            },
            {
              // A correction at the read-back ("no, make it 300"): the slot changes, a new read-back
              // follows. Not something asked for as well ("yes but freeze the debit card too"):
              // that is a second request, and the read-back is asked again as it is.
              guard: ({ context, event }) =>
                !AS_WELL.test(event.utterance.text) &&
                applyUtterance(spec, context.task, event.utterance, context.input.snapshot, context.lang)
                  .changed,
              target: 'route',
              actions: assign(({ context, event }) => corrected(context, event.utterance)),
            },
            {
              // A correction that cannot be taken ("yes, send it to mallory", "yes, from my car loan",
              // "yes, make it 12.345"): never consent to what was read back. Its problem, then the read-back.
              guard: ({ context, event }) =>
                applyUtterance(spec, context.task, event.utterance, context.input.snapshot, context.lang)
                  .problems.length > 0,
              actions: enqueueActions(({ context, event, enqueue }) => {
                const { problems } = applyUtterance(
                  spec,
                  context.task,
                  event.utterance,
                  context.input.snapshot,
                  context.lang,
                );
                const ctx = slotContextOf(context.task, context.input.snapshot, context.lang);
                enqueue.sendParent(
                  stepEvent({
                    state: context.task,
                    says: [...problems, spec.readBack(ctx)],
                    awaits: 'confirmation',
                  }),
                );
              }),
            },
            {
              // "I'm not sure", "maybe", "are you sure": never consent; the read-back is asked again.
              guard: ({ event }) => unclearAnswer(event.utterance),
              actions: enqueueActions(({ context, enqueue }) =>
                enqueue.sendParent(readBackAgain(context, 'confirm.unsure', false)),
              ),
            },
            { guard: ({ event }) => event.utterance.intent === 'dialog.affirm', target: 'affirmed' },
            {
              guard: ({ event }) => event.utterance.intent === 'dialog.deny',
              target: 'cancelled',
            },
            {
              actions: enqueueActions(({ context, enqueue }) =>
                enqueue.sendParent(readBackAgain(context, 'confirm.yes.no', true)),
              ),
            },
          ],
        },
      },
      // The bank call's key is settled at the yes, before any step-up: the proof names it.
      affirmed: {
        entry: assign(({ context }) => {
          const attempt = context.attempt + 1;
          const request = requestDigest(spec.intent, context.task.values);
          const earlier = context.input.uncertain.find((u) => u.request === request);
          return {
            attempt,
            proof: undefined,
            call: { request, key: earlier?.key ?? `${context.input.keyPrefix}:${attempt}` },
          };
        }),
        always: [{ guard: 'needsStepUp', target: 'steppingUp' }, { target: 'executing' }],
      },
      steppingUp: {
        entry: sendParent(
          ({ context }) =>
            ({
              type: 'task.stepup.needed',
              request: spec.request({
                customerId: context.input.customerId,
                values: context.task.values,
                snapshot: context.input.snapshot,
                idempotencyKey: context.call?.key ?? '',
              }),
            }) satisfies TaskToSession,
        ),
        on: {
          // A correction said while the step-up is open ("send it to bob li instead"): the step-up
          // is dropped, and the read-back of the changed request (or of the same one, with why the
          // change cannot be made) asks again. A yes then steps up for the new request.
          'task.input': {
            target: 'route',
            actions: assign(({ context, event }) => ({
              ...corrected(context, event.utterance),
              call: undefined,
            })),
          },
          'task.stepup.result': [
            {
              guard: ({ event }) => event.ok,
              target: 'executing',
              actions: assign(({ event }) => ({ proof: event.proof })),
            },
            {
              target: 'done',
              actions: assign(({ event }) => ({
                status: 'failed' as const,
                final: [
                  {
                    key: `stepup.${event.reason === 'cancelled' ? 'cancelled' : 'failed'}${spec.kind === 'change' ? '.change' : ''}`,
                  },
                ],
              })),
            },
          ],
        },
      },
      executing: {
        tags: ['busy'],
        entry: sendParent({ type: 'task.executing' } satisfies TaskToSession),
        invoke: {
          src: 'execute',
          input: ({ context }) => ({
            intent: spec.intent,
            customerId: context.input.customerId,
            values: context.task.values,
            snapshot: context.input.snapshot,
            idempotencyKey: context.call?.key ?? `${context.input.keyPrefix}:${context.attempt}`,
            ...(context.proof ? { stepUp: context.proof } : {}),
          }),
          onDone: {
            target: 'done',
            actions: assign(({ event }) => ({
              status: event.output.ok ? ('done' as const) : ('refused' as const),
              // A replay: the call the bank did not answer before had gone through; nothing more moved.
              final:
                event.output.ok && event.output.replayed
                  ? [{ key: 'task.already_done' }, event.output.say]
                  : [event.output.say],
              changedBank: event.output.ok,
              answered: true,
            })),
          },
          onError: {
            target: 'done',
            // A core that never answered may have committed: say so, never "nothing was done".
            actions: assign(({ event }) => ({
              status: 'failed' as const,
              final: [
                {
                  key:
                    isTellerError(event.error) && event.error.code === 'TELLER_ERR_BANK_UNAVAILABLE'
                      ? 'task.unknown_outcome'
                      : 'task.error',
                },
              ],
              answered: !(isTellerError(event.error) && event.error.code === 'TELLER_ERR_BANK_UNAVAILABLE'),
            })),
          },
        },
      },
      // Nothing can fill a slot: what the step said is the task's outcome, and nothing was done.
      unavailable: {
        always: {
          target: 'done',
          actions: assign(({ context }) => ({ status: 'refused' as const, final: context.step?.says ?? [] })),
        },
      },
      cancelled: {
        always: {
          target: 'done',
          actions: assign({
            status: 'cancelled' as const,
            final: [{ key: spec.kind === 'change' ? 'cancelled.change' : 'cancelled' }],
          }),
        },
      },
      done: { type: 'final' },
    },
    on: {
      'task.cancel': { target: '.cancelled' },
      // The pending question again in the new language, its labels rendered anew ("活期账户（尾号1234）",
      // not "Everyday Checking ending 1234" inside a Mandarin read-back).
      'task.language': {
        actions: enqueueActions(({ context, event, enqueue }) => {
          const step = advance(spec, context.task, context.input.snapshot, event.lang, [
            { key: `switched.${event.lang}` },
          ]);
          enqueue.assign({ lang: event.lang, task: step.state, step });
          enqueue.sendParent(stepEvent(step));
        }),
      },
      'task.back': {
        target: '.route',
        actions: assign(({ context }) => {
          const step = stepBack(spec, context.task, context.input.snapshot, context.lang) ?? {
            state: context.task,
            says: [{ key: 'nothing.to.go.back' }, ...(context.step?.says.slice(-1) ?? [])],
            awaits: context.step?.awaits ?? 'nothing',
          };
          return { task: step.state, step };
        }),
      },
      'task.restart': {
        target: '.route',
        actions: assign(({ context }) => {
          const step = advance(spec, INITIAL_STATE, context.input.snapshot, context.lang);
          return { task: step.state, step };
        }),
      },
    },
    output: ({ context }) => ({
      intent: spec.intent,
      status: context.status,
      says: context.final,
      values: context.task.values,
      changedBank: context.changedBank,
      ...(context.call ? { call: { ...context.call, answered: context.answered } } : {}),
    }),
  });
}

export type TaskMachine = ReturnType<typeof createTaskMachine>;
