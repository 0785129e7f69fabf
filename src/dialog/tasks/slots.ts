import type { Account, Card } from '../../bank/index.ts';
import type { Ref, Understanding } from '../../nlu/index.ts';
import {
  convertMinor,
  formatDecimal,
  isCurrencyCode,
  localDate,
  parseDecimal,
  type CurrencyCode,
  type Lang,
  type Money,
} from '../../shared/index.ts';
import { currencyName, formatDate, formatMoney } from '../../nlg/format.ts';
import { accountById, cardById, rateOf, type CustomerSnapshot } from '../customer.ts';
import { accountLabel, cardLabel, listOptions } from '../labels.ts';
import type { Say } from '../types.ts';
import type { SlotContext, SlotDef, SlotName, SlotRead } from './spec.ts';

const NONE: SlotRead = { kind: 'none' };

function one(ref: Ref | undefined): string | undefined {
  return ref?.kind === 'one' ? ref.id : undefined;
}

export function spendable(s: CustomerSnapshot): Account[] {
  return s.accounts.filter((a) => a.type === 'checking' || a.type === 'savings');
}

/** The currency a movement is in: the amount's if said, else the source account's, else the base. */
export function movementCurrency(ctx: SlotContext): CurrencyCode {
  if (ctx.values.amount) return ctx.values.amount.currency;
  const source = ctx.values.account ? accountById(ctx.snapshot, ctx.values.account) : undefined;
  return source?.currency ?? ctx.snapshot.stepUp.over.currency;
}

/** A currency as an account or bill is in it: "euros", "人民币" (an amount's 元 is not an account's). */
function currencyOfAccount(currency: CurrencyCode, lang: Lang): string {
  return lang === 'zh' && currency === 'CNY' ? '人民币' : currencyName(currency, lang);
}

/** Reads an amount entity as Money: its currency if said, else `fallback`. */
export function readMoney(u: Understanding, fallback: CurrencyCode): Money | 'invalid' | undefined {
  const a = u.entities.amount;
  if (!a) return undefined;
  const currency = a.currency && isCurrencyCode(a.currency) ? a.currency : fallback;
  const parsed = parseDecimal(a.value, currency);
  return parsed.ok ? { amountMinor: parsed.value, currency } : 'invalid';
}

export interface AmountSlotOptions {
  readonly prompt: (ctx: SlotContext) => Say;
  /** "the minimum", "the statement balance", "pay it off" → an amount (card and loan repayments). */
  readonly fromOption?: (
    option: NonNullable<Understanding['entities']['amountOption']>,
    ctx: SlotContext,
  ) => Money | undefined;
  /** Most that may be paid (what a card or loan owes) with the message when above it. */
  readonly ceiling?: (ctx: SlotContext) => { readonly max: Money; readonly say: Say } | undefined;
  /** Whether the movement counts towards the daily limit (payments to others). */
  readonly countsToLimit: boolean;
  /** A credit card can be the source (bills, top-ups): an amount in its currency can be paid. */
  readonly fromCards?: boolean;
  /** What is said of an amount in a currency nothing can pay from (default `invalid.amount.currency`). */
  readonly noSource?: string;
  /**
   * Bills and top-ups: a bare amount is in the home currency, whatever account is named to pay it
   * ("用美元账户交电费两百" is ¥200, which the dollar account cannot pay as is; not $200).
   */
  readonly domestic?: boolean;
}

/** Whether the customer holds a source the money can leave in `currency` from. */
function heldIn(ctx: SlotContext, currency: CurrencyCode, fromCards: boolean): boolean {
  return (
    spendable(ctx.snapshot).some((a) => a.currency === currency) ||
    (fromCards && ctx.snapshot.cards.some((c) => c.type === 'credit' && c.currency === currency))
  );
}

/**
 * The amount: digits or words, with a currency or the source's; checked against balance and limits.
 * An amount in a currency the customer holds no account in ("send 50 euros" with dollar accounts
 * only) is refused with the reason, and the amount asked again: before, the source account was asked
 * for again and again from a list with no account in that currency.
 */
