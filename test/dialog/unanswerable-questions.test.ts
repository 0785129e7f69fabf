import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { SqliteBank } from '../../src/bank/index.ts';
import { createDialog, type Dialog } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import type { Lang } from '../../src/shared/index.ts';
import { zonedEpoch } from '../../src/testing/convo/index.ts';
import { said } from '../helpers/dialog.ts';
import { demoBankAtTen, world } from '../helpers/world.ts';

/** A question offering nothing to choose from: "Which account should the money go to:?", "…：？". */
const EMPTY_LIST = /:\s*\?|：？/;

/*
 * Questions nothing could answer. "Transfer 50 euros to Bob Li" with dollar accounts only asked
 * which account again and again from a list with no euro account in it; "exchange 100 dollars to
 * euros" with no account in another currency asked "Which account should the money go to:?"; a
 * bill kind with no biller saved, a card change with no card it fits (which then read back
 * unfreezing an active card) and a cancel with nothing scheduled did the same. Now the agent says
 * why, and asks what can be answered or ends the task.
 */
describe('questions the customer can answer', () => {
  let nlu: Nlu;
  const open: { dialog: Dialog; bank: SqliteBank }[] = [];
  beforeAll(async () => {
    nlu = await Nlu.load();
  });
  afterAll(async () => {
    for (const { dialog, bank } of open.splice(0)) {
      dialog.stop();
      await bank.close();
    }
    await nlu.close();
  });

  async function session(bank: SqliteBank, clock: SimulatedClock, customerId: string, lang: Lang) {
    const dialog = await createDialog({
      bank,
      nlu,
      clock,
      sessionId: `s-unanswerable-${open.length}`,
      customerId,
      channel: 'app',
      lang,
    });
    open.push({ dialog, bank });
    dialog.drainOutputs(); // the greeting
    return dialog;
  }
  const demo = (customerId = 'alice', lang: Lang = 'en') => {
    const { clock, bank } = demoBankAtTen();
    return session(bank, clock, customerId, lang);
  };
  const moved = async (customerId: string) =>
    (await open.at(-1)?.bank.listMovements(customerId, 100))?.length;

  it('says there is no account in the currency of a transfer, and asks the amount again', async () => {
    const dialog = await demo();
    const r = await dialog.handle({ type: 'text', text: 'transfer 50 euros to bob li' });
    expect(said(r.outputs)).toMatch(/^You don't have an account in euros\. How much .* Bob Li\?$/);
    expect(r.awaits).toBe('slot:amount');
    const dollars = await dialog.handle({ type: 'text', text: '50 dollars' });
    expect(said(dollars.outputs)).toMatch(/send \$50\.00 to Bob Li from Everyday Checking/);
    expect(dollars.awaits).toBe('confirmation');
  });

  it('says so in Mandarin too', async () => {
    const dialog = await demo('wei', 'zh');
    const r = await dialog.handle({ type: 'text', text: '给张三转一百欧元' });
    expect(said(r.outputs)).toMatch(/^您没有欧元账户。/);
    expect(r.awaits).toBe('slot:amount');
  });

  it('ends an exchange with nowhere to exchange into, saying what to do', async () => {
    const dialog = await demo();
    const r = await dialog.handle({ type: 'text', text: 'exchange 100 dollars to euros' });
    const text = said(r.outputs);
    expect(text).toMatch(/don't have an account in euros/);
    expect(text).toMatch(/open an account in another currency in the app/);
    expect(text).not.toMatch(EMPTY_LIST);
    expect(r.awaits).toBe('nothing');
    expect(await moved('alice')).toBe(0);
    const next = await dialog.handle({ type: 'text', text: "what's my balance" });
    expect(said(next.outputs)).toMatch(/Everyday Checking/);
  });

  it('offers the accounts there are when the currency named is not one of them (Mandarin)', async () => {
    const dialog = await demo('wei', 'zh');
    const r = await dialog.handle({ type: 'text', text: '把一百美元换成欧元' });
    expect(said(r.outputs)).toMatch(
      /^您没有欧元账户。请问换到哪个账户：活期账户（尾号6688）还是储蓄账户（尾号3321）？$/,
    );
    expect(r.awaits).toBe('slot:toAccount');
  });

  it.each([
    ['pay my social insurance', 'alice', 'en', /^You don't have a social-insurance biller saved\./],
    ['unfreeze my card', 'alice', 'en', /^You don't have a frozen card\./],
    ['activate my card', 'alice', 'en', /^You don't have a card waiting to be activated\./],
    ['cancel my scheduled transfer', 'alice', 'en', /^You don't have any scheduled transfers\./],
    ['解冻我的卡', 'wei', 'zh', /^您没有被冻结的卡。/],
  ] as const)('"%s" says why and ends the task', async (text, customerId, lang, reason) => {
    const dialog = await demo(customerId, lang);
    const r = await dialog.handle({ type: 'text', text });
    expect(said(r.outputs)).toMatch(reason);
    expect(said(r.outputs)).not.toMatch(EMPTY_LIST);
    expect(r.awaits).toBe('nothing');
  });

  it('says what a customer without payees, cards or loans can do instead', async () => {
    const clock = new SimulatedClock();
    clock.set(zonedEpoch('2026-11-26', 600, 'America/New_York'));
    const bank = SqliteBank.create(
      world({
        customer: { id: 'sam', name: 'Sam Lee' },
        accounts: [{ id: 'c1', name: 'Checking', type: 'checking', currency: 'USD', balance: '500.00' }],
      }),
      { path: ':memory:', clock },
    );
    const dialog = await session(bank, clock, 'sam', 'en');
    const payee = await dialog.handle({ type: 'text', text: 'send 20 dollars to mallory' });
    expect(said(payee.outputs)).toMatch(
      /couldn't find mallory in your payees\. To add one, say 'add a payee'\./,
    );
    expect(said(payee.outputs)).not.toMatch(/a name like \./);
    await dialog.handle({ type: 'text', text: 'cancel' });
    for (const [text, reason] of [
      ['pay my credit card bill', /^You don't have a credit card bill to pay\./],
      ['make my loan payment', /^You don't have a loan to repay\./],
      ['freeze my card', /^You don't have an active card to freeze\./],
    ] as const) {
      const r = await dialog.handle({ type: 'text', text });
      expect(said(r.outputs)).toMatch(reason);
      expect(r.awaits).toBe('nothing');
    }
  });
});
