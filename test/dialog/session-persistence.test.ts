import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteBank } from '../../src/bank/index.ts';
import { createDialog, InMemorySessionStore, type AgentOutput } from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import { WebAuthnStepUp } from '../../src/security/index.ts';
import { demoBankAtTen } from '../helpers/world.ts';

const says = (outputs: readonly AgentOutput[]) =>
  outputs
    .filter((o) => o.type === 'agent.say')
    .map((o) => (o.type === 'agent.say' ? o.text : ''))
    .join(' ');

describe('session persistence', () => {
  let nlu: Nlu;
  beforeAll(async () => {
    nlu = await Nlu.load();
  });
  afterAll(async () => nlu.close());

  const setup = demoBankAtTen;

  it('resumes a conversation from the store at the read-back, and the transfer runs once', async () => {
    const { clock, bank } = setup();
    const store = new InMemorySessionStore();
    const first = await createDialog({
      bank,
      nlu,
      clock,
      sessionId: 's-1',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
    });
    const turn = await first.handle({
      type: 'text',
      text: 'move two hundred dollars from savings to checking',
    });
    expect(turn.awaits).toBe('confirmation');
    await store.save('s-1', first.persist(), 600_000);
    first.stop();

    // The app reconnects: a new session object from the stored snapshot.
    const snapshot = await store.take('s-1');
    expect(await store.take('s-1')).toBeUndefined(); // a saved session resumes once
    const resumed = await createDialog({
      bank,
      nlu,
      clock,
      sessionId: 's-1',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
      snapshot,
    });
    expect(resumed.awaits).toBe('confirmation');
    const done = await resumed.handle({ type: 'text', text: 'yes' });
    expect(says(done.outputs)).toMatch(/moved \$200\.00/i);
    const accounts = await bank.listAccounts('alice');
    expect(accounts.find((a) => a.id === 'savings')?.balanceMinor).toBe(980_000);
    expect(accounts.find((a) => a.id === 'checking')?.balanceMinor).toBe(270_000);
    resumed.stop();
  });

  it('asks a session resumed during a step-up for a fresh challenge, from the node it resumed on', async () => {
    const { clock, bank } = setup();
    const node = () => new WebAuthnStepUp({ bank, rpId: 'localhost', origins: ['http://localhost'] });
    const [nodeA, nodeB] = [node(), node()];
    const common = {
      bank,
      nlu,
      clock,
      sessionId: 's-9',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
    } as const;
    const first = await createDialog({ ...common, stepUp: nodeA });
    const turn = await first.handle({
      type: 'text',
      text: 'transfer thirteen hundred dollars to my landlord',
    });
    expect(turn.awaits).toBe('confirmation');
    const yes = await first.handle({ type: 'text', text: 'yes' });
    expect(yes.awaits).toBe('stepup');
    expect(yes.outputs.filter((o) => o.type === 'agent.stepup')).toHaveLength(1);
    const snapshot = first.persist();
    first.stop();

    const resumed = await createDialog({ ...common, stepUp: nodeB, snapshot });
    expect(resumed.awaits).toBe('stepup');
    const challenge = resumed.drainOutputs().find((o) => o.type === 'agent.stepup');
    expect(challenge).toMatchObject({ method: 'webauthn' });
    const options = challenge && 'options' in challenge ? challenge.options : undefined;
    expect(typeof options?.['challenge']).toBe('string');
    expect(nodeB.pendingCount).toBe(1);
    resumed.stop();
  });

  it('re-arms the no-input timer after a restore', async () => {
    const { clock, bank } = setup();
    const first = await createDialog({
      bank,
      nlu,
      clock,
      sessionId: 's-2',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
    });
    await first.handle({ type: 'text', text: 'send money to bob li' });
    const snapshot = JSON.parse(JSON.stringify(first.persist())) as unknown;
    first.stop();
    const resumed = await createDialog({
      bank,
      nlu,
      clock,
      sessionId: 's-2',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
      snapshot,
    });
    const heard: AgentOutput[] = [];
    resumed.onOutput((o) => heard.push(o));
    clock.increment(7_000);
    await resumed.settle();
    expect(says(heard)).toMatch(/still there/i);
    expect(resumed.awaits).toBe('slot:amount');
    resumed.stop();
  });

  it('replays rather than repeats a movement that committed while the session was lost', async () => {
    const { clock, bank } = setup();
    // A bank whose card repayment commits and then hangs before answering: the process "dies" there.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let committed!: () => void;
    const didCommit = new Promise<void>((resolve) => (committed = resolve));
    const hanging = new Proxy(bank, {
      get(target, prop, receiver) {
        if (prop === 'repayCard') {
          return async (request: Parameters<SqliteBank['repayCard']>[0]) => {
            const result = await target.repayCard(request);
            committed();
            await gate;
            return result;
          };
        }
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const first = await createDialog({
      bank: hanging,
      nlu,
      clock,
      sessionId: 's-3',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
    });
    const readBack = await first.handle({
      type: 'text',
      text: 'pay my visa statement balance from checking',
    });
    expect(readBack.awaits).toBe('confirmation');
    const pending = first.handle({ type: 'text', text: 'yes' });
    await didCommit;
    const inFlight = JSON.parse(JSON.stringify(first.persist())) as unknown;
    expect(JSON.stringify(inFlight)).toContain('executing');
    first.stop();
    release();
    await pending;
    expect((await bank.listMovements('alice')).filter((m) => m.kind === 'card_repayment')).toHaveLength(1);

    // Restoring re-runs the invoked bank call with the same idempotency key: the bank replays it.
    const resumed = await createDialog({
      bank,
      nlu,
      clock,
      sessionId: 's-3',
      customerId: 'alice',
      channel: 'app',
      lang: 'en',
      snapshot: inFlight,
    });
    await resumed.settle();
    const heard = resumed.drainOutputs();
    expect((await bank.listMovements('alice')).filter((m) => m.kind === 'card_repayment')).toHaveLength(1);
    expect((await bank.listCards('alice')).find((c) => c.id === 'visa')?.balanceMinor).toBe(102_050 - 82_050);
    expect(says(heard)).toMatch(/paid \$820\.50/i);
    const replays = (await bank.listAudit('alice')).filter((e) => e.action === 'card.repay.replay');
    expect(replays).toHaveLength(1);
    resumed.stop();
  });
});
