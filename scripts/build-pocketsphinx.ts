/**
 * Builds Teller's libpocketsphinx into models/asr/lib/ (git-ignored): Debian 12's own source
 * package of the installed library, Debian's patches, then native/pocketsphinx/simd-gmm.patch
 * (the acoustic model's Gaussians scored in SIMD lanes: ~45% less CPU per second of speech, the
 * same decodes bit for bit; native/pocketsphinx/README.md). Every PocketSphinx decoder in the
 * process then uses it (src/asr/pocketsphinx-library.ts); delete the folder to go back to the
 * system library.
 *
 *   npm run build:pocketsphinx [-- --mirror http://deb.debian.org/debian] [--force]
 *
 * Needs the system library it replaces (`apt-get install -y pocketsphinx pocketsphinx-en-us`), a C
 * compiler and sphinxbase's headers (`apt-get install -y build-essential pkg-config
 * libsphinxbase-dev`), and a Debian mirror for the source (SHA-256 pinned). ~30 s on 2 cores.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  BUILT_POCKETSPHINX,
  BUILT_POCKETSPHINX_DIR,
  POCKETSPHINX_SOURCE,
} from '../src/asr/pocketsphinx-library.ts';
import type { PocketSphinxBuild } from '../src/asr/pocketsphinx-library.ts';

const { values } = parseArgs({
  options: {
    mirror: { type: 'string', default: 'http://deb.debian.org/debian' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run build:pocketsphinx [-- --mirror URL] [--force]');
  process.exit(0);
}

const PATCH = fileURLToPath(new URL('../native/pocketsphinx/simd-gmm.patch', import.meta.url));
/** -ffp-contract=off: no fused multiply-adds, so every Gaussian score rounds as the system library's does. */
const CFLAGS = '-g -O3 -ffp-contract=off -Wall';
const APT_BUILD = 'apt-get install -y build-essential pkg-config libsphinxbase-dev';

function fail(message: string): never {
  console.error(`build:pocketsphinx: ${message}`);
  process.exit(1);
}

function run(command: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
    });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    const tail = `${stdout ?? ''}${stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed${cwd ? ` in ${cwd}` : ''}:\n${tail}`, {
      cause: error,
    });
  }
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const patch = readFileSync(PATCH);
const patchSha256 = sha256(patch);

// The patch is for one source version, and the build links against the system's sphinxbase: both
// must be what Debian 12 ships.
let installed = '';
try {
  installed = run('dpkg-query', ['-W', '-f=${Version}', 'libpocketsphinx3']).trim();
} catch {
  fail('libpocketsphinx3 is not installed: run "apt-get install -y pocketsphinx pocketsphinx-en-us" first');
}
if (installed !== POCKETSPHINX_SOURCE.debianVersion)
  fail(
    `the patch is for libpocketsphinx3 ${POCKETSPHINX_SOURCE.debianVersion}; this machine has ${installed}. ` +
      'PocketSphinx runs from the system library.',
  );
for (const [tool, args] of [
  ['cc', ['--version']],
  ['make', ['--version']],
  ['patch', ['--version']],
  ['pkg-config', ['--exists', 'sphinxbase']],
] as const) {
  try {
    run(tool, [...args]);
  } catch {
    fail(`${tool} ${args.join(' ')} failed: run "${APT_BUILD}"`);
  }
}

const buildFile = join(BUILT_POCKETSPHINX_DIR, 'BUILD.json');
if (!values.force && existsSync(BUILT_POCKETSPHINX) && existsSync(buildFile)) {
  const built = JSON.parse(readFileSync(buildFile, 'utf8')) as PocketSphinxBuild;
  if (built.patchSha256 === patchSha256 && built.cflags === CFLAGS && built.debianVersion === installed) {
    console.log(`${BUILT_POCKETSPHINX} is up to date (--force rebuilds it)`);
    process.exit(0);
  }
}

const work = mkdtempSync(join(tmpdir(), 'teller-pocketsphinx-'));
let failure: unknown;
try {
  for (const file of POCKETSPHINX_SOURCE.files) {
    const url = `${values.mirror.replace(/\/$/, '')}/${POCKETSPHINX_SOURCE.pool}/${file.name}`;
    console.log(`downloading ${url}`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length !== file.bytes || sha256(data) !== file.sha256)
      throw new Error(
        `${file.name}: ${data.length} bytes, sha256 ${sha256(data)}; expected ${file.bytes}, ${file.sha256}`,
      );
    writeFileSync(join(work, file.name), data);
  }
  const [orig, debian] = POCKETSPHINX_SOURCE.files;
  run('tar', ['xzf', join(work, orig.name), '-C', work]);
  const src = join(work, 'pocketsphinx-5prealpha');
  run('tar', ['xJf', join(work, debian.name), '-C', src]);
  // Debian's patches in their order, then Teller's.
  const series = readFileSync(join(src, 'debian', 'patches', 'series'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  for (const name of series)
    run('patch', ['-p1', '--batch', '--quiet', '-i', join('debian', 'patches', name)], src);
  run('patch', ['-p1', '--batch', '--quiet', '-i', PATCH], src);
  // Debian's pkg-config patch touches Makefile.am; the tarball's generated files stay valid, so
  // date them after their sources rather than regenerating them (no autotools needed). All in the
  // past: configure refuses files newer than the ones it creates.
  const files = run('find', ['.', '-type', 'f'], src).split('\n').filter(Boolean);
  const base = Date.now() / 1000 - 60;
  const dated = (names: string[], offset: number): void => {
    for (const name of names) utimesSync(join(src, name), base + offset, base + offset);
  };
  dated(files, 0);
  dated(['aclocal.m4'], 10);
  dated(['configure', 'include/config.h.in'], 20);
  dated(
    files.filter((name) => name.endsWith('Makefile.in')),
    30,
  );
  console.log(`building libpocketsphinx (CFLAGS ${CFLAGS})`);
  run('./configure', ['--without-python', '--disable-static', `CFLAGS=${CFLAGS}`], src);
  run('make', ['-C', 'src/libpocketsphinx', `-j${availableParallelism()}`], src);
  const library = join(src, 'src', 'libpocketsphinx', '.libs', 'libpocketsphinx.so.3.0.0');
  if (!run('nm', ['-D', library]).includes('ps_process_raw'))
    throw new Error(`${library} does not export ps_process_raw`);

  mkdirSync(BUILT_POCKETSPHINX_DIR, { recursive: true });
  const staged = `${BUILT_POCKETSPHINX}.tmp`;
  copyFileSync(library, staged);
  renameSync(staged, BUILT_POCKETSPHINX);
  const build: PocketSphinxBuild = { debianVersion: installed, patchSha256, cflags: CFLAGS };
  writeFileSync(buildFile, `${JSON.stringify(build, null, 2)}\n`);
  console.log(`wrote ${BUILT_POCKETSPHINX}: PocketSphinx decoders in this checkout now use it`);
} catch (error) {
  failure = error;
} finally {
  rmSync(work, { recursive: true, force: true });
}
// After the clean-up: fail() exits at once, so it is not called inside the try.
if (failure !== undefined) fail(failure instanceof Error ? failure.message : JSON.stringify(failure));
