export { createLogger, REDACTED_PATHS, type Logger } from './logger.ts';
export { TellerMetrics, type Channel } from './metrics.ts';
