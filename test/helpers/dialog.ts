import type { SqliteBank } from '../../src/bank/index.ts';
import { createDialog, type AgentOutput, type Dialog } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import type { Lang } from '../../src/shared/index.ts';
import { demoBankAtTen } from './world.ts';

/**
 * App sessions on the demo world at 10:00 (Alice in English unless `as` says otherwise; Wei is the
 * Mandarin demo customer), each with its own bank, sharing one NLU: `load` in beforeAll,
 * `session()` per test, `close` in afterAll. `bank` is the last session's.
 */
export function demoDialogs(idPrefix: string): {
  load: () => Promise<void>;
  session: (as?: { customerId?: string; lang?: Lang }) => Promise<Dialog>;
  bank: () => SqliteBank;
  close: () => Promise<void>;
} {
  let nlu: Nlu | undefined;
  const open: { dialog: Dialog; bank: SqliteBank }[] = [];
  return {
    load: async () => {
      nlu = await Nlu.load();
    },
    session: async (as = {}) => {
      if (!nlu) throw new Error('demoDialogs: load() first');
      const { clock, bank } = demoBankAtTen();
      const dialog = await createDialog({
        bank,
        nlu,
        clock,
        sessionId: `${idPrefix}-${open.length}`,
        customerId: as.customerId ?? 'alice',
        channel: 'app',
        lang: as.lang ?? 'en',
      });
      open.push({ dialog, bank });
      return dialog;
    },
    bank: () => {
      const last = open.at(-1);
      if (!last) throw new Error('demoDialogs: no session yet');
      return last.bank;
    },
    close: async () => {
      for (const { dialog, bank } of open.splice(0)) {
        dialog.stop();
        await bank.close();
      }
      await nlu?.close();
    },
  };
}

/** What the agent said in `outputs`, as one string. */
export function said(outputs: readonly AgentOutput[]): string {
  return outputs
    .filter((o) => o.type === 'agent.say')
    .map((o) => o.text)
    .join(' ');
}
