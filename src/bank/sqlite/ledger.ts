import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  canonicalJson,
  convertMinor,
  invertRate,
  localDate,
  type CurrencyCode,
  type ErrorCode,
} from '../../shared/index.ts';
import type { AuditRecord, Idempotent } from '../port.ts';
import type { StepUpProofs } from '../stepup-proof.ts';
import type { ChangeResult, Clock, Frequency, Movement, MovementKind, Party, Refusal } from '../types.ts';
import { appendAudit } from './audit.ts';
import type { AccountRow, CardRow, CustomerRow, MovementRow } from './rows.ts';
import { toMovement } from './rows.ts';
import type { Db } from './schema.ts';

/** Thrown inside a write transaction to roll it back and answer with a refusal. */
export class Refuse extends Error {
  readonly refusal: Refusal;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.refusal = details === undefined ? { code, message } : { code, message, details };
  }
}

/**
 * Runs one change exactly once per (customer, idempotency key): inside one IMMEDIATE transaction it
 * looks the key up, runs `body`, stores the result under the key and appends to the audit log, so the
 * change, its replay record and its audit entry commit together or not at all. A replay with the same
 * request returns the stored result; a refusal rolls everything back and is audited on its own.
 */
export function runOnce<T>(
  db: Db,
  clock: Clock,
  operation: string,
  request: Idempotent,
  payload: unknown,
  body: () => T,
  audit: (value: T) => Omit<AuditRecord, 'customerId' | 'outcome'>,
): ChangeResult<T> {
  const { customerId, idempotencyKey } = request;
  if (typeof idempotencyKey !== 'string' || idempotencyKey.length < 8 || idempotencyKey.length > 128) {
    return refuse(
      db,
      clock,
      customerId,
      operation,
      new Refuse('TELLER_ERR_INVALID_REQUEST', 'an idempotency key of 8-128 characters is required'),
    );
  }
  // A step-up proof is the customer's say-so, not the request: a retry may carry a fresh one.
  const requestHash = createHash('sha256')
    .update(operation)
    .update(canonicalJson(withoutProof(payload)))
    .digest('hex');
  try {
    return db
      .transaction((): ChangeResult<T> => {
        const existing = db
          .prepare(
            'SELECT operation, request_hash, result FROM idempotency WHERE customer_id = ? AND key = ?',
          )
          .get(customerId, idempotencyKey) as
          { operation: string; request_hash: string; result: string } | undefined;
        if (existing) {
          if (existing.request_hash !== requestHash) {
            throw new Refuse(
              'TELLER_ERR_IDEMPOTENCY_CONFLICT',
              'this idempotency key was used for a different request',
            );
          }
          appendAudit(db, clock.now(), { customerId, action: `${operation}.replay`, outcome: 'info' });
          const stored = JSON.parse(existing.result) as T | { $refused: Refusal };
          if (stored && typeof stored === 'object' && '$refused' in stored)
            return { ok: false, refusal: stored.$refused };
          return { ok: true, value: stored, replayed: true };
        }
        const value = body();
        db.prepare(
          'INSERT INTO idempotency (customer_id, key, operation, request_hash, result, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(
          customerId,
          idempotencyKey,
          operation,
          requestHash,
          JSON.stringify(value),
          new Date(clock.now()).toISOString(),
        );
        appendAudit(db, clock.now(), { customerId, outcome: 'ok', ...audit(value) });
        return { ok: true, value, replayed: false };
      })
      .immediate();
  } catch (error) {
    if (!(error instanceof Refuse)) throw error;
    // A change that came with a step-up proof and was refused anyway (no funds, a limit) keeps its
    // key: the proof names the key, so it must not authorise a different change under it later.
    const keep =
      request.stepUp !== undefined && error.refusal.code !== 'TELLER_ERR_STEPUP_REQUIRED'
        ? { idempotencyKey, requestHash }
        : undefined;
    return refuse(db, clock, customerId, operation, error, payload, keep);
  }
}

function withoutProof(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object' || !('stepUp' in payload)) return payload;
  const { stepUp: _proof, ...rest } = payload as Record<string, unknown>;
  return rest;
}

function refuse(
  db: Db,
  clock: Clock,
  customerId: string,
  operation: string,
  error: Refuse,
  payload?: unknown,
  keep?: { readonly idempotencyKey: string; readonly requestHash: string },
): { ok: false; refusal: Refusal } {
  db.transaction(() => {
    if (keep)
      db.prepare(
        'INSERT OR IGNORE INTO idempotency (customer_id, key, operation, request_hash, result, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(
        customerId,
        keep.idempotencyKey,
        operation,
        keep.requestHash,
        JSON.stringify({ $refused: error.refusal }),
        new Date(clock.now()).toISOString(),
      );
    appendAudit(db, clock.now(), {
      customerId,
      action: operation,
      outcome: 'refused',
      code: error.refusal.code,
      details: { ...(error.refusal.details ?? {}), request: redactRequest(payload) },
    });
  }).immediate();
  return { ok: false, refusal: error.refusal };
}

