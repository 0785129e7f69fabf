/* eslint-disable @typescript-eslint/require-await -- better-sqlite3 is synchronous; the port is async for remote cores */
import type { CurrencyCode } from '../../shared/index.ts';
import type {
  PhonePinCheck,
  AddPayeeRequest,
  AuditRecord,
  BankingCore,
  BillPaymentRequest,
  CardChangeRequest,
  CardRepaymentRequest,
  Idempotent,
  LoanRepaymentRequest,
  PinChangeRequest,
  TimeDepositRequest,
  TopUpRequest,
  TransferRequest,
} from '../port.ts';
import { PHONE_PIN_LOCKOUT } from '../port.ts';
import {
  SYSTEM_CLOCK,
  type Account,
  type AuditEntry,
  type Biller,
  type Card,
  type CardBill,
  type ChangeResult,
  type Clock,
  type Customer,
  type DailyLimitStatus,
  type DeviceCredential,
  type ExchangeRate,
  type Movement,
  type MovementResult,
  type Payee,
  type PlaceMatch,
  type PlaceQuery,
  type StepUpPolicy,
  type Transaction,
  type TransactionQuery,
} from '../types.ts';
import type { World } from '../world/world.ts';
import { appendAudit, readAudit } from './audit.ts';
import { Changes } from './changes.ts';
import { Ledger } from './ledger.ts';
import { Movements } from './movements.ts';
import { findPlaces } from './places.ts';
import {
  toAccount,
  toBiller,
  toCard,
  toCustomer,
  toMovement,
  toPayee,
  toTransaction,
  type AccountRow,
  type BillerRow,
  type CardRow,
  type CustomerRow,
  type MovementRow,
  type PayeeRow,
  type TransactionRow,
} from './rows.ts';
import { StepUpProofs } from '../stepup-proof.ts';
import { openDatabase, type Db } from './schema.ts';
import { verifyPin } from './secrets.ts';
import { seedWorld } from './seed.ts';

export interface SqliteBankOptions {
  /** Database file; ':memory:' for a throwaway bank. */
  readonly path: string;
  readonly clock?: Clock;
  readonly busyTimeoutMs?: number;
  /** The key step-up proofs are checked with (TELLER_STEPUP_KEY); a random one when not given. */
  readonly stepUpProofs?: StepUpProofs;
}

/**
 * The embedded sandbox bank: `BankingCore` on one SQLite file. Several processes may open the same
 * file; every change runs in an IMMEDIATE transaction, so they serialise on the write lock.
 */
export class SqliteBank implements BankingCore {
  readonly db: Db;
  readonly stepUpProofs: StepUpProofs;
  private readonly clock: Clock;
  private readonly movements: Movements;
  private readonly changes: Changes;
  private readonly ledger: Ledger;

