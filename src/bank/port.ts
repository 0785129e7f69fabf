import type { StepUpProofs } from './stepup-proof.ts';
import type { CurrencyCode, Money } from '../shared/index.ts';
import type {
  Account,
  AuditEntry,
  Biller,
  Card,
  CardBill,
  ChangeResult,
  Customer,
  DailyLimitStatus,
  DeviceCredential,
  ExchangeRate,
  Frequency,
  Movement,
  MovementResult,
  Payee,
  PlaceMatch,
  PlaceQuery,
  StepUpPolicy,
  TopUpService,
  Transaction,
  TransactionQuery,
} from './types.ts';

/**
 * Every request that changes the bank carries an idempotency key, unique per customer. Replaying a key
 * with the same request returns the first result and changes nothing; reusing it for a different
 * request is refused with TELLER_ERR_IDEMPOTENCY_CONFLICT.
 */
export interface Idempotent {
  readonly customerId: string;
  readonly idempotencyKey: string;
  /**
   * Proof that the customer passed a step-up for this key (bank/stepup-proof.ts). The core asks for
   * one where its step-up policy does; it is not part of the request a replay is compared on.
   */
  readonly stepUp?: string | undefined;
}

export interface TransferRequest extends Idempotent {
  readonly fromAccountId: string;
  readonly to:
    { readonly kind: 'payee'; readonly id: string } | { readonly kind: 'account'; readonly id: string };
  /** In the source account's currency; an own account in another currency is credited at the world's rate. */
  readonly amount: Money;
  /** YYYY-MM-DD; a date after today schedules the transfer instead of running it now. */
  readonly date?: string;
  /** Makes it a standing order that repeats from `date` (or today). */
  readonly frequency?: Frequency;
  readonly memo?: string;
}

export interface CardRepaymentRequest extends Idempotent {
  readonly fromAccountId: string;
  readonly cardId: string;
  readonly amount: Money;
}

export interface BillPaymentRequest extends Idempotent {
  /** An account, or a credit card charged for the bill. */
  readonly fromId: string;
  readonly billerId: string;
  readonly amount: Money;
}

export interface TopUpRequest extends Idempotent {
  readonly fromId: string;
  readonly service: TopUpService;
  /** The phone number (digits, optional leading +) or transit card number. */
  readonly reference: string;
  readonly amount: Money;
}

export interface LoanRepaymentRequest extends Idempotent {
  readonly fromAccountId: string;
  readonly loanAccountId: string;
  readonly amount: Money;
}

export interface TimeDepositRequest extends Idempotent {
  readonly fromAccountId: string;
  readonly amount: Money;
  readonly termMonths: number;
}

export type CardAction = 'freeze' | 'unfreeze' | 'block_lost' | 'activate';

export interface CardChangeRequest extends Idempotent {
  readonly cardId: string;
  readonly action: CardAction;
}

export interface PinChangeRequest extends Idempotent {
  readonly cardId: string;
  /** 4 to 6 digits; stored only as a salted hash. */
  readonly newPin: string;
}

export interface AddPayeeRequest extends Idempotent {
  readonly name: string;
  readonly last4?: string;
}

/** What a phone PIN check found. */
export type PhonePinCheck = 'ok' | 'wrong' | 'locked';

/**
 * Wrong phone PINs in a row (across calls) that lock phone PIN checks, and for how long. A dialog
 * allows 3 tries per call, so an attacker who calls again and again (a spoofed caller id) gets 5
 * guesses at a 4-6 digit PIN, not 3 per call for ever.
 */
export const PHONE_PIN_LOCKOUT = { failures: 5, lockMs: 24 * 60 * 60_000 } as const;

export interface AuditRecord {
  readonly customerId: string | undefined;
  readonly action: string;
  readonly outcome: 'ok' | 'refused' | 'info';
  readonly code?: string;
  /** Identifiers, amounts and last-four digits only: never a full account or card number, PIN or transcript. */
  readonly details?: Record<string, unknown>;
}

