export {
  SoftwareAuthenticator,
  type AssertParams,
  type SoftwareAuthenticatorOptions,
} from './software-authenticator.ts';
export {
  FakeAzureSpeech,
  type FakeAzureSpeechOptions,
  type FakePhrase,
  type FakeSttSession,
  type FakeTtsRequest,
  type FakeTurn,
} from './fake-azure-speech.ts';
