import { z } from 'zod';

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

/** ISO-8601 timestamp as Postgres/PostgREST emit it (kept as a string; formatted in the renderer). */
export const Timestamp = z.string().min(10);

/** Epoch milliseconds (used for locally measured times: since, receivedAt, ages). */
export const EpochMs = z.number().int().nonnegative();

export const Id = z.string().min(1).max(128);
