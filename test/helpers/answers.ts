import { demoWorld, SqliteBank, type GeoPoint } from '../../src/bank/index.ts';
import { answer, type Answer } from '../../src/dialog/answers/index.ts';
import { loadSnapshot, understandingContext } from '../../src/dialog/customer.ts';
import { render } from '../../src/nlg/index.ts';
import { extractEntities } from '../../src/nlu/index.ts';
import type { Lang } from '../../src/shared/index.ts';
import { TestClock } from './world.ts';

/** The demo world's two customers, each in a bank of its own whose clock reads Thursday 2026-11-26, 10:00 local. */
export interface DemoBanks {
  readonly alice: SqliteBank;
  readonly wei: SqliteBank;
  close(): Promise<void>;
}

export function demoBanks(): DemoBanks {
  const alice = SqliteBank.create(demoWorld(), {
    path: ':memory:',
    clock: new TestClock(Date.parse('2026-11-26T10:00:00-05:00')),
  });
  const wei = SqliteBank.create(demoWorld(), {
    path: ':memory:',
    clock: new TestClock(Date.parse('2026-11-26T10:00:00+08:00')),
  });
  return {
    alice,
    wei,
    close: async () => {
      await alice.close();
      await wei.close();
    },
  };
}

/** An answer as the customer hears it (in their own language), and rendered in both languages. */
export interface Asked {
  readonly answer: Answer;
  readonly en: string;
  readonly zh: string;
}

/**
 * Asks like the session does: real entities from the utterance, the bank's snapshot, both languages
 * rendered. `location`: where the customer is (default: the world's; null: unknown).
 */
export async function ask(
  banks: DemoBanks,
  customerId: 'alice' | 'wei',
  intent: string,
  text: string,
  location?: GeoPoint | null,
): Promise<Asked> {
  const bank = banks[customerId];
  const snapshot = await loadSnapshot(bank, customerId);
  const nowMs = bank.now();
  const lang: Lang = customerId === 'alice' ? 'en' : 'zh';
  const entities = extractEntities(text, understandingContext(snapshot, lang, nowMs));
  const utterance = { text, lang, intent, confidence: 1, ranked: [], entities };
  const where = location === null ? undefined : (location ?? snapshot.customer.location);
  const run = (l: Lang) =>
    answer({ intent, utterance, snapshot, lang: l, bank, customerId, nowMs, location: where });
  const [en, zh] = await Promise.all([run('en'), run('zh')]);
  const said = (a: Answer, l: Lang) => a.says.map((s) => render(s.key, s.params ?? {}, l)).join(' ');
  return { answer: lang === 'zh' ? zh : en, en: said(en, 'en'), zh: said(zh, 'zh') };
}
