import type { SqliteBank } from '../../src/bank/index.ts';
import { createDialog, type Dialog } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { demoBankAtTen } from './world.ts';

/**
 * Alice's app sessions in English on the demo world at 10:00, each with its own bank, sharing one
 * NLU: `load` in beforeAll, `session()` per test, `close` in afterAll.
 */
export function demoDialogs(idPrefix: string): {
  load: () => Promise<void>;
  session: () => Promise<Dialog>;
  close: () => Promise<void>;
} {
  let nlu: Nlu | undefined;
  const open: { dialog: Dialog; bank: SqliteBank }[] = [];
  return {
    load: async () => {
      nlu = await Nlu.load();
    },
    session: async () => {
      if (!nlu) throw new Error('demoDialogs: load() first');
      const { clock, bank } = demoBankAtTen();
      const dialog = await createDialog({
        bank,
        nlu,
        clock,
        sessionId: `${idPrefix}-${open.length}`,
        customerId: 'alice',
        channel: 'app',
        lang: 'en',
      });
      open.push({ dialog, bank });
      return dialog;
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
