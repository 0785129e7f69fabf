import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASR_MODELS_DIR } from './accents.ts';

/**
 * Which libpocketsphinx a process binds: Teller's build of it when `npm run build:pocketsphinx`
 * has made one, otherwise the system's (Debian's `libpocketsphinx3`). Light on purpose: the build
 * script and the start-up log read it without loading koffi.
 *
 * The build is Debian 12's own source package (0.8+5prealpha+1-15, with Debian's patches) plus
 * native/pocketsphinx/simd-gmm.patch, which scores the acoustic model's Gaussians in SIMD lanes.
 * Its decodes are bit for bit those of the system library (native/pocketsphinx/README.md); it
 * takes about 45% less CPU per second of speech.
 */

/** The Debian source the build patches; the system library must be this version too. */
export const POCKETSPHINX_SOURCE = {
  debianVersion: '0.8+5prealpha+1-15',
  files: [
    {
      name: 'pocketsphinx_0.8+5prealpha+1.orig.tar.gz',
      bytes: 31_354_573,
      sha256: 'ef5bb5547e2712bdf571f256490ef42a47962033892efd9d7df8eed7fe573ed9',
    },
    {
      name: 'pocketsphinx_0.8+5prealpha+1-15.debian.tar.xz',
      bytes: 8_972,
      sha256: 'c53b64c245e6656800d8e6054614c0c6efe69b13d964e0e8183e33042d1a081a',
    },
  ],
  /** Under a Debian mirror's root. */
  pool: 'pool/main/p/pocketsphinx',
} as const;

/** The soname every binding loads when there is no build. */
export const SYSTEM_POCKETSPHINX = 'libpocketsphinx.so.3';

/** Where `npm run build:pocketsphinx` puts the library (git-ignored) and its BUILD.json. */
export const BUILT_POCKETSPHINX_DIR = join(ASR_MODELS_DIR, 'lib');
export const BUILT_POCKETSPHINX = join(BUILT_POCKETSPHINX_DIR, 'libpocketsphinx.so.3');

/** What BUILD.json says about a build. */
export interface PocketSphinxBuild {
  readonly debianVersion: string;
  /** SHA-256 of the Teller patch applied. */
  readonly patchSha256: string;
  readonly cflags: string;
}

/** The library to bind and where it came from. */
export interface PocketSphinxLibrary {
  /** An absolute path (the build) or the soname (the system's). */
  readonly path: string;
  readonly build?: PocketSphinxBuild;
}

let chosen: string | undefined;

/**
 * Binds `path` (a file, or {@link SYSTEM_POCKETSPHINX}) instead of the default. For tools and tests
 * that compare the two; call it before the first decoder.
 */
export function choosePocketSphinxLibrary(path: string): void {
  chosen = path;
}

/** The library this process binds: a chosen one, else the build when present, else the system's. */
export function pocketSphinxLibrary(): PocketSphinxLibrary {
  const path = chosen ?? (existsSync(BUILT_POCKETSPHINX) ? BUILT_POCKETSPHINX : SYSTEM_POCKETSPHINX);
  if (path === SYSTEM_POCKETSPHINX) return { path };
  try {
    const build = JSON.parse(
      readFileSync(join(BUILT_POCKETSPHINX_DIR, 'BUILD.json'), 'utf8'),
    ) as PocketSphinxBuild;
    return { path, build };
  } catch {
    return { path };
  }
}
