export {
  SoftwareAuthenticator,
  type AssertParams,
  type SoftwareAuthenticatorOptions,
} from './software-authenticator.ts';
