import type {
  BillPaymentRequest,
  Biller,
  Card,
  CardRepaymentRequest,
  LoanRepaymentRequest,
  TimeDepositRequest,
  TopUpRequest,
  TransferRequest,
} from '../../bank/index.ts';
import { currencyName } from '../../nlg/format.ts';
import type { Understanding } from '../../nlu/index.ts';
import { convertMinor, type CurrencyCode, type Money } from '../../shared/index.ts';
import { spokenRate } from '../answers/rates.ts';
import { accountById, cardById, rateOf } from '../customer.ts';
import { accountLabel, cardLabel, listOptions } from '../labels.ts';
import { fromMovement } from './outcome.ts';
import {
  amountSlot,
  digitsSlot,
  money,
  movementCurrency,
  overStepUpThreshold,
  paidNowSlot,
  sourceAccountSlot,
  spendable,
} from './slots.ts';
import type { ChangeInput, SlotContext, SlotDef, TaskSpec } from './spec.ts';

const sourceLabel = (ctx: SlotContext) => {
  const id = ctx.values.account;
  const account = id ? accountById(ctx.snapshot, id) : undefined;
  if (account) return accountLabel(account, ctx.lang);
  const card = id ? cardById(ctx.snapshot, id) : undefined;
  return card ? cardLabel(card, ctx.lang) : '';
};

// card.repay ---------------------------------------------------------------------------------

const repayCard = (ctx: SlotContext): Card | undefined =>
  ctx.values.card ? cardById(ctx.snapshot, ctx.values.card) : undefined;
const repayable = (c: Card) => c.type === 'credit' && c.balanceMinor > 0;

function repayCardSlot(): SlotDef {
  return {
    name: 'card',
    read(u, ctx) {
      const ref = u.entities.card;
      if (!ref) return { kind: 'none' };
      const ids = ref.kind === 'one' ? [ref.id] : ref.ids;
      const cards = ids
        .map((id) => cardById(ctx.snapshot, id))
        .filter((c): c is Card => c?.type === 'credit');
      if (cards.length === 1 && cards[0]) return { kind: 'fill', values: { card: cards[0].id } };
      if (cards.length > 1)
        return {
          kind: 'ambiguous',
          options: cards.map((c) => ({ id: c.id, label: cardLabel(c, ctx.lang) })),
        };
      return { kind: 'invalid', say: { key: 'invalid.card.not_credit' } };
    },
    unavailable: (ctx) =>
      ctx.snapshot.cards.some(repayable) ? undefined : { key: 'invalid.card.repay.none' },
    autoFill(ctx) {
      const credit = ctx.snapshot.cards.filter((c) => c.type === 'credit');
      return credit.length === 1 && credit[0] ? { card: credit[0].id } : undefined;
    },
    prompt: (ctx) => ({
      key: 'ask.card.repay',
      params: {
        options: listOptions(
          ctx.snapshot.cards.filter(repayable).map((c) => cardLabel(c, ctx.lang)),
          ctx.lang,
        ),
      },
      accountData: true,
    }),
  };
}

function cardRepaymentRequest({ customerId, values, idempotencyKey }: ChangeInput): CardRepaymentRequest {
  return {
    customerId,
    idempotencyKey,
    fromAccountId: values.account ?? '',
    cardId: values.card ?? '',
    amount: values.amount ?? { amountMinor: 0, currency: 'USD' },
  };
}

