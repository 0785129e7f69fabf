import type { GeoPoint, Idempotent } from '../../bank/index.ts';
import { doubtInAnswer, yesOrNo, type IntentSpec, type Understanding } from '../../nlu/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { CustomerSnapshot } from '../customer.ts';
import type { TaskEvent, TaskInput, TaskOutput, UncertainRequest } from '../tasks/machine.ts';
import type { Awaits, Channel, HandoffSummary, Say, Style } from '../types.ts';
import { requestedLanguage, route } from './routing.ts';

/**
 * The session's decisions as pure functions: (context, event) → effects. The machine applies the
 * effects with one typed action (`run`), so every decision here is testable without an actor.
 */
export interface Held {
  readonly says: readonly Say[];
  readonly awaits: Awaits;
  /** The held item is the task's step-up request: released as a passed step-up. */
  readonly stepUp: boolean;
}

export interface SessionContext {
  readonly sessionId: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly lang: Lang;
  readonly style: Style;
  readonly rate: number;
  readonly snapshot: CustomerSnapshot;
  readonly location: GeoPoint | undefined;
  readonly verified: boolean;
  readonly pinFailures: number;
  readonly noInput: number;
  readonly noMatch: number;
  readonly awaits: Awaits;
  /** The question to repeat ("repeat", no-input, language switch). */
  readonly lastPrompt: readonly Say[];
  /** Everything the last turn said ("Your checking balance is … Anything else?"), for "say that again". */
  readonly lastTurn?: readonly Say[];
  readonly held: Held | undefined;
  readonly taskIntent: string | undefined;
  /** The running task actor's id (`task-<seq>`), so a replaced task's late events are ignored. */
  readonly taskId: string | undefined;
  readonly taskSeq: number;
  /** The bank call the pending step-up is for (its proof names the request). */
  readonly stepUpFor: Idempotent | undefined;
  /** Bank calls of this session that got no answer, newest last (see TaskInput.uncertain). */
  readonly uncertain: readonly UncertainRequest[];
  readonly pendingAnswer: { readonly intent: string; readonly utterance: Understanding } | undefined;
  readonly handoffOffered: boolean;
  /**
   * After "Did you mean …?": the intent the NLU ranked first, below its out-of-scope threshold,
   * and the utterance it was read from. A yes acts on that reading; anything else is a new turn.
   */
  readonly suggested: { readonly intent: string; readonly utterance: Understanding } | undefined;
  readonly lastIntent: string | undefined;
  readonly handoffReason: string;
  readonly endReason: 'goodbye' | 'no_input' | 'idle' | 'handoff';
}

/** What the session machine emits; DialogSession renders these into AgentOutputs. */
export type SessionEmitted =
  | {
      readonly type: 'out.say';
      readonly says: readonly Say[];
      readonly awaits: Awaits;
      readonly lang: Lang;
      readonly rate: number;
      readonly elderly: boolean;
    }
  | { readonly type: 'out.stepup'; readonly method: 'webauthn' | 'pin' }
  | { readonly type: 'out.handoff'; readonly reason: string; readonly summary: HandoffSummary }
  | { readonly type: 'out.end'; readonly reason: 'goodbye' | 'no_input' | 'idle' | 'handoff' }
  | { readonly type: 'out.noMatch' };

export type Internal = 'go.answering' | 'go.pin' | 'go.refresh' | 'go.end' | 'go.handoff';

export type Effect =
  | { readonly kind: 'assign'; readonly values: Partial<SessionContext> }
  | { readonly kind: 'raise'; readonly type: Internal }
  | { readonly kind: 'emit'; readonly event: SessionEmitted }
  | { readonly kind: 'sendTask'; readonly id: string; readonly event: TaskEvent }
  | { readonly kind: 'spawnTask'; readonly intent: string; readonly id: string; readonly input: TaskInput }
  | { readonly kind: 'stopTask'; readonly id: string };

export const MAX_NO_MATCH = 3;
export const MAX_NO_INPUT = 3;
export const MAX_PIN_FAILURES = 3;
/** Unanswered bank calls a session remembers for a retry (a core that is down fails them all). */
export const MAX_UNCERTAIN = 16;

/**
 * The NLU confidence from which a request it answered out of scope is offered back as a guess
 * ("Did you mean: pay the credit card?") instead of a flat no-match. Measured on the held-out
 * split with the shipped model (scripts/nlu-suggest.ts; docs/dialog.md, "Did you mean"): of the
 * 1,426 utterances answered out of scope, a guess at 0.2 or more is offered for 515 and right for
 * 237 (0.9% of the in-scope utterances), and 55 of the 837 out-of-scope ones get a question
 * instead of a no-match.
 */
