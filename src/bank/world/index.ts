export { demoDefaults, demoWorld } from './demo.ts';
export { parseWorld, parseYaml, readWorldFile, type WorldDefaults } from './load.ts';
export type * from './world.ts';