/**
 * The port every dialog uses to act on a bank. The embedded SQLite sandbox implements it; an HTTP
 * adapter to a real core can too, without any dialog change. Reads resolve to plain data; changes
 * resolve to results that say what committed or why nothing did — a refusal is a value, not a throw.
 * Every method scopes to one customer: an id of another customer's account is "unknown".
 */
export interface BankingCore {
  /** The bank's clock, in epoch ms (the sandbox world's clock in tests). */
  now(): number;
  /**
   * How this node proves to the core that a customer passed a step-up: proofs it sends as a
   * change's `stepUp`. The sandbox checks them with this same key; an HTTP core that checks them
   * shares it (TELLER_STEPUP_KEY; docs/bank-api.md, "Step-up proofs").
   */
  readonly stepUpProofs: StepUpProofs;

  getCustomer(customerId: string): Promise<Customer | undefined>;
  findCustomerByPhone(phone: string): Promise<Customer | undefined>;
  listCustomers(): Promise<Customer[]>;

  listAccounts(customerId: string): Promise<Account[]>;
  searchTransactions(customerId: string, query: TransactionQuery): Promise<Transaction[]>;

  listPayees(customerId: string): Promise<Payee[]>;
  /** Case-insensitive match on name or alias (exact, then prefix, then substring). */
  findPayeesByName(customerId: string, name: string): Promise<Payee[]>;
  addPayee(request: AddPayeeRequest): Promise<ChangeResult<Payee>>;
  /** Also cancels the payee's scheduled transfers and standing orders, in the same change. */
  removePayee(request: Idempotent & { readonly payeeId: string }): Promise<ChangeResult<Payee>>;

  transfer(request: TransferRequest): Promise<MovementResult>;
  listScheduled(customerId: string): Promise<Movement[]>;
  cancelScheduled(request: Idempotent & { readonly movementId: string }): Promise<ChangeResult<Movement>>;
  /** Movements this customer made, newest first. */
  listMovements(customerId: string, limit?: number): Promise<Movement[]>;
  getMovement(customerId: string, movementId: string): Promise<Movement | undefined>;

  listCards(customerId: string): Promise<Card[]>;
  getCardBill(customerId: string, cardId: string): Promise<CardBill | undefined>;
  repayCard(request: CardRepaymentRequest): Promise<MovementResult>;
  changeCard(request: CardChangeRequest): Promise<ChangeResult<Card>>;
  changeCardPin(request: PinChangeRequest): Promise<ChangeResult<Card>>;

  listBillers(customerId: string): Promise<Biller[]>;
  payBill(request: BillPaymentRequest): Promise<MovementResult>;
  topUp(request: TopUpRequest): Promise<MovementResult>;
  repayLoan(request: LoanRepaymentRequest): Promise<MovementResult>;
  openTimeDeposit(request: TimeDepositRequest): Promise<MovementResult>;

  findPlaces(query: PlaceQuery): Promise<PlaceMatch[]>;
  getExchangeRate(from: CurrencyCode, to: CurrencyCode): Promise<ExchangeRate | undefined>;
  listExchangeRates(): Promise<ExchangeRate[]>;

  getStepUpPolicy(customerId: string): Promise<StepUpPolicy>;
  getDailyLimit(customerId: string): Promise<DailyLimitStatus | undefined>;
  listDeviceCredentials(customerId: string): Promise<DeviceCredential[]>;
  addDeviceCredential(credential: DeviceCredential): Promise<void>;
  /** Records the authenticator's signature counter after a verified assertion (clone detection). */
  updateDeviceCounter(customerId: string, credentialId: string, counter: number): Promise<void>;
  /**
   * Constant-time check of the customer's phone-banking PIN, with a lockout that holds across
   * calls and nodes: after {@link PHONE_PIN_LOCKOUT} `failures` wrong PINs in a row, no PIN is
   * checked until `lockMs` have passed (`locked`, also for the attempt that sets the lock). A
   * right PIN clears the count. Every attempt is audited, never the PIN.
   */
  verifyPhonePin(customerId: string, pin: string): Promise<PhonePinCheck>;

  audit(record: AuditRecord): Promise<void>;
  listAudit(customerId?: string, limit?: number): Promise<AuditEntry[]>;

  close(): Promise<void>;
}
