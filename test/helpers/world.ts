import { fileURLToPath } from 'node:url';
import { demoDefaults, parseWorld, readWorldFile, type World } from '../../src/bank/index.ts';

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
