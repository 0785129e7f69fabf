import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HttpBankingCore,
  STEP_UP_PROOF_TTL_MS,
  StepUpProofs,
  type BankingCore,
  type Idempotent,
  type TransferRequest,
} from '../../src/bank/index.ts';
import { coreRoutes, startHttpServer } from '../../src/transport/index.ts';
import { demoBankAtTen } from '../helpers/world.ts';

/**
 * The bank's step-up proofs against an adversary: policy parity with the dialog's `needsStepUp`,
 * proof reuse (a refused call keeps its key, so its proof authorises nothing else), expiry from the
 * issue time, audit hygiene, and the HTTP core route.
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

const key = () => `rt-${randomUUID()}`;
type Result = { ok: boolean; refusal?: { code: string; details?: Record<string, unknown> } };
const code = (r: Result) => (r.ok ? 'ok' : r.refusal?.code);

/** The proof the node issues after a step-up for this very request. */
function prove(bank: BankingCore, request: Idempotent, method: 'pin' | 'webauthn' = 'pin') {
  return bank.stepUpProofs.issue({ request, method }, bank.now());
}

async function balance(bank: BankingCore, customerId: string, id: string): Promise<number | undefined> {
  return (await bank.listAccounts(customerId)).find((a) => a.id === id)?.balanceMinor;
}

const toPayee = (
  customerId: string,
  fromAccountId: string,
  payee: string,
  amountMinor: number,
  currency: 'USD' | 'CNY',
  extra: Partial<TransferRequest> = {},
): TransferRequest => ({
  customerId,
  idempotencyKey: key(),
  fromAccountId,
  to: { kind: 'payee', id: payee },
  amount: { amountMinor, currency },
  ...extra,
});

