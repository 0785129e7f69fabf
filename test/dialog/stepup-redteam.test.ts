import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedClock } from 'xstate';
import { STEP_UP_PROOF_TTL_MS, type SqliteBank } from '../../src/bank/index.ts';
import { createDialog, type AgentOutput, type Dialog } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { WebAuthnStepUp } from '../../src/security/index.ts';
import { TellerError } from '../../src/shared/index.ts';
import { TEST_RP } from '../../src/testing/convo/index.ts';
import { SoftwareAuthenticator } from '../../src/testing/index.ts';
import { said } from '../helpers/dialog.ts';
import { demoBankAtTen } from '../helpers/world.ts';

/**
 * Red-team of the step-up proofs from the dialog's side (5df9f0b): each conversation the dialog
 * steps up for must go through at the bank with the proof it issues (and each it does not step up
 * for must go through without one), on the app (WebAuthn) and the phone (PIN); and a resumed session
 * must carry its step-up to the bank call it authorised, and no further.
 */

type Rig = {
  bank: SqliteBank;
  clock: SimulatedClock;
  stepUp: WebAuthnStepUp;
  device: SoftwareAuthenticator;
  dialog: Dialog;
};

let nlu: Nlu;
const open: Rig[] = [];
beforeAll(async () => {
  nlu = await Nlu.load();
});
afterAll(async () => {
  for (const r of open.splice(0)) {
    r.dialog.stop();
    await r.bank.close();
  }
  await nlu.close();
});

async function rig(
  as: { customerId?: string; lang?: 'en' | 'zh'; channel?: 'app' | 'phone'; sessionId?: string } = {},
  prepare?: (bank: SqliteBank) => void,
): Promise<Rig> {
  const { clock, bank } = demoBankAtTen();
  prepare?.(bank);
  const customerId = as.customerId ?? 'alice';
  const stepUp = new WebAuthnStepUp({ bank, rpId: TEST_RP.rpId, origins: [TEST_RP.origin], clock });
  const device = await SoftwareAuthenticator.register(bank, customerId, { label: 'test phone' });
  const dialog = await createDialog({
    bank,
    nlu,
    stepUp,
    clock,
    sessionId: as.sessionId ?? `s-redteam-${open.length}`,
    customerId,
    channel: as.channel ?? 'app',
    lang: as.lang ?? 'en',
  });
  const r = { bank, clock, stepUp, device, dialog };
  open.push(r);
  return r;
}

function challengeOf(outputs: readonly AgentOutput[]) {
  const c = outputs.find(
    (o): o is Extract<AgentOutput, { method: 'webauthn' }> =>
      o.type === 'agent.stepup' && o.method === 'webauthn',
  );
  return c?.options as unknown as Parameters<SoftwareAuthenticator['assert']>[0] | undefined;
}

/** Says each line; at a biometric prompt, answers it with the device. Returns all that was said and whether a step-up was asked. */
async function converse(r: Rig, lines: readonly string[]) {
  const text: string[] = [];
  let steppedUp = false;
  for (const line of lines) {
    let turn = await r.dialog.handle({ type: 'text', text: line });
    text.push(said(turn.outputs));
    if (turn.awaits === 'stepup') {
      steppedUp = true;
      const options = challengeOf(turn.outputs);
      expect(options, `a challenge after "${line}"`).toBeDefined();
      turn = await r.dialog.handle({
        type: 'stepup.assertion',
        response: r.device.assert(options!, { origin: TEST_RP.origin }),
      });
      text.push(said(turn.outputs));
    }
  }
  return { said: text.join(' | '), steppedUp };
}

const balanceOf = async (bank: SqliteBank, customerId: string, id: string) =>
  (await bank.listAccounts(customerId)).find((a) => a.id === id)?.balanceMinor;