export const SUGGEST_FLOOR = 0.2;

/** Dialog control that asks the pending question again, so a "did you mean …?" still stands. */
const ASKS_AGAIN = new Set(['dialog.repeat', 'dialog.switch_language', 'dialog.slower', 'dialog.wait']);

const GENERIC_EXAMPLE = { en: "what's my balance", zh: '查一下我的余额' } as const;

export function firstName(name: string, lang: Lang): string {
  if (lang === 'zh' || /[\u4e00-\u9fff]/.test(name)) return name;
  return name.split(' ')[0] ?? name;
}

/** Says something now, and remembers its question for "repeat". */
export function say(context: SessionContext, says: readonly Say[], awaits: Awaits): Effect[] {
  if (says.length === 0) return [];
  return [
    { kind: 'assign', values: { awaits, lastPrompt: says.slice(-1), lastTurn: says } },
    {
      kind: 'emit',
      event: {
        type: 'out.say',
        says,
        awaits,
        lang: context.lang,
        rate: context.rate,
        elderly: context.style === 'elderly',
      },
    },
  ];
}

/**
 * Says something, but on the phone holds account data back until the caller has given the PIN. A
 * task's words always count as account data there: a task is about the caller's own payees, cards
 * and accounts ("remove bob li from my payees", "you don't have a frozen card", "say a name like
 * Bob Chen"), and anyone can spoof a caller id.
 */
export function present(
  context: SessionContext,
  says: readonly Say[],
  awaits: Awaits,
  fromTask = false,
): Effect[] {
  if (context.channel === 'phone' && !context.verified && (fromTask || says.some((s) => s.accountData))) {
    return [
      { kind: 'assign', values: { held: { says, awaits, stepUp: false } } },
      { kind: 'raise', type: 'go.pin' },
    ];
  }
  return say(context, says, awaits);
}

export function sendTask(context: SessionContext, event: TaskEvent): Effect[] {
  return context.taskId ? [{ kind: 'sendTask', id: context.taskId, event }] : [];
}

function handoff(reason: string): Effect[] {
  return [
    { kind: 'assign', values: { handoffReason: reason } },
    { kind: 'raise', type: 'go.handoff' },
  ];
}

export function greeting(context: SessionContext): Effect[] {
  const key = context.channel === 'phone' ? 'greeting.phone' : 'greeting';
  return say(
    context,
    [{ key, params: { name: firstName(context.snapshot.customer.name, context.lang) } }],
    'nothing',
  );
}

