import { fileURLToPath } from 'node:url';
import { SimulatedClock } from 'xstate';
import {
  demoDefaults,
  demoWorld,
  parseWorld,
  readWorldFile,
  SqliteBank,
  type World,
} from '../../src/bank/index.ts';
import { zonedEpoch } from '../../src/testing/convo/index.ts';

export const EXAMPLE_WORLD_FILE = fileURLToPath(
  new URL('../fixtures/worlds/convo-format-example.yaml', import.meta.url),
);

export function exampleWorld(): World {
  const parsed = readWorldFile(EXAMPLE_WORLD_FILE, demoDefaults());
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

export function world(block: unknown): World {
  const parsed = parseWorld(block, demoDefaults());
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** A mutable clock for tests. */
export class TestClock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** The demo bank in memory, on a simulated clock at 10:00 New York time on 2026-11-26. */
export function demoBankAtTen(): { clock: SimulatedClock; bank: SqliteBank } {
  const clock = new SimulatedClock();
  clock.set(zonedEpoch('2026-11-26', 600, 'America/New_York'));
  return { clock, bank: SqliteBank.create(demoWorld(), { path: ':memory:', clock }) };
}

/** The bank with `transfer` held at a gate: `called` resolves when it is called, `release` lets it run. */
export function gatedTransfers(bank: SqliteBank): {
  bank: SqliteBank;
  called: Promise<void>;
  release: () => void;
} {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let onCall!: () => void;
  const called = new Promise<void>((resolve) => (onCall = resolve));
  const gated = new Proxy(bank, {
    get(target, prop, receiver) {
      if (prop === 'transfer') {
        return async (request: Parameters<SqliteBank['transfer']>[0]) => {
          onCall();
          await gate;
          return target.transfer(request);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { bank: gated, called, release };
}
