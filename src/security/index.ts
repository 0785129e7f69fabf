export {
  WebAuthnStepUp,
  WEBAUTHN_STEPUP_DEFAULTS,
  type StepUpChallenge,
  type StepUpRefusal,
  type StepUpVerdict,
  type WebAuthnStepUpOptions,
} from './webauthn-stepup.ts';
export { parseAssertion, ASSERTION_LIMITS, type ParsedAssertion } from './assertion-schema.ts';
export { SessionTokens, type JwtOptions, type SessionClaims, type TokenVerdict } from './jwt.ts';
