export type * from './types.ts';
export type * from './port.ts';
export { SYSTEM_CLOCK } from './types.ts';
export { PHONE_PIN_LOCKOUT } from './port.ts';
export { parseHours, isOpenAt, hoursOn } from './hours.ts';
export { distanceM } from './geo.ts';
export { SqliteBank, type SqliteBankOptions } from './sqlite/sqlite-bank.ts';
export { verifyAuditChain } from './sqlite/audit.ts';
export * from './world/index.ts';
