/**
 * `npm run test:audio`: the English app-channel convo scripts listed in test/convos/audio.list,
 * run by voice (`teller test --audio`: flite speech at real-time pace through the VAD,
 * PocketSphinx with the state's grammar, the NLU and the dialog). Part of `npm test`; skipped, and
 * says why, where PocketSphinx is not installed.
 *
 * The list holds the scripts that pass by voice today (see the file's header for the rest and
 * why); a script dropping out of it is a regression in ASR, rejection or grammars.
 */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
v8.setFlagsFromString('--no-turbo-fast-api-calls');
const { pocketSphinxProblem } = await import('../src/asr/index.ts');
const { main } = await import('../src/cli/main.ts');

const LIST = new URL('../test/convos/audio.list', import.meta.url);
const problem = pocketSphinxProblem();
if (problem) {
  console.log(`test:audio skipped: ${problem}`);
} else {
  const files = readFileSync(LIST, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((name) => `test/convos/${name}`);
  process.exitCode = await main(['test', '--audio', '--voice', 'kal16', ...process.argv.slice(2), ...files]);
}
