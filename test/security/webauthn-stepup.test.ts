import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteBank, parseWorld, type World } from '../../src/bank/index.ts';
import { WebAuthnStepUp, type StepUpChallenge } from '../../src/security/index.ts';
import { SoftwareAuthenticator } from '../../src/testing/index.ts';

const RP_ID = 'bank.example';
const ORIGIN = 'https://bank.example';
const ALICE = 'alice-chen';
const BOB = 'bob-li';
const TIMEOUT_MS = 120_000;

function makeWorld(): World {
  const parsed = parseWorld({
    customers: [
      {
        customer: { name: 'Alice Chen' },
        accounts: [
          {
            id: 'checking',
            name: 'Everyday Checking',
            type: 'checking',
            currency: 'USD',
            balance: '2500.00',
          },
        ],
      },
      {
        customer: { name: 'Bob Li' },
        accounts: [
          { id: 'bob-checking', name: 'Checking', type: 'checking', currency: 'USD', balance: '100.00' },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

class TestClock {
  ms = Date.parse('2026-11-26T02:00:00Z');
  now(): number {
    return this.ms;
  }
}

let clock: TestClock;
let bank: SqliteBank;
let stepUp: WebAuthnStepUp;
let phone: SoftwareAuthenticator;

beforeEach(async () => {
  clock = new TestClock();
  bank = SqliteBank.create(makeWorld(), { path: ':memory:', clock });
  stepUp = new WebAuthnStepUp({ bank, rpId: RP_ID, origins: [ORIGIN], clock });
  phone = await SoftwareAuthenticator.register(bank, ALICE, { label: 'Alice phone', seed: 'alice' });
});

afterEach(async () => {
  await bank.close();
});

async function counter(customerId = ALICE, credentialId = phone.credentialId): Promise<number | undefined> {
  const creds = await bank.listDeviceCredentials(customerId);
  return creds.find((c) => c.id === credentialId)?.counter;
}

async function stepUpAudit(customerId = ALICE) {
  return (await bank.listAudit(customerId)).filter((e) => e.action === 'stepup.webauthn');
}

describe('WebAuthn step-up', () => {
  it('issues a single-use, user-verifying challenge naming the registered credential', async () => {
    const challenge = await stepUp.createChallenge(ALICE, 's1');
    expect(challenge.options.userVerification).toBe('required');
    expect(challenge.options.rpId).toBe(RP_ID);
    expect(challenge.options.allowCredentials?.map((c) => c.id)).toEqual([phone.credentialId]);
    expect(Buffer.from(challenge.options.challenge, 'base64url')).toHaveLength(32);
    expect(challenge.expiresAtMs).toBe(clock.ms + TIMEOUT_MS);
    const again = await stepUp.createChallenge(ALICE, 's1');
    expect(again.options.challenge).not.toBe(challenge.options.challenge);
    expect(stepUp.pendingCount).toBe(1);
  });

  it('passes a registered authenticator, records its counter and audits the verdict', async () => {
    const { options } = await stepUp.createChallenge(ALICE, 's1');
    const verdict = await stepUp.verify(ALICE, 's1', phone.assert(options, { origin: ORIGIN }));
    expect(verdict).toEqual({ ok: true, credentialId: phone.credentialId });
    expect(await counter()).toBe(1);
    expect(stepUp.pendingCount).toBe(0);
    const [entry] = await stepUpAudit();
    expect(entry).toMatchObject({ outcome: 'ok', code: undefined });
    expect(entry?.details).toMatchObject({ sessionId: 's1', credential: phone.credentialId.slice(0, 8) });
    expect(JSON.stringify(entry?.details)).not.toContain(options.challenge);
  });

  it('derives the same credential from the same seed', () => {
    const a = SoftwareAuthenticator.create({ seed: 'alice' });
    expect(a.credentialId).toBe(phone.credentialId);
    expect(Buffer.from(a.publicKey).equals(Buffer.from(phone.publicKey))).toBe(true);
    expect(SoftwareAuthenticator.create().credentialId).not.toBe(phone.credentialId);
  });

  describe('refuses, leaves the counter alone and audits', () => {
    async function expectRefused(
      reason: string,
      verdictPromise: Promise<unknown>,
      expected = { customerId: ALICE, counter: 0 },
    ): Promise<void> {
      expect(await verdictPromise).toEqual({ ok: false, reason });
      expect(await counter()).toBe(expected.counter);
      const last = (await stepUpAudit(expected.customerId)).at(0);
      expect(last).toMatchObject({ outcome: 'refused', code: reason });
    }

    it('a replay of an assertion that already passed', async () => {
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      const assertion = phone.assert(options, { origin: ORIGIN });
      expect((await stepUp.verify(ALICE, 's1', assertion)).ok).toBe(true);
      await expectRefused('replayed', stepUp.verify(ALICE, 's1', assertion), {
        customerId: ALICE,
        counter: 1,
      });
      // A new challenge in the same session does not make the old answer good again.
      await stepUp.createChallenge(ALICE, 's1');
      await expectRefused('replayed', stepUp.verify(ALICE, 's1', assertion), {
        customerId: ALICE,
        counter: 1,
      });
    });

    it('an answer after the challenge expired', async () => {
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      clock.ms += TIMEOUT_MS;
      await expectRefused('expired', stepUp.verify(ALICE, 's1', phone.assert(options, { origin: ORIGIN })));
    });

    it('an assertion from another origin', async () => {
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      const assertion = phone.assert(options, { origin: 'https://bank.example.evil.test' });
      await expectRefused('wrong_origin', stepUp.verify(ALICE, 's1', assertion));
    });

    it('an assertion scoped to another relying party', async () => {
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      const assertion = phone.assert(options, { origin: ORIGIN, rpId: 'evil.test' });
      await expectRefused('wrong_rp', stepUp.verify(ALICE, 's1', assertion));
    });

    it('an assertion without user verification', async () => {
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      const assertion = phone.assert(options, { origin: ORIGIN, userVerified: false });
      await expectRefused('no_user_verification', stepUp.verify(ALICE, 's1', assertion));
    });

    it('an assertion signed by another key', async () => {
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      await expectRefused(
        'bad_signature',
        stepUp.verify(ALICE, 's1', phone.forge(options, { origin: ORIGIN })),
      );
    });

    it('a signature counter that went backwards (a cloned authenticator)', async () => {
      await bank.updateDeviceCounter(ALICE, phone.credentialId, 50);
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      await expectRefused('counter', stepUp.verify(ALICE, 's1', phone.assert(options, { origin: ORIGIN })), {
        customerId: ALICE,
        counter: 50,
      });
    });

    it("another session's challenge", async () => {
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      const assertion = phone.assert(options, { origin: ORIGIN });
      await expectRefused('unknown_challenge', stepUp.verify(ALICE, 's2', assertion));
      await stepUp.createChallenge(ALICE, 's2');
      await expectRefused('unknown_challenge', stepUp.verify(ALICE, 's2', assertion));
      // The session it was issued to can still answer it.
      expect((await stepUp.verify(ALICE, 's1', assertion)).ok).toBe(true);
    });

    it("another customer's challenge", async () => {
      const bobPhone = await SoftwareAuthenticator.register(bank, BOB, { seed: 'bob' });
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      await stepUp.createChallenge(BOB, 's1');
      const fromBob = bobPhone.assert(options, { origin: ORIGIN });
      await expectRefused('unknown_challenge', stepUp.verify(BOB, 's1', fromBob), {
        customerId: BOB,
        counter: 0,
      });
      // Bob's device answering Alice's challenge in Alice's session is not her credential.
      await expectRefused(
        'unknown_credential',
        stepUp.verify(ALICE, 's1', bobPhone.assert(options, { origin: ORIGIN })),
      );
      expect(await counter(BOB, bobPhone.credentialId)).toBe(0);
    });

    it('an unregistered credential', async () => {
      const stranger = SoftwareAuthenticator.create({ seed: 'stranger' });
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      await expectRefused(
        'unknown_credential',
        stepUp.verify(ALICE, 's1', stranger.assert(options, { origin: ORIGIN })),
      );
    });

    it.each<[string, (valid: Record<string, unknown>) => unknown]>([
      ['a string', () => 'not an assertion'],
      ['null', () => null],
      ['an array', (v) => [v]],
      [
        'a body without a signature',
        (v) => ({ ...v, response: { ...(v.response as object), signature: undefined } }),
      ],
      ['a body without a response', (v) => ({ ...v, response: undefined })],
      ['an id that differs from rawId', (v) => ({ ...v, rawId: 'AAAA' })],
      ['a type other than public-key', (v) => ({ ...v, type: 'password' })],
      [
        'a huge clientDataJSON',
        (v) => ({ ...v, response: { ...(v.response as object), clientDataJSON: 'A'.repeat(1 << 20) } }),
      ],
      ['a huge id', (v) => ({ ...v, id: 'A'.repeat(1 << 20), rawId: 'A'.repeat(1 << 20) })],
      [
        'clientDataJSON that is not JSON',
        (v) => ({ ...v, response: { ...(v.response as object), clientDataJSON: 'bm90IGpzb24' } }),
      ],
      [
        'a signature that is not base64url',
        (v) => ({ ...v, response: { ...(v.response as object), signature: '+/+/' } }),
      ],
    ])('a malformed body: %s', async (_label, mutate) => {
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      const valid = phone.assert(options, { origin: ORIGIN }) as unknown as Record<string, unknown>;
      await expectRefused('malformed', stepUp.verify(ALICE, 's1', mutate(valid)));
      // The challenge is consumed: a good answer afterwards finds nothing to answer.
      await expectRefused('replayed', stepUp.verify(ALICE, 's1', valid));
    });

    it('truncated authenticator data', async () => {
      const { options } = await stepUp.createChallenge(ALICE, 's1');
      const valid = phone.assert(options, { origin: ORIGIN });
      const short = { ...valid, response: { ...valid.response, authenticatorData: 'AAAA' } };
      await expectRefused('malformed', stepUp.verify(ALICE, 's1', short));
    });
  });

  it('a cancelled prompt leaves nothing to answer', async () => {
    const { options } = await stepUp.createChallenge(ALICE, 's1');
    expect(stepUp.cancel(ALICE, 's1')).toBe(true);
    expect(stepUp.cancel(ALICE, 's1')).toBe(false);
    expect(await stepUp.verify(ALICE, 's1', phone.assert(options, { origin: ORIGIN }))).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('two concurrent answers to one challenge: exactly one passes', async () => {
    const { options } = await stepUp.createChallenge(ALICE, 's1');
    const assertion = phone.assert(options, { origin: ORIGIN });
    const verdicts = await Promise.all([
      stepUp.verify(ALICE, 's1', assertion),
      stepUp.verify(ALICE, 's1', assertion),
    ]);
    expect(verdicts.filter((v) => v.ok)).toHaveLength(1);
  });

  it('keeps the pending store bounded, evicting the oldest challenge', async () => {
    const small = new WebAuthnStepUp({ bank, rpId: RP_ID, origins: [ORIGIN], clock, maxPending: 3 });
    const challenges: StepUpChallenge[] = [];
    for (let i = 0; i < 10; i += 1) {
      challenges.push(await small.createChallenge(ALICE, `s${i}`));
      expect(small.pendingCount).toBeLessThanOrEqual(3);
    }
    const oldest = challenges[0]!;
    const newest = challenges[9]!;
    expect(await small.verify(ALICE, 's0', phone.assert(oldest.options, { origin: ORIGIN }))).toEqual({
      ok: false,
      reason: 'unknown_challenge',
    });
    expect((await small.verify(ALICE, 's9', phone.assert(newest.options, { origin: ORIGIN }))).ok).toBe(true);
  });

  it('refuses an invalid configuration at construction', () => {
    expect(() => new WebAuthnStepUp({ bank, rpId: '', origins: [ORIGIN] })).toThrow(/rpId/);
    expect(() => new WebAuthnStepUp({ bank, rpId: RP_ID, origins: [] })).toThrow(/origins/);
    expect(() => new WebAuthnStepUp({ bank, rpId: RP_ID, origins: [ORIGIN], maxPending: 0 })).toThrow(
      /maxPending/,
    );
  });
});
