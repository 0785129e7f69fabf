import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Nlu } from '../../nlu/index.ts';
import { readScript, runScript, toJunit, type ScriptResult } from '../../testing/convo/index.ts';
import type { CliIo } from '../io.ts';

export const TEST_HELP = `teller test FILE|DIR... [--junit FILE] [--parallel N] [--filter TEXT]

Runs conversation scripts (*.convo.yaml, shared/spec/convo-format.md) in-process: a fresh sandbox
bank per script from its world, a simulated clock, the real NLU and dialog. Prints one line per
script, then "N passed, N failed"; exits non-zero when any fails.`;

function collect(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const entry of readdirSync(p).sort()) {
        const full = join(p, entry);
        if (statSync(full).isDirectory()) files.push(...collect([full]));
        else if (entry.endsWith('.convo.yaml') || entry.endsWith('.convo.yml')) files.push(full);
      }
    } else files.push(p);
  }
  return files;
}

export async function testCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      junit: { type: 'string' },
      parallel: { type: 'string', default: '4' },
      filter: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(TEST_HELP);
    return 0;
  }
  if (positionals.length === 0) {
    io.err(`usage: ${TEST_HELP.split('\n')[0] ?? ''}`);
    return 2;
  }
  let files: string[];
  try {
    files = collect(positionals);
  } catch (error) {
    io.err(`cannot read ${positionals.join(' ')}: ${(error as Error).message}`);
    return 2;
  }
  if (values.filter) files = files.filter((f) => f.includes(values.filter ?? ''));
  const nlu = await Nlu.load();
  const results: ScriptResult[] = new Array<ScriptResult>(files.length);
  let next = 0;
  const parallel = Math.max(1, Math.min(16, Number(values.parallel) || 4));
  const started = performance.now();
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index] ?? '';
      const name = relative(process.cwd(), file);
      const parsed = readScript(file);
      const result: ScriptResult = parsed.ok
        ? await runScript(parsed.value, nlu, name)
        : {
            file: name,
            name,
            ok: false,
            failure: { turn: 0, expected: 'a valid script', actual: parsed.error },
            durationMs: 0,
            turns: 0,
          };
      results[index] = result;
      const line = result.ok
        ? `ok   ${name}`
        : `FAIL ${name}: turn ${result.failure?.turn ?? 0}: expected ${result.failure?.expected ?? ''}\n       got: ${result.failure?.actual ?? ''}`;
      io.out(line);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  await nlu.close();
  const failed = results.filter((r) => !r.ok).length;
  const seconds = (performance.now() - started) / 1000;
  io.out(
    `${results.length - failed} passed, ${failed} failed (${seconds.toFixed(1)} s, ${(results.length / seconds).toFixed(1)} scripts/s)`,
  );
  if (values.junit) writeFileSync(values.junit, toJunit(results));
  return failed > 0 ? 1 : 0;
}