export function amountSlot(options: AmountSlotOptions): SlotDef {
  return {
    name: 'amount',
    read(u, ctx) {
      // A bare number is in the currency of what is owed (a card bill, a loan); else of the account it
      // comes from, when this utterance names it ("从美元账户给张三转五百" is $500); else the movement's.
      const named =
        u.entities.account?.kind === 'one' ? accountById(ctx.snapshot, u.entities.account.id) : undefined;
      const owed = options.ceiling?.(ctx)?.max.currency;
      const fallback =
        owed ??
        (options.domestic ? ctx.snapshot.stepUp.over.currency : undefined) ??
        (named && (named.type === 'checking' || named.type === 'savings')
          ? named.currency
          : movementCurrency(ctx));
      const money = readMoney(u, fallback);
      if (money === 'invalid') return { kind: 'invalid', say: { key: 'invalid.amount.format' } };
      // "大概一千", "about 500", "三百还是五百": money moves by an exact amount only.
      if (money && u.entities.amount?.approximate)
        return { kind: 'invalid', say: { key: 'invalid.amount.approximate' } };
      if (money && !heldIn(ctx, money.currency, options.fromCards === true))
        return {
          kind: 'invalid',
          say: {
            key: options.noSource ?? 'invalid.amount.currency',
            params: { currency: currencyName(money.currency, ctx.lang) },
          },
        };
      if (money) return { kind: 'fill', values: { amount: money, amountOption: undefined } };
      // "The statement balance" of the card named, also when another card is named after it ("no,
      // the visa": the Visa's statement balance, not the Amex's figure carried over).
      const option = u.entities.amountOption ?? ctx.values.amountOption;
      if (option && options.fromOption) {
        const value = options.fromOption(option, ctx);
        const same =
          value?.amountMinor === ctx.values.amount?.amountMinor &&
          value?.currency === ctx.values.amount?.currency;
        if (value && !same) return { kind: 'fill', values: { amount: value, amountOption: option } };
        // "先帮我还最低还款" before the card is known: kept, for the card the task settles on.
        if (!value && u.entities.amountOption) return { kind: 'fill', values: { amountOption: option } };
      }
      return NONE;
    },
    autoFill(ctx) {
      const option = ctx.values.amountOption;
      const value = option && !ctx.values.amount ? options.fromOption?.(option, ctx) : undefined;
      return value ? { amount: value } : undefined;
    },
    prompt: options.prompt,
    validate(ctx) {
      const amount = ctx.values.amount;
      if (!amount) return undefined;
      if (amount.amountMinor <= 0) return { key: 'invalid.amount.zero' };
      const ceiling = options.ceiling?.(ctx);
      // What is owed is paid in its own currency: "还信用卡一百美元" on a yuan card would be refused by the bank.
      if (ceiling && amount.currency !== ceiling.max.currency)
        return {
          key: 'invalid.amount.owed_currency',
          params: {
            currency: currencyOfAccount(ceiling.max.currency, ctx.lang),
          },
        };
      if (ceiling && amount.amountMinor > ceiling.max.amountMinor) return ceiling.say;
      const source = ctx.values.account ? accountById(ctx.snapshot, ctx.values.account) : undefined;
      if (source && source.currency === amount.currency && amount.amountMinor > source.availableMinor) {
        return {
          key: 'invalid.amount.funds',
          params: {
            account: accountLabel(source, ctx.lang),
            available: formatMoney({ amountMinor: source.availableMinor, currency: source.currency }),
          },
          accountData: true,
        };
      }
      const sourceCard = ctx.values.account ? cardById(ctx.snapshot, ctx.values.account) : undefined;
      if (sourceCard && amount.amountMinor > sourceCard.availableCreditMinor) {
        return {
          key: 'invalid.amount.credit',
          params: {
            card: cardLabel(sourceCard, ctx.lang),
            available: formatMoney({
              amountMinor: sourceCard.availableCreditMinor,
              currency: sourceCard.currency,
            }),
          },
          accountData: true,
        };
      }
      const limit = ctx.snapshot.dailyLimit;
      // In the limit's currency, as the bank counts it: EUR 1,500 against a $1,000 limit is $3,000.
      const rate =
        limit && amount.currency !== limit.remaining.currency
          ? rateOf(ctx.snapshot, amount.currency, limit.remaining.currency)
          : undefined;
      const counted = limit && rate ? convertMinor(amount, limit.remaining.currency, rate) : amount;
      if (
        options.countsToLimit &&
        limit &&
        counted.currency === limit.remaining.currency &&
        counted.amountMinor > limit.remaining.amountMinor
      ) {
        return {
          key: 'invalid.amount.limit',
          params: { remaining: formatMoney(limit.remaining), limit: formatMoney(limit.limit) },
        };
      }
      return undefined;
    },
  };
}

