import type { CurrencyCode, ErrorCode, Lang, Money } from '../shared/index.ts';

/** The bank's clock. The sandbox takes a simulated one in tests; a real core uses wall time. */
export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly phone: string | undefined;
  readonly lang: Lang | undefined;
  /** IANA time zone that dates ("tomorrow") and the daily limit's day resolve in. */
  readonly timeZone: string;
  /** Where the customer is, for "nearest" (world.location). */
  readonly location: GeoPoint | undefined;
}

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

export const ACCOUNT_TYPES = ['checking', 'savings', 'loan', 'deposit'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export interface Account {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly type: AccountType;
  readonly currency: CurrencyCode;
  /** Signed: a loan account's balance is negative (what is owed). */
  readonly balanceMinor: number;
  /** How far below zero the balance may go. */
  readonly overdraftMinor: number;
  /** balance + overdraft for deposit accounts; 0 for loans (money cannot be taken from a loan). */
  readonly availableMinor: number;
  readonly last4: string | undefined;
  readonly primary: boolean;
  readonly nickname: string | undefined;
  /** Loans: next payment; deposits: maturity. YYYY-MM-DD. */
  readonly dueDate: string | undefined;
  readonly paymentDueMinor: number | undefined;
  /** Annual interest rate as a decimal string percentage ("3.85"). */
  readonly interestRate: string | undefined;
}

export const CARD_STATUSES = ['active', 'frozen', 'blocked', 'inactive'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export interface Card {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly type: 'credit' | 'debit';
  readonly last4: string;
  readonly currency: CurrencyCode;
  readonly status: CardStatus;
  /** Debit cards: the account they draw on. */
  readonly accountId: string | undefined;
  /** Credit cards: owed now (positive), statement figures, limit. Zero for debit cards. */
  readonly balanceMinor: number;
  readonly statementBalanceMinor: number;
  readonly minimumDueMinor: number;
  readonly dueDate: string | undefined;
  readonly creditLimitMinor: number;
  readonly availableCreditMinor: number;
}

export interface Payee {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly last4: string | undefined;
  readonly aliases: readonly string[];
}

export const BILLER_CATEGORIES = [
  'electricity',
  'water',
  'gas',
  'internet',
  'phone',
  'tv',
  'tuition',
  'property',
  'social-insurance',
  'tax',
  'other',
] as const;
export type BillerCategory = (typeof BILLER_CATEGORIES)[number];

export interface Biller {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly accountRef: string;
  readonly category: BillerCategory;
}

export interface Transaction {
  readonly id: number;
  /** An account id or a card id. */
  readonly accountId: string;
  readonly date: string;
  readonly merchant: string;
  /** Signed: debits are negative. */
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  readonly movementId: string | undefined;
}

export interface TransactionQuery {
  readonly accountId?: string;
  /** Case-insensitive substring of the merchant text. */
  readonly merchant?: string;
  /** Bounds on the absolute amount, inclusive. */
  readonly minAmountMinor?: number;
  readonly maxAmountMinor?: number;
  /** Inclusive YYYY-MM-DD bounds. */
  readonly fromDate?: string;
  readonly toDate?: string;
  readonly direction?: 'debit' | 'credit';
  readonly limit?: number;
}

export type PlaceKind = 'branch' | 'atm';

export interface Place {
  readonly id: string;
  readonly kind: PlaceKind;
  readonly name: string;
  readonly address: string;
  readonly lat: number;
  readonly lon: number;
  /** As written in the world ("Mon-Fri 09:00-17:00; Sat 10:00-14:00", "24/7"); undefined: always open. */
  readonly hours: string | undefined;
  readonly services: readonly string[];
  readonly atm: boolean;
  readonly timeZone: string;
  readonly phone: string | undefined;
}

export interface PlaceQuery {
  readonly kind: PlaceKind;
  /** Origin for distances; results sort by great-circle distance from it. */
  readonly near?: GeoPoint;
  /** A place name: matches a landmark (then sorts by distance from it) or a branch's name or address. */
  readonly text?: string;
  readonly service?: string;
  readonly openNow?: boolean;
  readonly limit?: number;
  /** With an origin, places farther than this are left out (default 50 km): no branch on another continent. */
  readonly maxDistanceM?: number;
}

export interface PlaceMatch {
  readonly place: Place;
  readonly distanceM: number | undefined;
  readonly openNow: boolean;
  /** Today's opening hours in the place's time zone ("09:00-17:00"), or undefined when closed today. */
  readonly hoursToday: string | undefined;
}

export interface ExchangeRate {
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
  /** 1 unit of `from` in `to`, as a decimal string. */
  readonly rate: string;
}

/** What a movement's money leaves from or goes to. */
export type Party =
  | { readonly kind: 'account'; readonly id: string }
  | { readonly kind: 'card'; readonly id: string }
  | { readonly kind: 'payee'; readonly id: string }
  | { readonly kind: 'biller'; readonly id: string }
  | { readonly kind: 'topup'; readonly service: TopUpService; readonly reference: string };

export type TopUpService = 'mobile' | 'transit';

export type MovementKind =
  'transfer' | 'card_repayment' | 'bill_payment' | 'topup' | 'loan_repayment' | 'time_deposit';

export interface Movement {
  readonly id: string;
  readonly customerId: string;
  readonly kind: MovementKind;
  /** `executed`: a one-off scheduled order whose run made a completed movement; `failed`: its run was refused. */
  readonly status: 'completed' | 'scheduled' | 'cancelled' | 'executed' | 'failed';
  readonly from: Party;
  readonly to: Party;
  readonly amount: Money;
  /** What reached the destination when currencies differ. */
  readonly credited: Money;
  /** The date it runs (YYYY-MM-DD, customer's time zone). */
  readonly date: string;
  /** Standing orders: how often it repeats. */
  readonly frequency: Frequency | undefined;
  readonly createdAt: string;
  /** A reference the customer can quote. */
  readonly reference: string;
}

export type Frequency = 'weekly' | 'biweekly' | 'monthly';

export interface Refusal {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A movement either committed (or was committed before, when `replayed`) or was refused and changed nothing. */
export type MovementResult =
  | { readonly ok: true; readonly movement: Movement; readonly replayed: boolean }
  | { readonly ok: false; readonly refusal: Refusal };

export type ChangeResult<T> =
  | { readonly ok: true; readonly value: T; readonly replayed: boolean }
  | { readonly ok: false; readonly refusal: Refusal };

export interface CardBill {
  readonly card: Card;
  readonly statementBalance: Money;
  readonly minimumDue: Money;
  readonly currentBalance: Money;
  readonly creditLimit: Money;
  readonly availableCredit: Money;
  readonly dueDate: string | undefined;
}

export interface StepUpPolicy {
  /** Step-up is needed for transfers to payees, bills and top-ups strictly above this. */
  readonly over: Money;
  /**
   * How many digits the customer's phone PIN has, when the bank says (never the PIN): the
   * recogniser then listens for exactly that many, so a digit string cannot grow or shrink.
   */
  readonly pinDigits?: number;
}

export interface DailyLimitStatus {
  readonly limit: Money;
  readonly usedToday: Money;
  readonly remaining: Money;
}

/** A WebAuthn credential registered on the customer's device (public part only). */
export interface DeviceCredential {
  /** base64url credential id. */
  readonly id: string;
  readonly customerId: string;
  /** COSE public key bytes. */
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: readonly string[];
  readonly label: string;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly customerId: string | undefined;
  readonly action: string;
  readonly outcome: 'ok' | 'refused' | 'info';
  readonly code: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  /** sha256 over the previous entry's hash and this entry: a tamper-evident chain. */
  readonly hash: string;
}