describe('parity: the bank guards exactly what the dialog steps up for', () => {
  it('alice (USD, 1000.00): payee transfers now / dated / repeating, bills from an account and from the credit card, top-ups', async () => {
    const { bank } = bankAtTen();
    const at = 1_000_00;
    const over = 1_000_01;
    // At the threshold: the dialog does not step up, so the bank must not ask.
    expect(code(await bank.transfer(toPayee('alice', 'savings', 'bob', at, 'USD')))).toBe('ok');
    expect(
      code(await bank.transfer(toPayee('alice', 'savings', 'landlord', at, 'USD', { frequency: 'monthly' }))),
    ).toBe('ok');
    expect(
      code(await bank.transfer(toPayee('alice', 'savings', 'mom', at, 'USD', { date: '2026-12-03' }))),
    ).toBe('ok');
    expect(
      code(
        await bank.payBill({
          customerId: 'alice',
          idempotencyKey: key(),
          fromId: 'visa',
          billerId: 'tuition',
          amount: { amountMinor: at, currency: 'USD' },
        }),
      ),
    ).toBe('ok');
    expect(
      code(
        await bank.topUp({
          customerId: 'alice',
          idempotencyKey: key(),
          fromId: 'visa',
          service: 'transit',
          reference: '12345678',
          amount: { amountMinor: 10_00, currency: 'USD' },
        }),
      ),
    ).toBe('ok');
    // One cent over: the dialog steps up, so the bank must ask.
    const guarded: Result[] = [
      await bank.transfer(toPayee('alice', 'savings', 'bob', over, 'USD')),
      await bank.transfer(toPayee('alice', 'savings', 'landlord', over, 'USD', { frequency: 'monthly' })),
      await bank.transfer(
        toPayee('alice', 'savings', 'landlord', over, 'USD', { frequency: 'weekly', date: '2026-12-01' }),
      ),
      await bank.transfer(toPayee('alice', 'savings', 'mom', over, 'USD', { date: '2026-12-03' })),
      await bank.payBill({
        customerId: 'alice',
        idempotencyKey: key(),
        fromId: 'visa',
        billerId: 'tuition',
        amount: { amountMinor: over, currency: 'USD' },
      }),
      await bank.topUp({
        customerId: 'alice',
        idempotencyKey: key(),
        fromId: 'visa',
        service: 'mobile',
        reference: '5550123',
        amount: { amountMinor: over, currency: 'USD' },
      }),
    ];
    for (const r of guarded) expect(code(r)).toBe('TELLER_ERR_STEPUP_REQUIRED');
    // Own accounts, the card, the loan and a deposit move no money out: neither side steps up.
    const own: Result[] = [
      await bank.transfer({
        customerId: 'alice',
        idempotencyKey: key(),
        fromAccountId: 'savings',
        to: { kind: 'account', id: 'checking' },
        amount: { amountMinor: 3_000_00, currency: 'USD' },
        frequency: 'monthly',
      }),
      await bank.repayCard({
        customerId: 'alice',
        idempotencyKey: key(),
        fromAccountId: 'savings',
        cardId: 'visa',
        amount: { amountMinor: 1_020_50, currency: 'USD' },
      }),
      await bank.repayLoan({
        customerId: 'alice',
        idempotencyKey: key(),
        fromAccountId: 'savings',
        loanAccountId: 'car-loan',
        amount: { amountMinor: 1_500_00, currency: 'USD' },
      }),
      await bank.openTimeDeposit({
        customerId: 'alice',
        idempotencyKey: key(),
        fromAccountId: 'savings',
        amount: { amountMinor: 1_500_00, currency: 'USD' },
        termMonths: 12,
      }),
    ];
    for (const r of own) expect(code(r)).toBe('ok');
  });

  it('wei (CNY, 5000.00): at and over the threshold, and any amount in dollars from the USD account', async () => {
    const { bank } = bankAtTen();
    expect(code(await bank.transfer(toPayee('wei', 'wei-checking', 'zhangsan', 5_000_00, 'CNY')))).toBe('ok');
    expect(code(await bank.transfer(toPayee('wei', 'wei-checking', 'zhangsan', 5_000_01, 'CNY')))).toBe(
      'TELLER_ERR_STEPUP_REQUIRED',
    );
    expect(
      code(
        await bank.transfer(
          toPayee('wei', 'wei-savings', 'fangdong', 5_000_01, 'CNY', { frequency: 'monthly' }),
        ),
      ),
    ).toBe('TELLER_ERR_STEPUP_REQUIRED');
    // USD is "another currency" for wei: one dollar to a payee steps up on both sides.
    expect(code(await bank.transfer(toPayee('wei', 'wei-usd', 'zhangsan', 1_00, 'USD')))).toBe(
      'TELLER_ERR_STEPUP_REQUIRED',
    );
    expect(
      code(
        await bank.payBill({
          customerId: 'wei',
          idempotencyKey: key(),
          fromId: 'wei-usd',
          billerId: 'xuefei',
          amount: { amountMinor: 1_00, currency: 'USD' },
        }),
      ),
    ).toBe('TELLER_ERR_STEPUP_REQUIRED');
    expect(
      code(
        await bank.payBill({
          customerId: 'wei',
          idempotencyKey: key(),
          fromId: 'wei-credit',
          billerId: 'xuefei',
          amount: { amountMinor: 5_000_00, currency: 'CNY' },
        }),
      ),
    ).toBe('ok');
    expect(
      code(
        await bank.payBill({
          customerId: 'wei',
          idempotencyKey: key(),
          fromId: 'wei-credit',
          billerId: 'xuefei',
          amount: { amountMinor: 5_000_01, currency: 'CNY' },
        }),
      ),
    ).toBe('TELLER_ERR_STEPUP_REQUIRED');
    // Exchanging into the own USD account is an own-account move: no step-up.
    expect(
      code(
        await bank.transfer({
          customerId: 'wei',
          idempotencyKey: key(),
          fromAccountId: 'wei-savings',
          to: { kind: 'account', id: 'wei-usd' },
          amount: { amountMinor: 20_000_00, currency: 'CNY' },
        }),
      ),
    ).toBe('ok');
  });

  it('a standing order guarded at creation runs later without a proof (the proof is for the order, not each run)', async () => {
    const { bank, clock } = bankAtTen();
    const req = toPayee('alice', 'savings', 'landlord', 1_200_00, 'USD', {
      frequency: 'weekly',
      date: '2026-11-27',
    });
    const made = await bank.transfer({ ...req, stepUp: prove(bank, req) });
    expect(made.ok).toBe(true);
    clock.increment(2 * 86_400_000);
    expect(await balance(bank, 'alice', 'savings')).toBe(10_000_00 - 1_200_00);
  });
});

