import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Lang } from '../../shared/index.ts';
import { DATA_DIR } from '../catalogue.ts';
import { hasCjk } from '../normalize.ts';
import { seededRandom, shuffle } from './random.ts';

export interface Example {
  readonly text: string;
  readonly label: string;
  readonly lang: Lang;
}

export const OOS = 'oos';

/** Reads data/nlu/<lang>/<domain>.yaml: maps of intent → utterances. */
export function loadExamples(dataDir: string | URL = DATA_DIR): Example[] {
  const root = dataDir instanceof URL ? dataDir.pathname : dataDir;
  const out: Example[] = [];
  for (const lang of ['en', 'zh'] as const) {
    const dir = join(root, lang);
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      const doc = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown> | null;
      for (const [label, list] of Object.entries(doc ?? {})) {
        if (!Array.isArray(list)) throw new Error(`${lang}/${file}: ${label} must be a list`);
        for (const text of list) {
          if (typeof text !== 'string' || text.trim() === '')
            throw new Error(`${lang}/${file}: ${label}: empty example`);
          out.push({ text, label, lang });
        }
      }
    }
  }
  return out;
}

/**
 * Deterministic stratified split: per (label, language), a seeded shuffle puts `heldOutShare` of the
 * examples (at least one) in the held-out set.
 */
export function splitExamples(
  examples: readonly Example[],
  heldOutShare: number,
  seed: number,
): { train: Example[]; heldOut: Example[] } {
  const groups = new Map<string, Example[]>();
  for (const e of examples) {
    const key = `${e.label}\u0000${e.lang}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  const random = seededRandom(seed);
  const train: Example[] = [];
  const heldOut: Example[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = shuffle([...(groups.get(key) ?? [])], random);
    const n = group.length < 3 ? 0 : Math.max(1, Math.round(group.length * heldOutShare));
    heldOut.push(...group.slice(0, n));
    train.push(...group.slice(n));
  }
  return { train, heldOut };
}

/** Parses RFC 4180 CSV with a `text,label` header (any column order; extra columns ignored). */
export function parseCsv(content: string): Example[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const ch = content[i];
    if (quoted) {
      if (ch === '"') {
        if (content[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && content[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const header = (rows.shift() ?? []).map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/^\ufeff/, ''),
  );
  const ti = header.indexOf('text');
  const li = header.indexOf('label');
  if (ti < 0 || li < 0) throw new Error('the CSV needs a header row with `text` and `label` columns');
  const out: Example[] = [];
  rows.forEach((r, n) => {
    if (r.length === 1 && r[0] === '') return;
    const text = r[ti]?.trim() ?? '';
    const label = r[li]?.trim() ?? '';
    if (!text || !label) throw new Error(`CSV row ${n + 2}: empty text or label`);
    out.push({ text, label, lang: hasCjk(text) ? 'zh' : 'en' });
  });
  return out;
}
