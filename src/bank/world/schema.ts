import { z } from 'zod';

/**
 * The `world` block of shared/spec/convo-format.md, key for key, plus the extensions docs/worlds.md
 * documents (marked "extension" below). Strict: an unknown key is an error, so a typo never silently
 * passes. Money is a decimal string; a YAML number where money belongs is refused with the key named.
 */
const decimal = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : `money must be a decimal string like "2500.00", got ${typeof issue.input} ${JSON.stringify(issue.input)}`,
  })
  .regex(/^-?\d{1,15}(\.\d{1,3})?$/, 'must be a decimal string like "2500.00"');

const rate = z
  .string({ error: (issue) => `a rate must be a decimal string like "7.1234", got ${typeof issue.input}` })
  .regex(/^\d{1,9}(\.\d{1,12})?$/, 'must be a decimal string like "7.1234"');

const id = z
  .string({ error: 'an id must be a string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'an id is 1-64 letters, digits, "_", "." or "-"');

const text = (max: number) => z.string({ error: 'must be a string' }).min(1).max(max);
const last4 = z
  .string({ error: 'last4 must be a quoted string of 4 digits' })
  .regex(/^\d{4}$/, 'must be 4 digits');
const date = z
  .string({ error: 'a date must be a string YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const currency = z.string({ error: 'a currency must be an ISO 4217 code like "USD"' });
const lat = z.number({ error: 'lat must be a number' }).min(-90).max(90);
const lon = z.number({ error: 'lon must be a number' }).min(-180).max(180);

export const LocationSchema = z.strictObject({ lat, lon });

export const CustomerSchema = z.strictObject({
  name: text(120),
  phone: z
    .string({ error: 'phone must be a quoted string like "+15550100"' })
    .regex(/^\+?\d{3,15}$/, 'must be digits with an optional leading +')
    .optional(),
  pin: z
    .string({ error: 'pin must be a quoted string of 4-6 digits' })
    .regex(/^\d{4,6}$/, 'must be 4-6 digits')
    .optional(),
  id: id.optional(), // extension
  lang: z.enum(['en', 'zh']).optional(), // extension
});

export const AccountSchema = z.strictObject({
  id,
  name: text(80),
  type: z.enum(['checking', 'savings', 'loan', 'deposit'], {
    error: 'type must be checking, savings, loan or deposit',
  }),
  currency,
  balance: decimal,
  last4: last4.optional(),
  primary: z.boolean().optional(),
  overdraft: decimal.optional(), // extension
  nickname: text(80).optional(), // extension
  dueDate: date.optional(), // extension: loans (next payment) and deposits (maturity)
  paymentDue: decimal.optional(), // extension: loans
  interestRate: rate.optional(), // extension: percent per year
});

export const CardSchema = z.strictObject({
  id,
  name: text(80),
  type: z.enum(['credit', 'debit'], { error: 'type must be credit or debit' }),
  last4,
  currency,
  balance: decimal.optional(),
  statementBalance: decimal.optional(),
  minimumDue: decimal.optional(),
  dueDate: date.optional(),
  creditLimit: decimal.optional(),
  status: z
    .enum(['active', 'frozen', 'blocked', 'inactive'], {
      error: 'status must be active, frozen, blocked or inactive',
    })
    .optional(),
  account: id.optional(),
});

export const PayeeSchema = z.strictObject({
  id,
  name: text(120),
  last4: last4.optional(),
  aliases: z.array(text(80)).max(10).optional(), // extension
});

export const BillerSchema = z.strictObject({
  id,
  name: text(120),
  accountRef: text(64),
  category: z
    .enum([
      'electricity',
      'water',
      'gas',
      'internet',
      'phone',
      'tv',
      'tuition',
      'property',
      'social-insurance',
      'tax',
      'other',
    ])
    .optional(), // extension
});

export const TransactionSchema = z.strictObject({
  account: id,
  date,
  merchant: text(120),
  amount: decimal,
});

export const BranchSchema = z.strictObject({
  id,
  kind: z.enum(['branch', 'atm'], { error: 'kind must be branch or atm' }).optional(),
  name: text(120),
  address: z.string().max(240).optional(),
  lat,
  lon,
  hours: z.string().max(120).optional(),
  services: z.array(text(40)).max(20).optional(),
  atm: z.boolean().optional(),
  timeZone: text(64).optional(), // extension
  phone: z.string().max(32).optional(), // extension
});

export const RateSchema = z.strictObject({ from: currency, to: currency, rate });

export const LandmarkSchema = z.strictObject({
  name: text(80),
  aliases: z.array(text(80)).max(10).optional(),
  lat,
  lon,
});

/** One customer's own part of a world. */
const customerPart = {
  customer: CustomerSchema,
  accounts: z.array(AccountSchema).min(1, 'needs at least one account').max(50),
  cards: z.array(CardSchema).max(20).optional(),
  payees: z.array(PayeeSchema).max(200).optional(),
  billers: z.array(BillerSchema).max(100).optional(),
  transactions: z.array(TransactionSchema).max(10_000).optional(),
  location: LocationSchema.optional(),
  stepUpOver: decimal.optional(),
  dailyLimit: decimal.optional(),
  timeZone: text(64).optional(), // extension
};

export const CustomerWorldSchema = z.strictObject(customerPart);

const shared = {
  now: z
    .string({ error: 'now must be an ISO 8601 date-time string' })
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
      'must be an ISO 8601 date-time with an offset, like "2026-11-26T10:00:00+08:00"',
    )
    .optional(),
  branches: z.array(BranchSchema).max(5_000).optional(),
  rates: z.array(RateSchema).max(500).optional(),
  landmarks: z.array(LandmarkSchema).max(500).optional(), // extension
};

/** A world with one customer (the convo-format block) ... */
export const SingleCustomerWorldSchema = z.strictObject({ ...shared, ...customerPart });
/** ... or, as an extension, several (the built-in demo world). */
export const MultiCustomerWorldSchema = z.strictObject({
  ...shared,
  timeZone: text(64).optional(),
  customers: z.array(CustomerWorldSchema).min(1).max(1_000),
});

export type SingleCustomerWorldInput = z.infer<typeof SingleCustomerWorldSchema>;
export type MultiCustomerWorldInput = z.infer<typeof MultiCustomerWorldSchema>;
export type CustomerWorldInput = z.infer<typeof CustomerWorldSchema>;
