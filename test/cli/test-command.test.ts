import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';

const SCRIPT = fileURLToPath(new URL('../convos/phone-british-caller.convo.yaml', import.meta.url));

function capture(): CliIo & { stderr: string } {
  const io = { stderr: '', out: () => undefined, err: (t: string) => void (io.stderr += `${t}\n`) };
  return io;
}

describe('teller test --british-callers', () => {
  it('refuses a prefix that is not E.164', async () => {
    const io = capture();
    expect(await main(['test', SCRIPT, '--phone', 'twilio', '--british-callers', '+44,61'], io)).toBe(2);
    expect(io.stderr).toContain('--british-callers: E.164 prefixes such as +44,+61');
  });

  it('goes with --phone only', async () => {
    const io = capture();
    expect(await main(['test', SCRIPT, '--british-callers', '+44'], io)).toBe(2);
    expect(io.stderr).toContain('--british-callers goes with --phone');
  });
});
