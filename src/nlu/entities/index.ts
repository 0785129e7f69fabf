export type * from './types.ts';
export { extractAmounts } from './amount.ts';
export { extractDates, extractDateRanges } from './dates.ts';
export { extractDigits, spokenDigits } from './digits.ts';
export { extractPhones } from './phone.ts';
export { extractCurrencies, currencyOfWord } from './currency-words.ts';
export {
  matchPayees,
  resolvePayee,
  buildPayeeIndex,
  MATCH_THRESHOLD,
  type PayeeRef,
  type Resolution,
  type EntityCandidate,
} from './payee-match.ts';
export {
  matchAccounts,
  matchCards,
  resolveAccount,
  resolveCard,
  buildAccountIndex,
  buildCardIndex,
  type AccountRef,
  type CardRef,
} from './account-match.ts';
export {
  matchBillers,
  resolveBiller,
  buildBillerIndex,
  extractBillerCategory,
  type BillerRef,
} from './biller-match.ts';
export { extractPlace, extractService } from './place.ts';