describe('policy: changes that give a card spending power', () => {
  // Each of these gives an attacker holding a session (a stolen unlocked phone, a spoofed caller
  // id who got past the PIN once) a lasting foothold; none asks for a step-up today.
  it('activating an inactive card gives it spending power, like unfreezing: it should need a proof', async () => {
    const { bank } = bankAtTen();
    bank.db.prepare(`UPDATE cards SET status = 'inactive' WHERE id = 'debit'`).run();
    const r = await bank.changeCard({
      customerId: 'alice',
      idempotencyKey: key(),
      cardId: 'debit',
      action: 'activate',
    });
    expect(code(r)).toBe('TELLER_ERR_STEPUP_REQUIRED');
  });

  it('setting a new card PIN (cash at an ATM with the card) should need a proof', async () => {
    const { bank } = bankAtTen();
    const r = await bank.changeCardPin({
      customerId: 'alice',
      idempotencyKey: key(),
      cardId: 'debit',
      newPin: '8642',
    });
    expect(code(r)).toBe('TELLER_ERR_STEPUP_REQUIRED');
  });
});

describe('bypass: what one proof can be made to authorise', () => {
  it('a proof whose first call the bank refused (no funds) does not authorise another transfer under its key', async () => {
    const { bank } = bankAtTen();
    const k = key();
    const stepped = {
      customerId: 'alice',
      idempotencyKey: k,
      fromAccountId: 'checking',
      to: { kind: 'payee', id: 'bob' },
      amount: { amountMinor: 3_000_00, currency: 'USD' },
    } as const;
    const proof = prove(bank, stepped, 'webauthn');
    // The customer stepped up for $3,000 to Bob from checking ($2,500): refused, nothing moved.
    const first = await bank.transfer({ ...stepped, stepUp: proof });
    expect(code(first)).toBe('TELLER_ERR_INSUFFICIENT_FUNDS');
    // The same proof and key, another payee, another source, another amount.
    const second = await bank.transfer({
      customerId: 'alice',
      idempotencyKey: k,
      stepUp: proof,
      fromAccountId: 'savings',
      to: { kind: 'payee', id: 'maria' },
      amount: { amountMinor: 4_900_00, currency: 'USD' },
    });
    expect(code(second)).not.toBe('ok');
    expect(await balance(bank, 'alice', 'savings')).toBe(10_000_00);
  });

  it('a proof given for adding a payee (refused: the name exists) does not authorise a payment under its key', async () => {
    const { bank } = bankAtTen();
    const k = key();
    const adding = { customerId: 'alice', idempotencyKey: k, name: 'Bob Li' };
    const proof = prove(bank, adding, 'pin');
    const add = await bank.addPayee({ ...adding, stepUp: proof });
    expect(code(add)).toBe('TELLER_ERR_INVALID_REQUEST');
    const pay = await bank.topUp({
      customerId: 'alice',
      idempotencyKey: k,
      stepUp: proof,
      fromId: 'savings',
      service: 'mobile',
      reference: '+15559999999',
      amount: { amountMinor: 4_000_00, currency: 'USD' },
    });
    expect(code(pay)).not.toBe('ok');
    expect(await balance(bank, 'alice', 'savings')).toBe(10_000_00);
  });

  it('a proof for one customer, or with a key of one customer, never works for another', async () => {
    const { bank } = bankAtTen();
    const k = key();
    const aliceProof = prove(bank, {
      ...toPayee('alice', 'checking', 'bob', 6_000_00, 'USD'),
      idempotencyKey: k,
    });
    const r = await bank.transfer({
      ...toPayee('wei', 'wei-checking', 'zhangsan', 6_000_00, 'CNY'),
      idempotencyKey: k,
      stepUp: aliceProof,
    });
    expect(r).toMatchObject({
      ok: false,
      refusal: { code: 'TELLER_ERR_STEPUP_REQUIRED', details: { proof: 'wrong_request' } },
    });
  });

  it('a different request under a committed key is IDEMPOTENCY_CONFLICT, with or without a fresh proof; the same request replays even without one', async () => {
    const { bank, clock } = bankAtTen();
    const req = toPayee('alice', 'savings', 'bob', 1_500_00, 'USD');
    expect((await bank.transfer({ ...req, stepUp: prove(bank, req) })).ok).toBe(true);
    clock.increment(60_000);
    const fresh = prove(bank, req);
    expect(
      code(
        await bank.transfer({ ...req, amount: { amountMinor: 4_000_00, currency: 'USD' }, stepUp: fresh }),
      ),
    ).toBe('TELLER_ERR_IDEMPOTENCY_CONFLICT');
    expect(code(await bank.transfer({ ...req, to: { kind: 'payee', id: 'maria' }, stepUp: fresh }))).toBe(
      'TELLER_ERR_IDEMPOTENCY_CONFLICT',
    );
    expect(
      code(
        await bank.payBill({
          customerId: 'alice',
          idempotencyKey: req.idempotencyKey,
          stepUp: fresh,
          fromId: 'savings',
          billerId: 'irs',
          amount: { amountMinor: 1_500_00, currency: 'USD' },
        }),
      ),
    ).toBe('TELLER_ERR_IDEMPOTENCY_CONFLICT');
    // Same request, no proof at all, after expiry: answered as the replay it is (nothing moves).
    clock.increment(STEP_UP_PROOF_TTL_MS * 2);
    expect(await bank.transfer(req)).toMatchObject({ ok: true, replayed: true });
    expect(await balance(bank, 'alice', 'savings')).toBe(10_000_00 - 1_500_00);
  });

  it('expiry: good up to exp, refused one ms after', async () => {
    const { bank, clock } = bankAtTen();
    const a = toPayee('alice', 'savings', 'bob', 1_100_00, 'USD');
    const b = toPayee('alice', 'savings', 'bob', 1_100_00, 'USD');
    const pa = prove(bank, a);
    const pb = prove(bank, b);
    clock.increment(STEP_UP_PROOF_TTL_MS);
    expect(code(await bank.transfer({ ...a, stepUp: pa }))).toBe('ok');
    clock.increment(1);
    expect(await bank.transfer({ ...b, stepUp: pb })).toMatchObject({
      refusal: { details: { proof: 'expired' } },
    });
  });

  it('a proof stamped ahead of the bank clock (a node clock running fast) is not good for longer than the TTL', () => {
    const { bank } = bankAtTen();
    const req = toPayee('alice', 'savings', 'bob', 1_100_00, 'USD');
    // Issued by a node whose clock is a day ahead: iat and exp both a day out. The check reads only
    // exp, so the proof is good for a day and ten minutes of the bank's time, not ten minutes.
    const ahead = bank.stepUpProofs.issue({ request: req, method: 'pin' }, bank.now() + 86_400_000);
    expect(bank.stepUpProofs.check(ahead, req, bank.now())).toMatchObject({ ok: false });
  });

  it('non-string, oversized, re-encoded and padded proofs are refused without a throw', async () => {
    const { bank } = bankAtTen();
    const req = toPayee('alice', 'savings', 'bob', 1_100_00, 'USD');
    const good = prove(bank, req);
    const [v, payload, sig] = good.split('.') as [string, string, string];
    const variants: unknown[] = [
      { toString: () => good },
      [good],
      null,
      '',
      `${good}.`,
      `${v}.${payload}.${sig}=`,
      `${v}.${payload}=.${sig}`,
      `${v}.${payload}.${sig.toUpperCase()}`,
      `V1.${payload}.${sig}`,
      `${good}${'A'.repeat(3000)}`,
    ];
    for (const stepUp of variants) {
      const r = await bank.transfer({ ...req, idempotencyKey: key(), stepUp: stepUp as string });
      expect(code(r)).toBe('TELLER_ERR_STEPUP_REQUIRED');
    }
    expect(await balance(bank, 'alice', 'savings')).toBe(10_000_00);
  });

  it('the signature is compared in constant time (timingSafeEqual on equal-length buffers)', async () => {
    // Code review check: a plain `===` / `!==` on the signature would leak it byte by byte.
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../src/bank/stepup-proof.ts', import.meta.url), 'utf8');
    expect(text).toMatch(/timingSafeEqual\(given, expected\)/);
    expect(text).not.toMatch(/signature\s*[!=]==|[!=]==\s*signature/);
  });
});