export const repaySpec: TaskSpec = {
  intent: 'card.repay',
  kind: 'movement',
  example: { en: 'pay my credit card bill', zh: '帮我还信用卡' },
  slots: [
    repayCardSlot(),
    amountSlot({
      countsToLimit: false,
      prompt(ctx) {
        const card = repayCard(ctx);
        if (!card) return { key: 'ask.amount.generic' };
        const m = (minor: number) => money({ amountMinor: minor, currency: card.currency });
        return {
          key: 'ask.amount.repay',
          params: {
            card: cardLabel(card, ctx.lang),
            statement: m(card.statementBalanceMinor),
            minimum: m(card.minimumDueMinor),
            balance: m(card.balanceMinor),
          },
          accountData: true,
        };
      },
      fromOption(option, ctx) {
        const card = repayCard(ctx);
        if (!card) return undefined;
        const minor =
          option === 'minimum'
            ? card.minimumDueMinor
            : option === 'statement'
              ? card.statementBalanceMinor
              : option === 'full'
                ? card.balanceMinor
                : undefined;
        return minor === undefined ? undefined : { amountMinor: minor, currency: card.currency };
      },
      ceiling(ctx) {
        const card = repayCard(ctx);
        if (!card) return undefined;
        const max = { amountMinor: card.balanceMinor, currency: card.currency };
        return { max, say: { key: 'invalid.amount.owed', params: { owed: money(max) }, accountData: true } };
      },
    }),
    sourceAccountSlot(),
    paidNowSlot(),
  ],
  needsStepUp: () => false,
  readBack(ctx) {
    const card = repayCard(ctx);
    return {
      key: 'readback.repay',
      params: {
        amount: ctx.values.amount && money(ctx.values.amount),
        card: card && cardLabel(card, ctx.lang),
        source: sourceLabel(ctx),
      },
      accountData: true,
    };
  },
  request: cardRepaymentRequest,
  async execute(bank, input) {
    const { values, snapshot } = input;
    const result = await bank.repayCard({ ...cardRepaymentRequest(input), stepUp: input.stepUp });
    return fromMovement(result, (m) => ({
      key: 'done.repay',
      params: {
        amount: money(m.amount),
        card: snapshot.cards.find((c) => c.id === values.card)?.name,
        reference: m.reference,
      },
    }));
  },
};

// Bills ----------------------------------------------------------------------------------------

function billerSlot(category: string | undefined): SlotDef {
  const fits = (b: Biller) => category === undefined || b.category === category;
  const inCategory = (ctx: SlotContext) => ctx.snapshot.billers.filter(fits);
  return {
    name: 'biller',
    read(u, ctx) {
      const ref = u.entities.biller;
      if (ref?.kind === 'one') return { kind: 'fill', values: { biller: ref.id } };
      if (ref?.kind === 'ambiguous') {
        const billers = ref.ids
          .map((id) => ctx.snapshot.billers.find((b) => b.id === id))
          .filter((b): b is Biller => b !== undefined);
        return { kind: 'ambiguous', options: billers.map((b) => ({ id: b.id, label: b.name })) };
      }
      const spoken = u.entities.billerCategory;
      // The task's own kind with none saved ("pay my social insurance"): `unavailable` says so.
      if (spoken && spoken !== category) {
        const matching = ctx.snapshot.billers.filter((b) => b.category === spoken);
        if (matching.length === 1 && matching[0]) return { kind: 'fill', values: { biller: matching[0].id } };
        if (matching.length > 1)
          return { kind: 'ambiguous', options: matching.map((b) => ({ id: b.id, label: b.name })) };
        return { kind: 'invalid', say: { key: 'invalid.biller.none', params: { category: spoken } } };
      }
      return { kind: 'none' };
    },
    unavailable(ctx) {
      if (inCategory(ctx).length > 0) return undefined;
      return category
        ? { key: 'invalid.biller.none', params: { category } }
        : { key: 'invalid.biller.empty' };
    },
    autoFill(ctx) {
      const list = inCategory(ctx);
      return category !== undefined && list.length === 1 && list[0] ? { biller: list[0].id } : undefined;
    },
    prompt: (ctx) => ({
      key: 'ask.biller',
      params: {
        options: listOptions(
          inCategory(ctx).map((b) => b.name),
          ctx.lang,
        ),
      },
    }),
  };
}

const billerName = (ctx: SlotContext) =>
  ctx.snapshot.billers.find((b) => b.id === ctx.values.biller)?.name ?? '';

function billPaymentRequest({ customerId, values, idempotencyKey }: ChangeInput): BillPaymentRequest {
  return {
    customerId,
    idempotencyKey,
    fromId: values.account ?? '',
    billerId: values.biller ?? '',
    amount: values.amount ?? { amountMinor: 0, currency: 'USD' },
  };
}

