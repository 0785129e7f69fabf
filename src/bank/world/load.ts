import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  isCurrencyCode,
  isIsoDate,
  isTimeZone,
  parseDecimal,
  timeZoneForOffset,
  type CurrencyCode,
  type Parsed,
} from '../../shared/index.ts';
import { parseHours } from '../hours.ts';
import {
  MultiCustomerWorldSchema,
  SingleCustomerWorldSchema,
  type CustomerWorldInput,
  type MultiCustomerWorldInput,
} from './schema.ts';
import type { CustomerSeed, LandmarkSeed, PlaceSeed, RateSeed, World } from './world.ts';

/** What a world that sets no `branches` / `rates` gets: the project's demo places and rates. */
export interface WorldDefaults {
  readonly places?: readonly PlaceSeed[];
  readonly landmarks?: readonly LandmarkSeed[];
  readonly rates?: readonly RateSeed[];
}

/** Step-up threshold when a world sets none, per base currency (else DEFAULT_STEP_UP). */
const DEFAULT_STEP_UP: Readonly<Record<string, string>> = { CNY: '5000.00', JPY: '100000' };
const DEFAULT_STEP_UP_OTHER = '1000.00';

class WorldError extends Error {}

function fail(path: string, message: string): never {
  throw new WorldError(`${path}: ${message}`);
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = 'world';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

function zodMessage(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `${formatPath(issue.path)}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      }
      return `${formatPath(issue.path)}: ${issue.message}`;
    })
    .join('\n');
}

/**
 * Validates a world block (already parsed from YAML/JSON) and converts it to minor units. Errors name
 * the offending key: unknown keys, floats where money belongs, unknown currencies, duplicate ids,
 * dangling references, bad dates and hours.
 */
export function parseWorld(input: unknown, defaults: WorldDefaults = {}): Parsed<World> {
  try {
    return { ok: true, value: buildWorld(input, defaults) };
  } catch (error) {
    if (error instanceof WorldError) return { ok: false, error: error.message };
    throw error;
  }
}

function buildWorld(input: unknown, defaults: WorldDefaults): World {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('world', 'must be a mapping');
  let multi: MultiCustomerWorldInput;
  if ('customers' in input) {
    const r = MultiCustomerWorldSchema.safeParse(input);
    if (!r.success) throw new WorldError(zodMessage(r.error));
    multi = r.data;
  } else {
    const r = SingleCustomerWorldSchema.safeParse(input);
    if (!r.success) throw new WorldError(zodMessage(r.error));
    const { now, branches, rates, landmarks, ...customer } = r.data;
    multi = { now, branches, rates, landmarks, customers: [customer] };
  }
  const single = !('customers' in input);

  let now: number | undefined;
  let zoneFromNow: string | undefined;
  if (multi.now !== undefined) {
    now = Date.parse(multi.now);
    if (!Number.isFinite(now)) fail('world.now', `"${multi.now}" is not a valid date-time`);
    const offset = /(Z|[+-]\d{2}:\d{2})$/.exec(multi.now)?.[1] ?? 'Z';
    zoneFromNow = timeZoneForOffset(offset);
  }
  const worldZone = multi.timeZone ?? zoneFromNow ?? 'UTC';
  if (!isTimeZone(worldZone)) fail('world.timeZone', `unknown time zone "${worldZone}"`);

  const ids = new Map<string, string>();
  const claim = (id: string, path: string) => {
    const first = ids.get(id);
    if (first) fail(`${path}.id`, `duplicate id "${id}" (already used at ${first})`);
    ids.set(id, path);
  };

  const customers = multi.customers.map((c, i) =>
    buildCustomer(c, single ? 'world' : `world.customers[${i}]`, worldZone, claim),
  );
  const customerIds = new Set<string>();
  const phones = new Set<string>();
  customers.forEach((c, i) => {
    if (customerIds.has(c.id)) fail(`world.customers[${i}].customer.id`, `duplicate customer id "${c.id}"`);
    customerIds.add(c.id);
    if (c.phone) {
      if (phones.has(c.phone)) fail(`world.customers[${i}].customer.phone`, `duplicate phone "${c.phone}"`);
      phones.add(c.phone);
    }
  });

  const places: PlaceSeed[] = multi.branches
    ? multi.branches.map((b, i) => {
        const path = `world.branches[${i}]`;
        claim(b.id, path);
        if (b.hours !== undefined) {
          const h = parseHours(b.hours);
          if (!h.ok) fail(`${path}.hours`, h.error);
        }
        const timeZone = b.timeZone ?? worldZone;
        if (!isTimeZone(timeZone)) fail(`${path}.timeZone`, `unknown time zone "${timeZone}"`);
        return {
          id: b.id,
          kind: b.kind ?? 'branch',
          name: b.name,
          address: b.address ?? '',
          lat: b.lat,
          lon: b.lon,
          hours: b.hours,
          services: b.services ?? [],
          atm: b.atm ?? b.kind === 'atm',
          timeZone,
          phone: b.phone,
        };
      })
    : [...(defaults.places ?? [])];

  const rates: RateSeed[] = multi.rates
    ? multi.rates.map((r, i) => {
        const path = `world.rates[${i}]`;
        const from = currencyAt(r.from, `${path}.from`);
        const to = currencyAt(r.to, `${path}.to`);
        if (from === to) fail(`${path}.to`, 'a rate needs two different currencies');
        if (!/[1-9]/.test(r.rate)) fail(`${path}.rate`, 'must be greater than zero');
        return { from, to, rate: r.rate };
      })
    : [...(defaults.rates ?? [])];

  const landmarks = multi.landmarks
    ? multi.landmarks.map((l) => ({ name: l.name, aliases: l.aliases ?? [], lat: l.lat, lon: l.lon }))
    : multi.branches
      ? []
      : [...(defaults.landmarks ?? [])];
  return { now, customers, places, rates, landmarks };
}

function currencyAt(code: string, path: string): CurrencyCode {
  if (!isCurrencyCode(code)) fail(path, `unknown currency "${code}" (use an ISO 4217 code like USD or CNY)`);
  return code;
}

function moneyAt(text: string, currency: CurrencyCode, path: string): number {
  const r = parseDecimal(text, currency);
  if (!r.ok) fail(path, r.error);
  return r.value;
}

function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return s.length > 0 ? s.slice(0, 40) : 'customer';
}

function buildCustomer(
  c: CustomerWorldInput,
  base: string,
  worldZone: string,
  claim: (id: string, path: string) => void,
): CustomerSeed {
  const timeZone = c.timeZone ?? worldZone;
  if (!isTimeZone(timeZone)) fail(`${base}.timeZone`, `unknown time zone "${timeZone}"`);

  const currencies = new Map<string, CurrencyCode>();
  const accounts = c.accounts.map((a, i) => {
    const path = `${base}.accounts[${i}]`;
    claim(a.id, path);
    const currency = currencyAt(a.currency, `${path}.currency`);
    currencies.set(a.id, currency);
    const balanceMinor = moneyAt(a.balance, currency, `${path}.balance`);
    const overdraftMinor =
      a.overdraft === undefined ? 0 : moneyAt(a.overdraft, currency, `${path}.overdraft`);
    if (overdraftMinor < 0) fail(`${path}.overdraft`, 'must not be negative');
    if (a.type !== 'loan' && balanceMinor < -overdraftMinor) {
      fail(`${path}.balance`, 'is below zero by more than the overdraft allows');
    }
    if (a.type === 'loan' && balanceMinor > 0)
      fail(`${path}.balance`, 'a loan balance is what is owed: zero or negative');
    if (a.dueDate !== undefined && !isIsoDate(a.dueDate))
      fail(`${path}.dueDate`, `"${a.dueDate}" is not a date`);
    return {
      id: a.id,
      name: a.name,
      type: a.type,
      currency,
      balanceMinor,
      overdraftMinor,
      last4: a.last4,
      primary: a.primary ?? false,
      nickname: a.nickname,
      dueDate: a.dueDate,
      paymentDueMinor:
        a.paymentDue === undefined ? undefined : moneyAt(a.paymentDue, currency, `${path}.paymentDue`),
      interestRate: a.interestRate,
    };
  });
  if (accounts.filter((a) => a.primary).length > 1)
    fail(`${base}.accounts`, 'only one account may be primary');
  const baseCurrency = (accounts.find((a) => a.primary) ?? accounts[0])?.currency ?? 'USD';

  const cards = (c.cards ?? []).map((card, i) => {
    const path = `${base}.cards[${i}]`;
    claim(card.id, path);
    const currency = currencyAt(card.currency, `${path}.currency`);
    currencies.set(card.id, currency);
    const m = (v: string | undefined, key: string) =>
      v === undefined ? 0 : moneyAt(v, currency, `${path}.${key}`);
    if (card.type === 'debit') {
      if (card.account === undefined) fail(`${path}.account`, 'a debit card names its account');
      if (!accounts.some((a) => a.id === card.account)) {
        fail(`${path}.account`, `unknown account "${card.account}"`);
      }
    } else if (card.account !== undefined) {
      fail(`${path}.account`, 'only a debit card names an account');
    }
    if (card.dueDate !== undefined && !isIsoDate(card.dueDate))
      fail(`${path}.dueDate`, `"${card.dueDate}" is not a date`);
    const balanceMinor = m(card.balance, 'balance');
    const creditLimitMinor = m(card.creditLimit, 'creditLimit');
    if (card.type === 'credit' && creditLimitMinor < balanceMinor) {
      fail(`${path}.balance`, 'is above the credit limit');
    }
    return {
      id: card.id,
      name: card.name,
      type: card.type,
      last4: card.last4,
      currency,
      balanceMinor,
      statementBalanceMinor: m(card.statementBalance, 'statementBalance'),
      minimumDueMinor: m(card.minimumDue, 'minimumDue'),
      dueDate: card.dueDate,
      creditLimitMinor,
      status: card.status ?? 'active',
      accountId: card.account,
    };
  });

  const payees = (c.payees ?? []).map((p, i) => {
    claim(p.id, `${base}.payees[${i}]`);
    return { id: p.id, name: p.name, last4: p.last4, aliases: p.aliases ?? [] };
  });
  const billers = (c.billers ?? []).map((b, i) => {
    claim(b.id, `${base}.billers[${i}]`);
    return { id: b.id, name: b.name, accountRef: b.accountRef, category: b.category ?? 'other' };
  });
  const transactions = (c.transactions ?? []).map((t, i) => {
    const path = `${base}.transactions[${i}]`;
    const currency = currencies.get(t.account);
    if (!currency) fail(`${path}.account`, `unknown account or card "${t.account}"`);
    if (!isIsoDate(t.date)) fail(`${path}.date`, `"${t.date}" is not a date`);
    return {
      accountId: t.account,
      date: t.date,
      merchant: t.merchant,
      amountMinor: moneyAt(t.amount, currency, `${path}.amount`),
      currency,
    };
  });

  const stepUpOverMinor = moneyAt(
    c.stepUpOver ?? DEFAULT_STEP_UP[baseCurrency] ?? DEFAULT_STEP_UP_OTHER,
    baseCurrency,
    `${base}.stepUpOver`,
  );
  if (stepUpOverMinor < 0) fail(`${base}.stepUpOver`, 'must not be negative');
  const dailyLimitMinor =
    c.dailyLimit === undefined ? undefined : moneyAt(c.dailyLimit, baseCurrency, `${base}.dailyLimit`);
  if (dailyLimitMinor !== undefined && dailyLimitMinor < 0)
    fail(`${base}.dailyLimit`, 'must not be negative');

  return {
    id: c.customer.id ?? slug(c.customer.name),
    name: c.customer.name,
    phone: c.customer.phone,
    pin: c.customer.pin,
    lang: c.customer.lang,
    timeZone,
    location: c.location,
    baseCurrency,
    stepUpOverMinor,
    dailyLimitMinor,
    accounts,
    cards,
    payees,
    billers,
    transactions,
  };
}

/** Parses YAML text (YAML 1.2: `yes` and `no` stay strings) into a plain value, with line numbers on errors. */
export function parseYaml(text: string): Parsed<unknown> {
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true });
  const first = doc.errors[0];
  if (first) return { ok: false, error: `YAML: ${first.message.split('\n')[0] ?? ''}` };
  return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) as unknown };
}

/**
 * Reads a world file: a YAML (or JSON) document that is either the world block itself or a convo
 * script / mapping with a top-level `world` key.
 */
export function readWorldFile(path: string, defaults: WorldDefaults = {}): Parsed<World> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, error: `cannot read ${path}: ${(error as Error).message}` };
  }
  const doc = parseYaml(text);
  if (!doc.ok) return { ok: false, error: `${path}: ${doc.error}` };
  const value = doc.value;
  const block =
    typeof value === 'object' && value !== null && 'world' in value && 'turns' in value
      ? (value as { world: unknown }).world
      : typeof value === 'object' && value !== null && Object.keys(value).length === 1 && 'world' in value
        ? value.world
        : value;
  return parseWorld(block, defaults);
}
