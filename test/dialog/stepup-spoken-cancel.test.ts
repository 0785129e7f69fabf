import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialog, type AgentOutput } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { WebAuthnStepUp } from '../../src/security/index.ts';
import { TEST_RP } from '../../src/testing/convo/index.ts';
import { SoftwareAuthenticator } from '../../src/testing/index.ts';
import { demoBankAtTen } from '../helpers/world.ts';

/*
 * "Cancel" said at the biometric prompt cancelled the task but left its WebAuthn challenge live:
 * the device could still answer it, and the verifier passed it (and audited a pass) for a task
 * that no longer existed. Now a challenge lives only while the session waits for it.
 */
describe('a step-up cancelled by voice', () => {
  let nlu: Nlu;
  beforeAll(async () => {
    nlu = await Nlu.load();
  });
  afterAll(async () => nlu.close());

  it('drops its challenge, so a late assertion is refused and nothing moves', async () => {
    const { clock, bank } = demoBankAtTen();
    const stepUp = new WebAuthnStepUp({ bank, rpId: TEST_RP.rpId, origins: [TEST_RP.origin], clock });
    const device = await SoftwareAuthenticator.register(bank, 'alice', { label: 'test phone' });
    const dialog = await createDialog({
      bank,
      nlu,
      stepUp,
      clock,
      sessionId: 's-stepup-spoken-cancel',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
    });
    await dialog.handle({ type: 'text', text: 'send fifteen hundred dollars to bob li' });
    const yes = await dialog.handle({ type: 'text', text: 'yes' });
    expect(yes.awaits).toBe('stepup');
    const challenge = yes.outputs.find(
      (o): o is Extract<AgentOutput, { method: 'webauthn' }> =>
        o.type === 'agent.stepup' && o.method === 'webauthn',
    );
    expect(stepUp.pendingCount).toBe(1);

    const cancel = await dialog.handle({ type: 'text', text: 'cancel' });
    expect(cancel.awaits).toBe('nothing');
    expect(stepUp.pendingCount).toBe(0);

    const late = device.assert(
      challenge?.options as unknown as Parameters<SoftwareAuthenticator['assert']>[0],
      {
        origin: TEST_RP.origin,
      },
    );
    const answer = await dialog.handle({ type: 'stepup.assertion', response: late });
    expect(answer.outputs).toContainEqual(
      expect.objectContaining({ type: 'agent.stepup.result', ok: false }),
    );
    expect(await bank.listMovements('alice')).toHaveLength(0);
    dialog.stop();
    await bank.close();
  });
});
