import type { BankingCore } from '../port.ts';

/**
 * The Teller core API (docs/bank-api.md): every {@link BankingCore} method but `now` and `close`
 * as `POST <base>/v1/core/<method>` with `{"args": [...]}`, answered `{"result": ...}` (no
 * `result`: undefined) or an error `{"error": {"code", "message"}}`. A bank puts a facade with
 * this shape in front of its core; Teller's sandbox serves it too (coreRoutes).
 */
export const CORE_METHODS = [
  'getCustomer',
  'findCustomerByPhone',
  'listCustomers',
  'listAccounts',
  'searchTransactions',
  'listPayees',
  'findPayeesByName',
  'addPayee',
  'removePayee',
  'transfer',
  'listScheduled',
  'cancelScheduled',
  'listMovements',
  'getMovement',
  'listCards',
  'getCardBill',
  'repayCard',
  'changeCard',
  'changeCardPin',
  'listBillers',
  'payBill',
  'topUp',
  'repayLoan',
  'openTimeDeposit',
  'findPlaces',
  'getExchangeRate',
  'listExchangeRates',
  'getStepUpPolicy',
  'getDailyLimit',
  'listDeviceCredentials',
  'addDeviceCredential',
  'updateDeviceCounter',
  'verifyPhonePin',
  'audit',
  'listAudit',
] as const satisfies readonly (keyof BankingCore)[];

export type CoreMethod = (typeof CORE_METHODS)[number];

/**
 * Methods that must not be sent twice when an answer is lost: a PIN check counts failures (a
 * retry could lock a customer out), and an audit record would be written twice. Every other
 * method reads, or changes with an idempotency key (or sets a value), so a retry is safe.
 */
export const NOT_RETRIED: ReadonlySet<CoreMethod> = new Set(['verifyPhonePin', 'audit']);

export function isCoreMethod(name: string): name is CoreMethod {
  return (CORE_METHODS as readonly string[]).includes(name);
}

/** JSON with bytes (a device credential's public key) as `{"$bytes": "<base64url>"}`. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64url') } : v,
  );
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const bytes = (v as { $bytes?: unknown }).$bytes;
      if (typeof bytes === 'string' && Object.keys(v).length === 1)
        return new Uint8Array(Buffer.from(bytes, 'base64url'));
    }
    return v;
  });
}
