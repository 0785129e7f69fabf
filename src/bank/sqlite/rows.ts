import type { CurrencyCode } from '../../shared/index.ts';
import type {
  Account,
  AccountType,
  Biller,
  BillerCategory,
  Card,
  CardStatus,
  Customer,
  Frequency,
  Movement,
  MovementKind,
  Party,
  Payee,
  Place,
  PlaceKind,
  Transaction,
} from '../types.ts';

/** Row shapes as SQLite returns them, and their mapping to the port's types. */
export interface CustomerRow {
  id: string;
  name: string;
  phone: string | null;
  pin_hash: string | null;
  pin_digits: number | null;
  lang: string | null;
  time_zone: string;
  lat: number | null;
  lon: number | null;
  base_currency: CurrencyCode;
  step_up_over_minor: number;
  daily_limit_minor: number | null;
}

export function toCustomer(r: CustomerRow): Customer {
  return {
    id: r.id,
    name: r.name,
    phone: r.phone ?? undefined,
    lang: r.lang === 'en' || r.lang === 'zh' ? r.lang : undefined,
    timeZone: r.time_zone,
    location: r.lat === null || r.lon === null ? undefined : { lat: r.lat, lon: r.lon },
  };
}

export interface AccountRow {
  id: string;
  customer_id: string;
  name: string;
  type: AccountType;
  currency: CurrencyCode;
  balance_minor: number;
  overdraft_minor: number;
  last4: string | null;
  is_primary: number;
  nickname: string | null;
  due_date: string | null;
  payment_due_minor: number | null;
  interest_rate: string | null;
}

export function toAccount(r: AccountRow): Account {
  const spendable = r.type === 'checking' || r.type === 'savings';
  return {
    id: r.id,
    customerId: r.customer_id,
    name: r.name,
    type: r.type,
    currency: r.currency,
    balanceMinor: r.balance_minor,
    overdraftMinor: r.overdraft_minor,
    availableMinor: spendable ? Math.max(0, r.balance_minor + r.overdraft_minor) : 0,
    last4: r.last4 ?? undefined,
    primary: r.is_primary === 1,
    nickname: r.nickname ?? undefined,
    dueDate: r.due_date ?? undefined,
    paymentDueMinor: r.payment_due_minor ?? undefined,
    interestRate: r.interest_rate ?? undefined,
  };
}

export interface CardRow {
  id: string;
  customer_id: string;
  name: string;
  type: 'credit' | 'debit';
  last4: string;
  currency: CurrencyCode;
  status: CardStatus;
  account_id: string | null;
  balance_minor: number;
  statement_balance_minor: number;
  minimum_due_minor: number;
  due_date: string | null;
  credit_limit_minor: number;
  pin_hash: string | null;
}

export function toCard(r: CardRow): Card {
  return {
    id: r.id,
    customerId: r.customer_id,
    name: r.name,
    type: r.type,
    last4: r.last4,
    currency: r.currency,
    status: r.status,
    accountId: r.account_id ?? undefined,
    balanceMinor: r.balance_minor,
    statementBalanceMinor: r.statement_balance_minor,
    minimumDueMinor: r.minimum_due_minor,
    dueDate: r.due_date ?? undefined,
    creditLimitMinor: r.credit_limit_minor,
    availableCreditMinor: r.type === 'credit' ? Math.max(0, r.credit_limit_minor - r.balance_minor) : 0,
  };
}

export interface PayeeRow {
  id: string;
  customer_id: string;
  name: string;
  last4: string | null;
  aliases: string;
  removed: number;
}

export function toPayee(r: PayeeRow): Payee {
  return {
    id: r.id,
    customerId: r.customer_id,
    name: r.name,
    last4: r.last4 ?? undefined,
    aliases: JSON.parse(r.aliases) as string[],
  };
}

export interface BillerRow {
  id: string;
  customer_id: string;
  name: string;
  account_ref: string;
  category: BillerCategory;
}

export function toBiller(r: BillerRow): Biller {
  return {
    id: r.id,
    customerId: r.customer_id,
    name: r.name,
    accountRef: r.account_ref,
    category: r.category,
  };
}

export interface TransactionRow {
  id: number;
  account_id: string;
  date: string;
  merchant: string;
  amount_minor: number;
  currency: CurrencyCode;
  movement_id: string | null;
}

export function toTransaction(r: TransactionRow): Transaction {
  return {
    id: r.id,
    accountId: r.account_id,
    date: r.date,
    merchant: r.merchant,
    amountMinor: r.amount_minor,
    currency: r.currency,
    movementId: r.movement_id ?? undefined,
  };
}

export interface MovementRow {
  id: string;
  customer_id: string;
  kind: MovementKind;
  status: Movement['status'];
  from_party: string;
  to_party: string;
  amount_minor: number;
  currency: CurrencyCode;
  credited_minor: number;
  credited_currency: CurrencyCode;
  date: string;
  frequency: Frequency | null;
  created_at: string;
  reference: string;
}

export function toMovement(r: MovementRow): Movement {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind,
    status: r.status,
    from: JSON.parse(r.from_party) as Party,
    to: JSON.parse(r.to_party) as Party,
    amount: { amountMinor: r.amount_minor, currency: r.currency },
    credited: { amountMinor: r.credited_minor, currency: r.credited_currency },
    date: r.date,
    frequency: r.frequency ?? undefined,
    createdAt: r.created_at,
    reference: r.reference,
  };
}

export interface PlaceRow {
  id: string;
  kind: PlaceKind;
  name: string;
  address: string;
  lat: number;
  lon: number;
  hours: string | null;
  services: string;
  atm: number;
  time_zone: string;
  phone: string | null;
}

export function toPlace(r: PlaceRow): Place {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    address: r.address,
    lat: r.lat,
    lon: r.lon,
    hours: r.hours ?? undefined,
    services: JSON.parse(r.services) as string[],
    atm: r.atm === 1,
    timeZone: r.time_zone,
    phone: r.phone ?? undefined,
  };
}