describe('the proof is never kept: audit log, idempotency records, movements', () => {
  it('after a pass, a replay, a refusal after the step-up and a wrong proof, no table holds it', async () => {
    const { bank } = bankAtTen();
    const req = toPayee('alice', 'savings', 'bob', 1_500_00, 'USD');
    const proof = prove(bank, req, 'webauthn');
    await bank.transfer({ ...req, stepUp: proof });
    await bank.transfer({ ...req, stepUp: proof });
    const big = toPayee('alice', 'savings', 'maria', 60_000_00, 'USD');
    const bigProof = prove(bank, big);
    // Refused after the step-up check passed (the daily limit).
    expect(code(await bank.transfer({ ...big, stepUp: bigProof }))).toBe('TELLER_ERR_DAILY_LIMIT');
    const wrong = prove(bank, { ...req, idempotencyKey: 'some-other-key-123' });
    expect(
      code(await bank.transfer({ ...toPayee('alice', 'savings', 'bob', 2_000_00, 'USD'), stepUp: wrong })),
    ).toBe('TELLER_ERR_STEPUP_REQUIRED');
    const adding = { customerId: 'alice', idempotencyKey: 'payee-key-1234', name: 'Mallory' };
    const addProof = prove(bank, adding);
    await bank.addPayee({ ...adding, stepUp: addProof });
    const db = bank.db;
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      .pluck()
      .all() as string[];
    const dump = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
    for (const p of [proof, bigProof, wrong, addProof]) {
      const sig = p.split('.')[2] ?? '';
      expect(dump).not.toContain(sig);
      expect(dump).not.toContain(p.split('.')[1] ?? '');
    }
    const audit = JSON.stringify(await bank.listAudit('alice', 1000));
    expect(audit).not.toMatch(/stepUp|v1\./);
  });
});

