import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HttpBankingCore,
  STEP_UP_PROOF_TTL_MS,
  StepUpProofs,
  type BankingCore,
  type TransferRequest,
} from '../../src/bank/index.ts';
import { createDialog } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { coreRoutes, startHttpServer } from '../../src/transport/index.ts';
import { demoBankAtTen } from '../helpers/world.ts';

/**
 * The bank's own step-up check: a change its policy guards (a transfer to a payee over the
 * threshold, a bill or top-up over it, a new payee, unfreezing a card) needs a proof, signed with
 * the key the node and the core share, for that customer and that idempotency key. The sandbox bank
 * checks it; so does any core behind the HTTP API that shares the key.
 */

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function bankAtTen() {
  const { bank, clock } = demoBankAtTen();
  closers.push(() => bank.close());
  return { bank, clock };
}

const toBob = (key: string, amountMinor: number, stepUp?: string): TransferRequest => ({
  customerId: 'alice',
  idempotencyKey: key,
  fromAccountId: 'checking',
  to: { kind: 'payee', id: 'bob' },
  amount: { amountMinor, currency: 'USD' },
  ...(stepUp ? { stepUp } : {}),
});

async function checking(bank: BankingCore): Promise<number | undefined> {
  return (await bank.listAccounts('alice')).find((a) => a.id === 'checking')?.balanceMinor;
}

