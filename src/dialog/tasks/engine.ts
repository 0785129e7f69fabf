import { takenBackAt } from '../../nlu/entities/self-repair.ts';
import type { Understanding } from '../../nlu/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { CustomerSnapshot } from '../customer.ts';
import { listOptions } from '../labels.ts';
import type { Awaits, Say } from '../types.ts';
import type { SlotContext, SlotDef, SlotName, SlotPatch, SlotValues, TaskSpec } from './spec.ts';

/**
 * The task's slot-filling logic as pure functions: given a spec, the state and an utterance, what
 * the slots become and what the agent says next. The XState task machine calls these in its
 * actions, so a transition is testable without any I/O.
 */
export interface Disambiguation {
  readonly slot: SlotName;
  readonly options: readonly { readonly id: string; readonly label: string }[];
}

export interface TaskState {
  readonly values: SlotValues;
  readonly asked: SlotName | undefined;
  readonly disambiguation: Disambiguation | undefined;
  /** `ended`: a slot nothing can fill (`SlotDef.unavailable`); the step says why and the task ends. */
  readonly phase: 'collecting' | 'confirming' | 'ended';
  /** Slots in the order the customer filled them (for "go back"). */
  readonly filledOrder: readonly SlotName[];
  /** Slots whose value said was refused: asked, not filled by policy (see SlotRead `ask`). */
  readonly askNotFill?: readonly SlotName[];
  /** The last "which one?" answered: "no, the other one" at the read-back picks again from it. */
  readonly picked?: Disambiguation;
}

export interface Step {
  readonly state: TaskState;
  readonly says: readonly Say[];
  readonly awaits: Awaits;
}

export const INITIAL_STATE: TaskState = {
  values: {},
  asked: undefined,
  disambiguation: undefined,
  phase: 'collecting',
  filledOrder: [],
};

function slotContext(state: TaskState, snapshot: CustomerSnapshot, lang: Lang): SlotContext {
  return { values: state.values, snapshot, asked: state.asked, lang };
}

function isFilled(def: SlotDef, ctx: SlotContext): boolean {
  return def.filled ? def.filled(ctx) : ctx.values[def.name] !== undefined;
}

