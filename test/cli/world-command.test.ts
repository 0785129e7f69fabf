import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteBank } from '../../src/bank/index.ts';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { tempDir } from '../helpers/tmp.ts';
import { EXAMPLE_WORLD_FILE } from '../helpers/world.ts';

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += `${t}\n`),
    err: (t: string) => void (io.stderr += `${t}\n`),
  };
  return io;
}

describe('teller world', () => {
  const dir = tempDir();

  it('loads the convo-format example into a database and prints what it reads back', async () => {
    const io = capture();
    const db = join(dir, 'out.sqlite');
    expect(await main(['world', EXAMPLE_WORLD_FILE, '--db', db], io)).toBe(0);
    expect(io.stdout).toMatch(/account checking\s+checking\s+2500\.00 USD/);
    expect(io.stdout).toMatch(/account savings\s+savings\s+10000\.00 USD/);
    expect(io.stdout).toMatch(/card\s+visa\s+credit\/active\s+1020\.50 USD owed/);
    expect(io.stdout).toContain('1 payees, 1 billers, 1 transactions');
    const bank = new SqliteBank({ path: db });
    expect((await bank.listAccounts('alice-chen')).length).toBe(2);
    await bank.close();
  });

  it('prints JSON with --json', async () => {
    const io = capture();
    expect(await main(['world', EXAMPLE_WORLD_FILE, '--json'], io)).toBe(0);
    const summary = JSON.parse(io.stdout) as { customers: { accounts: { balance: string }[] }[] };
    expect(summary.customers[0]?.accounts.map((a) => a.balance)).toEqual(['2500.00', '10000.00']);
  });

  it('fails with a message naming the key for a bad world', async () => {
    const io = capture();
    const bad = join(dir, 'bad.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      bad,
      'world:\n  customer: { name: A }\n  accounts: [{ id: c, name: C, type: checking, currency: USD, balance: 10.5 }]\n',
    );
    expect(await main(['world', bad], io)).toBe(1);
    expect(io.stderr).toMatch(/world\.accounts\[0\]\.balance: money must be a decimal string/);
  });

  it('answers --help and unknown commands', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('world');
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr).toContain('unknown command "frobnicate"');
  });
});
