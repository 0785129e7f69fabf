import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialog } from '../../src/dialog/index.ts';
import { demoDialogs, said } from '../helpers/dialog.ts';

/*
 * A yes at a read-back that carries a correction the agent cannot take (a payee the customer does
 * not have, a loan or credit card as the source, an amount with too many decimals, a date gone by)
 * was taken as consent to what had been read back: "yes, send it to mallory" sent the money to Bob
 * Li. Now the problem is said, the read-back is asked again, and nothing moves.
 */
describe('corrections at a read-back', () => {
  const dialogs = demoDialogs('s-readback-fix');
  beforeAll(dialogs.load);
  afterAll(dialogs.close);

  async function atReadBack(text: string, as: { customerId?: string; lang?: 'en' | 'zh' } = {}) {
    const dialog: Dialog = await dialogs.session(as);
    const r = await dialog.handle({ type: 'text', text });
    expect(r.awaits).toBe('confirmation');
    return dialog;
  }
  const moved = async (customerId = 'alice') => (await dialogs.bank().listMovements(customerId, 100)).length;

  it.each([
    ['yes send it to mallory', /couldn't find mallory/],
    ['yes, to mallory instead', /couldn't find mallory in/],
    ['yes from my car loan', /can't be sent from Car Loan/],
    ['yes from my visa', /can't be sent from Platinum Visa/],
    ['yes, make it 12.345', /doesn't look right/],
  ])('"%s" sends nothing, says why, and reads back again', async (answer, reason) => {
    const dialog = await atReadBack('send fifty dollars to bob li');
    const r = await dialog.handle({ type: 'text', text: answer });
    expect(said(r.outputs)).toMatch(reason);
    expect(said(r.outputs)).toMatch(/send \$50\.00 to Bob Li from Everyday Checking/);
    expect(r.awaits).toBe('confirmation');
    expect(await moved()).toBe(0);
    const no = await dialog.handle({ type: 'text', text: 'no' });
    expect(said(no.outputs)).toMatch(/nothing was sent/i);
    expect(await moved()).toBe(0);
  });

  it.each([['好的，转给王五'], ['对，给赵六吧']])(
    '"%s" (a payee Wei does not have) sends nothing',
    async (answer) => {
      const dialog = await atReadBack('给张三转一千块', { customerId: 'wei', lang: 'zh' });
      const r = await dialog.handle({ type: 'text', text: answer });
      expect(said(r.outputs)).toMatch(/没有找到(王五|赵六)。/);
      expect(r.awaits).toBe('confirmation');
      expect(await moved('wei')).toBe(0);
    },
  );

  it.each([['yes for sure'], ['yes, thanks for asking'], ['yes please proceed to pay']])(
    '"%s" is still a yes',
    async (answer) => {
      const dialog = await atReadBack('send fifty dollars to bob li');
      const r = await dialog.handle({ type: 'text', text: answer });
      expect(said(r.outputs)).toMatch(/sent \$50\.00 to Bob Li/);
      expect(await moved()).toBe(1);
    },
  );

  it('takes a credit card named at a bill read-back as the new source, read back before it pays', async () => {
    const dialog = await atReadBack('pay my electricity bill 50 dollars');
    const r = await dialog.handle({ type: 'text', text: 'yes from my visa' });
    expect(said(r.outputs)).toMatch(/pay \$50\.00 to City Power from Platinum Visa ending 9876/);
    expect(r.awaits).toBe('confirmation');
    expect(await moved()).toBe(0);
    await dialog.handle({ type: 'text', text: 'yes' });
    const [payment] = await dialogs.bank().listMovements('alice', 10);
    expect(payment?.from).toEqual({ kind: 'card', id: 'visa' });
  });

  it('says a standing order cannot start on a day gone by and asks the day, rather than read it back for the bank to refuse or start it today', async () => {
    const dialog = await dialogs.session();
    const r = await dialog.handle({
      type: 'text',
      text: 'send 100 dollars to bob li every week starting yesterday',
    });
    expect(said(r.outputs)).toMatch(/November 25 has already passed/);
    expect(said(r.outputs)).not.toMatch(/starting Wednesday|To confirm/);
    expect(r.awaits).toBe('slot:date');
    const day = await dialog.handle({ type: 'text', text: 'tomorrow' });
    expect(said(day.outputs)).toMatch(/starting Friday, November 27/);
    expect(day.awaits).toBe('confirmation');
  });
});
