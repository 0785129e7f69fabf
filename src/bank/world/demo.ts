import { readFileSync } from 'node:fs';
import { parseWorld, parseYaml, type WorldDefaults } from './load.ts';
import type { World } from './world.ts';

// Same relative path from src/bank/world/ and from dist/bank/world/.
const WORLDS_DIR = new URL('../../../worlds/', import.meta.url);

let cached: World | undefined;

function readYaml(name: string): Record<string, unknown> {
  const parsed = parseYaml(readFileSync(new URL(name, WORLDS_DIR), 'utf8'));
  if (!parsed.ok) throw new Error(`worlds/${name}: ${parsed.error}`);
  return parsed.value as Record<string, unknown>;
}

/** The built-in demo world: worlds/demo.yaml's customers with worlds/demo-places.yaml's places and rates. */
export function demoWorld(): World {
  if (!cached) {
    const parsed = parseWorld({ ...readYaml('demo-places.yaml'), ...readYaml('demo.yaml') });
    if (!parsed.ok) throw new Error(`the built-in demo world is invalid: ${parsed.error}`);
    cached = parsed.value;
  }
  return cached;
}

/** Defaults for worlds that set no branches or rates: the demo world's. */
export function demoDefaults(): WorldDefaults {
  const world = demoWorld();
  return { places: world.places, landmarks: world.landmarks, rates: world.rates };
}
