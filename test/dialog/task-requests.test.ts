import { afterAll, describe, expect, it } from 'vitest';
import type { BankingCore } from '../../src/bank/index.ts';
import { loadSnapshot } from '../../src/dialog/customer.ts';
import { TASK_SPECS } from '../../src/dialog/tasks/index.ts';
import type { ChangeInput } from '../../src/dialog/tasks/spec.ts';
import { demoBankAtTen } from '../helpers/world.ts';

/**
 * A step-up proof names the request the task will send (`TaskSpec.request`, built before the
 * step-up). If `execute` sent anything else, the bank would refuse it: every task must send exactly
 * its request, with the proof added and nothing changed.
 */
describe('each task sends the bank exactly the request its step-up proof names', async () => {
  const { bank } = demoBankAtTen();
  afterAll(() => bank.close());
  const snapshot = await loadSnapshot(bank, 'alice');
  const input: ChangeInput = {
    customerId: 'alice',
    idempotencyKey: 'task-request-1',
    snapshot,
    values: {
      payee: 'bob',
      toAccount: 'savings',
      amount: { amountMinor: 12_345, currency: 'USD' },
      account: 'checking',
      card: 'visa',
      biller: 'power',
      phone: '+15551234567',
      digits: '4321',
      frequency: 'weekly',
      term: 6,
      name: 'Carol Diaz',
      date: '2026-12-01',
      scheduled: 'mv-1',
      newPin: '8642',
    },
  };

  for (const spec of TASK_SPECS.values()) {
    it(spec.intent, async () => {
      const calls: { method: string; request: unknown }[] = [];
      // A bank that records the one change it is asked for and refuses it (so nothing else is needed).
      const recording = new Proxy({} as BankingCore, {
        get: (_target, method) => (request: unknown) => {
          calls.push({ method: String(method), request });
          return Promise.resolve({
            ok: false,
            refusal: { code: 'TELLER_ERR_INVALID_REQUEST', message: 'x' },
          });
        },
      });
      await spec.execute(recording, { ...input, stepUp: 'v1.proof.sig' });
      expect(calls).toHaveLength(1);
      expect(calls[0]?.request).toEqual({ ...spec.request(input), stepUp: 'v1.proof.sig' });
      expect(bank.stepUpProofs.digest(calls[0]?.request as never)).toBe(
        bank.stepUpProofs.digest(spec.request(input)),
      );
    });
  }
});
