import { z } from 'zod';
import { toUtcInstant } from './instant';

/**
 * Postgres `numeric` arrives as a JSON number from PostgREST and may arrive as a string from
 * other paths (Realtime without column types, the SQLite cache). Accept both, emit a number;
 * reject anything that is not a finite decimal.
 */
export const Num = z.union([
  z.number().finite(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'not a decimal number')
    .transform((s) => Number(s)),
]);

/** Whole rupees / counts. */
export const Int = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/, 'not an integer')
    .transform((s) => Number(s)),
]);

/**
 * A platform timestamp, normalised here — the one place rows are parsed — to the canonical UTC
 * instant `YYYY-MM-DDTHH:MM:SS.mmmZ`. The platform's `timestamp(3)` columns have no zone and hold
 * UTC, so `"2026-11-30T04:35:00.000"` becomes `"2026-11-30T04:35:00.000Z"` (10:05 IST); a value
 * with a zone keeps its instant. Downstream code never sees a zone-less string (see instant.ts).
 */
export const Timestamp = z.string().transform((text, ctx) => {
  const instant = toUtcInstant(text);
  if (instant === null) {
    ctx.addIssue('not a date and time');
    return z.NEVER;
  }
  return instant;
});

/** Epoch milliseconds (used for locally measured times: since, receivedAt, ages). */
export const EpochMs = z.number().int().nonnegative();

export const Id = z.string().min(1).max(128);
