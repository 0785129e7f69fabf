/** Runs the CLI from source (no build step), for npm scripts and development: `tsx scripts/teller.ts ...`. */
import v8 from 'node:v8';
v8.setFlagsFromString('--no-turbo-fast-api-calls');
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
