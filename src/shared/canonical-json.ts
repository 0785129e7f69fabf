/**
 * JSON with every object's keys sorted (undefined values dropped, as JSON.stringify does): the same
 * text for the same data whatever order it was built in, for hashing requests. The sandbox bank's
 * idempotency records hash it, so its output must not change.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
