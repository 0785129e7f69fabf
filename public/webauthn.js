// WebAuthn in the browser: JSON options from the server → navigator.credentials → JSON back.
// Current Chromium has PublicKeyCredential.parse*OptionsFromJSON and toJSON (WebAuthn L3 §5.1.8-10);
// the base64url fallback covers browsers without them.
/* global PublicKeyCredential -- WebAuthn L2, not in the `globals` package's browser list */

function fromB64url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bytes, (c) => c.charCodeAt(0));
}

function toB64url(buffer) {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const withIds = (list) => list?.map((c) => ({ ...c, id: fromB64url(c.id) }));

function creationOptions(json) {
  if (PublicKeyCredential.parseCreationOptionsFromJSON)
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  return {
    ...json,
    challenge: fromB64url(json.challenge),
    user: { ...json.user, id: fromB64url(json.user.id) },
    excludeCredentials: withIds(json.excludeCredentials) ?? [],
  };
}

function requestOptions(json) {
  if (PublicKeyCredential.parseRequestOptionsFromJSON)
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  return {
    ...json,
    challenge: fromB64url(json.challenge),
    allowCredentials: withIds(json.allowCredentials) ?? [],
  };
}

function toJson(credential) {
  if (typeof credential.toJSON === 'function') return credential.toJSON();
  const r = credential.response;
  const response = { clientDataJSON: toB64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toB64url(r.attestationObject);
    response.transports = r.getTransports?.() ?? [];
  } else {
    response.authenticatorData = toB64url(r.authenticatorData);
    response.signature = toB64url(r.signature);
    if (r.userHandle) response.userHandle = toB64url(r.userHandle);
  }
  return {
    id: credential.id,
    rawId: toB64url(credential.rawId),
    type: credential.type,
    response,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

export function webAuthnAvailable() {
  return typeof PublicKeyCredential !== 'undefined' && Boolean(navigator.credentials);
}

/** Registers a passkey from `PublicKeyCredentialCreationOptionsJSON`; resolves with its JSON. */
export async function createPasskey(optionsJson) {
  const credential = await navigator.credentials.create({ publicKey: creationOptions(optionsJson) });
  return toJson(credential);
}

/**
 * Answers a step-up challenge (`PublicKeyCredentialRequestOptionsJSON`, user verification required);
 * resolves with the `AuthenticationResponseJSON` for `stepup.assertion`.
 */
export async function assertPasskey(optionsJson, signal) {
  const credential = await navigator.credentials.get({
    publicKey: requestOptions({ ...optionsJson, userVerification: 'required' }),
    signal,
  });
  return toJson(credential);
}
