import {
  addDays,
  addMonths,
  convertMinor,
  isIsoDate,
  type CurrencyCode,
  type Money,
} from '../../shared/index.ts';
import type {
  BillPaymentRequest,
  CardRepaymentRequest,
  LoanRepaymentRequest,
  TimeDepositRequest,
  TopUpRequest,
  TransferRequest,
} from '../port.ts';
import type { StepUpProofs } from '../stepup-proof.ts';
import type { Clock, Frequency, Movement, MovementResult, Party } from '../types.ts';
import { Ledger, Refuse, runOnce } from './ledger.ts';
import { toMovement, type AccountRow, type CustomerRow, type MovementRow } from './rows.ts';
import type { Db } from './schema.ts';

/** Term deposit rates (% a year) by term in months: the sandbox's product sheet. */
const DEPOSIT_RATES: Readonly<Record<number, string>> = {
  3: '1.10',
  6: '1.35',
  12: '1.55',
  24: '1.70',
  36: '1.95',
  60: '2.00',
};

function asMovementResult(r: ReturnType<typeof runOnce<Movement>>): MovementResult {
  return r.ok ? { ok: true, movement: r.value, replayed: r.replayed } : r;
}

/** A top-up's phone or transit card number goes to the audit log by its last four only (AuditRecord). */
function auditedParty(p: Party) {
  return p.kind === 'topup' ? { kind: p.kind, service: p.service, last4: p.reference.slice(-4) } : p;
}

function audited(m: Movement) {
  return {
    action: `movement.${m.kind}`,
    details: {
      movement: m.id,
      status: m.status,
      from: m.from,
      to: auditedParty(m.to),
      amountMinor: m.amount.amountMinor,
      currency: m.amount.currency,
      date: m.date,
    },
  };
}

