import type { CurrencyCode } from '../../shared/index.ts';
import type { AccountType, BillerCategory, CardStatus, GeoPoint, PlaceKind } from '../types.ts';

/** A validated world, money in minor units: what the sandbox bank is seeded from. */
export interface World {
  /** The world's clock at load (epoch ms); undefined: wall time. */
  readonly now: number | undefined;
  readonly customers: readonly CustomerSeed[];
  readonly places: readonly PlaceSeed[];
  readonly rates: readonly RateSeed[];
  readonly landmarks: readonly LandmarkSeed[];
}

export interface CustomerSeed {
  readonly id: string;
  readonly name: string;
  readonly phone: string | undefined;
  readonly pin: string | undefined;
  readonly lang: 'en' | 'zh' | undefined;
  readonly timeZone: string;
  readonly location: GeoPoint | undefined;
  /** The currency step-up and daily limits are counted in: the primary (else first) account's. */
  readonly baseCurrency: CurrencyCode;
  readonly stepUpOverMinor: number;
  readonly dailyLimitMinor: number | undefined;
  readonly accounts: readonly AccountSeed[];
  readonly cards: readonly CardSeed[];
  readonly payees: readonly PayeeSeed[];
  readonly billers: readonly BillerSeed[];
  readonly transactions: readonly TransactionSeed[];
}

export interface AccountSeed {
  readonly id: string;
  readonly name: string;
  readonly type: AccountType;
  readonly currency: CurrencyCode;
  readonly balanceMinor: number;
  readonly overdraftMinor: number;
  readonly last4: string | undefined;
  readonly primary: boolean;
  readonly nickname: string | undefined;
  readonly dueDate: string | undefined;
  readonly paymentDueMinor: number | undefined;
  readonly interestRate: string | undefined;
}

export interface CardSeed {
  readonly id: string;
  readonly name: string;
  readonly type: 'credit' | 'debit';
  readonly last4: string;
  readonly currency: CurrencyCode;
  readonly balanceMinor: number;
  readonly statementBalanceMinor: number;
  readonly minimumDueMinor: number;
  readonly dueDate: string | undefined;
  readonly creditLimitMinor: number;
  readonly status: CardStatus;
  readonly accountId: string | undefined;
}

export interface PayeeSeed {
  readonly id: string;
  readonly name: string;
  readonly last4: string | undefined;
  readonly aliases: readonly string[];
}

export interface BillerSeed {
  readonly id: string;
  readonly name: string;
  readonly accountRef: string;
  readonly category: BillerCategory;
}

export interface TransactionSeed {
  readonly accountId: string;
  readonly date: string;
  readonly merchant: string;
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
}

export interface PlaceSeed {
  readonly id: string;
  readonly kind: PlaceKind;
  readonly name: string;
  readonly address: string;
  readonly lat: number;
  readonly lon: number;
  readonly hours: string | undefined;
  readonly services: readonly string[];
  readonly atm: boolean;
  readonly timeZone: string;
  readonly phone: string | undefined;
}

export interface RateSeed {
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
  readonly rate: string;
}

export interface LandmarkSeed {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly lat: number;
  readonly lon: number;
}
