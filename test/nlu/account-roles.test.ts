import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, SqliteBank } from '../../src/bank/index.ts';
import { loadSnapshot, understandingContext } from '../../src/dialog/customer.ts';
import { extractEntities, type UnderstandingContext } from '../../src/nlu/index.ts';

/*
 * Which account an utterance names, and in which role. A currency word that is an amount's unit
 * ("五百美元", "三十九美元") is not the dollar account 美元账户 by name; 换成 / 兑换成 name where the
 * money goes. Over the 67k Mandarin utterances of the NLU data this took the account off 145 amounts
 * and turned 22 "换成…" mentions into targets (extractEntities over the data, before and after).
 */
describe('account roles', () => {
  const bank = SqliteBank.create(demoWorld(), { path: ':memory:' });
  let wei: UnderstandingContext | undefined;
  let alice: UnderstandingContext | undefined;
  beforeAll(async () => {
    const now = Date.parse('2026-11-26T15:00:00Z');
    wei = understandingContext(await loadSnapshot(bank, 'wei'), 'zh', now);
    alice = understandingContext(await loadSnapshot(bank, 'alice'), 'en', now);
  });
  afterAll(() => bank.close());
  const id = (ref: unknown) => (ref as { id?: string } | undefined)?.id;

  it.each(['五百美元', '换五百美元', '一个英文名的商户扣了我三十九美元', '100美元能换多少人民币'])(
    '%s: the dollars are an amount, not the USD account',
    (text) => {
      if (!wei) throw new Error('no context');
      const e = extractEntities(text, wei);
      expect(e.account).toBeUndefined();
      expect(e.amount?.currency).toBe('USD');
    },
  );

  it.each([
    ['把一千块人民币换成美元', undefined, 'wei-usd'],
    ['兑换成美元', undefined, 'wei-usd'],
    ['从美元账户转五百到活期', 'wei-usd', 'wei-checking'],
    ['把美元账户里的一百美元换成人民币，存到活期账户', 'wei-usd', 'wei-checking'],
  ])('%s: from %s to %s', (text, from, to) => {
    if (!wei) throw new Error('no context');
    const e = extractEntities(text, wei);
    expect(id(e.account)).toBe(from);
    expect(id(e.toAccount)).toBe(to);
  });

  it('an English amount keeps its account roles', () => {
    if (!alice) throw new Error('no context');
    const e = extractEntities('move 500 dollars from savings to checking', alice);
    expect([id(e.account), id(e.toAccount), e.amount?.value]).toEqual(['savings', 'checking', '500.00']);
  });
});
