/**
 * Downloads the Vosk speech engine into models/vosk/ (git-ignored):
 *   models/vosk/lib/libvosk.so   Vosk 0.3.39 from the npm registry's `vosk` tarball (or 0.3.45 from GitHub)
 *   models/vosk/en/              vosk-model-small-en-us-0.15 (alphacephei.com)
 *   models/vosk/zh/              vosk-model-small-cn-0.22 (alphacephei.com)
 *
 *   npm run models [-- --lang en,zh] [--lib-only] [--lib-from npm|github] [--dir DIR] [--force]
 *
 * Every file is checked against the size and SHA-256 pinned in src/asr/vosk/vosk-catalogue.ts; a
 * mismatch is refused and nothing is replaced. The library comes through `npm pack`, so it installs
 * wherever the npm registry is reachable (CI included); the models need alphacephei.com. Each
 * model folder gets a SOURCE.json saying where it came from. Apache-2.0, Alpha Cephei.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { LANGS } from '../src/shared/index.ts';
import type { Lang } from '../src/shared/index.ts';
import {
  VOSK_DIR,
  VOSK_LIBRARY,
  VOSK_MODELS,
  voskModelProblem,
  voskPaths,
} from '../src/asr/vosk/vosk-catalogue.ts';
import type { PinnedDownload } from '../src/asr/vosk/vosk-catalogue.ts';
import { readZip } from './unzip.ts';

const { values } = parseArgs({
  options: {
    lang: { type: 'string', default: LANGS.join(',') },
    'lib-only': { type: 'boolean', default: false },
    'lib-from': { type: 'string', default: 'npm' },
    dir: { type: 'string', default: VOSK_DIR },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run models [-- --lang en,zh] [--lib-only] [--lib-from npm|github] [--dir DIR] [--force]');
  process.exit(0);
}

const dir = values.dir;
const paths = voskPaths(dir);
const langs = values.lang.split(',').map((l) => l.trim());
for (const lang of langs) {
  if (!(LANGS as readonly string[]).includes(lang))
    throw new Error(`--lang ${lang}: use ${LANGS.join(', ')}`);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function verify(what: string, data: Buffer, pinned: { bytes?: number; sha256: string }): void {
  if (pinned.bytes !== undefined && data.length !== pinned.bytes)
    throw new Error(`${what}: ${data.length} bytes, expected ${pinned.bytes}: refusing it`);
  const digest = sha256(data);
  if (digest !== pinned.sha256)
    throw new Error(`${what}: SHA-256 ${digest}, expected ${pinned.sha256}: refusing it`);
}

async function download(
  what: string,
  pinned: PinnedDownload | { url: string; sha256: string },
): Promise<Buffer> {
  console.log(`downloading ${what} from ${pinned.url}`);
  const response = await fetch(pinned.url, { signal: AbortSignal.timeout(15 * 60_000) }).catch(
    (error: unknown) => {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
      throw new Error(
        `${what}: cannot reach ${new URL(pinned.url).host} (${cause}): fetch ${pinned.url} on a machine that can`,
      );
    },
  );
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} from ${pinned.url}`);
  const data = Buffer.from(await response.arrayBuffer());
  verify(what, data, pinned);
  return data;
}

/** Writes `data` to `path` through a temporary name, so a failed run never leaves half a file. */
function writeAtomically(path: string, data: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.part`, data);
  renameSync(`${path}.part`, path);
}

async function installLibrary(): Promise<void> {
  if (existsSync(paths.libraryPath) && !values.force) {
    console.log(`${paths.libraryPath} is there (--force to fetch it again)`);
    return;
  }
  if (values['lib-from'] === 'github') {
    const { github } = VOSK_LIBRARY;
    const zip = await download('libvosk', github);
    const entry = readZip(zip).find((e) => e.name === github.member);
    if (!entry) throw new Error(`${github.url} has no ${github.member}`);
    writeAtomically(paths.libraryPath, entry.data());
  } else if (values['lib-from'] === 'npm') {
    const { npm } = VOSK_LIBRARY;
    const work = mkdtempSync(join(tmpdir(), 'teller-vosk-'));
    try {
      // `npm pack` fetches the tarball (npm checks its integrity) without running install scripts.
      console.log(`fetching ${npm.spec} from the npm registry`);
      const packed = JSON.parse(
        execFileSync('npm', ['pack', npm.spec, '--json', '--pack-destination', work], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        }),
      ) as { filename: string }[];
      const tarball = join(work, packed[0]?.filename ?? '');
      execFileSync('tar', ['-xzf', tarball, '-C', work, npm.member]);
      const library = readFileSync(join(work, npm.member));
      verify(`libvosk from ${npm.spec}`, library, npm);
      writeAtomically(paths.libraryPath, library);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  } else {
    throw new Error(`--lib-from ${values['lib-from']}: use npm or github`);
  }
  console.log(`installed ${paths.libraryPath} (Apache-2.0)`);
}

async function installModel(lang: Lang): Promise<void> {
  const target = paths.modelDir(lang);
  if (!voskModelProblem(target) && !values.force) {
    console.log(`${target} is there (--force to fetch it again)`);
    return;
  }
  const model = VOSK_MODELS[lang];
  const zip = await download(model.name, model).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}, unzip it and rename its folder ${model.name} to ${target}`);
  });
  const staging = `${target}.part`;
  rmSync(staging, { recursive: true, force: true });
  const prefix = `${model.name}/`;
  for (const entry of readZip(zip)) {
    if (!entry.name.startsWith(prefix)) throw new Error(`${model.name}: unexpected file ${entry.name}`);
    const path = join(staging, entry.name.slice(prefix.length));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.data());
  }
  writeFileSync(
    join(staging, 'SOURCE.json'),
    `${JSON.stringify({ name: model.name, url: model.url, sha256: model.sha256, licence: model.licence }, null, 2)}\n`,
  );
  const problem = voskModelProblem(staging);
  if (problem) throw new Error(`${model.name} did not unpack into a usable model: ${problem}`);
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  console.log(`installed ${target} (${model.name}, ${model.licence})`);
}

try {
  await installLibrary();
  if (!values['lib-only']) {
    for (const lang of langs as Lang[]) await installModel(lang);
  }
} catch (error) {
  console.error(`npm run models: ${(error as Error).message}`);
  process.exitCode = 1;
}