function billSpec(
  intent: string,
  category: string | undefined,
  example: { en: string; zh: string },
): TaskSpec {
  return {
    intent,
    kind: 'movement',
    example,
    slots: [
      billerSlot(category),
      amountSlot({
        countsToLimit: true,
        fromCards: true,
        domestic: true,
        prompt: (ctx) => ({ key: 'ask.amount.bill', params: { biller: billerName(ctx) } }),
      }),
      sourceAccountSlot({ allowCards: true }),
      paidNowSlot(),
    ],
    needsStepUp: overStepUpThreshold,
    readBack: (ctx) => ({
      key: 'readback.bill',
      params: {
        amount: ctx.values.amount && money(ctx.values.amount),
        biller: billerName(ctx),
        source: sourceLabel(ctx),
      },
      accountData: true,
    }),
    request: billPaymentRequest,
    async execute(bank, input) {
      const { values, snapshot } = input;
      const result = await bank.payBill({ ...billPaymentRequest(input), stepUp: input.stepUp });
      return fromMovement(result, (m) => ({
        key: 'done.bill',
        params: {
          amount: money(m.amount),
          biller: snapshot.billers.find((b) => b.id === values.biller)?.name,
          reference: m.reference,
        },
      }));
    },
  };
}

export const billSpecs: readonly TaskSpec[] = [
  billSpec('bill.pay', undefined, { en: 'pay my electricity bill', zh: '交电费' }),
  billSpec('bill.tuition', 'tuition', { en: 'pay tuition', zh: '交学费' }),
  billSpec('bill.property_fee', 'property', { en: 'pay the property fee', zh: '交物业费' }),
  billSpec('bill.social_insurance', 'social-insurance', { en: 'pay social insurance', zh: '交社保' }),
  billSpec('bill.tax', 'tax', { en: 'pay my taxes', zh: '缴税' }),
];

// Top-ups ------------------------------------------------------------------------------------

function phoneSlot(): SlotDef {
  return {
    name: 'phone',
    read(u, ctx) {
      if (u.entities.ownPhone && ctx.snapshot.customer.phone)
        return { kind: 'fill', values: { phone: ctx.snapshot.customer.phone } };
      const phone = u.entities.phone ?? (ctx.asked === 'phone' ? u.entities.digits : undefined);
      if (phone && phone.replace(/\D/g, '').length >= 7) return { kind: 'fill', values: { phone } };
      return { kind: 'none' };
    },
    prompt: () => ({ key: 'ask.phone' }),
  };
}

function topUpSpec(intent: 'topup.mobile' | 'topup.transit'): TaskSpec {
  const mobile = intent === 'topup.mobile';
  const reference = (ctx: SlotContext) => (mobile ? ctx.values.phone : ctx.values.digits) ?? '';
  const request = ({ customerId, values, idempotencyKey }: ChangeInput): TopUpRequest => ({
    customerId,
    idempotencyKey,
    fromId: values.account ?? '',
    service: mobile ? 'mobile' : 'transit',
    reference: (mobile ? values.phone : values.digits) ?? '',
    amount: values.amount ?? { amountMinor: 0, currency: 'USD' },
  });
  return {
    intent,
    kind: 'movement',
    example: mobile
      ? { en: 'top up my phone with 20 dollars', zh: '给我手机充一百块话费' }
      : { en: 'top up my metro card', zh: '交通卡充值一百' },
    slots: [
      mobile
        ? phoneSlot()
        : digitsSlot({
            name: 'digits',
            minDigits: 6,
            maxDigits: 20,
            prompt: () => ({ key: 'ask.digits.transit' }),
          }),
      amountSlot({
        countsToLimit: true,
        fromCards: true,
        domestic: true,
        prompt: (ctx) => ({
          key: mobile ? 'ask.amount.topup' : 'ask.amount.transit',
          params: { phone: reference(ctx) },
        }),
      }),
      sourceAccountSlot({ allowCards: true }),
      paidNowSlot(),
    ],
    needsStepUp: overStepUpThreshold,
    readBack: (ctx) => ({
      key: mobile ? 'readback.topup' : 'readback.transit',
      params: {
        amount: ctx.values.amount && money(ctx.values.amount),
        phone: reference(ctx),
        source: sourceLabel(ctx),
      },
      accountData: true,
    }),
    request,
    async execute(bank, input) {
      const { values } = input;
      const result = await bank.topUp({ ...request(input), stepUp: input.stepUp });
      return fromMovement(result, (m) => ({
        key: mobile ? 'done.topup' : 'done.transit',
        params: {
          amount: money(m.amount),
          phone: (mobile ? values.phone : values.digits) ?? '',
          reference: m.reference,
        },
      }));
    },
  };
}

