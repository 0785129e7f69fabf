import { parseArgs } from 'node:util';
import { loadCatalogue } from '../../nlu/catalogue.ts';
import { loadExamples } from '../../nlu/train/dataset.ts';
import type { CliIo } from '../io.ts';

export const INTENTS_HELP = `teller intents [--json]

Lists the intent catalogue (data/nlu/catalogue): names in English and Mandarin, kind, whether it moves
money, its slots, and how many training examples it has per language.`;

export function intentsCommand(args: string[], io: CliIo): Promise<number> {
  return Promise.resolve(listIntents(args, io));
}

function listIntents(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(INTENTS_HELP);
    return 0;
  }
  const catalogue = loadCatalogue();
  const counts = new Map<string, { en: number; zh: number }>();
  for (const e of loadExamples()) {
    const c = counts.get(e.label) ?? { en: 0, zh: 0 };
    c[e.lang]++;
    counts.set(e.label, c);
  }
  const rows = catalogue.map((i) => ({
    name: i.name,
    domain: i.domain,
    title: i.title,
    kind: i.kind,
    movesMoney: i.movesMoney,
    changesCard: i.changesCard,
    slots: i.slots,
    examples: counts.get(i.name) ?? { en: 0, zh: 0 },
  }));
  if (values.json) {
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const r of rows) {
    io.out(
      `${r.name.padEnd(28)} ${r.kind.padEnd(8)} ${r.movesMoney ? 'money ' : '      '} en ${String(r.examples.en).padStart(3)} zh ${String(r.examples.zh).padStart(3)}  ${r.title.en} / ${r.title.zh}`,
    );
  }
  const oos = counts.get('oos');
  io.out(`${rows.length} intents; out-of-scope examples: en ${oos?.en ?? 0}, zh ${oos?.zh ?? 0}`);
  return 0;
}