/**
 * The source account, by the convo-format policy: the customer's words; else the only spendable
 * account in the movement's currency; else the primary account; else ask.
 */
export function sourceAccountSlot(
  options: {
    readonly allowCards?: boolean;
    /** Tasks that name no other account (a time deposit): any account named is the source. */
    readonly onlyAccount?: boolean;
  } = {},
): SlotDef {
  const candidates = (ctx: SlotContext) =>
    spendable(ctx.snapshot).filter((a) => a.currency === movementCurrency(ctx));
  /** Credit cards that can pay, where the task takes one (bills, top-ups). */
  const payingCards = (ctx: SlotContext) =>
    options.allowCards ? ctx.snapshot.cards.filter((c) => c.type === 'credit' && c.status === 'active') : [];
  return {
    name: 'account',
    // No checking or savings account (and no card that may pay): nothing can be paid from, so say so.
    unavailable: (ctx) =>
      spendable(ctx.snapshot).length === 0 && payingCards(ctx).length === 0
        ? { key: 'invalid.account.none' }
        : undefined,
    read(u, ctx) {
      const ref =
        ctx.asked === 'account'
          ? (u.entities.account ?? u.entities.toAccount)
          : (ctx.asked === 'toAccount' || (ctx.asked === 'payee' && !u.entities.payee)) &&
              !u.entities.toAccount
            ? undefined // asked where the money goes, a bare "savings" names the target, not the source
            : u.entities.account;
      // Once the source is set, a credit card or loan named again is a new source ("yes, from my
      // visa"), unless it is where the money goes (card.repay, loan.repay).
      const correcting = ctx.values.account !== undefined;
      // Said with where the money goes ("send 50 to maria from my car loan"), a loan or card is the source.
      const sourced =
        correcting ||
        options.onlyAccount === true ||
        u.entities.payee !== undefined ||
        u.entities.toAccount !== undefined ||
        u.entities.biller !== undefined ||
        u.entities.card !== undefined;
      if (u.entities.card?.kind === 'one') {
        const card = cardById(ctx.snapshot, u.entities.card.id);
        // Where cards may pay (bills, top-ups), a credit card named is the source whenever it is said:
        // "用信用卡交电费两百" paid from the checking account before.
        if (options.allowCards && card?.type === 'credit')
          return { kind: 'fill', values: { account: card.id } };
        if (!options.allowCards && card?.type === 'credit' && sourced && card.id !== ctx.values.card)
          return {
            kind: 'invalid',
            say: { key: 'invalid.account.source', params: { account: cardLabel(card, ctx.lang) } },
            ask: true,
          };
      }
      if (!ref && ctx.asked === 'account' && u.entities.digits) {
        const byLast4 = spendable(ctx.snapshot).filter((a) => a.last4 === u.entities.digits);
        if (byLast4.length === 1 && byLast4[0]) return { kind: 'fill', values: { account: byLast4[0].id } };
      }
      if (!ref) return NONE;
      if (ref.kind === 'ambiguous') {
        const options = ref.ids
          .map((id) => accountById(ctx.snapshot, id))
          .filter((a): a is Account => a !== undefined && (a.type === 'checking' || a.type === 'savings'));
        if (options.length === 1 && options[0]) return { kind: 'fill', values: { account: options[0].id } };
        return {
          kind: 'ambiguous',
          options: options.map((a) => ({ id: a.id, label: accountLabel(a, ctx.lang) })),
        };
      }
      const account = accountById(ctx.snapshot, ref.id);
      if (!account) return NONE;
      if (account.type !== 'checking' && account.type !== 'savings') {
        // "pay my car loan": the loan is where money goes, another slot's business. Asked directly
        // for the source, or named as a new one, though, a loan or deposit is not one.
        const target = u.entities.toAccount?.kind === 'one' ? u.entities.toAccount.id : ctx.values.toAccount;
        return ctx.asked === 'account' || (sourced && account.id !== target)
          ? {
              kind: 'invalid',
              say: { key: 'invalid.account.source', params: { account: accountLabel(account, ctx.lang) } },
              ask: true,
            }
          : NONE;
      }
      return { kind: 'fill', values: { account: account.id } };
    },
    autoFill(ctx) {
      const inCurrency = candidates(ctx);
      if (inCurrency.length === 1 && inCurrency[0]) return { account: inCurrency[0].id };
      const primary = spendable(ctx.snapshot).find((a) => a.primary);
      if (primary && (inCurrency.length === 0 || inCurrency.some((a) => a.id === primary.id)))
        return { account: primary.id };
      return undefined;
    },
    prompt(ctx) {
      const options = candidates(ctx).length > 0 ? candidates(ctx) : spendable(ctx.snapshot);
      const labels =
        options.length > 0
          ? options.map((a) => accountLabel(a, ctx.lang))
          : payingCards(ctx).map((c) => cardLabel(c, ctx.lang));
      return {
        key: 'ask.account',
        params: { options: listOptions(labels, ctx.lang) },
        accountData: true,
      };
    },
    validate(ctx) {
      const source = ctx.values.account ? accountById(ctx.snapshot, ctx.values.account) : undefined;
      const amount = ctx.values.amount;
      if (source && amount && source.currency !== amount.currency) {
        return {
          key: 'invalid.account.currency',
          // "不是人民币账户", "isn't in euros": the currency by name, never its code.
          params: {
            account: accountLabel(source, ctx.lang),
            currency: currencyOfAccount(amount.currency, ctx.lang),
          },
        };
      }
      return undefined;
    },
  };
}

