import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Lang } from '../../shared/index.ts';
import { DATA_DIR } from '../catalogue.ts';
import { hasCjk } from '../normalize.ts';

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
 * Deterministic stratified split that stays put when the data grows: per (label, language), an
 * example is held out when a seeded hash of its text falls under `heldOutShare` (a group of three
 * or more holds out at least its lowest-hashed example). Whether an utterance is held out depends
 * only on its text, label, language and the seed, never on what else is in the data, so adding
 * examples leaves the old held-out set where it was and a before/after comparison measures the
 * new data, not a reshuffle.
 */
export function splitExamples(
  examples: readonly Example[],
  heldOutShare: number,
  seed: number,
): { train: Example[]; heldOut: Example[] } {
  const groups = new Map<string, { example: Example; key: number; index: number }[]>();
  examples.forEach((example, index) => {
    const group = `${example.label}\u0000${example.lang}`;
    const entry = { example, key: splitKey(example.text, seed), index };
    const g = groups.get(group);
    if (g) g.push(entry);
    else groups.set(group, [entry]);
  });
  const held = new Set<number>();
  for (const group of groups.values()) {
    if (group.length < 3) continue;
    let lowest = group[0];
    for (const e of group) {
      if (e.key < heldOutShare) held.add(e.index);
      if (lowest && e.key < lowest.key) lowest = e;
    }
    if (lowest && !group.some((e) => held.has(e.index))) held.add(lowest.index);
  }
  const train: Example[] = [];
  const heldOut: Example[] = [];
  examples.forEach((example, index) => (held.has(index) ? heldOut : train).push(example));
  return { train, heldOut };
}

/** A uniform number in [0, 1) from an utterance's text (case and spacing ignored) and a seed. */
export function splitKey(text: string, seed: number): number {
  const normalised = text.toLowerCase().split(/\s+/u).filter(Boolean).join(' ');
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < normalised.length; i++) h = Math.imul(h ^ normalised.charCodeAt(i), 0x01000193);
  // murmur3's finaliser spreads FNV-1a's low-entropy high bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
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
