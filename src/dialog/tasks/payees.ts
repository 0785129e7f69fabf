import type { AddPayeeRequest, Payee } from '../../bank/index.ts';
import { fromChange } from './outcome.ts';
import { digitsSlot } from './slots.ts';
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
        return { kind: 'none' };
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
