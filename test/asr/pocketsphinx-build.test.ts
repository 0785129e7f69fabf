import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pocketSphinxProblem } from '../../src/asr/index.ts';
import { BUILT_POCKETSPHINX, SYSTEM_POCKETSPHINX } from '../../src/asr/pocketsphinx-library.ts';

/**
 * Teller's build of libpocketsphinx (npm run build:pocketsphinx; .ci/run builds it) must decode
 * exactly as the system library does: same words, same path scores, same posteriors and word
 * times, on open turns, grammar turns, the general-English pass and phone audio (whose decoders
 * load an MLLR transform). Each library runs in its own process (one is bound per process).
 */
const FIXTURE = fileURLToPath(new URL('./fixtures/decode-with-library.ts', import.meta.url));
const run = promisify(execFile);
const problem = pocketSphinxProblem() ?? (existsSync(BUILT_POCKETSPHINX) ? undefined : 'no build');

interface Decoded {
  readonly library: { path: string; build?: { patchSha256: string } };
  readonly turns: readonly { text: string; primary: { score: number; segments: unknown[] } }[];
}

async function decodeWith(library: string): Promise<Decoded> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', FIXTURE, library], {
    maxBuffer: 16 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as Decoded;
}

describe.skipIf(problem !== undefined)('Teller’s libpocketsphinx build', () => {
  it('decodes every pass bit for bit as the system library does', async () => {
    const [system, built] = await Promise.all([
      decodeWith(SYSTEM_POCKETSPHINX),
      decodeWith(BUILT_POCKETSPHINX),
    ]);
    expect(system.library.path).toBe(SYSTEM_POCKETSPHINX);
    expect(built.library.path).toBe(BUILT_POCKETSPHINX);
    expect(built.library.build?.patchSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(built.turns).toHaveLength(7);
    // The speech was understood at all (not two identical failures).
    expect(built.turns[0]?.text).toBe('transfer three hundred dollars to my savings');
    expect(built.turns.every((t) => t.primary.segments.length > 0)).toBe(true);
    expect(built.turns).toEqual(system.turns);
  }, 120_000);
});
