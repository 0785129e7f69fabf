/**
 * Teller's error codes. Stable strings: clients, dashboards and tests match on them, so a code is
 * never renamed or reused. docs/errors.md documents each one and a test keeps the two in step.
 */
export const ERROR_CODES = {
  // Protocol and input
  TELLER_ERR_BAD_JSON: 'the message is not valid JSON',
  TELLER_ERR_BAD_MESSAGE: 'the message does not match the protocol schema',
  TELLER_ERR_UNKNOWN_MESSAGE_TYPE: 'the message type is not part of the protocol',
  TELLER_ERR_FRAME_TOO_LARGE: 'a frame is larger than the negotiated maximum',
  TELLER_ERR_BAD_AUDIO_FORMAT: 'the audio format or sample rate is not supported',
  TELLER_ERR_AUDIO_BEFORE_START: 'audio arrived before the stream was started',
  TELLER_ERR_AUDIO_OVERLOAD: 'inbound audio queue is full: recognition has fallen behind',
  TELLER_ERR_TEXT_TOO_LONG: 'a typed utterance is longer than allowed',
  TELLER_ERR_SESSION_LIMIT: 'too many sessions for this customer',
  TELLER_ERR_RATE_LIMITED:
    'the client sends faster than it is answered: wait for the answers before sending more',
  TELLER_ERR_SESSION_EXPIRED: 'the session reached its maximum length',
  TELLER_ERR_UNAUTHENTICATED: 'the session token is missing, expired, forged or for another audience',
  TELLER_ERR_FORBIDDEN: 'the request is not allowed for this customer',
  // Configuration and engines
  TELLER_ERR_CONFIG: 'the configuration is invalid',
  TELLER_ERR_ENGINE_UNAVAILABLE: 'a speech engine or model is not installed or failed to start',
  TELLER_ERR_ENGINE_AUTH:
    'a cloud speech service refused the configured credentials: check the key, region and endpoint',
  TELLER_ERR_WORLD_INVALID: 'a world file is invalid',
  TELLER_ERR_MODEL_INVALID: 'an NLU model directory is missing or invalid',
  // Bank
  TELLER_ERR_INSUFFICIENT_FUNDS: 'the source account does not have enough available funds',
  TELLER_ERR_DAILY_LIMIT: 'the movement would exceed the daily transfer limit',
  TELLER_ERR_CREDIT_LIMIT: 'the card does not have enough available credit',
  TELLER_ERR_CARD_NOT_ACTIVE: 'the card is frozen, blocked or not activated',
  TELLER_ERR_CARD_STATE: 'the card is not in a state that allows this change',
  TELLER_ERR_UNKNOWN_PAYEE: 'no such payee for this customer',
  TELLER_ERR_UNKNOWN_ACCOUNT: 'no such account or card for this customer',
  TELLER_ERR_UNKNOWN_BILLER: 'no such biller for this customer',
  TELLER_ERR_CURRENCY_MISMATCH:
    'the amount is in a currency the account cannot take without an exchange rate',
  TELLER_ERR_INVALID_AMOUNT: 'the amount must be a positive amount in the currency’s minor units',
  TELLER_ERR_INVALID_REQUEST: 'the request is malformed',
  TELLER_ERR_IDEMPOTENCY_CONFLICT: 'an idempotency key was reused for a different request',
  TELLER_ERR_NOT_FOUND: 'the thing asked for does not exist',
  TELLER_ERR_BANK_UNAVAILABLE: 'the bank core did not answer; nothing is assumed done',
  // Step-up
  TELLER_ERR_STEPUP_FAILED: 'the step-up verification did not pass',
  TELLER_ERR_STEPUP_LOCKED: 'too many failed verifications',
  TELLER_ERR_STEPUP_REQUIRED: 'the bank asks for a step-up this change did not carry proof of',
  TELLER_ERR_INTERNAL: 'an unexpected internal error; the session continues',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error with a stable code. Thrown only at trust boundaries; inside, parse results carry errors. */
export class TellerError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'TellerError';
    this.code = code;
    this.details = details;
  }
}

/** Whether `code` is one of {@link ERROR_CODES}. */
export function isTellerErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

export function isTellerError(error: unknown): error is TellerError {
  return error instanceof TellerError;
}