function patch(values: SlotValues, p: SlotPatch): SlotValues {
  const out: Record<string, unknown> = { ...values };
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

function awaitsOf(def: SlotDef): Awaits {
  return def.awaits === 'disambiguation' ? 'disambiguation' : `slot:${def.awaits ?? def.name}`;
}

/** Applies what an utterance says to every slot. */
export function applyUtterance(
  spec: TaskSpec,
  state: TaskState,
  u: Understanding,
  snapshot: CustomerSnapshot,
  lang: Lang,
): { state: TaskState; changed: boolean; problems: Say[] } {
  let values = state.values;
  let disambiguation: Disambiguation | undefined;
  const problems: Say[] = [];
  const order = [...state.filledOrder];
  const askNotFill = [...(state.askNotFill ?? [])];
  let ended = false;
  for (const def of spec.slots) {
    const read = def.read(u, { values, snapshot, asked: state.asked, lang });
    if (read.kind === 'fill') {
      values = patch(values, read.values);
      if (!order.includes(def.name)) order.push(def.name);
    } else if (read.kind === 'ambiguous' && read.options.length > 0 && !disambiguation) {
      disambiguation = { slot: def.name, options: read.options };
    } else if (read.kind === 'invalid') {
      problems.push(read.say);
      if (read.ask) askNotFill.push(def.name);
      if (read.end) ended = true;
    }
  }
  const changed = JSON.stringify(values) !== JSON.stringify(state.values) || disambiguation !== undefined;
  return {
    state: {
      ...state,
      values,
      disambiguation: disambiguation ?? state.disambiguation,
      filledOrder: order,
      ...(askNotFill.length > 0 ? { askNotFill } : {}),
      ...(ended ? { phase: 'ended' as const, asked: undefined, disambiguation: undefined } : {}),
    },
    changed: changed || ended,
    problems,
  };
}

/**
 * An answer to "which one?" that the asking slot itself can read ("the monthly one" for which
 * scheduled transfer): the option it fills, when it fills one of them.
 */
export function pickByReading(
  spec: TaskSpec,
  state: TaskState,
  u: Understanding,
  snapshot: CustomerSnapshot,
  lang: Lang,
): string | undefined {
  const d = state.disambiguation;
  const def = d && spec.slots.find((s) => s.name === d.slot);
  if (!d || !def) return undefined;
  const read = def.read(u, slotContext(state, snapshot, lang));
  if (read.kind !== 'fill') return undefined;
  const value = read.values[d.slot];
  return typeof value === 'string'
    ? d.options.find((o) => o.id === value || o.id.endsWith(`:${value}`))?.id
    : undefined;
}

/** Reads an answer to "which one?": an ordinal, last four digits, or words of one option's label. */
export function pickOption(d: Disambiguation, u: Understanding): string | undefined {
  const e = u.entities;
  // "the first, no, the second", "第一个不对，第二个": what is said after taking back counts.
  const repairAt = takenBackAt(u.text);
  const instead = repairAt === undefined ? undefined : ordinalIn(u.text.slice(repairAt));
  const ordinal = instead ?? e.ordinal;
  if (ordinal !== undefined) {
    const option = ordinal === -1 ? d.options[d.options.length - 1] : d.options[ordinal - 1];
    // "the third" of two options is no answer (its 三 must not pick 张三 by its characters).
    return option?.id;
  }
  // "not Zhang Shan", "不要张珊": of two options, the other one; of more, no answer.
  if (NEGATED_PICK.test(u.text)) {
    const named = pickOption(d, { ...u, text: u.text.replace(new RegExp(NEGATED_PICK.source, 'gi'), ' ') });
    const others = d.options.filter((o) => o.id !== named);
    return named !== undefined && others.length === 1 ? others[0]?.id : undefined;
  }
  if (e.digits && e.digits.length === 4) {
    const hit = d.options.filter((o) => o.label.includes(e.digits ?? '-'));
    if (hit.length === 1) return hit[0]?.id;
  }
  const refs = [e.payee, e.account, e.toAccount, e.card, e.biller];
  for (const ref of refs) {
    if (ref?.kind !== 'one') continue;
    const hit = d.options.find((o) => o.id === ref.id || o.id.endsWith(`:${ref.id}`));
    if (hit) return hit.id;
  }
  const words = u.text
    .toLowerCase()
    .split(/[\s,.!?，。]+/)
    .filter((w) => w.length >= 2 && !['the', 'one', 'that', 'this', 'my', 'please'].includes(w));
  const scored = d.options.map((o) => ({
    o,
    n: words.filter((w) => o.label.toLowerCase().includes(w)).length,
  }));
  const best = Math.max(0, ...scored.map((s) => s.n));
  const winners = scored.filter((s) => s.n === best && best > 0);
  if (winners.length === 1) return winners[0]?.o.id;
  // Han text: the option whose label shares the most characters.
  if (/[\u4e00-\u9fff]/.test(u.text)) {
    const chars = [...u.text].filter((c) => /[\u4e00-\u9fff]/.test(c));
    const hanScores = d.options.map((o) => ({ o, n: chars.filter((c) => o.label.includes(c)).length }));
    const top = Math.max(0, ...hanScores.map((s) => s.n));
    const hanWinners = hanScores.filter((s) => s.n === top && top > 0);
    if (hanWinners.length === 1) return hanWinners[0]?.o.id;
  }
  return undefined;
}

const NEGATED_PICK = /不要|不是|\bnot\b/i;

/** An ordinal said in `text` ("the second", "第二个", "the last"), or undefined. */
function ordinalIn(text: string): number | undefined {
  const t = text.toLowerCase();
  if (/\blast\b|最后/.test(t)) return -1;
  const en = /\b(first|second|third|fourth|1st|2nd|3rd|4th)\b/.exec(t)?.[1];
  if (en) return { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 }[en];
  const zh = /第\s*([一二两三四1-4])/.exec(t)?.[1];
  return zh ? { 一: 1, 1: 1, 二: 2, 两: 2, 2: 2, 三: 3, 3: 3, 四: 4, 4: 4 }[zh] : undefined;
}

/** Sets a disambiguated option as its slot's value ("payee:bob" → payee, "toAccount:savings" → toAccount). */
export function choose(state: TaskState, id: string): TaskState {
  const d = state.disambiguation;
  if (!d) return state;
  const [prefix, rest] = id.includes(':') ? (id.split(/:(.*)/s) as [string, string]) : [d.slot, id];
  const p: SlotPatch =
    prefix === 'payee'
      ? { payee: rest, toAccount: undefined }
      : prefix === 'toAccount'
        ? { toAccount: rest, payee: undefined }
        : { [prefix]: rest };
  const order = state.filledOrder.includes(d.slot) ? state.filledOrder : [...state.filledOrder, d.slot];
  return {
    ...state,
    values: patch(state.values, p),
    disambiguation: undefined,
    filledOrder: order,
    picked: d,
  };
}

/** "The other one", "另一张": of two options, the one not chosen. */
const OTHER_ONE =
  /\b(?:the )?other (?:one|card|transfer|payment|account|payee)\b|另一个|另外一个|另一张|另外一张|另外那个|另外那张|另一笔|另外一笔/i;

/**
 * At a read-back after a "which one?", "no, the other one" or "no, the first one": the option meant
 * instead of the one chosen, if the answer names one.
 */
export function repick(state: TaskState, u: Understanding): string | undefined {
  const d = state.picked;
  if (!d || state.phase !== 'confirming') return undefined;
  const raw = state.values[d.slot];
  const value = typeof raw === 'string' ? raw : undefined;
  const isChosen = (id: string) => value !== undefined && (id === value || id.endsWith(`:${value}`));
  if (OTHER_ONE.test(u.text) && d.options.length === 2) return d.options.find((o) => !isChosen(o.id))?.id;
  const n = u.entities.ordinal;
  if (n === undefined) return undefined;
  const option = n === -1 ? d.options.at(-1) : d.options[n - 1];
  return option && !isChosen(option.id) ? option.id : undefined;
}

/**
 * Decides what comes next: a pending disambiguation, the end when a missing slot cannot be filled at
 * all, the first missing slot (after trying to fill it by policy), a validation problem (the slot is
 * cleared and asked again), else the read-back.
 */
export function advance(
  spec: TaskSpec,
  state0: TaskState,
  snapshot: CustomerSnapshot,
  lang: Lang,
  lead: readonly Say[] = [],
): Step {
  let state = state0;
  const says = [...lead];
  // Ended by what was said (SlotRead `end`): the lead says why, and nothing more is asked.
  if (state.phase === 'ended') return { state, says, awaits: 'nothing' };
  // A slot nothing can fill ends the task first: no "which Bob?" for a transfer with no account to pay from.
  const before = slotContext(state, snapshot, lang);
  for (const def of spec.slots) {
    if (isFilled(def, before) || (def.needed && !def.needed(before))) continue;
    const reason = def.unavailable?.(before);
    if (reason)
      return {
        state: { ...state, asked: undefined, disambiguation: undefined, phase: 'ended' },
        says: [...says, reason],
        awaits: 'nothing',
      };
  }
  if (state.disambiguation) {
    // Collecting again, even when a correction at the read-back raised it ("yes, to Bob" with two
    // Bobs): the answer picks an option, and a bare "yes" is no answer to "which one?".
    return {
      state: { ...state, asked: state.disambiguation.slot, phase: 'collecting' },
      says: [
        ...says,
        {
          key: 'disambiguate',
          params: {
            options: listOptions(
              state.disambiguation.options.map((o) => o.label),
              lang,
            ),
          },
          accountData: true,
        },
      ],
      awaits: 'disambiguation',
    };
  }
  for (const def of spec.slots) {
    const ctx = slotContext(state, snapshot, lang);
    if (isFilled(def, ctx)) continue;
    if (def.needed && !def.needed(ctx)) continue;
    const auto = state.askNotFill?.includes(def.name) ? undefined : def.autoFill?.(ctx);
    if (auto) {
      state = { ...state, values: patch(state.values, auto) };
      continue;
    }
    return {
      state: { ...state, asked: def.name, phase: 'collecting' },
      says: [...says, def.prompt(ctx)],
      awaits: awaitsOf(def),
    };
  }
  for (const def of spec.slots) {
    const ctx = slotContext(state, snapshot, lang);
    if (!isFilled(def, ctx) || !def.validate) continue;
    const problem = def.validate(ctx);
    if (problem) {
      // "The two PINs didn't match": both are asked again, from the first (SlotDef `restartFrom`).
      const from = def.restartFrom ? spec.slots.find((d) => d.name === def.restartFrom) : undefined;
      const again = from ?? def;
      const cleared: TaskState = {
        ...state,
        values: patch(state.values, { [def.name]: undefined, ...(from ? { [from.name]: undefined } : {}) }),
        asked: again.name,
        phase: 'collecting',
      };
      return {
        state: cleared,
        says: [...says, problem, again.prompt(slotContext(cleared, snapshot, lang))],
        awaits: awaitsOf(again),
      };
    }
  }
  const ctx = slotContext(state, snapshot, lang);
  return {
    state: { ...state, asked: undefined, phase: 'confirming' },
    says: [...says, spec.readBack(ctx)],
    awaits: 'confirmation',
  };
}

/** Clears the slot filled last (for "go back") and asks it again. */
export function stepBack(
  spec: TaskSpec,
  state: TaskState,
  snapshot: CustomerSnapshot,
  lang: Lang,
): Step | undefined {
  const last = state.filledOrder[state.filledOrder.length - 1];
  if (!last) return undefined;
  const def = spec.slots.find((d) => d.name === last);
  const cleared: SlotPatch =
    last === 'payee' ? { payee: undefined, toAccount: undefined } : { [last]: undefined };
  const next: TaskState = {
    ...state,
    values: patch(state.values, cleared),
    filledOrder: state.filledOrder.slice(0, -1),
    disambiguation: undefined,
    asked: last,
    phase: 'collecting',
  };
  if (!def) return undefined;
  return { state: next, says: [def.prompt(slotContext(next, snapshot, lang))], awaits: awaitsOf(def) };
}

export function slotContextOf(state: TaskState, snapshot: CustomerSnapshot, lang: Lang): SlotContext {
  return slotContext(state, snapshot, lang);
}
