import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoWorld, SqliteBank } from '../../bank/index.ts';
import { loadSnapshot, understandingContext } from '../../dialog/customer.ts';
import { Nlu, type Understanding } from '../../nlu/index.ts';
import type { CliIo } from '../io.ts';

export const NLU_HELP = `teller nlu [--lang en|zh] [--json] [--customer ID] "text"
teller nlu --batch FILE [--lang en|zh] [--customer ID]

Prints the intent, its confidence and the entities of an utterance. Payees, accounts, cards and
billers resolve against a demo customer's own lists (--customer alice|wei; default by --lang).
--batch reads one utterance per line and prints one JSON object per line, in order.`;

function summary(u: Understanding): Record<string, unknown> {
  const e = u.entities;
  const ref = (r: { kind: string; id?: string; ids?: readonly string[] } | undefined) =>
    r ? (r.kind === 'one' ? r.id : r.ids) : undefined;
  const entities = Object.fromEntries(
    Object.entries({
      amount: e.amount?.value,
      currency: e.amount?.currency,
      amountOption: e.amountOption,
      payee: ref(e.payee),
      account: ref(e.account),
      toAccount: ref(e.toAccount),
      card: ref(e.card),
      biller: ref(e.biller),
      date: e.date,
      dateRange: e.dateRange,
      phone: e.phone,
      digits: e.digits,
      place: e.place,
      service: e.service,
      merchant: e.merchant,
      frequency: e.frequency,
      termMonths: e.termMonths,
      currencies: e.currencies,
      name: e.name,
    }).filter(([, v]) => v !== undefined),
  );
  return {
    text: u.text,
    lang: u.lang,
    intent: u.intent,
    confidence: Math.round(u.confidence * 1000) / 1000,
    entities,
  };
}

export async function nluCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      lang: { type: 'string' },
      json: { type: 'boolean', default: false },
      batch: { type: 'string' },
      customer: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(NLU_HELP);
    return 0;
  }
  const lang = values.lang === 'zh' ? 'zh' : 'en';
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'zh') {
    io.err('--lang is en or zh');
    return 2;
  }
  const texts = values.batch
    ? readFileSync(values.batch, 'utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
    : [positionals.join(' ')];
  if (texts.length === 0 || texts[0] === '') {
    io.err(`usage: ${NLU_HELP.split('\n')[0] ?? ''}`);
    return 2;
  }
  const bank = SqliteBank.create(demoWorld(), { path: ':memory:' });
  const nlu = await Nlu.load();
  try {
    const customer = values.customer ?? (lang === 'zh' ? 'wei' : 'alice');
    if (!(await bank.getCustomer(customer))) {
      io.err(`no demo customer "${customer}": use alice or wei`);
      return 2;
    }
    const snapshot = await loadSnapshot(bank, customer);
    const context = understandingContext(snapshot, lang, bank.now());
    for (const text of texts) {
      const s = summary(await nlu.understand(text, context));
      if (values.json || values.batch) io.out(JSON.stringify(s));
      else {
        io.out(`${String(s['intent'])} (${String(s['confidence'])})`);
        for (const [k, v] of Object.entries(s['entities'] as Record<string, unknown>))
          io.out(`  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
      }
    }
    return 0;
  } finally {
    await nlu.close();
    await bank.close();
  }
}
