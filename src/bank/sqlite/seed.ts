import type { World } from '../world/world.ts';
import { appendAudit } from './audit.ts';
import type { Db } from './schema.ts';
import { hashPin } from './secrets.ts';

/**
 * Writes a validated world into an empty sandbox database, in one transaction: either the whole world
 * is there afterwards or none of it.
 */
export function seedWorld(db: Db, world: World, atMs: number): void {
  db.transaction(() => {
    const existing = db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
    if (existing > 0) throw new Error('the database already holds a world: load into a new file');
    const meta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    if (world.now !== undefined) meta.run('world_now', String(world.now));
    meta.run('seeded_at', new Date(atMs).toISOString());

    const insCustomer = db.prepare(
      `INSERT INTO customers (id, name, phone, pin_hash, pin_digits, lang, time_zone, lat, lon, base_currency,
        step_up_over_minor, daily_limit_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insAccount = db.prepare(
      `INSERT INTO accounts (id, customer_id, name, type, currency, balance_minor, overdraft_minor, last4,
        is_primary, nickname, due_date, payment_due_minor, interest_rate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insCard = db.prepare(
      `INSERT INTO cards (id, customer_id, name, type, last4, currency, status, account_id, balance_minor,
        statement_balance_minor, minimum_due_minor, due_date, credit_limit_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insPayee = db.prepare(
      'INSERT INTO payees (id, customer_id, name, last4, aliases) VALUES (?, ?, ?, ?, ?)',
    );
    const insBiller = db.prepare(
      'INSERT INTO billers (id, customer_id, name, account_ref, category) VALUES (?, ?, ?, ?, ?)',
    );
    const insTxn = db.prepare(
      'INSERT INTO transactions (customer_id, account_id, date, merchant, amount_minor, currency) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const c of world.customers) {
      insCustomer.run(
        c.id,
        c.name,
        c.phone ?? null,
        c.pin === undefined ? null : hashPin(c.pin),
        c.pin === undefined ? null : c.pin.length,
        c.lang ?? null,
        c.timeZone,
        c.location?.lat ?? null,
        c.location?.lon ?? null,
        c.baseCurrency,
        c.stepUpOverMinor,
        c.dailyLimitMinor ?? null,
      );
      for (const a of c.accounts) {
        insAccount.run(
          a.id,
          c.id,
          a.name,
          a.type,
          a.currency,
          a.balanceMinor,
          a.overdraftMinor,
          a.last4 ?? null,
          a.primary ? 1 : 0,
          a.nickname ?? null,
          a.dueDate ?? null,
          a.paymentDueMinor ?? null,
          a.interestRate ?? null,
        );
      }
      for (const k of c.cards) {
        insCard.run(
          k.id,
          c.id,
          k.name,
          k.type,
          k.last4,
          k.currency,
          k.status,
          k.accountId ?? null,
          k.balanceMinor,
          k.statementBalanceMinor,
          k.minimumDueMinor,
          k.dueDate ?? null,
          k.creditLimitMinor,
        );
      }
      for (const p of c.payees) insPayee.run(p.id, c.id, p.name, p.last4 ?? null, JSON.stringify(p.aliases));
      for (const b of c.billers) insBiller.run(b.id, c.id, b.name, b.accountRef, b.category);
      for (const t of c.transactions)
        insTxn.run(c.id, t.accountId, t.date, t.merchant, t.amountMinor, t.currency);
    }
    const insPlace = db.prepare(
      `INSERT INTO places (id, kind, name, address, lat, lon, hours, services, atm, time_zone, phone)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of world.places) {
      insPlace.run(
        p.id,
        p.kind,
        p.name,
        p.address,
        p.lat,
        p.lon,
        p.hours ?? null,
        JSON.stringify(p.services),
        p.atm ? 1 : 0,
        p.timeZone,
        p.phone ?? null,
      );
    }
    const insRate = db.prepare(
      'INSERT OR REPLACE INTO rates (from_currency, to_currency, rate) VALUES (?, ?, ?)',
    );
    for (const r of world.rates) insRate.run(r.from, r.to, r.rate);
    const insLandmark = db.prepare('INSERT INTO landmarks (name, aliases, lat, lon) VALUES (?, ?, ?, ?)');
    for (const l of world.landmarks) insLandmark.run(l.name, JSON.stringify(l.aliases), l.lat, l.lon);
    appendAudit(db, atMs, {
      customerId: undefined,
      action: 'world.load',
      outcome: 'info',
      details: { customers: world.customers.length, places: world.places.length },
    });
  }).immediate();
}