export const topUpSpecs: readonly TaskSpec[] = [topUpSpec('topup.mobile'), topUpSpec('topup.transit')];

// Loans ----------------------------------------------------------------------------------------

const loanOf = (ctx: SlotContext) =>
  (ctx.values.toAccount ? accountById(ctx.snapshot, ctx.values.toAccount) : undefined) ??
  ctx.snapshot.accounts.find((a) => a.type === 'loan');

const owing = (ctx: SlotContext) =>
  ctx.snapshot.accounts.filter((a) => a.type === 'loan' && a.balanceMinor < 0);

function loanSlot(): SlotDef {
  return {
    name: 'toAccount',
    read(u, ctx) {
      const ref = u.entities.toAccount ?? u.entities.account;
      const loans = (ref?.kind === 'one' ? [ref.id] : ref?.kind === 'ambiguous' ? ref.ids : []).filter(
        (id) => accountById(ctx.snapshot, id)?.type === 'loan',
      );
      if (loans.length === 1 && loans[0]) return { kind: 'fill', values: { toAccount: loans[0] } };
      return { kind: 'none' };
    },
    unavailable: (ctx) => (owing(ctx).length > 0 ? undefined : { key: 'invalid.loan.none' }),
    autoFill(ctx) {
      const loans = owing(ctx);
      return loans.length === 1 && loans[0] ? { toAccount: loans[0].id } : undefined;
    },
    prompt: (ctx) => ({
      key: 'ask.loan',
      params: {
        options: listOptions(
          owing(ctx).map((a) => accountLabel(a, ctx.lang)),
          ctx.lang,
        ),
      },
      accountData: true,
    }),
  };
}

function loanRepaymentRequest({ customerId, values, idempotencyKey }: ChangeInput): LoanRepaymentRequest {
  return {
    customerId,
    idempotencyKey,
    fromAccountId: values.account ?? '',
    loanAccountId: values.toAccount ?? '',
    amount: values.amount ?? { amountMinor: 0, currency: 'USD' },
  };
}

export const loanRepaySpec: TaskSpec = {
  intent: 'loan.repay',
  kind: 'movement',
  example: { en: 'make my car loan payment', zh: '还房贷' },
  slots: [
    loanSlot(),
    amountSlot({
      countsToLimit: false,
      prompt(ctx) {
        const loan = loanOf(ctx);
        const due = loan?.paymentDueMinor;
        return loan && due !== undefined
          ? {
              key: 'ask.amount.loan',
              params: { loan: loan.name, due: money({ amountMinor: due, currency: loan.currency }) },
              accountData: true,
            }
          : { key: 'ask.amount.generic' };
      },
      fromOption(option, ctx) {
        const loan = loanOf(ctx);
        if (!loan) return undefined;
        if (option === 'full') return { amountMinor: -loan.balanceMinor, currency: loan.currency };
        if (
          (option === 'payment_due' || option === 'minimum' || option === 'statement') &&
          loan.paymentDueMinor
        ) {
          return { amountMinor: loan.paymentDueMinor, currency: loan.currency };
        }
        return undefined;
      },
      ceiling(ctx) {
        const loan = loanOf(ctx);
        if (!loan) return undefined;
        const max = { amountMinor: -loan.balanceMinor, currency: loan.currency };
        return { max, say: { key: 'invalid.amount.owed', params: { owed: money(max) }, accountData: true } };
      },
    }),
    sourceAccountSlot(),
    paidNowSlot(),
  ],
  needsStepUp: () => false,
  readBack(ctx) {
    const loan = loanOf(ctx);
    return {
      key: 'readback.loan',
      params: {
        amount: ctx.values.amount && money(ctx.values.amount),
        loan: loan && accountLabel(loan, ctx.lang),
        source: sourceLabel(ctx),
      },
      accountData: true,
    };
  },
  request: loanRepaymentRequest,
  async execute(bank, input) {
    const { values, snapshot } = input;
    const result = await bank.repayLoan({ ...loanRepaymentRequest(input), stepUp: input.stepUp });
    return fromMovement(result, (m) => ({
      key: 'done.loan',
      params: {
        amount: money(m.amount),
        loan: snapshot.accounts.find((a) => a.id === values.toAccount)?.name,
        reference: m.reference,
      },
    }));
  },
};

