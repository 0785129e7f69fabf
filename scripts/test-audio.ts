/**
 * `npm run test:audio`: convo scripts run by voice, as part of `npm test`:
 * - the English app-channel scripts in test/convos/audio.list (`teller test --audio`: flite kal16
 *   speech at real-time pace through the VAD, PocketSphinx with the state's grammar, the NLU and
 *   the dialog);
 * - the English phone-channel scripts in test/convos/phone-audio.list, through the Twilio Media
 *   Streams endpoint and then the Genesys AudioHook one (`teller test --phone`: flite rms as
 *   8 kHz μ-law; calls from +44 numbers heard with British pronunciations too, as
 *   TELLER_ASR_BRITISH_CALLERS=+44 would on a server).
 * Skipped, saying why, where PocketSphinx is not installed.
 *
 * The lists hold the scripts that pass by voice today (see their headers for the rest and why);
 * a script dropping out of one is a regression in ASR, rejection, grammars or the endpoints.
 */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
v8.setFlagsFromString('--no-turbo-fast-api-calls');
const { pocketSphinxProblem } = await import('../src/asr/index.ts');
const { main } = await import('../src/cli/main.ts');

const LIST = new URL('../test/convos/audio.list', import.meta.url);
const PHONE_LIST = new URL('../test/convos/phone-audio.list', import.meta.url);
const problem = pocketSphinxProblem();
if (problem) {
  console.log(`test:audio skipped: ${problem}`);
} else {
  const list = (url: URL): string[] =>
    readFileSync(url, 'utf8')
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean)
      .map((name) => `test/convos/${name}`);
  const extra = process.argv.slice(2);
  const runs = [
    ['--audio', '--voice', 'kal16', ...extra, ...list(LIST)],
    ...['twilio', 'audiohook'].map((platform) => [
      '--phone',
      platform,
      '--british-callers',
      '+44',
      ...extra,
      ...list(PHONE_LIST),
    ]),
  ];
  let failed = 0;
  for (const args of runs) {
    console.log(`\nteller test ${args.slice(0, args[0] === '--audio' ? 3 : 2).join(' ')}`);
    failed += (await main(['test', ...args])) === 0 ? 0 : 1;
  }
  process.exitCode = failed === 0 ? 0 : 1;
}