describe('parity, app channel (WebAuthn): what the dialog steps up for goes through, and nothing else asks', () => {
  it('alice: $1,000.00 to Bob (at the threshold) needs no step-up and is paid', async () => {
    const r = await rig();
    const out = await converse(r, ['send 1000 dollars to bob li from savings', 'yes']);
    expect(out.steppedUp).toBe(false);
    expect(out.said).toMatch(/sent \$1,000\.00 to Bob Li/);
  });

  it('alice: $1,000.01 to Bob steps up and is paid with the proof', async () => {
    const r = await rig();
    const out = await converse(r, ['send 1000.01 dollars to bob li from savings', 'yes']);
    expect(out.steppedUp).toBe(true);
    expect(out.said).toMatch(/sent \$1,000\.01 to Bob Li/);
    expect(out.said).not.toMatch(/verify it's you first/);
  });

  it('alice: a monthly $1,200 to the landlord steps up and the standing order is made', async () => {
    const r = await rig();
    const out = await converse(r, ['send 1200 dollars to my landlord every month from savings', 'yes']);
    expect(out.steppedUp).toBe(true);
    expect(out.said).not.toMatch(/verify it's you first|couldn't/);
    expect((await r.bank.listScheduled('alice')).some((m) => m.frequency === 'monthly')).toBe(true);
  });

  it('alice: a $1,500 tuition bill charged to the Visa steps up and is paid', async () => {
    const r = await rig();
    const out = await converse(r, ['pay my tuition', '1500 dollars', 'visa', 'yes']);
    expect(out.steppedUp).toBe(true);
    expect(out.said).not.toMatch(/verify it's you first|couldn't/);
    expect((await r.bank.listCards('alice')).find((c) => c.id === 'visa')?.balanceMinor).toBe(
      1_020_50 + 1_500_00,
    );
  });

  it('alice: a $1,200 mobile top-up steps up and is paid', async () => {
    const r = await rig();
    const out = await converse(r, ['top up my phone', '1200 dollars', 'savings', 'yes']);
    expect(out.steppedUp).toBe(true);
    expect(out.said).not.toMatch(/verify it's you first|couldn't/);
    expect(await balanceOf(r.bank, 'alice', 'savings')).toBe(10_000_00 - 1_200_00);
  });

  it('alice: adding a payee steps up and the payee is added', async () => {
    const r = await rig();
    const out = await converse(r, ['add a payee', 'Mallory Stone', '4242', 'yes']);
    expect(out.steppedUp).toBe(true);
    expect(out.said).not.toMatch(/verify it's you first/);
    expect((await r.bank.listPayees('alice')).some((p) => /mallory/i.test(p.name))).toBe(true);
  });

  it('alice: unfreezing the Visa steps up and the card is active again', async () => {
    const r = await rig({}, (bank) =>
      bank.db.prepare(`UPDATE cards SET status = 'frozen' WHERE id = 'visa'`).run(),
    );
    const out = await converse(r, ['unfreeze my visa card', 'yes']);
    expect(out.steppedUp).toBe(true);
    expect(out.said).not.toMatch(/verify it's you first/);
    expect((await r.bank.listCards('alice')).find((c) => c.id === 'visa')?.status).toBe('active');
  });

  it('wei: ¥5,000 to 张三 needs no step-up; ¥6,000 does and is paid', async () => {
    const r = await rig({ customerId: 'wei', lang: 'zh' });
    const at = await converse(r, ['给张三转五千块', '确认']);
    expect(at.steppedUp).toBe(false);
    expect(await balanceOf(r.bank, 'wei', 'wei-checking')).toBe(28_600_00 - 5_000_00);
    const over = await converse(r, ['从储蓄账户给张三转六千块', '确认']);
    expect(over.steppedUp).toBe(true);
    expect(over.said).not.toMatch(/验证您的身份/);
    expect(await balanceOf(r.bank, 'wei', 'wei-savings')).toBe(50_000_00 - 6_000_00);
  });

  it('wei: $100 to 张三 from the dollar account (another currency) steps up and is paid', async () => {
    const r = await rig({ customerId: 'wei', lang: 'zh' });
    const out = await converse(r, ['给张三转一百美元', '确认']);
    expect(out.steppedUp).toBe(true);
    expect(out.said).not.toMatch(/验证您的身份/);
    expect(await balanceOf(r.bank, 'wei', 'wei-usd')).toBe(1_200_00 - 100_00);
  });

  it('a refused guarded payment, then another: the second asks for its own step-up (no proof carried over)', async () => {
    const r = await rig();
    // $1,500 from checking, read back; the money leaves checking before the yes: stepped up, then refused for funds.
    const readBack = await r.dialog.handle({
      type: 'text',
      text: 'send 1500 dollars to bob li from checking',
    });
    expect(readBack.awaits).toBe('confirmation');
    await r.bank.transfer({
      customerId: 'alice',
      idempotencyKey: 'elsewhere-0001',
      fromAccountId: 'checking',
      to: { kind: 'account', id: 'savings' },
      amount: { amountMinor: 2_000_00, currency: 'USD' },
    });
    const first = await converse(r, ['yes']);
    expect(first.steppedUp).toBe(true);
    expect(first.said).toMatch(/enough|funds/i);
    const second = await converse(r, ['send 1500 dollars to maria garcia from savings', 'yes']);
    expect(second.steppedUp).toBe(true);
    expect(await balanceOf(r.bank, 'alice', 'savings')).toBe(10_000_00 + 2_000_00 - 1_500_00);
  });
});

describe('phone channel: the PIN from earlier in the call is the step-up', () => {
  it('after the PIN, a $1,200 payee transfer goes through with no second prompt; nothing logs the proof', async () => {
    const r = await rig({ channel: 'phone' });
    await r.dialog.handle({ type: 'text', text: "what's my balance" });
    const pin = await r.dialog.handle({ type: 'dtmf', digits: '2468' });
    expect(said(pin.outputs)).toMatch(/\$/);
    const readBack = await r.dialog.handle({
      type: 'text',
      text: 'send twelve hundred dollars to bob li from savings',
    });
    expect(readBack.awaits).toBe('confirmation');
    const yes = await r.dialog.handle({ type: 'text', text: 'yes' });
    expect(yes.outputs.some((o) => o.type === 'agent.stepup')).toBe(false);
    expect(said(yes.outputs)).toMatch(/sent \$1,200\.00 to Bob Li/);
    const audit = JSON.stringify(await r.bank.listAudit('alice', 1000));
    expect(audit).not.toMatch(/v1\.[A-Za-z0-9_-]{20,}\./);
    const log = JSON.stringify(r.dialog.turnLog);
    expect(log).not.toMatch(/v1\.[A-Za-z0-9_-]{20,}\./);
  });
});

/** A bank whose transfers are taken and never done: the process that sent them "dies". */
function losingTransfers(bank: SqliteBank) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let onCall!: () => void;
  const called = new Promise<void>((resolve) => (onCall = resolve));
  const lossy = new Proxy(bank, {
    get(target, prop, receiver) {
      if (prop === 'transfer')
        return async () => {
          onCall();
          await gate;
          throw new TellerError('TELLER_ERR_BANK_UNAVAILABLE', 'lost');
        };
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { bank: lossy, called, release };
}

describe('resumed sessions', () => {
  it('resumed while waiting for the biometric: the fresh challenge passes and the proof names the call said yes to', async () => {
    const { clock, bank } = demoBankAtTen();
    const device = await SoftwareAuthenticator.register(bank, 'alice', { label: 'p' });
    const node = () => new WebAuthnStepUp({ bank, rpId: TEST_RP.rpId, origins: [TEST_RP.origin], clock });
    const common = {
      bank,
      nlu,
      clock,
      sessionId: 's-rt-resume-stepup',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
    } as const;
    const first = await createDialog({ ...common, stepUp: node() });
    await first.handle({ type: 'text', text: 'send 1300 dollars to my landlord from savings' });
    const yes = await first.handle({ type: 'text', text: 'yes' });
    expect(yes.awaits).toBe('stepup');
    const snapshot = JSON.parse(JSON.stringify(first.persist())) as unknown;
    first.stop();
    const resumed = await createDialog({ ...common, stepUp: node(), snapshot });
    const options = challengeOf(resumed.drainOutputs());
    expect(options).toBeDefined();
    const done = await resumed.handle({
      type: 'stepup.assertion',
      response: device.assert(options!, { origin: TEST_RP.origin }),
    });
    expect(said(done.outputs)).toMatch(/sent \$1,300\.00 to Greenwood Properties/);
    expect(await balanceOf(bank, 'alice', 'savings')).toBe(10_000_00 - 1_300_00);
    resumed.stop();
    await bank.close();
  });

  it('resumed while executing, the bank call lost: re-sent with the kept proof, paid once', async () => {
    const { clock, bank } = demoBankAtTen();
    const device = await SoftwareAuthenticator.register(bank, 'alice', { label: 'p' });
    const stepUp = new WebAuthnStepUp({ bank, rpId: TEST_RP.rpId, origins: [TEST_RP.origin], clock });
    const common = {
      nlu,
      clock,
      stepUp,
      sessionId: 's-rt-resume-exec',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
    } as const;
    const lost = losingTransfers(bank);
    const first = await createDialog({ ...common, bank: lost.bank });
    await first.handle({ type: 'text', text: 'send 1300 dollars to my landlord from savings' });
    const yes = await first.handle({ type: 'text', text: 'yes' });
    const pending = first.handle({
      type: 'stepup.assertion',
      response: device.assert(challengeOf(yes.outputs)!, { origin: TEST_RP.origin }),
    });
    await lost.called;
    const inFlight = JSON.parse(JSON.stringify(first.persist())) as unknown;
    first.stop();
    lost.release();
    await pending;
    clock.increment(60_000);
    const resumed = await createDialog({ ...common, bank, snapshot: inFlight });
    await resumed.settle();
    expect(said(resumed.drainOutputs())).toMatch(/sent \$1,300\.00 to Greenwood Properties/);
    expect(await balanceOf(bank, 'alice', 'savings')).toBe(10_000_00 - 1_300_00);
    resumed.stop();
    await bank.close();
  });

  it('resumed while executing after the proof expired: nothing moves, and the customer is told to verify', async () => {
    const { clock, bank } = demoBankAtTen();
    const device = await SoftwareAuthenticator.register(bank, 'alice', { label: 'p' });
    const stepUp = new WebAuthnStepUp({ bank, rpId: TEST_RP.rpId, origins: [TEST_RP.origin], clock });
    const common = {
      nlu,
      clock,
      stepUp,
      sessionId: 's-rt-resume-late',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
    } as const;
    const lost = losingTransfers(bank);
    const first = await createDialog({ ...common, bank: lost.bank });
    await first.handle({ type: 'text', text: 'send 1300 dollars to my landlord from savings' });
    const yes = await first.handle({ type: 'text', text: 'yes' });
    const pending = first.handle({
      type: 'stepup.assertion',
      response: device.assert(challengeOf(yes.outputs)!, { origin: TEST_RP.origin }),
    });
    await lost.called;
    const inFlight = JSON.parse(JSON.stringify(first.persist())) as unknown;
    first.stop();
    lost.release();
    await pending;
    clock.increment(STEP_UP_PROOF_TTL_MS + 1);
    const resumed = await createDialog({ ...common, bank, snapshot: inFlight });
    await resumed.settle();
    const heard = said(resumed.drainOutputs());
    expect(heard).toMatch(/verify it's you first\. Nothing was done/);
    expect(await balanceOf(bank, 'alice', 'savings')).toBe(10_000_00);
    resumed.stop();
    await bank.close();
  });
});
