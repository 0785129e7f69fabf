import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedClock } from 'xstate';
import {
  CORE_METHODS,
  demoWorld,
  HttpBankingCore,
  SqliteBank,
  type BankingCore,
  type TransferRequest,
} from '../../src/bank/index.ts';
import { main } from '../../src/cli/main.ts';
import {
  createDialog,
  HOLD_ON_AFTER_MS,
  InMemorySessionStore,
  StoredUnansweredCalls,
  type UnansweredCalls,
} from '../../src/dialog/index.ts';
import { Nlu } from '../../src/nlu/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { TellerError } from '../../src/shared/index.ts';
import { coreRoutes, startHttpServer } from '../../src/transport/index.ts';
import { AppClient } from '../transport/app-client.ts';
import { startTestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/tmp.ts';
import { demoBankAtTen } from '../helpers/world.ts';

/**
 * The bank port over HTTP: HttpBankingCore against the Teller core API served by coreRoutes over a
 * real sandbox bank, on a real HTTP server on port 0.
 */

const TOKEN = 'a-core-token-long-enough';
const JWT_SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A core API server over `bank`; `wrap` may intercept requests (a lost answer, a crash). */
async function serveCore(bank: BankingCore, wrap: (inner: Handler) => Handler = (h) => h): Promise<string> {
  const { server, port } = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: { '/v1/core/*': { POST: wrap(coreRoutes(bank, TOKEN)) } },
  });
  closers.push(() => closeServer(server));
  return `http://127.0.0.1:${port}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
function makePki(): Record<'ca' | 'serverKey' | 'serverCert' | 'clientKey' | 'clientCert', string> {
  const dir = tempDir();
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=test core CA',
  );
  for (const [name, extra] of [
    ['server', 'subjectAltName=IP:127.0.0.1'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    run(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    );
    writeFileSync(join(dir, `${name}.ext`), `${extra}\n`);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  }
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return {
    ca: read('ca.pem'),
    serverKey: read('server.key'),
    serverCert: read('server.pem'),
    clientKey: read('client.key'),
    clientCert: read('client.pem'),
  };
}

/** A typed app conversation on `core`: $100 checking → savings, read back, "yes"; what the "yes" turn said. */
async function confirmedTransfer(core: BankingCore, clock: SimulatedClock): Promise<string[]> {
  const nlu = await Nlu.load();
  const dialog = await createDialog({
    bank: core,
    nlu,
    clock,
    sessionId: `s-${randomUUID()}`,
    customerId: 'alice',
    channel: 'app',
    lang: 'en',
  });
  try {
    await dialog.handle({ type: 'text', text: 'move 100 dollars from checking to savings' });
    const turn = await dialog.handle({ type: 'text', text: 'yes' });
    return turn.outputs.flatMap((o) => (o.type === 'agent.say' ? [o.text] : []));
  } finally {
    dialog.stop();
    await nlu.close();
  }
}

/**
 * The demo bank behind the core API, whose transfers fail while `failing.on`: the core commits and
 * the answer is lost, or the call never reaches it. Retries are quick (1 s per attempt).
 */
async function failingTransfers(how: 'answer lost' | 'never reached') {
  const { bank, clock } = demoBankAtTen();
  closers.push(() => bank.close());
  const failing = { on: true };
  const wrap =
    (inner: Handler): Handler =>
    async (req, res) => {
      if (failing.on && req.url?.endsWith('/transfer')) {
        if (how === 'never reached') {
          res.socket?.destroy();
          return;
        }
        res.end = ((..._args: unknown[]) => {
          res.socket?.destroy();
          return res;
        }) as typeof res.end;
      }
      await inner(req, res);
    };
  const core = new HttpBankingCore({
    baseUrl: await serveCore(bank, wrap),
    token: TOKEN,
    clock,
    timeoutMs: 1000,
  });
  return { bank, clock, core, failing };
}

/** Alice's typed app conversation on `core`: `say` sends turns and returns what the agent said. */
async function openConversation(
  core: BankingCore,
  clock: SimulatedClock,
  nlu: Nlu,
  unanswered?: UnansweredCalls,
) {
  const dialog = await createDialog({
    bank: core,
    nlu,
    clock,
    sessionId: `s-${randomUUID()}`,
    customerId: 'alice',
    channel: 'app',
    lang: 'en',
    ...(unanswered ? { unanswered } : {}),
  });
  return {
    say: async (...texts: string[]) => {
      const out: string[] = [];
      for (const text of texts)
        for (const o of (await dialog.handle({ type: 'text', text })).outputs)
          if (o.type === 'agent.say') out.push(o.text);
      return out.join(' ');
    },
    stop: () => dialog.stop(),
  };
}

function transferRequest(key: string, amountMinor = 10_000): TransferRequest {
  return {
    customerId: 'alice',
    idempotencyKey: key,
    fromAccountId: 'checking',
    to: { kind: 'account', id: 'savings' },
    amount: { amountMinor, currency: 'USD' },
  };
}

describe('the bank core over HTTP', () => {
  it('answers like the sandbox it fronts: reads, a transfer, refusals, bytes and nothing', async () => {
    const { bank } = demoBankAtTen();
    closers.push(() => bank.close());
    const core = new HttpBankingCore({ baseUrl: await serveCore(bank), token: TOKEN, clock: bank });
    expect(await core.listAccounts('alice')).toEqual(await bank.listAccounts('alice'));
    expect(await core.getCustomer('nobody')).toBeUndefined();
    const moved = await core.transfer(transferRequest('http-core-1'));
    expect(moved, JSON.stringify(moved)).toMatchObject({ ok: true, replayed: false });
    const savings = (await bank.listAccounts('alice')).find((a) => a.id === 'savings');
    expect(savings?.balanceMinor).toBe(1_010_000);
    // A refusal is a result, as from the sandbox.
    const tooMuch = await core.transfer(transferRequest('http-core-2', 900_000_000));
    expect(tooMuch).toMatchObject({ ok: false });
    // A device credential's public key goes as bytes and comes back as bytes.
    const publicKey = new Uint8Array([1, 2, 3, 250]);
    await core.addDeviceCredential({
      id: 'cred-1',
      customerId: 'alice',
      publicKey,
      counter: 0,
      transports: ['internal'],
      label: 'phone',
    });
    const [credential] = await core.listDeviceCredentials('alice');
    expect(credential?.publicKey).toEqual(publicKey);
    expect(await core.verifyPhonePin('alice', '2468')).toBe('ok');
  });

  it('moves money once when the answer to a transfer is lost after it committed', async () => {
    const { bank } = demoBankAtTen();
    closers.push(() => bank.close());
    let dropped = 0;
    // The first transfer runs on the core, then its answer is lost (the connection is reset).
    const losing =
      (inner: Handler): Handler =>
      async (req, res) => {
        if (req.url?.endsWith('/transfer') && dropped === 0) {
          dropped++;
          const end = res.end.bind(res);
          res.end = ((..._args: unknown[]) => {
            res.socket?.destroy();
            return res;
          }) as typeof res.end;
          await inner(req, res);
          res.end = end;
          return;
        }
        await inner(req, res);
      };
    const core = new HttpBankingCore({ baseUrl: await serveCore(bank, losing), token: TOKEN, clock: bank });
    const result = await core.transfer(transferRequest('lost-answer-1'));
    expect(dropped).toBe(1);
    // The retry carried the same key: the core answered with what the first call did.
    expect(result).toMatchObject({ ok: true, replayed: true });
    const savings = (await bank.listAccounts('alice')).find((a) => a.id === 'savings');
    expect(savings?.balanceMinor).toBe(1_010_000); // once, not twice
  });

  it('says the core is unavailable rather than guess, and never repeats a PIN check', async () => {
    const { bank } = demoBankAtTen();
    closers.push(() => bank.close());
    let pinChecks = 0;
    const failing = (): Handler => (req, res) => {
      if (req.url?.endsWith('/verifyPhonePin')) pinChecks++;
      res.socket?.destroy();
      return Promise.resolve();
    };
    const core = new HttpBankingCore({
      baseUrl: await serveCore(bank, failing),
      token: TOKEN,
      retries: 2,
      timeoutMs: 1000,
    });
    const down = await core.transfer(transferRequest('core-down-1')).catch((error: unknown) => error);
    expect(down).toBeInstanceOf(TellerError);
    expect((down as TellerError).code).toBe('TELLER_ERR_BANK_UNAVAILABLE');
    expect((down as TellerError).message).toMatch(/3 attempts/);
    await core.verifyPhonePin('alice', '1111').catch(() => undefined);
    expect(pinChecks).toBe(1);
  });

  it('tells a customer whose transfer got no answer to check before trying again, not "done"', async () => {
    const { bank, clock } = demoBankAtTen();
    closers.push(() => bank.close());
    // Reads are answered; every transfer commits on the core and its answer is lost.
    const committedThenLost =
      (inner: Handler): Handler =>
      async (req, res) => {
        if (!req.url?.endsWith('/transfer')) return inner(req, res);
        res.end = ((..._args: unknown[]) => {
          res.socket?.destroy();
          return res;
        }) as typeof res.end;
        await inner(req, res);
      };
    const core = new HttpBankingCore({
      baseUrl: await serveCore(bank, committedThenLost),
      token: TOKEN,
      clock,
      timeoutMs: 1000,
    });
    const said = (await confirmedTransfer(core, clock)).join(' ');
    expect(said).toMatch(/can't tell whether that went through/);
    expect(said).not.toMatch(/moved|nothing was done/i);
    // It did go through, once: the retries carried one key.
    const savings = (await bank.listAccounts('alice')).find((a) => a.id === 'savings');
    expect(savings?.balanceMinor).toBe(1_010_000);
  });

  it('a transfer asked again after no answer goes with its first key: replayed if it committed, never twice', async () => {
    const { bank, clock, core, failing } = await failingTransfers('answer lost');
    const nlu = await Nlu.load();
    closers.push(() => nlu.close());
    const conversation = await openConversation(core, clock, nlu);
    const savings = async () =>
      (await bank.listAccounts('alice')).find((a) => a.id === 'savings')?.balanceMinor;
    try {
      expect(await conversation.say('move 100 dollars from checking to savings', 'yes')).toMatch(
        /can't tell whether/,
      );
      expect(await savings()).toBe(1_010_000);
      failing.on = false;
      // The customer asks again: the same request, so the same key; the core answers with the first result.
      const again = await conversation.say('transfer 100 dollars from my checking account to savings', 'yes');
      expect(again).toMatch(/had gone through after all.*moved \$100\.00/i);
      expect(await savings()).toBe(1_010_000);
      // Settled: a third time is a new transfer of its own.
      expect(await conversation.say('move 100 dollars from checking to savings', 'yes')).not.toMatch(
        /after all/,
      );
      expect(await savings()).toBe(1_020_000);
    } finally {
      conversation.stop();
    }
  });

  it('a customer who leaves after no answer and comes back gets the first key for the same transfer', async () => {
    const { bank, clock, core, failing } = await failingTransfers('answer lost');
    const nlu = await Nlu.load();
    closers.push(() => nlu.close());
    const once = async (unanswered: UnansweredCalls, ...texts: string[]) => {
      const conversation = await openConversation(core, clock, nlu, unanswered);
      try {
        return await conversation.say(...texts);
      } finally {
        conversation.stop();
      }
    };
    const calls = new StoredUnansweredCalls(new InMemorySessionStore());
    expect(await once(calls, 'move 100 dollars from checking to savings', 'yes')).toMatch(
      /can't tell whether/,
    );
    expect(await calls.load('alice')).toHaveLength(1);
    failing.on = false;
    // The next call, maybe on another node sharing the store: the same request, the same key.
    expect(await once(calls, 'move 100 dollars from checking to savings', 'yes')).toMatch(
      /had gone through after all/,
    );
    expect((await bank.listAccounts('alice')).find((a) => a.id === 'savings')?.balanceMinor).toBe(1_010_000);
    expect(await calls.load('alice')).toHaveLength(0);
    // A store that fails costs the memory, not the conversation.
    const broken: UnansweredCalls = {
      load: () => Promise.reject(new Error('down')),
      save: () => Promise.reject(new Error('down')),
    };
    expect(await once(broken, 'move 100 dollars from checking to savings', 'yes')).toMatch(/moved \$100\.00/);
  });

  it('a transfer that never reached the core goes through once when asked again', async () => {
    const { bank, clock, core, failing } = await failingTransfers('never reached');
    const nlu = await Nlu.load();
    closers.push(() => nlu.close());
    const conversation = await openConversation(core, clock, nlu);
    try {
      expect(await conversation.say('move 100 dollars from checking to savings', 'yes')).toMatch(
        /can't tell whether/,
      );
      failing.on = false;
      const again = await conversation.say('move 100 dollars from checking to savings', 'yes');
      expect(again).toMatch(/moved \$100\.00/);
      expect(again).not.toMatch(/after all/);
      expect((await bank.listAccounts('alice')).find((a) => a.id === 'savings')?.balanceMinor).toBe(
        1_010_000,
      );
    } finally {
      conversation.stop();
    }
  });

  it('says "one moment" while a slow core works, then the answer', async () => {
    const { bank, clock } = demoBankAtTen();
    closers.push(() => bank.close());
    const slow =
      (inner: Handler): Handler =>
      async (req, res) => {
        if (req.url?.endsWith('/transfer'))
          await new Promise((resolve) => setTimeout(resolve, HOLD_ON_AFTER_MS + 500));
        await inner(req, res);
      };
    const core = new HttpBankingCore({ baseUrl: await serveCore(bank, slow), token: TOKEN, clock });
    const said = await confirmedTransfer(core, clock);
    expect(said[0]).toBe('One moment, please.');
    expect(said.at(-1)).toMatch(/moved \$100\.00/i);
  });

  it('teller core-check passes a facade that keeps the contract and fails one that ignores keys', async () => {
    const { bank } = demoBankAtTen();
    closers.push(() => bank.close());
    const lines: string[] = [];
    const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
    const args = (url: string) => [
      'core-check',
      ...['--url', url, '--token', TOKEN, '--customer', 'alice', '--other', 'wei'],
      ...['--from', 'checking', '--to', 'savings', '--amount', '0.01'],
    ];
    expect(await main(args(await serveCore(bank)), io)).toBe(0);
    expect(lines.filter((l) => l.startsWith('ok '))).toHaveLength(7);
    const savings = async () =>
      (await bank.listAccounts('alice')).find((a) => a.id === 'savings')?.balanceMinor;
    expect(await savings()).toBe(1_000_001); // one cent, once

    // A facade that gives every transfer a key of its own moves money on every retry.
    const forgetful: BankingCore = Object.create(bank) as BankingCore;
    forgetful.transfer = (request) => bank.transfer({ ...request, idempotencyKey: `core-${randomUUID()}` });
    lines.length = 0;
    expect(await main(args(await serveCore(forgetful)), io)).toBe(1);
    expect(lines.find((l) => l.startsWith('FAIL'))).toMatch(/idempotency key.*replay/);
  });

  it("talks to a core that wants mutual TLS, with this node's client certificate", async () => {
    const { bank } = demoBankAtTen();
    closers.push(() => bank.close());
    const pki = makePki();
    const server = createHttpsServer(
      { key: pki.serverKey, cert: pki.serverCert, ca: pki.ca, requestCert: true, rejectUnauthorized: true },
      (req, res) => void coreRoutes(bank, TOKEN)(req, res),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => closeServer(server));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const withCert = new HttpBankingCore({
      baseUrl: url,
      token: TOKEN,
      tls: { cert: pki.clientCert, key: pki.clientKey, ca: pki.ca },
    });
    expect((await withCert.listAccounts('alice')).length).toBeGreaterThan(0);
    // Without a client certificate the core does not answer.
    const without = new HttpBankingCore({ baseUrl: url, token: TOKEN, tls: { ca: pki.ca }, retries: 0 });
    const refused = await without.listAccounts('alice').catch((error: unknown) => error);
    expect((refused as TellerError).code).toBe('TELLER_ERR_BANK_UNAVAILABLE');
  });

  it('refuses a wrong token and an unknown method with stable codes', async () => {
    const { bank } = demoBankAtTen();
    closers.push(() => bank.close());
    const url = await serveCore(bank);
    const wrong = new HttpBankingCore({ baseUrl: url, token: 'not-the-token-at-all' });
    const refused = await wrong.listAccounts('alice').catch((error: unknown) => error);
    expect((refused as TellerError).code).toBe('TELLER_ERR_UNAUTHENTICATED');
    const unknown = await fetch(`${url}/v1/core/dropTables`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{"args":[]}',
    });
    expect(unknown.status).toBe(404);
    const garbage = await fetch(`${url}/v1/core/listAccounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '{not json',
    });
    expect(((await garbage.json()) as { error: { code: string } }).error.code).toBe('TELLER_ERR_BAD_JSON');
    // Every method of the port but now and close is in the API.
    const port = Object.getOwnPropertyNames(SqliteBank.prototype).filter(
      (m) => !['constructor', 'now', 'close'].includes(m) && !m.startsWith('#'),
    );
    expect(port.filter((m) => !(CORE_METHODS as readonly string[]).includes(m))).toEqual(
      port.filter((m) => ['customerRow'].includes(m)),
    );
  });

  it('runs a Teller node on another node’s bank: a typed transfer end to end', async () => {
    const core: RunningServer = await startTestServer({
      coreToken: TOKEN,
      ttsEngine: 'none',
      asrEngine: 'text',
    });
    closers.push(() => core.close());
    const node: RunningServer = await startTestServer({
      bankUrl: `http://127.0.0.1:${core.port}`,
      bankToken: TOKEN,
      jwtSecret: JWT_SECRET,
      ttsEngine: 'none',
      asrEngine: 'text',
    });
    closers.push(() => node.close());
    const client = await AppClient.connect(
      `ws://127.0.0.1:${node.port}/v1/app`,
      await node.tokens.sign({ customerId: 'alice' }, Date.now()),
    );
    client.send({ type: 'session.start', lang: 'en' });
    await client.next('session.started');
    await client.say();
    client.send({ type: 'text', text: 'move 100 dollars from checking to savings' });
    expect((await client.say()).awaits).toBe('confirmation');
    client.send({ type: 'text', text: 'yes' });
    expect((await client.say()).text).toMatch(/moved \$100\.00/i);
    await client.close();
    // The money moved in the core's database, not in a sandbox of the node's own.
    const savings = (await core.bank.listAccounts('alice')).find((a) => a.id === 'savings');
    expect(savings?.balanceMinor).toBe(1_010_000);
  });

  it('will not start on a core that does not answer', async () => {
    // A real bank never runs on the sandbox's demo tokens.
    const demoTokens = await startTestServer({ bankUrl: 'http://127.0.0.1:1', bankToken: TOKEN }).catch(
      (error: unknown) => error,
    );
    expect((demoTokens as TellerError).message).toMatch(/TELLER_JWT_SECRET/);
    const failed = await startTestServer({
      bankUrl: 'http://127.0.0.1:1',
      bankToken: TOKEN,
      jwtSecret: JWT_SECRET,
      ttsEngine: 'none',
      asrEngine: 'text',
    }).catch((error: unknown) => error);
    expect((failed as TellerError).code).toBe('TELLER_ERR_CONFIG');
    expect(() => new SqliteBank({ path: ':memory:' })).not.toThrow();
    void demoWorld;
  });
});
