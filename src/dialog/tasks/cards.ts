import type { Card, CardAction, CardChangeRequest, PinChangeRequest } from '../../bank/index.ts';
import { cardById } from '../customer.ts';
import { cardLabel } from '../labels.ts';
import { fromChange } from './outcome.ts';
import { cardSlot, digitsSlot } from './slots.ts';
import type { ChangeInput, SlotContext, TaskSpec } from './spec.ts';

const WEAK = /^(\d)\1+$/;
const SEQUENCES = ['0123456789012345', '9876543210987654'];

function cardOf(ctx: SlotContext): Card | undefined {
  return ctx.values.card ? cardById(ctx.snapshot, ctx.values.card) : undefined;
}

function cardChangeSpec(
  intent: string,
  action: CardAction,
  fits: (c: Card) => boolean,
  stepUp: boolean,
  example: { en: string; zh: string },
): TaskSpec {
  const name = intent.split('.')[1] ?? intent;
  const request = ({ customerId, values, idempotencyKey }: ChangeInput): CardChangeRequest => ({
    customerId,
    idempotencyKey,
    cardId: values.card ?? '',
    action,
  });
  return {
    intent,
    kind: 'change',
    example,
    slots: [
      cardSlot({
        fits,
        prompt: `ask.card.${name}`,
        unfit: `invalid.card.${name}`,
        none: `invalid.card.${name}.none`,
      }),
    ],
    needsStepUp: () => stepUp,
    readBack: (ctx) => {
      const card = cardOf(ctx);
      return {
        key: `readback.card.${name}`,
        params: { card: card && cardLabel(card, ctx.lang) },
        accountData: true,
      };
    },
    request,
    async execute(bank, input) {
      const { values, snapshot } = input;
      const result = await bank.changeCard({ ...request(input), stepUp: input.stepUp });
      const card = snapshot.cards.find((c) => c.id === values.card);
      return fromChange(result, () => ({
        key: `done.card.${name}`,
        params: { card: card?.name, last4: card?.last4 },
      }));
    },
  };
}

function pinChangeRequest({ customerId, values, idempotencyKey }: ChangeInput): PinChangeRequest {
  return { customerId, idempotencyKey, cardId: values.card ?? '', newPin: values.newPin ?? '' };
}

export const cardSpecs: readonly TaskSpec[] = [
  cardChangeSpec('card.freeze', 'freeze', (c) => c.status === 'active', false, {
    en: 'freeze my credit card',
    zh: '冻结我的信用卡',
  }),
  // Unfreezing gives a card its spending power back: the policy asks for step-up.
  cardChangeSpec('card.unfreeze', 'unfreeze', (c) => c.status === 'frozen', true, {
    en: 'unfreeze my card',
    zh: '解冻我的卡',
  }),
  cardChangeSpec('card.report_lost', 'block_lost', (c) => c.status !== 'blocked', false, {
    en: 'I lost my card',
    zh: '我的卡丢了',
  }),
  // Activating gives a new card its spending power: the policy asks for step-up, as for unfreezing.
  cardChangeSpec('card.activate', 'activate', (c) => c.status === 'inactive', true, {
    en: 'activate my new card',
    zh: '激活新卡',
  }),
  {
    intent: 'card.change_pin',
    kind: 'change',
    example: { en: 'change my card PIN', zh: '修改银行卡密码' },
    slots: [
      cardSlot({
        fits: (c) => c.status === 'active',
        prompt: 'ask.card.change_pin',
        unfit: 'invalid.card.change_pin',
        none: 'invalid.card.change_pin.none',
      }),
      digitsSlot({
        name: 'newPin',
        minDigits: 4,
        maxDigits: 6,
        prompt: (ctx) => {
          const card = cardOf(ctx);
          return {
            key: 'ask.pin.new',
            params: { card: card && cardLabel(card, ctx.lang) },
            accountData: true,
          };
        },
        validate: (ctx) => {
          const pin = ctx.values.newPin;
          if (pin && (WEAK.test(pin) || SEQUENCES.some((s) => s.includes(pin))))
            return { key: 'invalid.pin.weak' };
          return undefined;
        },
      }),
      digitsSlot({
        name: 'newPinConfirm',
        minDigits: 4,
        maxDigits: 6,
        prompt: () => ({ key: 'ask.pin.confirm' }),
        restartFrom: 'newPin',
        validate: (ctx) =>
          ctx.values.newPinConfirm !== undefined && ctx.values.newPinConfirm !== ctx.values.newPin
            ? { key: 'invalid.pin.mismatch' }
            : undefined,
      }),
    ],
    // With the card, a new PIN is cash at an ATM: the policy asks for step-up.
    needsStepUp: () => true,
    readBack: (ctx) => {
      const card = cardOf(ctx);
      return {
        key: 'readback.card.change_pin',
        params: { card: card && cardLabel(card, ctx.lang) },
        accountData: true,
      };
    },
    request: pinChangeRequest,
    async execute(bank, input) {
      const { values, snapshot } = input;
      const result = await bank.changeCardPin({ ...pinChangeRequest(input), stepUp: input.stepUp });
      const card = snapshot.cards.find((c) => c.id === values.card);
      return fromChange(result, () => ({
        key: 'done.card.change_pin',
        params: { card: card?.name, last4: card?.last4 },
      }));
    },
  },
];
