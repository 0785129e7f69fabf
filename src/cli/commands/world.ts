import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoDefaults, readWorldFile, SqliteBank } from '../../bank/index.ts';
import { formatDecimal } from '../../shared/index.ts';
import type { CliIo } from '../io.ts';

export const WORLD_HELP = `teller world FILE [--db OUT.sqlite] [--json]

Loads a world (a convo script's \`world\` block, or a file holding one) into a new sandbox bank
database and prints a summary read back from that database. Without --db the bank is in memory.
An existing OUT file is replaced.`;

/** `teller world FILE --db OUT.sqlite`: load, then read every balance back from the database. */
export async function worldCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(WORLD_HELP);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    io.err(`usage: ${WORLD_HELP.split('\n')[0] ?? ''}`);
    return 2;
  }
  const parsed = readWorldFile(file, demoDefaults());
  if (!parsed.ok) {
    io.err(`invalid world: ${parsed.error}`);
    return 1;
  }
  const path = values.db ?? ':memory:';
  if (path !== ':memory:')
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const bank = SqliteBank.create(parsed.value, { path });
  try {
    const summary = [];
    for (const customer of await bank.listCustomers()) {
      const accounts = await bank.listAccounts(customer.id);
      const cards = await bank.listCards(customer.id);
      summary.push({
        customer: customer.id,
        name: customer.name,
        timeZone: customer.timeZone,
        accounts: accounts.map((a) => ({
          id: a.id,
          type: a.type,
          balance: formatDecimal(a.balanceMinor, a.currency),
          currency: a.currency,
        })),
        cards: cards.map((c) => ({
          id: c.id,
          type: c.type,
          status: c.status,
          balance: formatDecimal(c.balanceMinor, c.currency),
          currency: c.currency,
        })),
        payees: (await bank.listPayees(customer.id)).length,
        billers: (await bank.listBillers(customer.id)).length,
        transactions: (await bank.searchTransactions(customer.id, { limit: 500 })).length,
      });
    }
    const places = parsed.value.places;
    const totals = {
      branches: places.filter((p) => p.kind === 'branch').length,
      atms: places.filter((p) => p.kind === 'atm' || p.atm).length,
      rates: (await bank.listExchangeRates()).length,
    };
    if (values.json) {
      io.out(JSON.stringify({ db: path, customers: summary, ...totals }, null, 2));
      return 0;
    }
    io.out(`world loaded into ${path}`);
    for (const c of summary) {
      io.out(`customer ${c.customer} (${c.name}, ${c.timeZone})`);
      for (const a of c.accounts)
        io.out(`  account ${a.id.padEnd(16)} ${a.type.padEnd(9)} ${a.balance.padStart(14)} ${a.currency}`);
      for (const k of c.cards)
        io.out(
          `  card    ${k.id.padEnd(16)} ${`${k.type}/${k.status}`.padEnd(9)} ${k.balance.padStart(14)} ${k.currency} owed`,
        );
      io.out(`  ${c.payees} payees, ${c.billers} billers, ${c.transactions} transactions`);
    }
    io.out(`${totals.branches} branches, ${totals.atms} ATMs, ${totals.rates} exchange rates`);
    return 0;
  } finally {
    await bank.close();
  }
}
