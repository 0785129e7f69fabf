import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** An intent of the catalogue (data/nlu/catalogue/*.yaml). */
export interface IntentSpec {
  readonly name: string;
  readonly domain: string;
  readonly title: { readonly en: string; readonly zh: string };
  readonly description: string;
  readonly kind: 'task' | 'answer' | 'faq' | 'control';
  readonly movesMoney: boolean;
  readonly changesCard: boolean;
  /** Slot name → entity type. */
  readonly slots: Readonly<Record<string, string>>;
  readonly faq: { readonly en: string; readonly zh: string } | undefined;
}

export const ENTITY_TYPES = [
  'amount',
  'currency',
  'payee',
  'account',
  'card',
  'biller',
  'date',
  'phone',
  'place',
  'merchant',
  'service',
  'frequency',
  'digits',
  'product',
  'term',
  'name',
] as const;

const Bilingual = z.strictObject({ en: z.string().min(1), zh: z.string().min(1) });
const IntentSchema = z.strictObject({
  name: z.string().regex(/^[a-z]+\.[a-z_]+$/, 'intent names are domain.action'),
  title: Bilingual,
  description: z.string().min(1),
  kind: z.enum(['task', 'answer', 'faq', 'control']),
  movesMoney: z.boolean(),
  changesCard: z.boolean().optional(),
  slots: z.record(z.string(), z.enum(ENTITY_TYPES)),
  faq: Bilingual.optional(),
});
const DomainSchema = z.strictObject({ domain: z.string(), intents: z.array(IntentSchema) });

export const DATA_DIR = new URL('../../data/nlu/', import.meta.url);

/** Reads and validates every catalogue file; throws naming the file and key on a bad entry. */
export function loadCatalogue(dataDir: string | URL = DATA_DIR): IntentSpec[] {
  const dir = join(dataDir instanceof URL ? dataDir.pathname : dataDir, 'catalogue');
  const intents: IntentSpec[] = [];
  const names = new Set<string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const parsed = DomainSchema.safeParse(parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    for (const intent of parsed.data.intents) {
      if (names.has(intent.name)) throw new Error(`${file}: duplicate intent ${intent.name}`);
      if (intent.kind === 'faq' && !intent.faq)
        throw new Error(`${file}: ${intent.name} is a faq without answers`);
      names.add(intent.name);
      intents.push({
        ...intent,
        domain: parsed.data.domain,
        changesCard: intent.changesCard ?? false,
        faq: intent.faq,
      });
    }
  }
  return intents;
}