  constructor(options: SqliteBankOptions) {
    this.db = openDatabase(
      options.path,
      options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs },
    );
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.stepUpProofs = options.stepUpProofs ?? new StepUpProofs();
    this.movements = new Movements(this.db, this.clock, this.stepUpProofs);
    this.changes = new Changes(this.db, this.clock, this.stepUpProofs);
    this.ledger = new Ledger(this.db, this.clock, this.stepUpProofs);
  }

  /** Opens a new sandbox bank at `path` seeded with `world`. */
  static create(world: World, options: SqliteBankOptions): SqliteBank {
    const bank = new SqliteBank(options);
    seedWorld(bank.db, world, bank.clock.now());
    return bank;
  }

  now(): number {
    return this.clock.now();
  }

  private customerRow(customerId: string): CustomerRow | undefined {
    return this.db.prepare('SELECT * FROM customers WHERE id = ?').get(customerId) as CustomerRow | undefined;
  }

  async getCustomer(customerId: string): Promise<Customer | undefined> {
    const row = this.customerRow(customerId);
    return row && toCustomer(row);
  }

  async findCustomerByPhone(phone: string): Promise<Customer | undefined> {
    const digits = phone.replace(/[^\d+]/g, '');
    const rows = this.db.prepare('SELECT * FROM customers WHERE phone IS NOT NULL').all() as CustomerRow[];
    // Caller ID arrives in E.164 ("+15550100") or national form; compare on the trailing digits.
    const tail = (p: string) => p.replace(/\D/g, '').slice(-10);
    const row =
      rows.find((r) => r.phone === digits) ??
      rows.find((r) => r.phone !== null && tail(r.phone) === tail(digits) && tail(digits).length >= 7);
    return row && toCustomer(row);
  }

  async listCustomers(): Promise<Customer[]> {
    return (this.db.prepare('SELECT * FROM customers ORDER BY id').all() as CustomerRow[]).map(toCustomer);
  }

  async listAccounts(customerId: string): Promise<Account[]> {
    this.movements.runDue(customerId);
    return (
      this.db
        .prepare('SELECT * FROM accounts WHERE customer_id = ? ORDER BY is_primary DESC, rowid')
        .all(customerId) as AccountRow[]
    ).map(toAccount);
  }

  async searchTransactions(customerId: string, q: TransactionQuery): Promise<Transaction[]> {
    const where = ['customer_id = @customerId'];
    if (q.accountId !== undefined) where.push('account_id = @accountId');
    if (q.merchant !== undefined)
      where.push(`lower(merchant) LIKE '%' || lower(@merchant) || '%' ESCAPE '\\'`);
    if (q.minAmountMinor !== undefined) where.push('abs(amount_minor) >= @minAmountMinor');
    if (q.maxAmountMinor !== undefined) where.push('abs(amount_minor) <= @maxAmountMinor');
    if (q.fromDate !== undefined) where.push('date >= @fromDate');
    if (q.toDate !== undefined) where.push('date <= @toDate');
    if (q.direction === 'debit') where.push('amount_minor < 0');
    if (q.direction === 'credit') where.push('amount_minor > 0');
    const params = {
      customerId,
      ...q,
      merchant: q.merchant?.replace(/[\\%_]/g, (c) => `\\${c}`),
      limit: Math.max(1, Math.min(q.limit ?? 10, 500)),
    };
    const sql = `SELECT * FROM transactions WHERE ${where.join(' AND ')} ORDER BY date DESC, id DESC LIMIT @limit`;
    const named = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    return (this.db.prepare(sql).all(named) as TransactionRow[]).map(toTransaction);
  }

  async listPayees(customerId: string): Promise<Payee[]> {
    return (
      this.db
        .prepare('SELECT * FROM payees WHERE customer_id = ? AND removed = 0 ORDER BY name')
        .all(customerId) as PayeeRow[]
    ).map(toPayee);
  }

  async findPayeesByName(customerId: string, name: string): Promise<Payee[]> {
    const needle = name.normalize('NFKC').toLowerCase().trim();
    if (needle.length === 0) return [];
    const payees = await this.listPayees(customerId);
    const names = (p: Payee) => [p.name, ...p.aliases].map((n) => n.normalize('NFKC').toLowerCase());
    for (const test of [
      (n: string) => n === needle,
      (n: string) => n.startsWith(needle),
      (n: string) => n.includes(needle),
    ]) {
      const hits = payees.filter((p) => names(p).some(test));
      if (hits.length > 0) return hits;
    }
    return [];
  }

  async addPayee(request: AddPayeeRequest): Promise<ChangeResult<Payee>> {
    return this.changes.addPayee(request);
  }

  async removePayee(request: Idempotent & { readonly payeeId: string }): Promise<ChangeResult<Payee>> {
    return this.changes.removePayee(request);
  }

  async transfer(request: TransferRequest): Promise<MovementResult> {
    this.movements.runDue(request.customerId);
    return this.movements.transfer(request);
  }

  async listScheduled(customerId: string): Promise<Movement[]> {
    this.movements.runDue(customerId);
    return (
      this.db
        .prepare(
          `SELECT * FROM movements WHERE customer_id = ? AND status = 'scheduled' ORDER BY date, created_at`,
        )
        .all(customerId) as MovementRow[]
    ).map(toMovement);
  }

  async cancelScheduled(
    request: Idempotent & { readonly movementId: string },
  ): Promise<ChangeResult<Movement>> {
    return this.changes.cancelScheduled(request);
  }

  async listMovements(customerId: string, limit = 50): Promise<Movement[]> {
    this.movements.runDue(customerId);
    return (
      this.db
        .prepare(`SELECT * FROM movements WHERE customer_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`)
        .all(customerId, Math.max(1, Math.min(limit, 1000))) as MovementRow[]
    ).map(toMovement);
  }

  async getMovement(customerId: string, movementId: string): Promise<Movement | undefined> {
    const row = this.db
      .prepare('SELECT * FROM movements WHERE id = ? AND customer_id = ?')
      .get(movementId, customerId) as MovementRow | undefined;
    return row && toMovement(row);
  }

  async listCards(customerId: string): Promise<Card[]> {
    return (
      this.db.prepare('SELECT * FROM cards WHERE customer_id = ? ORDER BY rowid').all(customerId) as CardRow[]
    ).map(toCard);
  }

  async getCardBill(customerId: string, cardId: string): Promise<CardBill | undefined> {
    const row = this.db
      .prepare('SELECT * FROM cards WHERE id = ? AND customer_id = ?')
      .get(cardId, customerId) as CardRow | undefined;
    if (!row) return undefined;
    const card = toCard(row);
    const m = (amountMinor: number) => ({ amountMinor, currency: card.currency });
    return {
      card,
      statementBalance: m(card.statementBalanceMinor),
      minimumDue: m(card.minimumDueMinor),
      currentBalance: m(card.balanceMinor),
      creditLimit: m(card.creditLimitMinor),
      availableCredit: m(card.availableCreditMinor),
      dueDate: card.dueDate,
    };
  }

  async repayCard(request: CardRepaymentRequest): Promise<MovementResult> {
    return this.movements.repayCard(request);
  }

  async changeCard(request: CardChangeRequest): Promise<ChangeResult<Card>> {
    return this.changes.changeCard(request);
  }

  async changeCardPin(request: PinChangeRequest): Promise<ChangeResult<Card>> {
    return this.changes.changeCardPin(request);
  }

  async listBillers(customerId: string): Promise<Biller[]> {
    return (
      this.db
        .prepare('SELECT * FROM billers WHERE customer_id = ? ORDER BY name')
        .all(customerId) as BillerRow[]
    ).map(toBiller);
  }

  async payBill(request: BillPaymentRequest): Promise<MovementResult> {
    return this.movements.payBill(request);
  }

  async topUp(request: TopUpRequest): Promise<MovementResult> {
    return this.movements.topUp(request);
  }

  async repayLoan(request: LoanRepaymentRequest): Promise<MovementResult> {
    return this.movements.repayLoan(request);
  }

  async openTimeDeposit(request: TimeDepositRequest): Promise<MovementResult> {
    return this.movements.openTimeDeposit(request);
  }

  async findPlaces(query: PlaceQuery): Promise<PlaceMatch[]> {
    return findPlaces(this.db, this.clock.now(), query);
  }

  async getExchangeRate(from: CurrencyCode, to: CurrencyCode): Promise<ExchangeRate | undefined> {
    if (from === to) return { from, to, rate: '1' };
    const rate = this.ledger.rate(from, to);
    return rate === undefined ? undefined : { from, to, rate };
  }

  async listExchangeRates(): Promise<ExchangeRate[]> {
    return (
      this.db
        .prepare('SELECT from_currency, to_currency, rate FROM rates ORDER BY from_currency, to_currency')
        .all() as {
        from_currency: CurrencyCode;
        to_currency: CurrencyCode;
        rate: string;
      }[]
    ).map((r) => ({ from: r.from_currency, to: r.to_currency, rate: r.rate }));
  }

  async getStepUpPolicy(customerId: string): Promise<StepUpPolicy> {
    const row = this.customerRow(customerId);
    if (!row) throw new Error('unknown customer');
    return {
      over: { amountMinor: row.step_up_over_minor, currency: row.base_currency },
      ...(row.pin_digits ? { pinDigits: row.pin_digits } : {}),
    };
  }

  async getDailyLimit(customerId: string): Promise<DailyLimitStatus | undefined> {
    const row = this.customerRow(customerId);
    if (!row || row.daily_limit_minor === null) return undefined;
    const used = this.ledger.usedToday(row, this.ledger.today(row));
    const currency = row.base_currency;
    return {
      limit: { amountMinor: row.daily_limit_minor, currency },
      usedToday: { amountMinor: used, currency },
      remaining: { amountMinor: Math.max(0, row.daily_limit_minor - used), currency },
    };
  }

  async listDeviceCredentials(customerId: string): Promise<DeviceCredential[]> {
    const rows = this.db
      .prepare('SELECT * FROM device_credentials WHERE customer_id = ?')
      .all(customerId) as {
      id: string;
      customer_id: string;
      public_key: Buffer;
      counter: number;
      transports: string;
      label: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      publicKey: new Uint8Array(r.public_key),
      counter: r.counter,
      transports: JSON.parse(r.transports) as string[],
      label: r.label,
    }));
  }

  async addDeviceCredential(c: DeviceCredential): Promise<void> {
    this.db
      .transaction(() => {
        this.db
          .prepare(
            'INSERT INTO device_credentials (id, customer_id, public_key, counter, transports, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            c.id,
            c.customerId,
            Buffer.from(c.publicKey),
            c.counter,
            JSON.stringify(c.transports),
            c.label,
            new Date(this.clock.now()).toISOString(),
          );
        appendAudit(this.db, this.clock.now(), {
          customerId: c.customerId,
          action: 'device.register',
          outcome: 'ok',
          details: { credential: c.id.slice(0, 8), label: c.label },
        });
      })
      .immediate();
  }

  async updateDeviceCounter(customerId: string, credentialId: string, counter: number): Promise<void> {
    this.db
      .prepare('UPDATE device_credentials SET counter = ? WHERE id = ? AND customer_id = ?')
      .run(counter, credentialId, customerId);
  }

  async verifyPhonePin(customerId: string, pin: string): Promise<PhonePinCheck> {
    const row = this.customerRow(customerId);
    const now = this.clock.now();
    const state = () =>
      this.db
        .prepare('SELECT failures, locked_until AS lockedUntil FROM phone_pin_state WHERE customer_id = ?')
        .get(customerId) as { failures: number; lockedUntil: number | null } | undefined;
    const audit = (outcome: 'ok' | 'refused', code?: string, details: Record<string, unknown> = {}) =>
      appendAudit(this.db, now, {
        customerId: row ? customerId : undefined,
        action: 'phone_pin.verify',
        outcome,
        ...(code ? { code } : {}),
        details,
      });
    const locked = (s: ReturnType<typeof state>) => s?.lockedUntil != null && s.lockedUntil > now;
    // A locked PIN is not checked at all: guessing gets no answer until the lock ends.
    if (locked(state())) {
      this.db.transaction(() => audit('refused', 'TELLER_ERR_STEPUP_LOCKED', { locked: true })).immediate();
      return 'locked';
    }
    const ok = verifyPin(pin, row?.pin_hash); // scrypt: outside the write lock
    return this.db
      .transaction((): PhonePinCheck => {
        const before = state();
        if (row && locked(before)) {
          // Locked by a concurrent attempt (another call, another node) while this one was hashing.
          audit('refused', 'TELLER_ERR_STEPUP_LOCKED', { locked: true });
          return 'locked';
        }
        if (ok) {
          this.db.prepare('DELETE FROM phone_pin_state WHERE customer_id = ?').run(customerId);
          audit('ok');
          return 'ok';
        }
        if (!row) {
          audit('refused', 'TELLER_ERR_STEPUP_FAILED');
          return 'wrong';
        }
        // An expired lock starts the count again.
        const failures = (before && before.lockedUntil == null ? before.failures : 0) + 1;
        const lockNow = failures >= PHONE_PIN_LOCKOUT.failures;
        this.db
          .prepare(
            `INSERT INTO phone_pin_state (customer_id, failures, locked_until) VALUES (?, ?, ?)
             ON CONFLICT(customer_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
          )
          .run(customerId, failures, lockNow ? now + PHONE_PIN_LOCKOUT.lockMs : null);
        audit('refused', lockNow ? 'TELLER_ERR_STEPUP_LOCKED' : 'TELLER_ERR_STEPUP_FAILED', { failures });
        return lockNow ? 'locked' : 'wrong';
      })
      .immediate();
  }

  async audit(record: AuditRecord): Promise<void> {
    this.db.transaction(() => appendAudit(this.db, this.clock.now(), record)).immediate();
  }

  async listAudit(customerId?: string, limit = 100): Promise<AuditEntry[]> {
    return readAudit(this.db, customerId, Math.max(1, Math.min(limit, 10_000)));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
