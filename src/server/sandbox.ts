import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  demoDefaults,
  demoWorld,
  readWorldFile,
  SqliteBank,
  type Clock,
  type StepUpProofs,
  type World,
} from '../bank/index.ts';
import { TellerError } from '../shared/index.ts';

/** Loads 'demo' or a world file; bad worlds are a start-up error naming the key. */
export function loadWorldSpec(spec: string): World {
  if (spec === 'demo') return demoWorld();
  const parsed = readWorldFile(spec, demoDefaults());
  if (!parsed.ok) throw new TellerError('TELLER_ERR_WORLD_INVALID', parsed.error);
  return parsed.value;
}

/**
 * Opens the sandbox bank at `dbPath`, seeding it from `worldSpec` the first time. An existing file is
 * reused as it is, so balances survive restarts.
 */
export function openSandbox(
  dbPath: string,
  worldSpec: string,
  clock?: Clock,
  stepUpProofs?: StepUpProofs,
): { bank: SqliteBank; created: boolean } {
  const options = { path: dbPath, ...(clock ? { clock } : {}), ...(stepUpProofs ? { stepUpProofs } : {}) };
  if (dbPath !== ':memory:' && existsSync(dbPath)) return { bank: new SqliteBank(options), created: false };
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  return { bank: SqliteBank.create(loadWorldSpec(worldSpec), options), created: true };
}