/**
 * Requests keep ids, amounts and dates; anything secret (a new PIN) is dropped before it is audited,
 * and a top-up's phone or transit card number (`reference`) keeps its last four digits only.
 */
function redactRequest(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object') return payload;
  return Object.fromEntries(
    Object.entries(payload)
      .filter(([k]) => !/pin|secret|password/i.test(k) && k !== 'stepUp')
      .map(([k, v]) => (k === 'reference' && typeof v === 'string' ? ['last4', v.slice(-4)] : [k, v])),
  );
}

/** Money primitives used inside a write transaction. Each refuses with a stable code instead of partly applying. */
export class Ledger {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly proofs: StepUpProofs,
  ) {}

  /**
   * The step-up policy, the bank's own check (the dialog asks for the same step-up; this catches a
   * path that skipped it): refused unless the request carries a good proof for its own key.
   */
  requireStepUp(req: Idempotent, why: string): void {
    const check = this.proofs.check(req.stepUp, req, this.clock.now());
    if (!check.ok)
      throw new Refuse('TELLER_ERR_STEPUP_REQUIRED', `${why} needs a step-up`, { proof: check.reason });
  }

  /** The policy's amount test: strictly over the customer's threshold, or in another currency. */
  overStepUpThreshold(customer: CustomerRow, amountMinor: number, currency: string): boolean {
    return currency !== customer.base_currency || amountMinor > customer.step_up_over_minor;
  }

  customer(customerId: string): CustomerRow {
    const row = this.db.prepare('SELECT * FROM customers WHERE id = ?').get(customerId) as
      CustomerRow | undefined;
    if (!row) throw new Refuse('TELLER_ERR_NOT_FOUND', 'unknown customer');
    return row;
  }

  today(customer: CustomerRow): string {
    return localDate(this.clock.now(), customer.time_zone);
  }

  account(customerId: string, id: string): AccountRow {
    const row = this.db
      .prepare('SELECT * FROM accounts WHERE id = ? AND customer_id = ?')
      .get(id, customerId) as AccountRow | undefined;
    if (!row) throw new Refuse('TELLER_ERR_UNKNOWN_ACCOUNT', 'no such account', { account: id });
    return row;
  }

  card(customerId: string, id: string): CardRow {
    const row = this.db
      .prepare('SELECT * FROM cards WHERE id = ? AND customer_id = ?')
      .get(id, customerId) as CardRow | undefined;
    if (!row) throw new Refuse('TELLER_ERR_UNKNOWN_ACCOUNT', 'no such card', { card: id });
    return row;
  }

  checkAmount(amountMinor: number, currency: CurrencyCode, expected: CurrencyCode): void {
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
      throw new Refuse('TELLER_ERR_INVALID_AMOUNT', 'the amount must be more than zero');
    }
    if (currency !== expected) {
      throw new Refuse(
        'TELLER_ERR_CURRENCY_MISMATCH',
        `the amount is in ${currency} but the source is in ${expected}`,
        {
          expected,
        },
      );
    }
  }

  /** Takes money from a checking or savings account, within balance plus overdraft. */
  debitAccount(account: AccountRow, amountMinor: number): void {
    if (account.type !== 'checking' && account.type !== 'savings') {
      throw new Refuse('TELLER_ERR_INVALID_REQUEST', `money cannot be taken from a ${account.type} account`);
    }
    const available = account.balance_minor + account.overdraft_minor;
    if (amountMinor > available) {
      throw new Refuse('TELLER_ERR_INSUFFICIENT_FUNDS', 'not enough available funds', {
        account: account.id,
        availableMinor: Math.max(0, available),
        currency: account.currency,
      });
    }
    this.db
      .prepare('UPDATE accounts SET balance_minor = balance_minor - ? WHERE id = ?')
      .run(amountMinor, account.id);
  }

  creditAccount(account: AccountRow, amountMinor: number): void {
    this.db
      .prepare('UPDATE accounts SET balance_minor = balance_minor + ? WHERE id = ?')
      .run(amountMinor, account.id);
  }

  /** Charges an active credit card within its available credit. */
  chargeCard(card: CardRow, amountMinor: number): void {
    if (card.type !== 'credit')
      throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'only a credit card can be charged');
    if (card.status !== 'active') {
      throw new Refuse('TELLER_ERR_CARD_NOT_ACTIVE', `the card is ${card.status}`, {
        card: card.id,
        status: card.status,
      });
    }
    if (card.balance_minor + amountMinor > card.credit_limit_minor) {
      throw new Refuse('TELLER_ERR_CREDIT_LIMIT', 'not enough available credit', {
        card: card.id,
        availableMinor: Math.max(0, card.credit_limit_minor - card.balance_minor),
      });
    }
    this.db
      .prepare('UPDATE cards SET balance_minor = balance_minor + ? WHERE id = ?')
      .run(amountMinor, card.id);
  }

  /** Refuses when moving `amountMinor` (in `currency`) to others on `date` would pass the customer's daily limit. */
  checkDailyLimit(customer: CustomerRow, amountMinor: number, currency: CurrencyCode, date: string): void {
    if (customer.daily_limit_minor === null) return;
    const inBase = this.toBase(customer, amountMinor, currency);
    const used = this.usedToday(customer, date);
    if (used + inBase > customer.daily_limit_minor) {
      throw new Refuse('TELLER_ERR_DAILY_LIMIT', 'the daily transfer limit would be exceeded', {
        limitMinor: customer.daily_limit_minor,
        usedMinor: used,
        remainingMinor: Math.max(0, customer.daily_limit_minor - used),
        currency: customer.base_currency,
      });
    }
  }

  usedToday(customer: CustomerRow, date: string): number {
    const rows = this.db
      .prepare(
        `SELECT amount_minor, currency FROM movements
         WHERE customer_id = ? AND status = 'completed' AND counts_to_limit = 1 AND date = ?`,
      )
      .all(customer.id, date) as { amount_minor: number; currency: CurrencyCode }[];
    return rows.reduce((sum, r) => sum + this.toBase(customer, r.amount_minor, r.currency), 0);
  }

  toBase(customer: CustomerRow, amountMinor: number, currency: CurrencyCode): number {
    if (currency === customer.base_currency) return amountMinor;
    const rate = this.rate(currency, customer.base_currency);
    if (rate === undefined) {
      throw new Refuse(
        'TELLER_ERR_CURRENCY_MISMATCH',
        `no exchange rate from ${currency} to ${customer.base_currency}`,
      );
    }
    return convertMinor({ amountMinor, currency }, customer.base_currency, rate).amountMinor;
  }

  /** 1 unit of `from` in `to`: the stored rate, else the inverse of the opposite rate (to 8 places). */
  rate(from: CurrencyCode, to: CurrencyCode): string | undefined {
    const direct = this.db
      .prepare('SELECT rate FROM rates WHERE from_currency = ? AND to_currency = ?')
      .pluck()
      .get(from, to) as string | undefined;
    if (direct !== undefined) return direct;
    const inverse = this.db
      .prepare('SELECT rate FROM rates WHERE from_currency = ? AND to_currency = ?')
      .pluck()
      .get(to, from) as string | undefined;
    return inverse === undefined ? undefined : invertRate(inverse);
  }

  transaction(
    customerId: string,
    accountId: string,
    date: string,
    merchant: string,
    amountMinor: number,
    currency: CurrencyCode,
    movementId: string,
  ): void {
    this.db
      .prepare(
        'INSERT INTO transactions (customer_id, account_id, date, merchant, amount_minor, currency, movement_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(customerId, accountId, date, merchant, amountMinor, currency, movementId);
  }

  insertMovement(m: {
    customerId: string;
    kind: MovementKind;
    status: Movement['status'];
    from: Party;
    to: Party;
    amountMinor: number;
    currency: CurrencyCode;
    creditedMinor?: number;
    creditedCurrency?: CurrencyCode;
    date: string;
    frequency?: Frequency | undefined;
    countsToLimit: boolean;
  }): Movement {
    const row: MovementRow = {
      id: `mv_${randomUUID()}`,
      customer_id: m.customerId,
      kind: m.kind,
      status: m.status,
      from_party: JSON.stringify(m.from),
      to_party: JSON.stringify(m.to),
      amount_minor: m.amountMinor,
      currency: m.currency,
      credited_minor: m.creditedMinor ?? m.amountMinor,
      credited_currency: m.creditedCurrency ?? m.currency,
      date: m.date,
      frequency: m.frequency ?? null,
      created_at: new Date(this.clock.now()).toISOString(),
      reference: `TX${randomBytes(5).toString('hex').toUpperCase()}`,
    };
    this.db
      .prepare(
        `INSERT INTO movements (id, customer_id, kind, status, from_party, to_party, amount_minor, currency,
          credited_minor, credited_currency, date, frequency, created_at, reference, counts_to_limit)
         VALUES (@id, @customer_id, @kind, @status, @from_party, @to_party, @amount_minor, @currency,
          @credited_minor, @credited_currency, @date, @frequency, @created_at, @reference, @counts_to_limit)`,
      )
      .run({ ...row, counts_to_limit: m.countsToLimit ? 1 : 0 });
    return toMovement(row);
  }
}
