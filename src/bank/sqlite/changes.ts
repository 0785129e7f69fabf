import type { AddPayeeRequest, CardChangeRequest, Idempotent, PinChangeRequest } from '../port.ts';
import type { StepUpProofs } from '../stepup-proof.ts';
import type { Card, ChangeResult, Clock, Movement, Payee } from '../types.ts';
import { Ledger, Refuse, runOnce } from './ledger.ts';
import { toCard, toMovement, toPayee, type MovementRow, type PayeeRow } from './rows.ts';
import type { Db } from './schema.ts';
import { hashPin, isWeakPin } from './secrets.ts';

/** Which card states each action starts from, and where it leaves the card. */
const TRANSITIONS = {
  freeze: { from: ['active'], to: 'frozen' },
  unfreeze: { from: ['frozen'], to: 'active' },
  block_lost: { from: ['active', 'frozen', 'inactive'], to: 'blocked' },
  activate: { from: ['inactive'], to: 'active' },
} as const;

/** Changes that move no money: card states and PINs, payees, scheduled transfers. Idempotent and audited. */
export class Changes {
  private readonly ledger: Ledger;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    proofs: StepUpProofs,
  ) {
    this.ledger = new Ledger(db, clock, proofs);
  }

  changeCard(req: CardChangeRequest): ChangeResult<Card> {
    return runOnce(
      this.db,
      this.clock,
      `card.${req.action}`,
      req,
      req,
      () => {
        const card = this.ledger.card(req.customerId, req.cardId);
        const rule = TRANSITIONS[req.action];
        if (!(rule.from as readonly string[]).includes(card.status)) {
          throw new Refuse('TELLER_ERR_CARD_STATE', `the card is ${card.status}`, {
            card: card.id,
            status: card.status,
          });
        }
        // Unfreezing or activating gives a card spending power (an intercepted new card is the classic fraud).
        if (req.action === 'unfreeze' || req.action === 'activate')
          this.ledger.requireStepUp(req, `${req.action === 'unfreeze' ? 'unfreezing' : 'activating'} a card`);
        this.db.prepare('UPDATE cards SET status = ? WHERE id = ?').run(rule.to, card.id);
        return toCard({ ...card, status: rule.to });
      },
      (card) => ({
        action: `card.${req.action}`,
        details: { card: card.id, last4: card.last4, status: card.status },
      }),
    );
  }

  changeCardPin(req: PinChangeRequest): ChangeResult<Card> {
    const { newPin, ...rest } = req;
    // The PIN itself never enters the idempotency record or the audit log: only a digest-free marker.
    return runOnce(
      this.db,
      this.clock,
      'card.change_pin',
      req,
      rest,
      () => {
        const card = this.ledger.card(req.customerId, req.cardId);
        // With the card, a new PIN is cash at an ATM.
        this.ledger.requireStepUp(req, 'a new card PIN');
        if (card.status !== 'active') {
          throw new Refuse('TELLER_ERR_CARD_NOT_ACTIVE', `the card is ${card.status}`, {
            card: card.id,
            status: card.status,
          });
        }
        if (!/^\d{4,6}$/.test(newPin))
          throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'a PIN is 4 to 6 digits');
        if (isWeakPin(newPin))
          throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'that PIN is too easy to guess');
        this.db.prepare('UPDATE cards SET pin_hash = ? WHERE id = ?').run(hashPin(newPin), card.id);
        return toCard(card);
      },
      (card) => ({ action: 'card.change_pin', details: { card: card.id, last4: card.last4 } }),
    );
  }

  addPayee(req: AddPayeeRequest): ChangeResult<Payee> {
    return runOnce(
      this.db,
      this.clock,
      'payee.add',
      req,
      req,
      () => {
        const name = req.name.trim();
        if (name.length === 0 || name.length > 120)
          throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'a payee needs a name');
        // A new payee is where money can go next: the policy always asks for a step-up.
        this.ledger.requireStepUp(req, 'adding a payee');
        if (req.last4 !== undefined && !/^\d{4}$/.test(req.last4)) {
          throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'last4 is 4 digits');
        }
        const clash = this.db
          .prepare('SELECT id FROM payees WHERE customer_id = ? AND removed = 0 AND lower(name) = lower(?)')
          .get(req.customerId, name);
        if (clash) throw new Refuse('TELLER_ERR_INVALID_REQUEST', 'a payee with that name already exists');
        const base =
          name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, '') || 'payee';
        let id = base;
        // Unique among everything money can go to or come from: a payee called "Savings" is not `savings`.
        const taken = this.db.prepare(
          'SELECT 1 FROM payees WHERE id = ? UNION ALL SELECT 1 FROM accounts WHERE id = ? UNION ALL SELECT 1 FROM cards WHERE id = ? UNION ALL SELECT 1 FROM billers WHERE id = ?',
        );
        for (let n = 2; taken.get(id, id, id, id); n++) id = `${base}-${n}`;
        const row: PayeeRow = {
          id,
          customer_id: req.customerId,
          name,
          last4: req.last4 ?? null,
          aliases: '[]',
          removed: 0,
        };
        this.db
          .prepare('INSERT INTO payees (id, customer_id, name, last4, aliases) VALUES (?, ?, ?, ?, ?)')
          .run(id, req.customerId, name, row.last4, row.aliases);
        return toPayee(row);
      },
      (p) => ({ action: 'payee.add', details: { payee: p.id } }),
    );
  }

  removePayee(req: Idempotent & { readonly payeeId: string }): ChangeResult<Payee> {
    return runOnce(
      this.db,
      this.clock,
      'payee.remove',
      req,
      req,
      () => {
        const row = this.db
          .prepare('SELECT * FROM payees WHERE id = ? AND customer_id = ? AND removed = 0')
          .get(req.payeeId, req.customerId) as PayeeRow | undefined;
        if (!row) throw new Refuse('TELLER_ERR_UNKNOWN_PAYEE', 'no such payee', { payee: req.payeeId });
        this.db.prepare('UPDATE payees SET removed = 1 WHERE id = ?').run(row.id);
        // Its scheduled transfers and standing orders stop with it, in the same change: none is
        // left to run against a payee that is gone.
        this.db
          .prepare(
            `UPDATE movements SET status = 'cancelled' WHERE customer_id = ? AND status = 'scheduled'
             AND json_extract(to_party, '$.kind') = 'payee' AND json_extract(to_party, '$.id') = ?`,
          )
          .run(req.customerId, row.id);
        return toPayee(row);
      },
      (p) => ({ action: 'payee.remove', details: { payee: p.id } }),
    );
  }

  cancelScheduled(req: Idempotent & { readonly movementId: string }): ChangeResult<Movement> {
    return runOnce(
      this.db,
      this.clock,
      'scheduled.cancel',
      req,
      req,
      () => {
        const row = this.db
          .prepare(`SELECT * FROM movements WHERE id = ? AND customer_id = ? AND status = 'scheduled'`)
          .get(req.movementId, req.customerId) as MovementRow | undefined;
        if (!row)
          throw new Refuse('TELLER_ERR_NOT_FOUND', 'no such scheduled transfer', {
            movement: req.movementId,
          });
        this.db.prepare(`UPDATE movements SET status = 'cancelled' WHERE id = ?`).run(row.id);
        return toMovement({ ...row, status: 'cancelled' });
      },
      (m) => ({ action: 'scheduled.cancel', details: { movement: m.id } }),
    );
  }
}
