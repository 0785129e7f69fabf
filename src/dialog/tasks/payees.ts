import type { AddPayeeRequest, Payee } from '../../bank/index.ts';
import { fromChange } from './outcome.ts';
import { digitsSlot } from './slots.ts';
import { payeeNotFound } from './transfer.ts';
import type { ChangeInput, SlotDef, TaskSpec } from './spec.ts';

function nameSlot(): SlotDef {
  return {
    name: 'name',
    read(u, ctx) {
      const name = u.entities.name;
      if (!name) return { kind: 'none' };
      if (ctx.snapshot.payees.some((p) => p.name.toLowerCase() === name.toLowerCase())) {
        return { kind: 'invalid', say: { key: 'invalid.payee.exists', params: { name } } };
      }
      return { kind: 'fill', values: { name } };
    },
    prompt: () => ({ key: 'ask.name.payee' }),
  };
}

function addPayeeRequest({ customerId, values, idempotencyKey }: ChangeInput): AddPayeeRequest {
  return {
    customerId,
    idempotencyKey,
    name: values.name ?? '',
    ...(values.digits ? { last4: values.digits } : {}),
  };
}

function removePayeeRequest({ customerId, values, idempotencyKey }: ChangeInput) {
  return { customerId, idempotencyKey, payeeId: values.payee ?? '' };
}

export const payeeAddSpec: TaskSpec = {
  intent: 'payee.add',
  kind: 'change',
  example: { en: 'add Jane Smith as a payee', zh: '添加收款人王小明' },
  slots: [
    nameSlot(),
    digitsSlot({
      name: 'digits',
      minDigits: 4,
      maxDigits: 4,
      prompt: (ctx) => ({ key: 'ask.digits.payee', params: { name: ctx.values.name } }),
    }),
  ],
  // Adding a payee opens a new way for money to leave: the policy asks for step-up.
  needsStepUp: () => true,
  readBack: (ctx) => ({
    key: 'readback.payee.add',
    params: { name: ctx.values.name, last4: ctx.values.digits },
    accountData: true,
  }),
  request: addPayeeRequest,
  async execute(bank, input) {
    const result = await bank.addPayee({ ...addPayeeRequest(input), stepUp: input.stepUp });
    return fromChange(result, (p: Payee) => ({ key: 'done.payee.add', params: { name: p.name } }));
  },
};

/** The name in "delete john smith from my payees", "删除收款人王五". */
const REMOVE_NAME_EN =
  /\b(?:delete|remove|take off|get rid of|drop)\s+(?:the\s+)?(?:payee\s+)?([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)\s+(?:from|off|as)\b/;
const REMOVE_NAME_ZH = /(?:删除|删掉|删了|移除|去掉)(?:收款人)?([\u4e00-\u9fff]{2,4}?)(?:这个收款人|吧|$)/;
/** Words there that are no one's name. */
const NOT_A_PAYEE = /^(?:a|an|my|the|this|that|it|one|him|her|them|payee|someone|收款人|这个|那个)\b/;

export const payeeRemoveSpec: TaskSpec = {
  intent: 'payee.remove',
  kind: 'change',
  example: { en: 'remove Maria Garcia from my payees', zh: '删除收款人李四' },
  slots: [
    {
      name: 'payee',
      read(u, ctx) {
        const ref = u.entities.payee;
        if (ref?.kind === 'one') return { kind: 'fill', values: { payee: ref.id } };
        if (ref?.kind === 'ambiguous') {
          return {
            kind: 'ambiguous',
            options: ref.ids.map((id) => ({
              id,
              label: ctx.snapshot.payees.find((p) => p.id === id)?.name ?? id,
            })),
          };
        }
        // "Delete john smith from my payees" with no John Smith: said, not asked "which payee?".
        const named = REMOVE_NAME_EN.exec(u.text.toLowerCase())?.[1] ?? REMOVE_NAME_ZH.exec(u.text)?.[1];
        const bare =
          ctx.asked === 'payee' &&
          /^[a-z][a-z' -]{1,40}$|^[\u4e00-\u9fff]{2,4}$/.test(u.text.trim().toLowerCase())
            ? u.text.trim()
            : undefined;
        const unknown = named ?? bare;
        return unknown && !NOT_A_PAYEE.test(unknown) ? payeeNotFound(unknown, ctx) : { kind: 'none' };
      },
      prompt: () => ({ key: 'ask.payee.remove' }),
    },
  ],
  needsStepUp: () => false,
  // Its scheduled transfers and standing orders stop with it (the bank cancels them in the same
  // change): the read-back says how many.
  readBack: (ctx) => {
    const name = ctx.snapshot.payees.find((p) => p.id === ctx.values.payee)?.name;
    const scheduled = ctx.snapshot.scheduled.filter(
      (m) => m.to.kind === 'payee' && m.to.id === ctx.values.payee,
    ).length;
    return scheduled > 0
      ? { key: 'readback.payee.remove.scheduled', params: { name, count: scheduled }, accountData: true }
      : { key: 'readback.payee.remove', params: { name }, accountData: true };
  },
  request: removePayeeRequest,
  async execute(bank, input) {
    const result = await bank.removePayee({ ...removePayeeRequest(input), stepUp: input.stepUp });
    return fromChange(result, (p: Payee) => ({ key: 'done.payee.remove', params: { name: p.name } }));
  },
};
