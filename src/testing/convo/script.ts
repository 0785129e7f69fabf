import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseYaml } from '../../bank/index.ts';
import type { Parsed } from '../../shared/index.ts';

/**
 * A conversation script (shared/spec/convo-format.md), validated strictly: keys not in the format are
 * errors, so a typo never silently passes. Project extensions: `stepup: replay` (the app re-sends an
 * assertion that already passed once; it must be refused).
 */
const Patterns = z.union([z.string(), z.array(z.string()).min(1)]);
const Events = z.enum(['stepup', 'handoff', 'end', 'error']);

const BotSchema = z.strictObject({
  says: Patterns.optional(),
  not_says: Patterns.optional(),
  intent: z.string().optional(),
  entities: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
  awaits: z
    .string()
    .regex(
      /^(confirmation|stepup|disambiguation|nothing|slot:[a-zA-Z]+)$/,
      'awaits is confirmation, stepup, disambiguation, nothing or slot:NAME',
    )
    .optional(),
  event: z.union([Events, z.array(Events).min(1)]).optional(),
});

const StepSchema = z.union([
  z.strictObject({ user: z.string({ error: 'user takes the text the customer says' }).max(2000) }),
  z.strictObject({ dtmf: z.string().regex(/^[0-9*#]{1,32}$/, 'dtmf takes keypad digits like "2468#"') }),
  z.strictObject({ silence: z.number().positive().max(3600) }),
  z.strictObject({ stepup: z.enum(['pass', 'fail', 'cancel', 'replay']) }),
  z.strictObject({ bot: BotSchema }),
]);

const MoneyString = z.string().regex(/^-?\d+(\.\d{1,3})?$/, 'a decimal string like "2250.00"');

export const ScriptSchema = z.strictObject({
  name: z.string().min(1),
  lang: z.enum(['en', 'zh']).default('en'),
  channel: z.enum(['app', 'phone']).default('app'),
  world: z.record(z.string(), z.unknown()).optional(),
  turns: z.array(StepSchema).min(1),
  after: z
    .strictObject({
      balances: z.record(z.string(), MoneyString).optional(),
      movements: z.number().int().min(0).optional(),
      moved: z.record(z.string(), MoneyString).optional(),
      cards: z
        .record(z.string(), z.strictObject({ status: z.enum(['active', 'frozen', 'blocked', 'inactive']) }))
        .optional(),
    })
    .optional(),
});

export type ConvoScript = z.infer<typeof ScriptSchema>;
export type Step = ConvoScript['turns'][number];
export type BotExpectation = z.infer<typeof BotSchema>;

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  if (issue.code === 'unrecognized_keys')
    return `${path || 'script'}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && /turns\[\d+\]$/.test(path)) {
    return `${path}: each turn is exactly one of user, dtmf, silence, stepup, bot (with only the documented keys)`;
  }
  return `${path || 'script'}: ${issue.message}`;
}

/** Parses a script's YAML text, naming the key of the first problem. */
export function parseScript(text: string): Parsed<ConvoScript> {
  const yaml = parseYaml(text);
  if (!yaml.ok) return yaml;
  const parsed = ScriptSchema.safeParse(yaml.value);
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues.slice(0, 3).map(describeIssue).join('; ') };
  return { ok: true, value: parsed.data };
}

export function readScript(path: string): Parsed<ConvoScript> {
  try {
    return parseScript(readFileSync(path, 'utf8'));
  } catch (error) {
    return { ok: false, error: `cannot read ${path}: ${(error as Error).message}` };
  }
}

/** `says` patterns: a plain string matches case-insensitively as a substring; `/re/flags` is a RegExp. */
export function matches(pattern: string, text: string): boolean {
  const re = /^\/(.*)\/([imsu]*)$/s.exec(pattern);
  if (re) return new RegExp(re[1] ?? '', re[2]).test(text);
  return text.toLowerCase().includes(pattern.toLowerCase());
}
