import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoWorld } from '../../src/bank/world/demo.ts';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { tempDir } from '../helpers/tmp.ts';

function capture(): CliIo & { stdout: string } {
  const io = { stdout: '', out: (t: string) => void (io.stdout += `${t}\n`), err: () => undefined };
  return io;
}

describe('teller nlu', () => {
  it('prints intent, confidence and normalised entities as JSON', async () => {
    const io = capture();
    expect(await main(['nlu', '--json', 'send two hundred and fifty dollars to bob lee tomorrow'], io)).toBe(
      0,
    );
    const r = JSON.parse(io.stdout) as {
      intent: string;
      confidence: number;
      entities: Record<string, unknown>;
    };
    expect(r.intent).toBe('transfer.money');
    // "tomorrow" on the demo bank's clock (the real one), in the customer's own time zone.
    const timeZone = demoWorld().customers.find((c) => c.id === 'alice')?.timeZone ?? 'UTC';
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone }).format(Date.now() + 86_400_000);
    expect(r.entities).toMatchObject({ amount: '250.00', currency: 'USD', payee: 'bob', date: tomorrow });
    expect(r.entities['place']).toBeUndefined();
  });

  it('reads a batch file and answers one JSON line per utterance, in order', async () => {
    const file = join(tempDir(), 'batch.txt');
    writeFileSync(file, '给章三转一千零五十元\n我的信用卡账单\n\n下周一交电费两百块\n');
    const io = capture();
    expect(await main(['nlu', '--lang', 'zh', '--batch', file], io)).toBe(0);
    const lines = io.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; intent: string; entities: Record<string, unknown> });
    expect(lines.map((l) => l.text)).toEqual([
      '给章三转一千零五十元',
      '我的信用卡账单',
      '下周一交电费两百块',
    ]);
    expect(lines[0]).toMatchObject({
      intent: 'transfer.money',
      entities: { amount: '1050.00', currency: 'CNY', payee: 'zhangsan' },
    });
    // 账单 sounds like 张珊 (zhang shan), but it is not a payee.
    expect(lines[1]?.intent).toBe('card.bill');
    expect(lines[1]?.entities['payee']).toBeUndefined();
    expect(lines[2]).toMatchObject({
      intent: 'bill.pay',
      entities: { amount: '200.00', biller: 'sh-power' },
    });
  });
});