/** A customer utterance outside the PIN and step-up prompts. */
export function onUtterance(
  context: SessionContext,
  u: Understanding,
  catalogue: ReadonlyMap<string, IntentSpec>,
  isTask: (intent: string) => boolean,
): Effect[] {
  const out: Effect[] = [
    {
      kind: 'assign',
      values: { noInput: 0, lastIntent: u.intent === 'oos' ? context.lastIntent : u.intent },
    },
  ];
  const taskActive = context.taskId !== undefined;
  // After "shall I connect you to a colleague?", an answer that starts with yes ("好，麻烦你了") is
  // one, unless it takes itself back ("好，不用了", "yes but first …"; nlu/repair.ts doubtInAnswer).
  const plainYes = yesOrNo(u.text) === 'yes' && doubtInAnswer(u.text) === undefined;
  if (context.handoffOffered && !taskActive && u.intent !== 'dialog.deny' && plainYes) {
    return [...out, ...handoff('customer_request')];
  }
  const suggested = taskActive ? undefined : context.suggested;
  const forget: Effect = { kind: 'assign', values: { suggested: undefined } };
  if (suggested) {
    // "Did you mean …?" — yes acts on the first reading; a plain no asks again; a request is a request.
    const answer = u.intent === 'dialog.deny' ? 'no' : yesOrNo(u.text);
    if (answer === 'yes' && plainYes && (u.intent === 'dialog.affirm' || u.intent === 'oos')) {
      // The offered intent is a task, answer or FAQ, so its routing resets the no-match count.
      out.push(forget);
      return [
        ...out,
        ...onUtterance({ ...context, suggested: undefined }, suggested.utterance, catalogue, isTask),
      ];
    }
    if (answer === 'no' && (u.intent === 'dialog.deny' || u.intent === 'oos')) {
      return [...out, forget, ...present(context, [{ key: 'suggest.no' }], 'nothing')];
    }
  }
  const r = route(u, catalogue, taskActive, context.awaits, isTask, context.taskIntent);
  // "Say that again", "in Chinese please", "slower" ask the question again: the guess still stands.
  if (context.suggested && !(r.kind === 'control' && ASKS_AGAIN.has(r.intent))) out.push(forget);
  if (r.kind !== 'no.match' && r.kind !== 'task.input') out.push({ kind: 'assign', values: { noMatch: 0 } });
  const repeat = taskActive ? context.lastPrompt : [];
  switch (r.kind) {
    case 'control':
      return [...out, ...control(context, r.intent, u)];
    case 'task.input':
      return [...out, ...sendTask(context, { type: 'task.input', utterance: u })];
    case 'task.start': {
      const seq = context.taskSeq + 1;
      const id = `task-${seq}`;
      if (context.taskId) out.push({ kind: 'stopTask', id: context.taskId });
      out.push({
        kind: 'assign',
        values: { taskIntent: r.intent, taskId: id, taskSeq: seq, handoffOffered: false },
      });
      out.push({
        kind: 'spawnTask',
        intent: r.intent,
        id,
        input: {
          utterance: u,
          snapshot: context.snapshot,
          lang: context.lang,
          keyPrefix: `teller:${context.sessionId}:${seq}`,
          customerId: context.customerId,
          uncertain: context.uncertain,
        },
      });
      return out;
    }
    case 'answer':
      return [
        ...out,
        { kind: 'assign', values: { pendingAnswer: { intent: r.intent, utterance: u } } },
        { kind: 'raise', type: 'go.answering' },
      ];
    case 'affirm':
      return [
        ...out,
        ...(context.handoffOffered
          ? handoff('customer_request')
          : present(context, [{ key: 'what.next' }], 'nothing')),
      ];
    case 'deny':
      // "No thanks" to "anything else?": the customer is done.
      if (context.lastPrompt.at(-1)?.key === 'anything.else' && !context.handoffOffered)
        return [...out, ...control(context, 'dialog.goodbye', u)];
      return [
        ...out,
        { kind: 'assign', values: { handoffOffered: false } },
        ...present(context, [{ key: 'anything.else' }], 'nothing'),
      ];
    case 'no.match': {
      const count = context.noMatch + 1;
      out.push(
        { kind: 'assign', values: { noMatch: count } },
        { kind: 'emit', event: { type: 'out.noMatch' } },
      );
      if (count >= MAX_NO_MATCH) return [...out, ...handoff('no_match')];
      const guess = taskActive ? undefined : suggestion(u, catalogue);
      if (guess) {
        // Both languages' titles, so "repeat" after a language switch still names it right.
        const title = catalogue.get(guess.intent)?.title;
        const params = { titleEn: lowerFirst(title?.en ?? guess.intent), titleZh: title?.zh ?? guess.intent };
        return [
          ...out,
          { kind: 'assign', values: { suggested: { intent: guess.intent, utterance: { ...u, ...guess } } } },
          ...present(context, [{ key: 'suggest.intent', params }], 'nothing'),
        ];
      }
      const first: Say = { key: 'no.match.1', params: { example: GENERIC_EXAMPLE[context.lang] } };
      return [
        ...out,
        ...present(context, [count === 1 ? first : { key: 'no.match.2' }, ...repeat], context.awaits),
      ];
    }
  }
}

/**
 * The NLU's best reading of a request it answered out of scope, when worth offering back: a task,
 * answer or FAQ (not dialog control) at {@link SUGGEST_FLOOR} or more. Speech the recogniser
 * rejected comes with no ranking (DialogSession), so it is never offered back.
 */
export function suggestion(
  u: Pick<Understanding, 'intent' | 'ranked'>,
  catalogue: ReadonlyMap<string, IntentSpec>,
  floor = SUGGEST_FLOOR,
): { intent: string; confidence: number } | undefined {
  if (u.intent !== 'oos') return undefined;
  const best = u.ranked.find((r) => r.intent !== 'oos');
  const spec = best && catalogue.get(best.intent);
  if (!best || !spec || spec.kind === 'control' || best.confidence < floor) return undefined;
  return { intent: best.intent, confidence: best.confidence };
}

/** "Pay the credit card" → "pay the credit card" inside a sentence (acronyms kept). */
function lowerFirst(title: string): string {
  return /^[A-Z]{2}/.test(title) ? title : title.charAt(0).toLowerCase() + title.slice(1);
}