describe('the HTTP core route', () => {
  async function serve(bank: BankingCore) {
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
    const base = `http://127.0.0.1:${port}`;
    const post = async (method: string, args: unknown[]) => {
      const res = await fetch(`${base}/v1/core/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
      return { status: res.status, text: await res.text() };
    };
    return { base, token, post };
  }

  it('exposes no way to mint or read a proof, and refuses forged, foreign-key and oddly typed proofs', async () => {
    const { bank } = bankAtTen();
    const { post } = await serve(bank);
    for (const m of ['stepUpProofs', 'now', 'issue', 'constructor', 'close'])
      expect((await post(m, [])).status).toBe(404);
    const req = toPayee('alice', 'savings', 'bob', 1_500_00, 'USD');
    const foreign = new StepUpProofs().issue({ request: req, method: 'pin' }, bank.now());
    for (const stepUp of [foreign, { $bytes: 'AAAA' }, 12345, ['v1', 'a', 'b'], { v: 1 }]) {
      const r = await post('transfer', [{ ...req, idempotencyKey: key(), stepUp }]);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text)).toMatchObject({
        result: { ok: false, refusal: { code: 'TELLER_ERR_STEPUP_REQUIRED' } },
      });
    }
    // A proof tucked inside the request (not at its top) counts for nothing.
    const nested = await post('transfer', [{ ...req, to: { ...req.to, stepUp: prove(bank, req) } }]);
    expect(JSON.parse(nested.text)).toMatchObject({
      result: { ok: false, refusal: { code: 'TELLER_ERR_STEPUP_REQUIRED' } },
    });
    expect(await balance(bank, 'alice', 'savings')).toBe(10_000_00);
  });

  it('a node sends its proof through HttpBankingCore, and the answer never echoes it', async () => {
    const { bank, clock } = bankAtTen();
    const { base, token, post } = await serve(bank);
    const core = new HttpBankingCore({ baseUrl: base, token, clock, stepUpProofs: bank.stepUpProofs });
    const req = toPayee('alice', 'savings', 'bob', 1_500_00, 'USD');
    const proof = core.stepUpProofs.issue({ request: req, method: 'pin' }, core.now());
    expect(await core.transfer({ ...req, stepUp: proof })).toMatchObject({ ok: true });
    const refused = await post('transfer', [
      { ...toPayee('alice', 'savings', 'bob', 1_500_00, 'USD'), stepUp: proof },
    ]);
    expect(refused.text).not.toContain(proof.split('.')[2] ?? '');
  });
});
