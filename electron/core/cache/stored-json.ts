import type { z } from 'zod';
import { fastCheckOf } from './fast-row-check';

/** Counts rows that could not be read back, so a bad row is reported instead of crashing a read. */
export class InvalidRowCounter {
  count = 0;
}

/**
 * Parses one stored JSON column through its domain schema. A row that is not JSON or fails the
 * schema (written by an older build, edited by hand, bit rot) is counted and skipped. A row in
 * the exact parsed shape passes the schema's fast check and skips zod (see fast-row-check.ts):
 * the value is fresh from JSON.parse, so it is returned as is, shared with nobody.
 */
export function readStored<T>(
  schema: z.ZodType<T, unknown>,
  json: string,
  invalid: InvalidRowCounter,
  extra?: Record<string, unknown>,
): T | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    invalid.count++;
    return undefined;
  }
  // Columns kept outside the JSON (the journal's seq) are merged back before validation.
  if (extra !== undefined && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) raw = { ...raw, ...extra };
  if (fastCheckOf(schema)?.(raw) === true) return raw as T;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    invalid.count++;
    return undefined;
  }
  return parsed.data;
}

export function readAllStored<T>(schema: z.ZodType<T, unknown>, jsons: string[], invalid: InvalidRowCounter): T[] {
  const out: T[] = [];
  for (const json of jsons) {
    const value = readStored(schema, json, invalid);
    if (value !== undefined) out.push(value);
  }
  return out;
}
