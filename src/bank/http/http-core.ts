import { StepUpProofs } from '../stepup-proof.ts';
import { Agent, request } from 'node:https';
import { isTellerErrorCode, TellerError } from '../../shared/index.ts';
import type { BankingCore } from '../port.ts';
import { decodeJson, encodeJson, NOT_RETRIED, type CoreMethod } from './protocol.ts';

export interface HttpCoreOptions {
  /** The core API's base URL, e.g. `https://core-gateway.bank.internal` (`/v1/core/<method>` below it). */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** Per attempt. */
  readonly timeoutMs?: number;
  /** Attempts after the first, for calls that are safe to repeat (NOT_RETRIED are not). */
  readonly retries?: number;
  /** The node's clock; the core's own clock decides business days and limits. */
  readonly clock?: { now(): number };
  /**
   * TLS to the core (PEM): this node's client certificate and key for mutual TLS, and the CA that
   * signed the core's certificate when it is not a public one. Requests then go through node:https.
   */
  readonly tls?: { readonly cert?: string; readonly key?: string; readonly ca?: string };
  /** Signs step-up proofs for the core (TELLER_STEPUP_KEY, shared with it); a random key when not given. */
  readonly stepUpProofs?: StepUpProofs;
}

export const HTTP_CORE_DEFAULTS = { timeoutMs: 5000, retries: 2 } as const;

/** The attempt failed without a usable answer: no answer, a dropped connection, or a 5xx. */
class Unanswered extends Error {}

/**
 * The {@link BankingCore} port over HTTP, to a bank's core behind the Teller core API
 * (protocol.ts, docs/bank-api.md). What matters here is money. Every change carries the dialog's
 * idempotency key, so a call whose answer was lost (a timeout, a reset connection, a 5xx) is sent
 * again with the same key, and the core answers with what the first one did. The dialog never says
 * "done" on a guess. When no attempt is answered, the call fails with `TELLER_ERR_BANK_UNAVAILABLE`
 * and the task ends saying it cannot tell whether the change went through (check recent activity
 * before trying again). Its retries here reuse the key, and so do a restored session replaying an
 * in-flight task and the same request asked again in the conversation (the session keeps the keys
 * of unanswered calls). A refusal (insufficient funds, a limit) is a result, as from the sandbox.
 */
export class HttpBankingCore implements BankingCore {
  readonly stepUpProofs: StepUpProofs;
  readonly #base: string;
  readonly #token: string;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #clock: { now(): number };
  readonly #fetch: typeof fetch;

  constructor(options: HttpCoreOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? HTTP_CORE_DEFAULTS.timeoutMs;
    this.#retries = options.retries ?? HTTP_CORE_DEFAULTS.retries;
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#fetch = options.tls ? mutualTlsFetch(options.tls) : fetch;
    this.stepUpProofs = options.stepUpProofs ?? new StepUpProofs();
  }

  now(): number {
    return this.#clock.now();
  }

  async close(): Promise<void> {}

  /** Calls `method` on the core, retrying a lost answer when that is safe. */
  async call(method: CoreMethod, args: readonly unknown[]): Promise<unknown> {
    const attempts = NOT_RETRIED.has(method) ? 1 : 1 + this.#retries;
    let last: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100 * 3 ** (attempt - 1)));
      try {
        return await this.#attempt(method, args);
      } catch (error) {
        if (!(error instanceof Unanswered)) throw error;
        last = error;
      }
    }
    throw new TellerError(
      'TELLER_ERR_BANK_UNAVAILABLE',
      `the bank core did not answer ${method} (${attempts} attempt${attempts === 1 ? '' : 's'}): ${(last as Error).message}`,
    );
  }

  async #attempt(method: CoreMethod, args: readonly unknown[]): Promise<unknown> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}/v1/core/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#token}` },
        body: encodeJson({ args }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new Unanswered((error as Error).message);
    }
    let body: { result?: unknown; error?: { code?: unknown; message?: unknown } };
    try {
      body = decodeJson(await response.text()) as typeof body;
    } catch (error) {
      if (response.status >= 500) throw new Unanswered(`HTTP ${response.status}`);
      throw new Unanswered(`an unreadable answer (HTTP ${response.status}): ${(error as Error).message}`);
    }
    if (response.status >= 500) throw new Unanswered(`HTTP ${response.status}`);
    if (!response.ok) {
      const code = typeof body.error?.code === 'string' ? body.error.code : '';
      throw new TellerError(
        isTellerErrorCode(code) ? code : 'TELLER_ERR_INVALID_REQUEST',
        `the bank core refused ${method}: ${typeof body.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`}`,
      );
    }
    return body.result ?? undefined;
  }

  getCustomer = this.#method('getCustomer');
  findCustomerByPhone = this.#method('findCustomerByPhone');
  listCustomers = this.#method('listCustomers');
  listAccounts = this.#method('listAccounts');
  searchTransactions = this.#method('searchTransactions');
  listPayees = this.#method('listPayees');
  findPayeesByName = this.#method('findPayeesByName');
  addPayee = this.#method('addPayee');
  removePayee = this.#method('removePayee');
  transfer = this.#method('transfer');
  listScheduled = this.#method('listScheduled');
  cancelScheduled = this.#method('cancelScheduled');
  listMovements = this.#method('listMovements');
  getMovement = this.#method('getMovement');
  listCards = this.#method('listCards');
  getCardBill = this.#method('getCardBill');
  repayCard = this.#method('repayCard');
  changeCard = this.#method('changeCard');
  changeCardPin = this.#method('changeCardPin');
  listBillers = this.#method('listBillers');
  payBill = this.#method('payBill');
  topUp = this.#method('topUp');
  repayLoan = this.#method('repayLoan');
  openTimeDeposit = this.#method('openTimeDeposit');
  findPlaces = this.#method('findPlaces');
  getExchangeRate = this.#method('getExchangeRate');
  listExchangeRates = this.#method('listExchangeRates');
  getStepUpPolicy = this.#method('getStepUpPolicy');
  getDailyLimit = this.#method('getDailyLimit');
  listDeviceCredentials = this.#method('listDeviceCredentials');
  addDeviceCredential = this.#method('addDeviceCredential');
  updateDeviceCounter = this.#method('updateDeviceCounter');
  verifyPhonePin = this.#method('verifyPhonePin');
  audit = this.#method('audit');
  listAudit = this.#method('listAudit');

  /** A port method that calls the core. */
  #method<M extends CoreMethod>(method: M): BankingCore[M] {
    return ((...args: unknown[]) => this.call(method, args)) as BankingCore[M];
  }
}

/**
 * The part of `fetch` the adapter uses (POST, headers, body, timeout signal), over node:https with
 * a client certificate: Node's own fetch cannot present one without undici's Agent.
 */
function mutualTlsFetch(tls: NonNullable<HttpCoreOptions['tls']>): typeof fetch {
  const agent = new Agent({
    keepAlive: true,
    ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
    ...(tls.ca ? { ca: tls.ca } : {}),
  });
  return ((url: string, init: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        {
          method: init.method ?? 'POST',
          headers: init.headers as Record<string, string>,
          agent,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500 })),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(typeof init.body === 'string' ? init.body : undefined);
    })) as typeof fetch;
}
