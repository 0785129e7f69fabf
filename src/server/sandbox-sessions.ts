import { demoDefaults, demoWorld, parseWorld, SqliteBank, type World } from '../bank/index.ts';
import { WebAuthnStepUp } from '../security/index.ts';
import { TellerError } from '../shared/index.ts';
import type { SandboxSessions } from '../transport/index.ts';

/** Local wall-clock 10:00 on 2026-11-26 in a zone: the convo-format default clock (a Thursday). */
function defaultNow(timeZone: string): number {
  const guess = Date.parse('2026-11-26T10:00:00Z');
  const local = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
  }).formatToParts(guess);
  const get = (t: string) => Number(local.find((p) => p.type === t)?.value ?? 0);
  const localMs = (get('day') - 26) * 86_400_000 + get('hour') * 3_600_000 + get('minute') * 60_000;
  return guess - (localMs - 10 * 3_600_000);
}

/**
 * Per-session sandbox banks for `teller test --url`: each session gets a fresh in-memory bank from the
 * script's world (or the demo world), a clock starting at the world's `now` and running in real time,
 * and the test's software authenticator registered as the customer's device.
 */
export function sandboxSessions(rpId: string, origins: readonly string[]): SandboxSessions {
  return {
    open(request, lang) {
      let world: World;
      if (request.world) {
        const parsed = parseWorld(request.world, demoDefaults());
        if (!parsed.ok) return Promise.reject(new TellerError('TELLER_ERR_WORLD_INVALID', parsed.error));
        world = parsed.value;
      } else world = demoWorld();
      const customer = request.world
        ? world.customers[0]
        : (world.customers.find((c) => c.lang === lang) ?? world.customers[0]);
      if (!customer)
        return Promise.reject(new TellerError('TELLER_ERR_WORLD_INVALID', 'the world has no customer'));
      const anchor = world.now ?? defaultNow(customer.timeZone);
      const started = Date.now();
      const clock = { now: () => anchor + (Date.now() - started) };
      const bank = SqliteBank.create(world, { path: ':memory:', clock });
      const stepUp = new WebAuthnStepUp({ bank, rpId, origins: [...origins], clock });
      const register = request.device
        ? bank.addDeviceCredential({
            id: request.device.credentialId,
            customerId: customer.id,
            publicKey: new Uint8Array(Buffer.from(request.device.publicKey, 'base64url')),
            counter: 0,
            transports: ['internal'],
            label: 'test device',
          })
        : Promise.resolve();
      return register.then(() => ({ bank, customerId: customer.id, stepUp }));
    },
  };
}
