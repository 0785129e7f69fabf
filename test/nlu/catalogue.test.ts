import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { loadCatalogue } from '../../src/nlu/catalogue.ts';
import { loadExamples } from '../../src/nlu/train/dataset.ts';

/** The intent names shared/spec/core-intents.md fixes (copied: CI has only this repository). */
const CORE_INTENTS = [
  'account.balance',
  'account.transactions',
  'transfer.money',
  'card.repay',
  'card.bill',
  'card.freeze',
  'card.unfreeze',
  'card.report_lost',
  'card.activate',
  'card.change_pin',
  'branch.find',
  'atm.find',
  'branch.hours',
  'bill.pay',
  'topup.mobile',
  'payee.add',
  'rates.exchange',
  'loan.apply',
  'dialog.affirm',
  'dialog.deny',
  'dialog.cancel',
  'dialog.help',
  'dialog.repeat',
  'dialog.agent',
  'dialog.greet',
  'dialog.goodbye',
  'dialog.thanks',
];

describe('intent catalogue', () => {
  const catalogue = loadCatalogue();
  const examples = loadExamples();

  it('has 110+ domain.action intents including every core intent', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(110);
    const names = new Set(catalogue.map((i) => i.name));
    for (const name of CORE_INTENTS) expect(names.has(name), name).toBe(true);
  });

  it('gives every intent 30+ training examples per language, names in both, and FAQ answers where needed', () => {
    for (const intent of catalogue) {
      const en = examples.filter((e) => e.label === intent.name && e.lang === 'en').length;
      const zh = examples.filter((e) => e.label === intent.name && e.lang === 'zh').length;
      expect(en, `${intent.name} en`).toBeGreaterThanOrEqual(30);
      expect(zh, `${intent.name} zh`).toBeGreaterThanOrEqual(30);
      expect(intent.title.en.length && intent.title.zh.length).toBeGreaterThan(0);
      if (intent.kind === 'faq') expect(intent.faq?.en && intent.faq.zh, intent.name).toBeTruthy();
    }
    expect(examples.filter((e) => e.label === 'oos').length).toBeGreaterThan(300);
  });

  it('`teller intents --json` lists name, movesMoney and example counts per language', async () => {
    let stdout = '';
    const io: CliIo = { out: (t) => void (stdout += t), err: () => undefined };
    expect(await main(['intents', '--json'], io)).toBe(0);
    const rows = JSON.parse(stdout) as {
      name: string;
      movesMoney: boolean;
      examples: { en: number; zh: number };
    }[];
    expect(rows.length).toBe(catalogue.length);
    const transfer = rows.find((r) => r.name === 'transfer.money');
    expect(transfer?.movesMoney).toBe(true);
    expect(transfer?.examples.en).toBeGreaterThanOrEqual(30);
    expect(rows.find((r) => r.name === 'account.balance')?.movesMoney).toBe(false);
  });
});