/** The money-moving operations of the sandbox bank, each one IMMEDIATE transaction via `runOnce`. */
export class Movements {
  private readonly ledger: Ledger;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    proofs: StepUpProofs,
  ) {
    this.ledger = new Ledger(db, clock, proofs);
  }

  transfer(req: TransferRequest): MovementResult {
    return asMovementResult(
      runOnce(
        this.db,
        this.clock,
        'transfer',
        req,
        req,
        () => {
          const customer = this.ledger.customer(req.customerId);
          const from = this.ledger.account(req.customerId, req.fromAccountId);
          this.ledger.checkAmount(req.amount.amountMinor, req.amount.currency, from.currency);
          const today = this.ledger.today(customer);
          const date = req.date ?? today;
          if (!isIsoDate(date)) throw new Refuse('TELLER_ERR_INVALID_REQUEST', `"${date}" is not a date`);
          if (date < today) throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'the date is in the past');
          const to = this.target(req, from);
          if (
            to.kind === 'payee' &&
            this.ledger.overStepUpThreshold(customer, req.amount.amountMinor, req.amount.currency)
          )
            this.ledger.requireStepUp(req, 'a transfer to a payee over the step-up threshold');
          if (date > today || req.frequency !== undefined) {
            // A future or repeating transfer is recorded now and checked for funds and limits when it runs;
            // one that could never pass the daily limit is refused at once.
            if (to.kind === 'payee' && customer.daily_limit_minor !== null) {
              this.ledger.checkDailyLimit(
                customer,
                req.amount.amountMinor,
                req.amount.currency,
                '0000-00-00',
              );
            }
            return this.ledger.insertMovement({
              customerId: customer.id,
              kind: 'transfer',
              status: 'scheduled',
              from: { kind: 'account', id: from.id },
              to,
              amountMinor: req.amount.amountMinor,
              currency: req.amount.currency,
              date,
              frequency: req.frequency,
              countsToLimit: to.kind === 'payee',
            });
          }
          return this.executeTransfer(customer, from, to, req.amount.amountMinor, req.amount.currency, today);
        },
        audited,
      ),
    );
  }

  private target(req: TransferRequest, from: AccountRow): Party {
    if (req.to.kind === 'payee') {
      const payee = this.db
        .prepare('SELECT id FROM payees WHERE id = ? AND customer_id = ? AND removed = 0')
        .get(req.to.id, req.customerId);
      if (!payee) throw new Refuse('TELLER_ERR_UNKNOWN_PAYEE', 'no such payee', { payee: req.to.id });
      return { kind: 'payee', id: req.to.id };
    }
    const to = this.ledger.account(req.customerId, req.to.id);
    if (to.id === from.id)
      throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'the source and target accounts are the same');
    if (to.type === 'deposit')
      throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'money cannot be added to a time deposit');
    return { kind: 'account', id: to.id };
  }

  /** Moves money now from an own account to a payee or own account (converting between currencies). */
  private executeTransfer(
    customer: CustomerRow,
    from: AccountRow,
    to: Party,
    amountMinor: number,
    currency: CurrencyCode,
    date: string,
  ): Movement {
    if (to.kind === 'payee') {
      this.ledger.checkDailyLimit(customer, amountMinor, currency, date);
      this.ledger.debitAccount(from, amountMinor);
      const name = this.db.prepare('SELECT name FROM payees WHERE id = ?').pluck().get(to.id) as string;
      const m = this.ledger.insertMovement({
        customerId: customer.id,
        kind: 'transfer',
        status: 'completed',
        from: { kind: 'account', id: from.id },
        to,
        amountMinor,
        currency,
        date,
        countsToLimit: true,
      });
      this.ledger.transaction(
        customer.id,
        from.id,
        date,
        `Transfer to ${name}`,
        -amountMinor,
        currency,
        m.id,
      );
      return m;
    }
    if (to.kind !== 'account')
      throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'a transfer goes to a payee or an own account');
    const target = this.ledger.account(customer.id, to.id);
    let credited = amountMinor;
    if (target.currency !== currency) {
      const rate = this.ledger.rate(currency, target.currency);
      if (rate === undefined) {
        throw new Refuse(
          'TELLER_ERR_CURRENCY_MISMATCH',
          `no exchange rate from ${currency} to ${target.currency}`,
        );
      }
      credited = convertMinor({ amountMinor, currency }, target.currency, rate).amountMinor;
      if (credited <= 0) throw new Refuse('TELLER_ERR_INVALID_AMOUNT', 'the amount is too small to convert');
    }
    if (target.type === 'loan' && credited > -target.balance_minor) {
      throw new Refuse('TELLER_ERR_INVALID_AMOUNT', 'that is more than the loan owes', {
        owedMinor: -target.balance_minor,
      });
    }
    this.ledger.debitAccount(from, amountMinor);
    this.ledger.creditAccount(target, credited);
    const m = this.ledger.insertMovement({
      customerId: customer.id,
      kind: target.type === 'loan' ? 'loan_repayment' : 'transfer',
      status: 'completed',
      from: { kind: 'account', id: from.id },
      to,
      amountMinor,
      currency,
      creditedMinor: credited,
      creditedCurrency: target.currency,
      date,
      countsToLimit: false,
    });
    this.ledger.transaction(
      customer.id,
      from.id,
      date,
      `Transfer to ${target.name}`,
      -amountMinor,
      currency,
      m.id,
    );
    this.ledger.transaction(
      customer.id,
      target.id,
      date,
      `Transfer from ${from.name}`,
      credited,
      target.currency,
      m.id,
    );
    return m;
  }

  repayCard(req: CardRepaymentRequest): MovementResult {
    return asMovementResult(
      runOnce(
        this.db,
        this.clock,
        'card.repay',
        req,
        req,
        () => {
          const customer = this.ledger.customer(req.customerId);
          const from = this.ledger.account(req.customerId, req.fromAccountId);
          const card = this.ledger.card(req.customerId, req.cardId);
          if (card.type !== 'credit')
            throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'only a credit card is repaid');
          this.ledger.checkAmount(req.amount.amountMinor, req.amount.currency, from.currency);
          if (card.currency !== from.currency) {
            throw new Refuse(
              'TELLER_ERR_CURRENCY_MISMATCH',
              `the card is in ${card.currency}, the account in ${from.currency}`,
            );
          }
          const amount = req.amount.amountMinor;
          if (amount > card.balance_minor) {
            throw new Refuse('TELLER_ERR_INVALID_AMOUNT', 'that is more than the card owes', {
              owedMinor: card.balance_minor,
            });
          }
          this.ledger.debitAccount(from, amount);
          this.db
            .prepare(
              `UPDATE cards SET balance_minor = balance_minor - @a,
               statement_balance_minor = max(0, statement_balance_minor - @a),
               minimum_due_minor = max(0, minimum_due_minor - @a) WHERE id = @id`,
            )
            .run({ a: amount, id: card.id });
          const date = this.ledger.today(customer);
          const m = this.ledger.insertMovement({
            customerId: customer.id,
            kind: 'card_repayment',
            status: 'completed',
            from: { kind: 'account', id: from.id },
            to: { kind: 'card', id: card.id },
            amountMinor: amount,
            currency: from.currency,
            date,
            countsToLimit: false,
          });
          this.ledger.transaction(
            customer.id,
            from.id,
            date,
            `Payment to ${card.name}`,
            -amount,
            from.currency,
            m.id,
          );
          this.ledger.transaction(
            customer.id,
            card.id,
            date,
            'Payment received',
            amount,
            card.currency,
            m.id,
          );
          return m;
        },
        audited,
      ),
    );
  }

  /**
   * Pays a third party (a biller, a top-up) from an account or by charging a credit card: funds, the
   * daily limit, the movement and the statement line, inside the caller's transaction.
   */
  private payToThirdParty(
    customer: CustomerRow,
    fromId: string,
    amount: Money,
    kind: 'bill_payment' | 'topup',
    to: Party,
    merchant: string,
  ): Movement {
    const date = this.ledger.today(customer);
    const card = this.db
      .prepare('SELECT * FROM cards WHERE id = ? AND customer_id = ?')
      .get(fromId, customer.id) as Parameters<Ledger['chargeCard']>[0] | undefined;
    let from: Party;
    if (card) {
      this.ledger.checkAmount(amount.amountMinor, amount.currency, card.currency);
      this.ledger.checkDailyLimit(customer, amount.amountMinor, amount.currency, date);
      this.ledger.chargeCard(card, amount.amountMinor);
      from = { kind: 'card', id: card.id };
    } else {
      const account = this.ledger.account(customer.id, fromId);
      this.ledger.checkAmount(amount.amountMinor, amount.currency, account.currency);
      this.ledger.checkDailyLimit(customer, amount.amountMinor, amount.currency, date);
      this.ledger.debitAccount(account, amount.amountMinor);
      from = { kind: 'account', id: account.id };
    }
    const m = this.ledger.insertMovement({
      customerId: customer.id,
      kind,
      status: 'completed',
      from,
      to,
      amountMinor: amount.amountMinor,
      currency: amount.currency,
      date,
      countsToLimit: true,
    });
    // A card statement shows a charge as owed (positive); an account statement as money out.
    const signed = from.kind === 'card' ? amount.amountMinor : -amount.amountMinor;
    this.ledger.transaction(customer.id, from.id, date, merchant, signed, amount.currency, m.id);
    return m;
  }

  payBill(req: BillPaymentRequest): MovementResult {
    return asMovementResult(
      runOnce(
        this.db,
        this.clock,
        'bill.pay',
        req,
        req,
        () => {
          const customer = this.ledger.customer(req.customerId);
          const biller = this.db
            .prepare('SELECT name FROM billers WHERE id = ? AND customer_id = ?')
            .get(req.billerId, customer.id) as { name: string } | undefined;
          if (!biller)
            throw new Refuse('TELLER_ERR_UNKNOWN_BILLER', 'no such biller', { biller: req.billerId });
          if (this.ledger.overStepUpThreshold(customer, req.amount.amountMinor, req.amount.currency))
            this.ledger.requireStepUp(req, 'a bill payment over the step-up threshold');
          return this.payToThirdParty(
            customer,
            req.fromId,
            req.amount,
            'bill_payment',
            { kind: 'biller', id: req.billerId },
            biller.name,
          );
        },
        audited,
      ),
    );
  }

  topUp(req: TopUpRequest): MovementResult {
    return asMovementResult(
      runOnce(
        this.db,
        this.clock,
        'topup',
        req,
        req,
        () => {
          const customer = this.ledger.customer(req.customerId);
          const pattern = req.service === 'mobile' ? /^\+?\d{5,15}$/ : /^\d{6,20}$/;
          if (!pattern.test(req.reference)) {
            throw new Refuse(
              'TELLER_ERR_INVALID_REQUEST',
              req.service === 'mobile' ? 'not a phone number' : 'not a transit card number',
            );
          }
          if (this.ledger.overStepUpThreshold(customer, req.amount.amountMinor, req.amount.currency))
            this.ledger.requireStepUp(req, 'a top-up over the step-up threshold');
          const label = req.service === 'mobile' ? 'Mobile top-up' : 'Transit card top-up';
          return this.payToThirdParty(
            customer,
            req.fromId,
            req.amount,
            'topup',
            { kind: 'topup', service: req.service, reference: req.reference },
            `${label} ${req.reference.slice(-4)}`,
          );
        },
        audited,
      ),
    );
  }

  repayLoan(req: LoanRepaymentRequest): MovementResult {
    return asMovementResult(
      runOnce(
        this.db,
        this.clock,
        'loan.repay',
        req,
        req,
        () => {
          const customer = this.ledger.customer(req.customerId);
          const from = this.ledger.account(req.customerId, req.fromAccountId);
          const loan = this.ledger.account(req.customerId, req.loanAccountId);
          if (loan.type !== 'loan')
            throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'that account is not a loan');
          this.ledger.checkAmount(req.amount.amountMinor, req.amount.currency, from.currency);
          const m = this.executeTransfer(
            customer,
            from,
            { kind: 'account', id: loan.id },
            req.amount.amountMinor,
            req.amount.currency,
            this.ledger.today(customer),
          );
          this.db
            .prepare(
              'UPDATE accounts SET payment_due_minor = max(0, payment_due_minor - ?) WHERE id = ? AND payment_due_minor IS NOT NULL',
            )
            .run(m.credited.amountMinor, loan.id);
          return m;
        },
        audited,
      ),
    );
  }

  openTimeDeposit(req: TimeDepositRequest): MovementResult {
    return asMovementResult(
      runOnce(
        this.db,
        this.clock,
        'deposit.open',
        req,
        req,
        () => {
          const customer = this.ledger.customer(req.customerId);
          const from = this.ledger.account(req.customerId, req.fromAccountId);
          this.ledger.checkAmount(req.amount.amountMinor, req.amount.currency, from.currency);
          const rate = DEPOSIT_RATES[req.termMonths];
          if (rate === undefined) {
            throw new Refuse(
              'TELLER_ERR_INVALID_REQUEST',
              `terms offered: ${Object.keys(DEPOSIT_RATES).join(', ')} months`,
            );
          }
          this.ledger.debitAccount(from, req.amount.amountMinor);
          const date = this.ledger.today(customer);
          const count = this.db
            .prepare('SELECT count(*) FROM accounts WHERE customer_id = ?')
            .pluck()
            .get(customer.id) as number;
          const id = `${customer.id}-td${count + 1}`;
          this.db
            .prepare(
              `INSERT INTO accounts (id, customer_id, name, type, currency, balance_minor, overdraft_minor, due_date, interest_rate)
             VALUES (?, ?, ?, 'deposit', ?, ?, 0, ?, ?)`,
            )
            .run(
              id,
              customer.id,
              `${req.termMonths}-month Time Deposit`,
              from.currency,
              req.amount.amountMinor,
              addMonths(date, req.termMonths),
              rate,
            );
          const m = this.ledger.insertMovement({
            customerId: customer.id,
            kind: 'time_deposit',
            status: 'completed',
            from: { kind: 'account', id: from.id },
            to: { kind: 'account', id },
            amountMinor: req.amount.amountMinor,
            currency: from.currency,
            date,
            countsToLimit: false,
          });
          this.ledger.transaction(
            customer.id,
            from.id,
            date,
            'Time deposit',
            -req.amount.amountMinor,
            from.currency,
            m.id,
          );
          this.ledger.transaction(
            customer.id,
            id,
            date,
            'Opening deposit',
            req.amount.amountMinor,
            from.currency,
            m.id,
          );
          return m;
        },
        audited,
      ),
    );
  }

  /**
   * Runs scheduled transfers and standing orders that are due by the clock, oldest first, each in its own
   * transaction. One that cannot run (no funds, over the limit) is marked failed and audited.
   */
  runDue(customerId: string): void {
    const customer = this.db.prepare('SELECT * FROM customers WHERE id = ?').get(customerId) as
      CustomerRow | undefined;
    if (!customer) return;
    const today = this.ledger.today(customer);
    const due = this.db
      .prepare(
        `SELECT * FROM movements WHERE customer_id = ? AND status = 'scheduled' AND date <= ? ORDER BY date, created_at`,
      )
      .all(customerId, today) as MovementRow[];
    for (const row of due) {
      const order = toMovement(row);
      const advance = (ran: boolean) => {
        if (order.frequency) {
          this.db
            .prepare('UPDATE movements SET date = ? WHERE id = ?')
            .run(nextDate(order.date, order.frequency), order.id);
        } else {
          this.db
            .prepare('UPDATE movements SET status = ? WHERE id = ?')
            .run(ran ? 'executed' : 'failed', order.id);
        }
      };
      const result = runOnce(
        this.db,
        this.clock,
        'scheduled.run',
        { customerId, idempotencyKey: `scheduled:${order.id}:${order.date}` },
        { id: order.id, date: order.date },
        () => {
          const fresh = this.db.prepare('SELECT status, date FROM movements WHERE id = ?').get(order.id) as {
            status: string;
            date: string;
          };
          if (fresh.status !== 'scheduled' || fresh.date !== order.date) return undefined; // another process ran it
          const from = this.ledger.account(customerId, order.from.kind === 'account' ? order.from.id : '');
          const m = this.executeTransfer(
            customer,
            from,
            order.to,
            order.amount.amountMinor,
            order.amount.currency,
            order.date,
          );
          advance(true);
          return m.id;
        },
        (movementId) => ({
          action: 'movement.scheduled_run',
          details: { order: order.id, date: order.date, movement: movementId },
        }),
      );
      if (!result.ok) this.db.transaction(() => advance(false)).immediate();
    }
  }
}

function nextDate(date: string, frequency: Frequency): string {
  if (frequency === 'weekly') return addDays(date, 7);
  if (frequency === 'biweekly') return addDays(date, 14);
  return addMonths(date, 1);
}