/**
 * A card, among those `fits` allows (e.g. only frozen cards can be unfrozen). With none that fits,
 * the task ends saying so (`none`): "unfreeze my card" with no frozen card once asked which of the
 * active ones, and read back unfreezing the one picked.
 */
export function cardSlot(options: {
  readonly fits: (c: Card) => boolean;
  readonly prompt: string;
  readonly unfit: string;
  readonly none: string;
}): SlotDef {
  return {
    name: 'card',
    read(u, ctx) {
      let ref = u.entities.card;
      if (!ref && ctx.asked === 'card' && u.entities.digits) {
        const byLast4 = ctx.snapshot.cards.filter((c) => c.last4 === u.entities.digits);
        if (byLast4[0] && byLast4.length === 1) ref = { kind: 'one', id: byLast4[0].id };
      }
      // "The second one": of the cards the question listed, in its order.
      const ordinal = u.entities.ordinal;
      if (!ref && ctx.asked === 'card' && ordinal !== undefined) {
        const listed = ctx.snapshot.cards.filter(options.fits);
        const pick = ordinal === -1 ? listed.at(-1) : listed[ordinal - 1];
        if (pick) ref = { kind: 'one', id: pick.id };
      }
      // "The one on my checking" is the card linked to it; the account's last four alone are not
      // ("one two three four" asked which card, for a new PIN, is no card).
      const byNumberAlone =
        u.entities.digits !== undefined &&
        !/\b(?:account|checking|chequing|savings)\b|账户|户头|活期|储蓄/.test(u.text);
      if (!ref && ctx.asked === 'card' && u.entities.account?.kind === 'one' && !byNumberAlone) {
        const linked = ctx.snapshot.cards.filter((c) => c.accountId === one(u.entities.account));
        if (linked.length === 1 && linked[0]) ref = { kind: 'one', id: linked[0].id };
      }
      if (!ref) return NONE;
      if (ref.kind === 'ambiguous') {
        const cards = ref.ids
          .map((id) => cardById(ctx.snapshot, id))
          .filter((c): c is Card => c !== undefined);
        const fitting = cards.filter(options.fits);
        if (fitting.length === 1 && fitting[0]) return { kind: 'fill', values: { card: fitting[0].id } };
        return {
          kind: 'ambiguous',
          options: fitting.map((c) => ({ id: c.id, label: cardLabel(c, ctx.lang) })),
        };
      }
      const card = cardById(ctx.snapshot, ref.id);
      if (!card) return NONE;
      if (!options.fits(card)) {
        return {
          kind: 'invalid',
          say: {
            key: options.unfit,
            params: { card: cardLabel(card, ctx.lang), status: card.status },
            accountData: true,
          },
          // The card named cannot be: said, and no other card is offered in its place.
          ...(ctx.values.card === undefined ? { end: true as const } : {}),
        };
      }
      return { kind: 'fill', values: { card: card.id } };
    },
    unavailable: (ctx) => (ctx.snapshot.cards.some(options.fits) ? undefined : { key: options.none }),
    autoFill(ctx) {
      const fitting = ctx.snapshot.cards.filter(options.fits);
      return fitting.length === 1 && fitting[0] ? { card: fitting[0].id } : undefined;
    },
    prompt(ctx) {
      return {
        key: options.prompt,
        params: {
          options: listOptions(
            ctx.snapshot.cards.filter(options.fits).map((c) => cardLabel(c, ctx.lang)),
            ctx.lang,
          ),
        },
        accountData: true,
      };
    },
  };
}

