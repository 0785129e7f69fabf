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
 * load an MLLR transform). Each library runs in its own process (one is bound per process). The
 * build picks its SIMD path by the CPU; TELLER_POCKETSPHINX_SIMD makes it take the narrower ones
 * too (AVX2, and the scalar loops), so a machine with AVX-512 checks all three.
 */
const FIXTURE = fileURLToPath(new URL('./fixtures/decode-with-library.ts', import.meta.url));
const run = promisify(execFile);
const problem = pocketSphinxProblem() ?? (existsSync(BUILT_POCKETSPHINX) ? undefined : 'no build');

interface Decoded {
  readonly library: { path: string; build?: { patchSha256: string } };
  readonly topN: { wide: number; narrow: number };
  readonly turns: readonly { text: string; primary: { score: number; segments: unknown[] } }[];
}

async function decodeWith(library: string, topN: number, simd?: 'avx2' | 'scalar'): Promise<Decoded> {
  const env = { ...process.env };
  if (simd === undefined) delete env.TELLER_POCKETSPHINX_SIMD;
  else env.TELLER_POCKETSPHINX_SIMD = simd;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', FIXTURE, library, String(topN)], {
    maxBuffer: 16 << 20,
    env,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as Decoded;
}

describe.skipIf(problem !== undefined)('Teller’s libpocketsphinx build', () => {
  const systemDecodes = new Map<number, Promise<Decoded>>();
  const decodeWithSystem = (topN: number): Promise<Decoded> => {
    if (!systemDecodes.has(topN)) systemDecodes.set(topN, decodeWith(SYSTEM_POCKETSPHINX, topN));
    return systemDecodes.get(topN) as Promise<Decoded>;
  };

  it.each([8, 4])(
    'decodes every pass bit for bit as the system library does, top-N %i',
    async (topN) => {
      const [system, built] = await Promise.all([
        decodeWithSystem(topN),
        decodeWith(BUILT_POCKETSPHINX, topN),
      ]);
      expect(system.library.path).toBe(SYSTEM_POCKETSPHINX);
      expect(built.library.path).toBe(BUILT_POCKETSPHINX);
      expect(built.library.build?.patchSha256).toMatch(/^[0-9a-f]{64}$/);
      expect([system.topN, built.topN]).toEqual([
        { wide: topN, narrow: topN },
        { wide: topN, narrow: topN },
      ]);
      expect(built.turns).toHaveLength(7);
      // The speech was understood at all (not two identical failures).
      expect(built.turns[0]?.text).toBe('transfer three hundred dollars to my savings');
      expect(built.turns.every((t) => t.primary.segments.length > 0)).toBe(true);
      expect(built.turns).toEqual(system.turns);
    },
    120_000,
  );

  it('decodes the same on its AVX2 path and its scalar loops', async () => {
    const [avx2, scalar] = await Promise.all([
      decodeWith(BUILT_POCKETSPHINX, 8, 'avx2'),
      decodeWith(BUILT_POCKETSPHINX, 8, 'scalar'),
    ]);
    const system = await decodeWithSystem(8);
    expect(avx2.turns[0]?.text).toBe('transfer three hundred dollars to my savings');
    expect(avx2.turns).toEqual(system.turns);
    expect(scalar.turns).toEqual(system.turns);
  }, 180_000);
});