// Time deposits ----------------------------------------------------------------------------------

const TERMS = [3, 6, 12, 24, 36, 60];

function timeDepositRequest({ customerId, values, idempotencyKey }: ChangeInput): TimeDepositRequest {
  return {
    customerId,
    idempotencyKey,
    fromAccountId: values.account ?? '',
    amount: values.amount ?? { amountMinor: 0, currency: 'USD' },
    termMonths: values.term ?? 12,
  };
}

export const depositSpec: TaskSpec = {
  intent: 'deposit.open',
  kind: 'movement',
  example: { en: 'open a 12 month deposit with 5000 dollars', zh: '存一年定期，五万块' },
  slots: [
    amountSlot({ countsToLimit: false, prompt: () => ({ key: 'ask.amount.deposit' }) }),
    {
      name: 'term',
      read: (u) =>
        u.entities.termMonths !== undefined
          ? { kind: 'fill', values: { term: u.entities.termMonths } }
          : { kind: 'none' },
      prompt: () => ({ key: 'ask.term' }),
      validate: (ctx) =>
        ctx.values.term !== undefined && !TERMS.includes(ctx.values.term)
          ? { key: 'invalid.term' }
          : undefined,
    },
    sourceAccountSlot({ onlyAccount: true }),
    paidNowSlot(),
  ],
  needsStepUp: () => false,
  readBack: (ctx) => ({
    key: 'readback.deposit',
    params: {
      amount: ctx.values.amount && money(ctx.values.amount),
      term: ctx.values.term,
      source: sourceLabel(ctx),
    },
    accountData: true,
  }),
  request: timeDepositRequest,
  async execute(bank, input) {
    const { values } = input;
    const result = await bank.openTimeDeposit({ ...timeDepositRequest(input), stepUp: input.stepUp });
    return fromMovement(result, (m) => ({
      key: 'done.deposit',
      params: { amount: money(m.amount), term: values.term, reference: m.reference },
    }));
  },
};

// Currency exchange between own accounts ---------------------------------------------------------------

/** The customer's accounts in a currency other than the one the money leaves in. */
const otherCurrency = (ctx: SlotContext) =>
  spendable(ctx.snapshot).filter((a) => a.currency !== movementCurrency(ctx));

function otherCurrencyTarget(u: Understanding | undefined, ctx: SlotContext): string | undefined {
  const named = u?.entities.currencies?.find((c) => c !== movementCurrency(ctx));
  const targets = otherCurrency(ctx).filter((a) => named === undefined || a.currency === named);
  return targets.length === 1 ? targets[0]?.id : undefined;
}

/** A currency named to exchange into that the customer holds no account in ("to euros"). */
function unheldTarget(u: Understanding, ctx: SlotContext): CurrencyCode | undefined {
  const named = u.entities.currencies?.find(
    (c) => c !== movementCurrency(ctx) && c !== u.entities.amount?.currency,
  );
  return named && !otherCurrency(ctx).some((a) => a.currency === named) ? named : undefined;
}

/**
 * The smallest amount in `from` that the exchange credits as at least `wanted` (convertMinor rounds
 * half to even, so the neighbours are checked).
 */
function sourceFor(wanted: Money, from: CurrencyCode, ctx: SlotContext): Money | undefined {
  const back = rateOf(ctx.snapshot, wanted.currency, from);
  const rate = rateOf(ctx.snapshot, from, wanted.currency);
  if (!back || !rate) return undefined;
  let minor = convertMinor(wanted, from, back).amountMinor;
  const credited = (m: number) =>
    convertMinor({ amountMinor: m, currency: from }, wanted.currency, rate).amountMinor;
  for (let i = 0; i < 100 && credited(minor) < wanted.amountMinor; i++) minor++;
  for (let i = 0; i < 100 && minor > 1 && credited(minor - 1) >= wanted.amountMinor; i++) minor--;
  return credited(minor) >= wanted.amountMinor ? { amountMinor: minor, currency: from } : undefined;
}