/** Reads a value the agent asked for as digits ("two four six eight", "2468#"). */
export function digitsSlot(options: {
  readonly name: 'digits' | 'newPin' | 'newPinConfirm';
  readonly minDigits: number;
  readonly maxDigits: number;
  readonly prompt: (ctx: SlotContext) => Say;
  readonly validate?: (ctx: SlotContext) => Say | undefined;
  readonly needed?: (ctx: SlotContext) => boolean;
  readonly restartFrom?: SlotName;
}): SlotDef {
  return {
    name: options.name,
    awaits: 'digits',
    read(u, ctx) {
      // Asked, or corrected at the read-back ("no, the last four are 4455"); a PIN only when asked.
      // Digits said as such unasked ("加个收款人，叫赵六，尾号七七三一") count too.
      const said = options.name === 'digits' && u.entities.digits !== undefined;
      if (ctx.asked !== options.name && !said) return NONE;
      const digits = u.entities.digits ?? u.entities.phone?.replace(/\D/g, '');
      if (!digits) return NONE;
      if (digits.length < options.minDigits || digits.length > options.maxDigits) {
        return {
          kind: 'invalid',
          say: { key: 'invalid.digits.length', params: { min: options.minDigits, max: options.maxDigits } },
        };
      }
      return { kind: 'fill', values: { [options.name]: digits } };
    },
    prompt: options.prompt,
    ...(options.validate ? { validate: options.validate } : {}),
    ...(options.needed ? { needed: options.needed } : {}),
    ...(options.restartFrom ? { restartFrom: options.restartFrom } : {}),
  };
}

/**
 * The step-up policy's amount test (convo-format.md Policies): strictly more than the customer's
 * `stepUpOver`. An amount in another currency always steps up: it cannot be compared without a rate.
 */
export function overStepUpThreshold(ctx: SlotContext): boolean {
  const amount = ctx.values.amount;
  const over = ctx.snapshot.stepUp.over;
  return amount !== undefined && (amount.currency !== over.currency || amount.amountMinor > over.amountMinor);
}

/** Plain amounts for messages: "$250.00" from Money. */
export function money(m: Money): string {
  return formatMoney(m);
}

export function decimal(m: Money): string {
  return formatDecimal(m.amountMinor, m.currency);
}

/** The customer's local date now. */
export function today(ctx: SlotContext): string {
  return localDate(ctx.snapshot.nowMs, ctx.snapshot.customer.timeZone);
}

/**
 * Payments the bank makes at once (bills, top-ups, card and loan repayments): a later day said
 * ("交电费两百，下周一交") cannot be kept, and is said not to be before the read-back, so that the
 * payment never goes today unsaid. Never asked, never filled.
 */
export function paidNowSlot(): SlotDef {
  return {
    name: 'date',
    needed: () => false,
    read(u, ctx) {
      const date = u.entities.date;
      if (!date || date <= today(ctx)) return NONE;
      return {
        kind: 'invalid',
        say: { key: 'invalid.date.paid_now', params: { date: formatDate(date, ctx.lang, today(ctx)) } },
      };
    },
    prompt: () => ({ key: 'ask.date' }),
  };
}
