import { createHash } from 'node:crypto';
import type { AuditRecord } from '../port.ts';
import type { AuditEntry } from '../types.ts';
import type { Db } from './schema.ts';

const GENESIS = '0'.repeat(64);

interface AuditRow {
  seq: number;
  at: string;
  customer_id: string | null;
  action: string;
  outcome: 'ok' | 'refused' | 'info';
  code: string | null;
  details: string;
  hash: string;
}

/**
 * Appends to the audit log. Must run inside a write transaction, so the hash chain (each entry hashes
 * the previous entry's hash with its own content) stays linear when several processes write.
 */
export function appendAudit(db: Db, atMs: number, record: AuditRecord): void {
  const prev = db.prepare('SELECT hash FROM audit ORDER BY seq DESC LIMIT 1').pluck().get() as
    string | undefined;
  const prevHash = prev ?? GENESIS;
  const at = new Date(atMs).toISOString();
  const details = JSON.stringify(record.details ?? {});
  const hash = createHash('sha256')
    .update(prevHash)
    .update(
      JSON.stringify([
        at,
        record.customerId ?? null,
        record.action,
        record.outcome,
        record.code ?? null,
        details,
      ]),
    )
    .digest('hex');
  db.prepare(
    'INSERT INTO audit (at, customer_id, action, outcome, code, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    at,
    record.customerId ?? null,
    record.action,
    record.outcome,
    record.code ?? null,
    details,
    prevHash,
    hash,
  );
}

export function readAudit(db: Db, customerId: string | undefined, limit: number): AuditEntry[] {
  const rows = (
    customerId === undefined
      ? db.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT ?').all(limit)
      : db
          .prepare('SELECT * FROM audit WHERE customer_id = ? ORDER BY seq DESC LIMIT ?')
          .all(customerId, limit)
  ) as AuditRow[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    customerId: r.customer_id ?? undefined,
    action: r.action,
    outcome: r.outcome,
    code: r.code ?? undefined,
    details: JSON.parse(r.details) as Record<string, unknown>,
    hash: r.hash,
  }));
}

/** Recomputes the chain; returns the first broken sequence number, or undefined when intact. */
export function verifyAuditChain(db: Db): number | undefined {
  let prevHash = GENESIS;
  for (const row of db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as Iterable<
    AuditRow & { prev_hash: string }
  >) {
    const hash = createHash('sha256')
      .update(prevHash)
      .update(JSON.stringify([row.at, row.customer_id, row.action, row.outcome, row.code, row.details]))
      .digest('hex');
    if (row.prev_hash !== prevHash || row.hash !== hash) return row.seq;
    prevHash = row.hash;
  }
  return undefined;
}
