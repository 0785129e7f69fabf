import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Fields that may carry customer data or credentials. Log calls put transcripts, account numbers,
 * amounts, tokens and keys in these fields (never in the message string) so redaction covers them.
 */
export const REDACTED_PATHS = [
  'transcript',
  'text',
  'utterance',
  'pin',
  'token',
  'authorization',
  'accountNumber',
  'cardNumber',
  'phone',
  'entities',
  'amount',
  'amountMinor',
  'key',
  'apiKey',
  'secret',
  'clientSecret',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  '*.transcript',
  '*.text',
  '*.pin',
  '*.token',
  '*.phone',
  '*.accountNumber',
  '*.cardNumber',
  '*.key',
  '*.apiKey',
  '*.secret',
  '*.clientSecret',
] as const;

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'teller' },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

export type { Logger };
