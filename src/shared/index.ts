export * from './currency.ts';
export * from './money.ts';
export * from './canonical-json.ts';
export * from './errors.ts';
export * from './lang.ts';
export * from './time.ts';