/**
 * An amount in the target account's own currency is what the customer wants to receive ("move 100
 * euros to my euro account"): the money leaves the source account (the one named, else the base
 * currency's) as what buys it. Never asked; it reads after the amount and the target.
 */
const receiveSlot: SlotDef = {
  name: 'receive',
  read(u, ctx) {
    const { amount, toAccount, account } = ctx.values;
    const target = toAccount ? accountById(ctx.snapshot, toAccount) : undefined;
    if (amount && target && amount.currency === target.currency) {
      const named = account ? accountById(ctx.snapshot, account)?.currency : undefined;
      const base = ctx.snapshot.stepUp.over.currency;
      const from =
        named ??
        (base !== target.currency && spendable(ctx.snapshot).some((a) => a.currency === base)
          ? base
          : undefined);
      const source = from && from !== target.currency ? sourceFor(amount, from, ctx) : undefined;
      return source ? { kind: 'fill', values: { amount: source, receive: amount } } : { kind: 'none' };
    }
    // A new amount in the source's currency replaces what was to be received.
    return u.entities.amount && ctx.values.receive
      ? { kind: 'fill', values: { receive: undefined } }
      : { kind: 'none' };
  },
  needed: () => false,
  prompt: () => ({ key: 'ask.amount.fx' }),
};

/**
 * The rate as people say it, the larger currency first: "1.0850 dollars to the euro", "7.1234 yuan to
 * the dollar", "1美元兑7.1234元"; never an inverted "0.92165899".
 */
function rateText(from: CurrencyCode, to: CurrencyCode, ctx: SlotContext): string | undefined {
  const forward = rateOf(ctx.snapshot, from, to);
  const backward = rateOf(ctx.snapshot, to, from);
  const [unit, other, rate] =
    forward && (!backward || !/^0\./.test(forward)) ? [from, to, forward] : [to, from, backward];
  if (!rate) return undefined;
  const spoken = spokenRate(rate);
  return ctx.lang === 'zh'
    ? `1${currencyName(unit, 'zh')}兑${spoken}${currencyName(other, 'zh')}`
    : `${spoken} ${currencyName(other, 'en')} to the ${currencyName(unit, 'en', false)}`;
}

function exchangeRequest({ customerId, values, idempotencyKey }: ChangeInput): TransferRequest {
  return {
    customerId,
    idempotencyKey,
    fromAccountId: values.account ?? '',
    to: { kind: 'account', id: values.toAccount ?? '' },
    amount: values.amount ?? { amountMinor: 0, currency: 'USD' },
  };
}

/** Words that make an exchange's amount the one to receive: "buy 100 euros", "买一千美元". */
const BUY = /\b(buy|buying|purchase|get me)\b|买|购买/i;

