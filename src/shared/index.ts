export * from './currency.ts';
export * from './money.ts';
export * from './errors.ts';
export * from './lang.ts';
export * from './time.ts';
