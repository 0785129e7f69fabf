import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// A 4-6 digit PIN has at most a million values, so no hash makes it secret on its own: attempt limits
// and lockout do. The salted scrypt hash keeps PINs out of plain sight in the database and backups.
const SCRYPT = { N: 4096, r: 8, p: 1 } as const;

/** Hashes a PIN as `scrypt$<salt b64>$<hash b64>`. */
export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32, SCRYPT);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Constant-time comparison of a PIN against a stored hash. */
export function verifyPin(pin: string, stored: string | null | undefined): boolean {
  if (!stored) return false;
  const [scheme, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = scryptSync(pin, Buffer.from(saltB64, 'base64'), expected.length, SCRYPT);
  return timingSafeEqual(actual, expected);
}

/** PINs anyone would try first: refused when a customer sets a new one. */
export function isWeakPin(pin: string): boolean {
  if (/^(\d)\1+$/.test(pin)) return true;
  const ascending = '0123456789012345';
  const descending = '9876543210987654';
  return ascending.includes(pin) || descending.includes(pin);
}
