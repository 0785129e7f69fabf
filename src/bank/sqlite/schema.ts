import Database from 'better-sqlite3';

/**
 * Migrations, in order; `PRAGMA user_version` records how many ran. Append only: a shipped migration
 * is never edited.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE customers (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT UNIQUE, pin_hash TEXT, lang TEXT,
    time_zone TEXT NOT NULL, lat REAL, lon REAL, base_currency TEXT NOT NULL,
    step_up_over_minor INTEGER NOT NULL, daily_limit_minor INTEGER
  );
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id), name TEXT NOT NULL,
    type TEXT NOT NULL, currency TEXT NOT NULL, balance_minor INTEGER NOT NULL,
    overdraft_minor INTEGER NOT NULL DEFAULT 0, last4 TEXT, is_primary INTEGER NOT NULL DEFAULT 0,
    nickname TEXT, due_date TEXT, payment_due_minor INTEGER, interest_rate TEXT,
    CHECK (type = 'loan' OR balance_minor >= -overdraft_minor),
    CHECK (type <> 'loan' OR balance_minor <= 0)
  );
  CREATE INDEX accounts_customer ON accounts(customer_id);
  CREATE TABLE cards (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id), name TEXT NOT NULL,
    type TEXT NOT NULL, last4 TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
    account_id TEXT REFERENCES accounts(id), balance_minor INTEGER NOT NULL DEFAULT 0,
    statement_balance_minor INTEGER NOT NULL DEFAULT 0, minimum_due_minor INTEGER NOT NULL DEFAULT 0,
    due_date TEXT, credit_limit_minor INTEGER NOT NULL DEFAULT 0, pin_hash TEXT,
    CHECK (type <> 'credit' OR balance_minor <= credit_limit_minor)
  );
  CREATE INDEX cards_customer ON cards(customer_id);
  CREATE TABLE payees (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id), name TEXT NOT NULL,
    last4 TEXT, aliases TEXT NOT NULL DEFAULT '[]', removed INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX payees_customer ON payees(customer_id);
  CREATE TABLE billers (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id), name TEXT NOT NULL,
    account_ref TEXT NOT NULL, category TEXT NOT NULL
  );
  CREATE TABLE movements (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id), kind TEXT NOT NULL,
    status TEXT NOT NULL, from_party TEXT NOT NULL, to_party TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0), currency TEXT NOT NULL,
    credited_minor INTEGER NOT NULL, credited_currency TEXT NOT NULL, date TEXT NOT NULL,
    frequency TEXT, created_at TEXT NOT NULL, reference TEXT NOT NULL, counts_to_limit INTEGER NOT NULL
  );
  CREATE INDEX movements_customer ON movements(customer_id, created_at);
  CREATE INDEX movements_due ON movements(status, date);
  CREATE TABLE transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id TEXT NOT NULL, account_id TEXT NOT NULL,
    date TEXT NOT NULL, merchant TEXT NOT NULL, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL,
    movement_id TEXT
  );
  CREATE INDEX transactions_account ON transactions(customer_id, account_id, date);
  CREATE TABLE idempotency (
    customer_id TEXT NOT NULL, key TEXT NOT NULL, operation TEXT NOT NULL, request_hash TEXT NOT NULL,
    result TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (customer_id, key)
  );
  CREATE TABLE places (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, address TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, hours TEXT, services TEXT NOT NULL, atm INTEGER NOT NULL, time_zone TEXT NOT NULL, phone TEXT
  );
  CREATE TABLE landmarks (name TEXT NOT NULL, aliases TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL);
  CREATE TABLE rates (from_currency TEXT NOT NULL, to_currency TEXT NOT NULL, rate TEXT NOT NULL,
    PRIMARY KEY (from_currency, to_currency));
  CREATE TABLE device_credentials (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id), public_key BLOB NOT NULL,
    counter INTEGER NOT NULL, transports TEXT NOT NULL, label TEXT NOT NULL, created_at TEXT NOT NULL
  );
  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, customer_id TEXT, action TEXT NOT NULL,
    outcome TEXT NOT NULL, code TEXT, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
  );
  -- The audit log is append-only: the database itself refuses edits and deletions.
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  `,
  // 2: how many digits the phone PIN has (the PIN itself is only stored hashed), for the recogniser.
  `ALTER TABLE customers ADD COLUMN pin_digits INTEGER;`,
  // 3: wrong phone PINs in a row, across calls, and the lock they set (PHONE_PIN_LOCKOUT).
  `CREATE TABLE phone_pin_state (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id),
    failures INTEGER NOT NULL,
    locked_until INTEGER
  );`,
];

export type Db = Database.Database;

/**
 * Opens (creating if needed) a sandbox bank database and brings its schema up to date. WAL lets readers
 * run beside one writer; busy_timeout makes a second process wait for the write lock instead of failing.
 */
export function openDatabase(path: string, options: { readonly busyTimeoutMs?: number } = {}): Db {
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 10_000))}`);
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}