/** Session-level intents: cancel, help, repeat, back, start over, human, slower, language, goodbye... */
export function control(context: SessionContext, intent: string, u: Understanding): Effect[] {
  const taskActive = context.taskId !== undefined;
  const repeat = taskActive ? context.lastPrompt : [];
  const awaits = taskActive ? context.awaits : 'nothing';
  switch (intent) {
    case 'dialog.cancel':
      return taskActive
        ? sendTask(context, { type: 'task.cancel' })
        : present(context, [{ key: 'nothing.to.cancel' }], 'nothing');
    case 'dialog.help':
      return present(context, [{ key: 'help' }, ...repeat], awaits);
    case 'dialog.repeat': {
      // Mid-task, the question asked; after an answer, the answer itself ("say that again").
      const last = taskActive ? context.lastPrompt : (context.lastTurn ?? context.lastPrompt);
      return present(context, last.length > 0 ? last : [{ key: 'what.next' }], context.awaits);
    }
    case 'dialog.back':
      return taskActive
        ? sendTask(context, { type: 'task.back' })
        : present(context, [{ key: 'nothing.to.go.back' }, { key: 'what.next' }], 'nothing');
    case 'dialog.start_over':
      return taskActive
        ? sendTask(context, { type: 'task.restart' })
        : present(context, [{ key: 'what.next' }], 'nothing');
    case 'dialog.agent':
      return handoff('customer_request');
    case 'dialog.slower':
      return [
        { kind: 'assign', values: { rate: 0.8 } },
        ...present({ ...context, rate: 0.8 }, [{ key: 'slower' }, ...context.lastPrompt], context.awaits),
      ];
    case 'dialog.switch_language': {
      const lang = requestedLanguage(u, context.lang);
      if (lang === undefined)
        return present(context, [{ key: 'languages.offered' }, ...context.lastPrompt], context.awaits);
      // A task waiting for an answer says its own question again, in the new language.
      const taskAsks =
        taskActive &&
        (context.awaits === 'confirmation' ||
          context.awaits === 'disambiguation' ||
          context.awaits.startsWith('slot:'));
      if (taskAsks)
        return [{ kind: 'assign', values: { lang } }, ...sendTask(context, { type: 'task.language', lang })];
      return [
        { kind: 'assign', values: { lang } },
        ...sendTask(context, { type: 'task.language', lang }),
        ...present(
          { ...context, lang },
          [{ key: `switched.${lang}` }, ...context.lastPrompt],
          context.awaits,
        ),
      ];
    }
    case 'dialog.goodbye':
      return [
        ...say(context, [{ key: 'goodbye' }], 'nothing'),
        { kind: 'assign', values: { endReason: 'goodbye' } },
        { kind: 'raise', type: 'go.end' },
      ];
    case 'dialog.thanks':
      return present(
        context,
        [{ key: 'thanks' }, ...(taskActive ? repeat : [{ key: 'anything.else' }])],
        awaits,
      );
    case 'dialog.greet':
      return present(context, [{ key: 'greet.reply' }, ...repeat], awaits);
    case 'dialog.wait':
      return present(context, [{ key: 'wait' }], context.awaits);
    default:
      return [];
  }
}

/** A task said something (a prompt, a problem, a read-back). */
export function onTaskSay(
  context: SessionContext,
  says: readonly Say[],
  awaits: Awaits,
  noMatch: boolean,
): Effect[] {
  if (!noMatch) return [{ kind: 'assign', values: { noMatch: 0 } }, ...present(context, says, awaits, true)];
  const count = context.noMatch + 1;
  const out: Effect[] = [
    { kind: 'assign', values: { noMatch: count } },
    { kind: 'emit', event: { type: 'out.noMatch' } },
  ];
  return count >= MAX_NO_MATCH
    ? [...out, ...handoff('no_match')]
    : [...out, ...present(context, says, awaits, true)];
}

/** A task finished: its closing words, "anything else?", and a fresh snapshot when the bank changed. */
export function onTaskDone(context: SessionContext, output: TaskOutput): Effect[] {
  const next = { ...context, taskIntent: undefined, taskId: undefined };
  const call = output.call;
  const others = context.uncertain.filter((u) => u.request !== call?.request);
  const uncertain = call && !call.answered ? [...others, { request: call.request, key: call.key }] : others;
  return [
    {
      kind: 'assign',
      values: {
        taskIntent: undefined,
        taskId: undefined,
        held: undefined,
        uncertain: uncertain.slice(-MAX_UNCERTAIN),
      },
    },
    // A task's last words are the caller's own business ("you don't have a frozen card"), unless it
    // was only cancelled ("nothing was sent").
    ...present(next, [...output.says, { key: 'anything.else' }], 'nothing', output.status !== 'cancelled'),
    ...(output.changedBank ? [{ kind: 'raise', type: 'go.refresh' } as const] : []),
  ];
}

