import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../../shared/index.ts';

/**
 * Where Vosk's library and models live, and what `npm run models` (scripts/models.ts) downloads.
 * Nothing here is in git: the library is ~26 MB and each small model ~40 MB (Apache-2.0, Alpha
 * Cephei). Sizes and SHA-256 digests are pinned so a download that changed is refused.
 */

/** The command that installs what the Vosk adapter needs; error messages quote it. */
export const VOSK_INSTALL = 'npm run models';

/** models/vosk/ in the repository (src/ and dist/ sit at the same depth). */
export const VOSK_DIR = fileURLToPath(new URL('../../../models/vosk/', import.meta.url));

/** A downloadable file with what it must be. */
export interface PinnedDownload {
  readonly url: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** A model for one language: `<dir>/<lang>/` after extraction. */
export interface VoskModelEntry extends PinnedDownload {
  /** The folder at the top of the zip (the model's name). */
  readonly name: string;
  readonly licence: string;
}

/**
 * The small models: online (streaming) Kaldi nnet3 models with a runtime-composed graph
 * (`graph/HCLr.fst` + `Gr.fst`), which is what lets a recogniser take a per-utterance grammar
 * (`vosk_recognizer_new_grm`). The large models have a static HCLG and ignore grammars.
 * Digests: the files on alphacephei.com/vosk/models as mirrored by rhasspy/vosk-models (Git LFS).
 */
export const VOSK_MODELS: Readonly<Record<Lang, VoskModelEntry>> = {
  en: {
    name: 'vosk-model-small-en-us-0.15',
    url: 'https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip',
    bytes: 41_205_931,
    sha256: '30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498',
    licence: 'Apache-2.0',
  },
  zh: {
    name: 'vosk-model-small-cn-0.22',
    url: 'https://alphacephei.com/vosk/models/vosk-model-small-cn-0.22.zip',
    bytes: 43_898_754,
    sha256: '3af8b0e7e0f835ae9d414ce5df580237a3cfb08d586c9fbbb0f7ff29ad5b14ba',
    licence: 'Apache-2.0',
  },
};

/**
 * libvosk for Linux x86-64. The npm registry's `vosk` package ships it prebuilt (its own install
 * fails because ffi-napi no longer builds, but the tarball is fine), so it can be fetched wherever
 * npm works; the GitHub release is newer (adds `vosk_recognizer_set_grm`, unused here).
 */
export const VOSK_LIBRARY = {
  npm: {
    spec: 'vosk@0.3.39',
    member: 'package/lib/linux-x86_64/libvosk.so',
    bytes: 25_994_752,
    sha256: '9f94ef218c32e271ae8ac84065ab25191af48832c06c6e624984b1c80f0b0920',
  },
  github: {
    url: 'https://github.com/alphacep/vosk-api/releases/download/v0.3.45/vosk-linux-x86_64-0.3.45.zip',
    member: 'vosk-linux-x86_64-0.3.45/libvosk.so',
    sha256: 'bbdc8ed85c43979f6443142889770ea95cbfbc56cffb5c5dcd73afa875c5fbb2',
  },
  licence: 'Apache-2.0',
} as const;

/** Where the library and a language's model are under `dir`. */
export function voskPaths(dir: string = VOSK_DIR): { libraryPath: string; modelDir: (lang: Lang) => string } {
  return { libraryPath: join(dir, 'lib', 'libvosk.so'), modelDir: (lang) => join(dir, lang) };
}

/**
 * Why `modelDir` is not a Vosk model folder, or `undefined` when it looks like one: the files
 * libvosk itself looks for first (vosk-api src/model.cc: `am/final.mdl` and `conf/model.conf`, or
 * the old layout's `final.mdl` and `mfcc.conf`). Whether they load is known only on loading.
 */
export function voskModelProblem(modelDir: string): string | undefined {
  const has = (...parts: string[]): boolean => existsSync(join(modelDir, ...parts));
  if ((has('am', 'final.mdl') && has('conf', 'model.conf')) || (has('final.mdl') && has('mfcc.conf')))
    return undefined;
  return `no Vosk model in ${modelDir} (am/final.mdl and conf/model.conf): run "${VOSK_INSTALL}"`;
}
