import type {
  Account,
  BankingCore,
  Biller,
  Card,
  Customer,
  DailyLimitStatus,
  ExchangeRate,
  Movement,
  Payee,
  StepUpPolicy,
} from '../bank/index.ts';
import type { UnderstandingContext } from '../nlu/index.ts';
import { invertRate, type CurrencyCode, type Lang } from '../shared/index.ts';

/**
 * What a session knows of its customer, loaded from the bank at start and after every change. Tasks
 * validate slots against it (balances, limits, card states) before the read-back; the bank stays
 * the authority when the task runs.
 */
export interface CustomerSnapshot {
  readonly customer: Customer;
  readonly accounts: readonly Account[];
  readonly cards: readonly Card[];
  readonly payees: readonly Payee[];
  readonly billers: readonly Biller[];
  readonly merchants: readonly string[];
  readonly stepUp: StepUpPolicy;
  readonly dailyLimit: DailyLimitStatus | undefined;
  readonly scheduled: readonly Movement[];
  readonly rates: readonly ExchangeRate[];
  readonly nowMs: number;
}

export async function loadSnapshot(bank: BankingCore, customerId: string): Promise<CustomerSnapshot> {
  const customer = await bank.getCustomer(customerId);
  if (!customer) throw new Error('unknown customer');
  const [accounts, cards, payees, billers, txns, stepUp, dailyLimit, scheduled, rates] = await Promise.all([
    bank.listAccounts(customerId),
    bank.listCards(customerId),
    bank.listPayees(customerId),
    bank.listBillers(customerId),
    bank.searchTransactions(customerId, { limit: 200 }),
    bank.getStepUpPolicy(customerId),
    bank.getDailyLimit(customerId),
    bank.listScheduled(customerId),
    bank.listExchangeRates(),
  ]);
  const merchants = [...new Set(txns.map((t) => t.merchant))];
  return {
    customer,
    accounts,
    cards,
    payees,
    billers,
    merchants,
    stepUp,
    dailyLimit,
    scheduled,
    rates,
    nowMs: bank.now(),
  };
}

/** The customer's accounts as the NLU matches them (names, types, last four, nicknames). */
export function accountRefs(accounts: readonly Account[]): UnderstandingContext['accounts'] {
  return accounts.map((a) => ({
    id: a.id,
    name: a.name,
    type: a.type,
    currency: a.currency,
    ...(a.last4 === undefined ? {} : { last4: a.last4 }),
    ...(a.nickname === undefined ? {} : { nickname: a.nickname }),
  }));
}

/** The NLU's view of the snapshot: names, types and last-four digits only. */
export function understandingContext(
  s: CustomerSnapshot,
  lang: Lang,
  nowMs: number,
  awaiting?: string,
): UnderstandingContext {
  return {
    lang,
    nowMs,
    timeZone: s.customer.timeZone,
    payees: s.payees.map((p) => ({ id: p.id, name: p.name, aliases: p.aliases })),
    accounts: accountRefs(s.accounts),
    cards: s.cards.map((c) => ({ id: c.id, name: c.name, type: c.type, last4: c.last4 })),
    billers: s.billers.map((b) => ({ id: b.id, name: b.name, category: b.category })),
    merchants: s.merchants,
    ...(awaiting === undefined ? {} : { awaiting }),
  };
}

export function accountById(s: CustomerSnapshot, id: string): Account | undefined {
  return s.accounts.find((a) => a.id === id);
}

export function cardById(s: CustomerSnapshot, id: string): Card | undefined {
  return s.cards.find((c) => c.id === id);
}

/** 1 unit of `from` in `to` from the snapshot's rates (direct, else inverted), as the bank converts. */
export function rateOf(s: CustomerSnapshot, from: CurrencyCode, to: CurrencyCode): string | undefined {
  const direct = s.rates.find((r) => r.from === from && r.to === to);
  if (direct) return direct.rate;
  const inverse = s.rates.find((r) => r.from === to && r.to === from);
  return inverse && invertRate(inverse.rate);
}