export const fxSpec: TaskSpec = {
  intent: 'fx.exchange',
  kind: 'movement',
  example: { en: 'change 500 dollars into yuan', zh: '把一千块人民币换成美元' },
  slots: [
    // An amount in a currency the customer holds no account in ("exchange five hundred euros" with
    // dollar accounts only) is refused with the reason, and the amount asked again.
    amountSlot({
      countsToLimit: false,
      noSource: 'invalid.fx.no_source',
      prompt: () => ({ key: 'ask.amount.fx' }),
    }),
    {
      name: 'toAccount',
      read(u, ctx) {
        // Asked which account, a bare answer ("savings") is tagged as an account, not a target.
        const ref = u.entities.toAccount ?? (ctx.asked === 'toAccount' ? u.entities.account : undefined);
        if (ref?.kind === 'one') return { kind: 'fill', values: { toAccount: ref.id } };
        // "Savings" with a dollar and a euro savings account, exchanging euros: the one it can go into.
        if (ref?.kind === 'ambiguous') {
          const fits = otherCurrency(ctx).filter((a) => ref.ids.includes(a.id));
          if (fits.length === 1 && fits[0]) return { kind: 'fill', values: { toAccount: fits[0].id } };
        }
        // "Convert my euros to dollars": from the first currency named, into the last.
        const named = u.entities.currencies ?? [];
        const [fromCurrency, intoCurrency] = [named[0], named.at(-1)];
        if (named.length >= 2 && fromCurrency !== intoCurrency && !ctx.values.toAccount) {
          const into = spendable(ctx.snapshot).filter((a) => a.currency === intoCurrency);
          const from = spendable(ctx.snapshot).filter((a) => a.currency === fromCurrency);
          if (into.length === 1 && into[0])
            return {
              kind: 'fill',
              values: {
                toAccount: into[0].id,
                ...(from.length === 1 && from[0] && !ctx.values.account ? { account: from[0].id } : {}),
              },
            };
        }
        // "Buy one hundred euros": the amount is what to receive, into the account in its currency.
        const bought = BUY.test(u.text) ? u.entities.amount?.currency : undefined;
        const into = bought ? spendable(ctx.snapshot).filter((a) => a.currency === bought) : [];
        if (bought && bought !== ctx.snapshot.stepUp.over.currency && into.length === 1 && into[0])
          return { kind: 'fill', values: { toAccount: into[0].id } };
        const unheld = unheldTarget(u, ctx);
        if (unheld)
          return {
            kind: 'invalid',
            say: { key: 'invalid.amount.currency', params: { currency: currencyName(unheld, ctx.lang) } },
          };
        // Once a target is set, only a currency named besides the amount's moves it ("make it 200
        // euros" keeps the euro account; "into pounds instead" does not).
        const retarget = u.entities.currencies?.some((c) => c !== u.entities.amount?.currency) ?? false;
        if (ctx.values.toAccount && !retarget) return { kind: 'none' };
        const id = otherCurrencyTarget(u, ctx);
        return id ? { kind: 'fill', values: { toAccount: id } } : { kind: 'none' };
      },
      // Only one currency held: there is nowhere to exchange into, and no account to name.
      // (No account at all is the source account's to say.)
      unavailable: (ctx) =>
        otherCurrency(ctx).length > 0 || spendable(ctx.snapshot).length === 0
          ? undefined
          : {
              key: 'invalid.fx.one_currency',
              params: { currency: currencyName(movementCurrency(ctx), ctx.lang) },
            },
      autoFill: (ctx) => {
        const id = otherCurrencyTarget(undefined, ctx);
        return id ? { toAccount: id } : undefined;
      },
      prompt: (ctx) => ({
        key: 'ask.toAccount.fx',
        params: {
          options: listOptions(
            otherCurrency(ctx).map((a) => accountLabel(a, ctx.lang)),
            ctx.lang,
          ),
        },
        accountData: true,
      }),
      validate(ctx) {
        const target = ctx.values.toAccount ? accountById(ctx.snapshot, ctx.values.toAccount) : undefined;
        if (target && ctx.values.amount && target.currency === ctx.values.amount.currency)
          return { key: 'invalid.fx.same' };
        return undefined;
      },
    },
    receiveSlot,
    sourceAccountSlot(),
    paidNowSlot(),
  ],
  needsStepUp: () => false,
  readBack(ctx) {
    const amount = ctx.values.amount;
    const target = ctx.values.toAccount ? accountById(ctx.snapshot, ctx.values.toAccount) : undefined;
    const rate = amount && target ? rateOf(ctx.snapshot, amount.currency, target.currency) : undefined;
    const converted: Money | undefined =
      amount && target && rate ? convertMinor(amount, target.currency, rate) : undefined;
    return {
      key: 'readback.fx',
      params: {
        amount: amount && money(amount),
        converted: converted && money(converted),
        rate: amount && target && rate ? rateText(amount.currency, target.currency, ctx) : undefined,
        target: target && accountLabel(target, ctx.lang),
        source: sourceLabel(ctx),
      },
      accountData: true,
    };
  },
  request: exchangeRequest,
  async execute(bank, input) {
    const result = await bank.transfer({ ...exchangeRequest(input), stepUp: input.stepUp });
    return fromMovement(result, (m) => ({
      key: 'done.fx',
      params: { amount: money(m.amount), converted: money(m.credited), reference: m.reference },
    }));
  },
};
