/**
 * The one place environment variables are read. An explicit option always beats the environment;
 * the environment beats the default.
 */
export function resolveEnv(name: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return explicit;
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}