describe('step-up proofs at the bank', () => {
  it('refuses a transfer to a payee over the threshold without a proof, and audits why', async () => {
    const { bank } = bankAtTen();
    const result = await bank.transfer(toBob('no-proof-1', 1_500_00));
    expect(result).toMatchObject({
      ok: false,
      refusal: { code: 'TELLER_ERR_STEPUP_REQUIRED', details: { proof: 'missing' } },
    });
    expect(await checking(bank)).toBe(2_500_00);
    const audit = await bank.listAudit('alice', 5);
    expect(audit[0]).toMatchObject({ outcome: 'refused', code: 'TELLER_ERR_STEPUP_REQUIRED' });
  });

  it('moves the money with a proof for its own key, once; the proof does nothing for another key', async () => {
    const { bank } = bankAtTen();
    const proof = bank.stepUpProofs.issue(
      { request: toBob('with-proof-1', 1_500_00), method: 'webauthn' },
      bank.now(),
    );
    expect(await bank.transfer(toBob('with-proof-1', 1_500_00, proof))).toMatchObject({
      ok: true,
      replayed: false,
    });
    expect(await checking(bank)).toBe(1_000_00);
    // Sent again, as a lost answer is: a replay, nothing more moved.
    expect(await bank.transfer(toBob('with-proof-1', 1_500_00, proof))).toMatchObject({
      ok: true,
      replayed: true,
    });
    // The same proof on another call: refused, whatever the amount.
    expect(await bank.transfer(toBob('with-proof-2', 1_001_00, proof))).toMatchObject({
      ok: false,
      refusal: { code: 'TELLER_ERR_STEPUP_REQUIRED', details: { proof: 'wrong_request' } },
    });
    expect(await checking(bank)).toBe(1_000_00);
  });

  it('a proof names the request, not only its key: under the same key, nothing else is authorised, even first', async () => {
    const { bank } = bankAtTen();
    // The customer stepped up for $1,500 to Bob; whoever read the proof (a session snapshot, the wire)
    // before the bank got the call sends something else under the same key first.
    const proof = bank.stepUpProofs.issue(
      { request: toBob('named-request-1', 1_500_00), method: 'webauthn' },
      bank.now(),
    );
    const others: TransferRequest[] = [
      toBob('named-request-1', 2_400_00),
      { ...toBob('named-request-1', 1_500_00), to: { kind: 'payee', id: 'maria' } },
      { ...toBob('named-request-1', 1_500_00), fromAccountId: 'savings' },
      { ...toBob('named-request-1', 1_500_00), date: '2026-12-01' },
      { ...toBob('named-request-1', 1_500_00), frequency: 'weekly' },
      { ...toBob('named-request-1', 1_500_00), memo: 'rent' },
    ];
    for (const other of others)
      expect(await bank.transfer({ ...other, stepUp: proof })).toMatchObject({
        ok: false,
        refusal: { code: 'TELLER_ERR_STEPUP_REQUIRED', details: { proof: 'wrong_request' } },
      });
    expect(await checking(bank)).toBe(2_500_00);
    // The request it was issued for still goes through with it, in whatever key order it was built.
    const { amount, to, ...rest } = toBob('named-request-1', 1_500_00);
    expect(await bank.transfer({ amount, ...rest, to, stepUp: proof })).toMatchObject({ ok: true });
    expect(await checking(bank)).toBe(1_000_00);
  });

  it('the request digest is keyed: a proof for a PIN change does not give the PIN away', () => {
    const proofs = new StepUpProofs();
    const request = { customerId: 'alice', idempotencyKey: 'pin-change-1', cardId: 'debit', newPin: '8642' };
    const proof = proofs.issue({ request, method: 'pin' }, 0);
    const claims = JSON.parse(Buffer.from(proof.split('.')[1] ?? '', 'base64url').toString()) as {
      req: string;
    };
    expect(proof).not.toContain('8642');
    expect(claims.req).toBe(proofs.digest(request));
    expect(new StepUpProofs().digest(request)).not.toBe(claims.req);
  });

  it('a retry under the same key with a fresh proof is the same request (a replay, not a conflict)', async () => {
    const { bank, clock } = bankAtTen();
    const issue = () =>
      bank.stepUpProofs.issue({ request: toBob('fresh-key-1', 1_200_00), method: 'pin' }, bank.now());
    const first = issue();
    expect(await bank.transfer(toBob('fresh-key-1', 1_200_00, first))).toMatchObject({ ok: true });
    clock.increment(60_000);
    const second = issue();
    expect(second).not.toBe(first);
    expect(await bank.transfer(toBob('fresh-key-1', 1_200_00, second))).toMatchObject({
      ok: true,
      replayed: true,
    });
    expect(await checking(bank)).toBe(1_300_00);
  });

  it('refuses a proof for another customer, one signed with another key, a tampered one and an expired one', async () => {
    const { bank, clock } = bankAtTen();
    const claims = { request: toBob('bad-proof-1', 1_500_00), method: 'webauthn' } as const;
    const refusedBecause = async (proof: string) => {
      const result = await bank.transfer(toBob('bad-proof-1', 1_500_00, proof));
      return result.ok ? 'moved' : result.refusal.details?.['proof'];
    };
    expect(
      await refusedBecause(
        bank.stepUpProofs.issue({ ...claims, request: { ...claims.request, customerId: 'wei' } }, bank.now()),
      ),
    ).toBe('wrong_request');
    expect(await refusedBecause(new StepUpProofs().issue(claims, bank.now()))).toBe('bad_signature');
    const good = bank.stepUpProofs.issue(claims, bank.now());
    const [version, payload, signature] = good.split('.') as [string, string, string];
    const raised = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        key: 'bad-proof-1',
        sub: 'alice',
        exp: 9e15,
      }),
    ).toString('base64url');
    expect(await refusedBecause(`${version}.${raised}.${signature}`)).toBe('bad_signature');
    expect(await refusedBecause('v1.not-a-proof')).toBe('malformed');
    clock.increment(STEP_UP_PROOF_TTL_MS + 1);
    expect(await refusedBecause(good)).toBe('expired');
    expect(await checking(bank)).toBe(2_500_00);
  });

  it('asks for a proof exactly where the policy does', async () => {
    const { bank } = bankAtTen();
    const key = () => `policy-${randomUUID()}`;
    const code = (r: { ok: boolean; refusal?: { code: string } }) => (r.ok ? 'ok' : r.refusal?.code);
    // At the threshold, to an own account, a card repayment: no step-up.
    expect(code(await bank.transfer(toBob(key(), 1_000_00)))).toBe('ok');
    expect(
      code(
        await bank.transfer({
          customerId: 'alice',
          idempotencyKey: key(),
          fromAccountId: 'savings',
          to: { kind: 'account', id: 'checking' },
          amount: { amountMinor: 5_000_00, currency: 'USD' },
        }),
      ),
    ).toBe('ok');
    // Over it to a payee in the future (scheduled), a bill, a top-up; a new payee; unfreezing a card.
    const guarded = [
      await bank.transfer({ ...toBob(key(), 1_000_01), date: '2026-12-01' }),
      await bank.payBill({
        customerId: 'alice',
        idempotencyKey: key(),
        fromId: 'savings',
        billerId: 'tuition',
        amount: { amountMinor: 1_500_00, currency: 'USD' },
      }),
      await bank.topUp({
        customerId: 'alice',
        idempotencyKey: key(),
        fromId: 'savings',
        service: 'mobile',
        reference: '5550123',
        amount: { amountMinor: 2_000_00, currency: 'USD' },
      }),
      await bank.addPayee({ customerId: 'alice', idempotencyKey: key(), name: 'Mallory' }),
    ];
    for (const result of guarded) expect(code(result)).toBe('TELLER_ERR_STEPUP_REQUIRED');
    expect(
      code(
        await bank.changeCard({
          customerId: 'alice',
          idempotencyKey: key(),
          cardId: 'visa',
          action: 'freeze',
        }),
      ),
    ).toBe('ok');
    expect(
      code(
        await bank.changeCard({
          customerId: 'alice',
          idempotencyKey: key(),
          cardId: 'visa',
          action: 'unfreeze',
        }),
      ),
    ).toBe('TELLER_ERR_STEPUP_REQUIRED');
    expect((await bank.listPayees('alice')).some((p) => p.name === 'Mallory')).toBe(false);
  });

  it('over the HTTP core: a node with the core’s key pays after the PIN; a node with another key is refused and says so', async () => {
    const { bank, clock } = bankAtTen();
    const token = 'a-core-token-long-enough';
    const { server, port } = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: { '/v1/core/*': { POST: coreRoutes(bank, token) } },
    });
    closers.push(
      () =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const nlu = await Nlu.load();
    closers.push(() => nlu.close());
    const call = async (stepUpProofs: StepUpProofs) => {
      const core = new HttpBankingCore({ baseUrl: `http://127.0.0.1:${port}`, token, clock, stepUpProofs });
      const dialog = await createDialog({
        bank: core,
        nlu,
        clock,
        sessionId: `s-${randomUUID()}`,
        customerId: 'alice',
        channel: 'phone',
        lang: 'en',
      });
      const said: string[] = [];
      try {
        for (const input of [
          { type: 'text', text: 'send twelve hundred dollars to bob li' },
          { type: 'dtmf', digits: '2468' },
          { type: 'text', text: 'yes' },
        ] as const)
          for (const o of (await dialog.handle(input)).outputs) if (o.type === 'agent.say') said.push(o.text);
      } finally {
        dialog.stop();
      }
      return said.join(' ');
    };
    const stranger = await call(new StepUpProofs());
    expect(stranger).toMatch(/verify it's you first\. Nothing was done/);
    expect(await checking(bank)).toBe(2_500_00);
    expect(await call(bank.stepUpProofs)).toMatch(/sent \$1,200\.00 to Bob Li/);
    expect(await checking(bank)).toBe(1_300_00);
  });
});