/** No input for the no-input timeout: repeat the question twice, then end. */
export function onSilence(context: SessionContext): Effect[] {
  const count = context.noInput + 1;
  if (count >= MAX_NO_INPUT) {
    return [
      { kind: 'assign', values: { noInput: count, endReason: 'no_input' } },
      ...say(context, [{ key: 'no.input.end' }], 'nothing'),
      { kind: 'raise', type: 'go.end' },
    ];
  }
  return [
    { kind: 'assign', values: { noInput: count } },
    ...say(context, [{ key: 'no.input.repeat' }, ...context.lastPrompt], context.awaits),
  ];
}

/** An answer computed for an informational intent. */
export function onAnswer(context: SessionContext, says: readonly Say[], offerHandoff: boolean): Effect[] {
  const inTask = context.taskId !== undefined;
  const tail: Say[] = inTask ? [...context.lastPrompt] : offerHandoff ? [] : [{ key: 'anything.else' }];
  // Mid-task, the task's own question follows: no "shall I connect you?" before it.
  const said = inTask ? says.filter((s) => s.key !== 'answer.faq.offer') : says;
  return [
    { kind: 'assign', values: { pendingAnswer: undefined, handoffOffered: offerHandoff && !inTask } },
    ...present(context, [...said, ...tail], inTask ? context.awaits : 'nothing'),
  ];
}

/** The PIN checked out: release what was held (a prompt with account data, or a step-up). */
export function onPinPassed(context: SessionContext, proof: string | undefined): Effect[] {
  const held = context.held;
  const verified = { ...context, verified: true };
  const out: Effect[] = [{ kind: 'assign', values: { verified: true, pinFailures: 0, held: undefined } }];
  if (held?.stepUp)
    return [
      ...out,
      ...say(verified, [{ key: 'pin.ok' }], context.awaits),
      ...sendTask(context, {
        type: 'task.stepup.result',
        ok: true,
        reason: 'passed',
        ...(proof ? { proof } : {}),
      }),
    ];
  if (held) return [...out, ...say(verified, [{ key: 'pin.ok' }, ...held.says], held.awaits)];
  return [...out, ...say(verified, [{ key: 'pin.ok' }, { key: 'anything.else' }], 'nothing')];
}

/** A wrong PIN: ask again, or after the third in a row cancel the task and hand off. */
export function onPinFailed(context: SessionContext): Effect[] {
  const failures = context.pinFailures + 1;
  if (failures >= MAX_PIN_FAILURES) {
    // The PIN state's way out (pinWrong) hands off on this reason: raising a handoff as well
    // announced it twice and raised two handoff events.
    return [
      { kind: 'assign', values: { pinFailures: failures, held: undefined, handoffReason: 'pin_failed' } },
      ...say(context, [{ key: 'pin.locked' }], 'nothing'),
    ];
  }
  return [
    { kind: 'assign', values: { pinFailures: failures } },
    { kind: 'emit', event: { type: 'out.stepup', method: 'pin' } },
    ...say(context, [{ key: 'pin.wrong' }], 'stepup'),
  ];
}

/**
 * The bank's PIN lockout (PHONE_PIN_LOCKOUT: wrong PINs in a row across calls): no more tries on
 * this line; the call goes to a person, who can verify the caller another way.
 */
export function onPinLocked(context: SessionContext): Effect[] {
  return [
    { kind: 'assign', values: { held: undefined } },
    ...say(context, [{ key: 'pin.locked_out' }], 'nothing'),
    ...handoff('pin_locked'),
  ];
}

/** "cancel" at the PIN prompt: the task is cancelled (not a wrong PIN). */
export function onPinCancelled(context: SessionContext): Effect[] {
  const out: Effect[] = [{ kind: 'assign', values: { held: undefined } }];
  if (context.taskId) return [...out, ...sendTask(context, { type: 'task.cancel' })];
  return [
    ...out,
    ...say(
      { ...context, held: undefined },
      [{ key: 'cancelled.change' }, { key: 'anything.else' }],
      'nothing',
    ),
  ];
}

/** The facts a human colleague gets at handoff (no secrets). */
export function handoffSummary(
  context: SessionContext,
  values: Readonly<Record<string, unknown>>,
): HandoffSummary {
  const slots: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === 'newPin' || k === 'newPinConfirm' || v === undefined) continue;
    slots[k] =
      typeof v === 'object' && v !== null && 'amountMinor' in v && 'currency' in v
        ? `${String(v.amountMinor)} ${String(v.currency)} minor units`
        : typeof v === 'string' || typeof v === 'number'
          ? String(v)
          : JSON.stringify(v);
  }
  return {
    intent: context.taskIntent ?? context.lastIntent,
    slots,
    verified: context.verified,
    reason: context.handoffReason,
  };
}
