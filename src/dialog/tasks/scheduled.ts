import type { Movement, TransferRequest } from '../../bank/index.ts';
import { formatDate } from '../../nlg/format.ts';
import { accountById } from '../customer.ts';
import { accountLabel } from '../labels.ts';
import { fromChange, fromMovement } from './outcome.ts';
import { amountSlot, money, sourceAccountSlot, overStepUpThreshold, today } from './slots.ts';
import type { ChangeInput, SlotContext, SlotDef, TaskSpec } from './spec.ts';
import { dateSlot, targetSlot, transferRequest } from './transfer.ts';

const FREQUENCY_WORDS = {
  en: { weekly: 'every week', biweekly: 'every two weeks', monthly: 'every month' },
  zh: { weekly: '每周', biweekly: '每两周', monthly: '每月' },
} as const;

function targetName(ctx: SlotContext): string {
  const payee = ctx.snapshot.payees.find((p) => p.id === ctx.values.payee);
  if (payee) return payee.name;
  const account = ctx.values.toAccount ? accountById(ctx.snapshot, ctx.values.toAccount) : undefined;
  return account ? accountLabel(account, ctx.lang) : '';
}

function standingOrderRequest(input: ChangeInput): TransferRequest {
  return { ...transferRequest(input), frequency: input.values.frequency ?? 'monthly' };
}

export const recurringSpec: TaskSpec = {
  intent: 'transfer.recurring',
  kind: 'movement',
  example: { en: 'send 200 dollars to my landlord every month', zh: '每个月给房东转三千' },
  slots: [
    targetSlot(),
    amountSlot({
      countsToLimit: false,
      prompt: (ctx) => ({ key: 'ask.amount.transfer', params: { target: targetName(ctx) } }),
    }),
    {
      name: 'frequency',
      read: (u) =>
        u.entities.frequency
          ? { kind: 'fill', values: { frequency: u.entities.frequency } }
          : { kind: 'none' },
      prompt: () => ({ key: 'ask.frequency' }),
    },
    sourceAccountSlot(),
    dateSlot(),
  ],
  // Only money leaving to a payee steps up; moving between own accounts does not.
  needsStepUp: (ctx) => ctx.values.payee !== undefined && overStepUpThreshold(ctx),
  readBack(ctx) {
    const source = ctx.values.account ? accountById(ctx.snapshot, ctx.values.account) : undefined;
    return {
      key: ctx.values.date ? 'readback.recurring.start' : 'readback.recurring',
      params: {
        amount: ctx.values.amount && money(ctx.values.amount),
        target: targetName(ctx),
        frequency: ctx.values.frequency && FREQUENCY_WORDS[ctx.lang][ctx.values.frequency],
        start: ctx.values.date ? formatDate(ctx.values.date, ctx.lang, today(ctx)) : undefined,
        source: source && accountLabel(source, ctx.lang),
      },
      accountData: true,
    };
  },
  request: standingOrderRequest,
  async execute(bank, input) {
    const result = await bank.transfer({ ...standingOrderRequest(input), stepUp: input.stepUp });
    return fromMovement(result, (m) => ({
      key: 'done.recurring',
      params: { amount: money(m.amount), date: m.date, reference: m.reference },
    }));
  },
};

function describe(m: Movement, ctx: SlotContext): string {
  const to =
    m.to.kind === 'payee'
      ? ctx.snapshot.payees.find((p) => p.id === (m.to as { id: string }).id)?.name
      : undefined;
  const often = m.frequency ? ` ${FREQUENCY_WORDS[ctx.lang][m.frequency]}` : '';
  return `${money(m.amount)} → ${to ?? ''}${often} ${formatDate(m.date, ctx.lang)}`.trim();
}

function scheduledSlot(): SlotDef {
  return {
    name: 'scheduled',
    awaits: 'disambiguation',
    read(u, ctx) {
      const all = ctx.snapshot.scheduled;
      const payee = u.entities.payee?.kind === 'one' ? u.entities.payee.id : undefined;
      const amount = u.entities.amount?.value;
      // "The weekly one", "the monthly one to mom": how often it repeats picks it too.
      const frequency = u.entities.frequency;
      const matching = all.filter(
        (m) =>
          (payee === undefined || (m.to.kind === 'payee' && m.to.id === payee)) &&
          (amount === undefined || money(m.amount).replace(/[^\d.]/g, '') === Number(amount).toFixed(2)) &&
          (u.entities.date === undefined || m.date === u.entities.date) &&
          (frequency === undefined || m.frequency === frequency),
      );
      if (
        payee === undefined &&
        amount === undefined &&
        u.entities.date === undefined &&
        frequency === undefined
      ) {
        if (ctx.asked === 'scheduled' && u.entities.ordinal !== undefined) {
          const pick = u.entities.ordinal === -1 ? all[all.length - 1] : all[u.entities.ordinal - 1];
          if (pick) return { kind: 'fill', values: { scheduled: pick.id } };
        }
        return { kind: 'none' };
      }
      if (matching.length === 1 && matching[0])
        return { kind: 'fill', values: { scheduled: matching[0].id } };
      if (matching.length > 1)
        return { kind: 'ambiguous', options: matching.map((m) => ({ id: m.id, label: describe(m, ctx) })) };
      // None matches what was said ("取消给李四的" with only 张三's scheduled): said, and the ones
      // there are asked about; the only other one is never read back as if it were meant.
      return { kind: 'invalid', say: { key: 'invalid.scheduled.none' }, ask: true };
    },
    unavailable: (ctx) =>
      ctx.snapshot.scheduled.length > 0 ? undefined : { key: 'invalid.scheduled.empty' },
    autoFill: (ctx) =>
      ctx.snapshot.scheduled.length === 1 && ctx.snapshot.scheduled[0]
        ? { scheduled: ctx.snapshot.scheduled[0].id }
        : undefined,
    prompt: (ctx) => ({
      key: 'ask.scheduled',
      params: { options: ctx.snapshot.scheduled.map((m) => describe(m, ctx)).join('; ') },
      accountData: true,
    }),
  };
}

function cancelScheduledRequest({ customerId, values, idempotencyKey }: ChangeInput) {
  return { customerId, idempotencyKey, movementId: values.scheduled ?? '' };
}

export const cancelScheduledSpec: TaskSpec = {
  intent: 'transfer.cancel',
  kind: 'change',
  example: { en: 'cancel my scheduled transfer to Bob', zh: '取消给张三的预约转账' },
  slots: [scheduledSlot()],
  needsStepUp: () => false,
  readBack(ctx) {
    const m = ctx.snapshot.scheduled.find((s) => s.id === ctx.values.scheduled);
    return {
      key: 'readback.scheduled.cancel',
      params: { transfer: m && describe(m, ctx) },
      accountData: true,
    };
  },
  request: cancelScheduledRequest,
  async execute(bank, input) {
    const result = await bank.cancelScheduled({ ...cancelScheduledRequest(input), stepUp: input.stepUp });
    return fromChange(result, (m: Movement) => ({
      key: 'done.scheduled.cancel',
      params: { amount: money(m.amount) },
    }));
  },
};
