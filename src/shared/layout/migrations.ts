import type { z } from 'zod';
import { LAYOUT_SCHEMA_VERSION, NamedLayout } from './document';

/** A stored record before it is parsed: whatever JSON.parse gave. */
export type JsonObject = { [key: string]: unknown };

/**
 * One step of the layout document's history: turns a record of version `from` into one of
 * version `from + 1`. Steps work on plain JSON (old shapes have no schema any more), must not
 * mutate their input, and are never edited once released — a fix is a new step.
 */
export interface LayoutMigration {
  from: number;
  migrate(doc: JsonObject): JsonObject;
}

/**
 * The released steps, oldest first. When the document changes incompatibly (a new panel kind, a
 * renamed field): add a step from the current version, bump `LAYOUT_SCHEMA_VERSION`, change the
 * schemas. The unit tests also show a worked example of a step that rewrites fields
 * (tests/unit/shared/layout/migrations.test.ts).
 */
export const LAYOUT_MIGRATIONS: readonly LayoutMigration[] = [
  // v2 adds the chart and depth panel kinds (issue 15) and the alerts panel kind (issue 16). A v1
  // record holds none of them, so it reads as it is; the bump makes a v1 build refuse (keep aside)
  // a layout that holds them instead of failing on it. Alerts joined v2 rather than taking v3
  // because no build with layout v2 had shipped when it landed (no release between the two: the
  // package is still 0.1.0, untagged), so no v2 reader exists that lacks the alerts kind.
  { from: 1, migrate: (doc) => ({ ...doc }) },
];

export type LayoutReadProblem =
  /** Not JSON, not an object, no usable `schemaVersion`, a failed step, or fails the schema. */
  | 'invalid'
  /** Written by a newer build (`schemaVersion` above ours): readable only by that build. */
  | 'future_version';

export type LayoutRead<T> =
  | { ok: true; value: T; /** The version it was stored in, when older than ours. */ migratedFrom: number | null }
  | { ok: false; problem: LayoutReadProblem; message: string; schemaVersion: number | null };

export interface LayoutReaderOptions<T> {
  currentVersion: number;
  migrations: readonly LayoutMigration[];
  schema: z.ZodType<T>;
}

/**
 * Builds the reader of stored layout records: parse JSON, migrate step by step up to
 * `currentVersion`, then validate with `schema`. Never throws: every failure is a typed
 * `LayoutRead` the store turns into "kept aside, default shown, notice".
 */
export function createLayoutReader<T>(opts: LayoutReaderOptions<T>): (json: string) => LayoutRead<T> {
  const steps = new Map(opts.migrations.map((m) => [m.from, m]));
  return (json) => {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      return { ok: false, problem: 'invalid', message: 'the record is not JSON', schemaVersion: null };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { ok: false, problem: 'invalid', message: 'the record is not an object', schemaVersion: null };
    }
    const version = (raw as JsonObject).schemaVersion;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      return { ok: false, problem: 'invalid', message: 'the record has no schemaVersion', schemaVersion: null };
    }
    if (version > opts.currentVersion) {
      return {
        ok: false,
        problem: 'future_version',
        message: `the record is layout version ${version}; this build reads up to ${opts.currentVersion}`,
        schemaVersion: version,
      };
    }
    let doc = raw as JsonObject;
    for (let v = version; v < opts.currentVersion; v++) {
      const step = steps.get(v);
      if (!step) {
        return {
          ok: false,
          problem: 'invalid',
          message: `no migration from layout version ${v}`,
          schemaVersion: version,
        };
      }
      try {
        doc = { ...step.migrate(doc), schemaVersion: v + 1 };
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          problem: 'invalid',
          message: `migrating from layout version ${v} failed: ${why}`,
          schemaVersion: version,
        };
      }
    }
    const parsed = opts.schema.safeParse(doc);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; ');
      return {
        ok: false,
        problem: 'invalid',
        message: `the record fails its schema (${issues})`,
        schemaVersion: version,
      };
    }
    return { ok: true, value: parsed.data, migratedFrom: version < opts.currentVersion ? version : null };
  };
}

/** The reader of this build's named layouts. */
export const readNamedLayout = createLayoutReader<NamedLayout>({
  currentVersion: LAYOUT_SCHEMA_VERSION,
  migrations: LAYOUT_MIGRATIONS,
  schema: NamedLayout,
});
