import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable, Transaction } from './database';

/** What the runner needs: plain statements and a transaction (either engine). */
export interface MigrationTarget extends Queryable {
  asAdmin<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

/** A `supabase/migrations/<version>_<name>.sql` file, as the Supabase CLI names them. */
export interface MigrationFile {
  version: string;
  name: string;
  sql: string;
}

const MIGRATION_NAME = /^(\d{14})_(.+)\.sql$/;

/** Migration files in the order the CLI applies them (by version, which sorts as text). */
export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir)
    .map((file) => ({ file, match: MIGRATION_NAME.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .sort((a, b) => a.file.localeCompare(b.file))
    .map(({ file, match }) => ({
      version: match[1] as string,
      name: match[2] as string,
      sql: readFileSync(join(migrationsDir, file), 'utf8'),
    }));
}

// The CLI's own bookkeeping tables, so a data dir migrated here looks like one migrated by
// `supabase db push` (and `seed_files` records that the seed ran).
const TRACKING_SQL = /* sql */ `
CREATE SCHEMA IF NOT EXISTS supabase_migrations;
CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (
  version text PRIMARY KEY,
  statements text[],
  name text
);
CREATE TABLE IF NOT EXISTS supabase_migrations.seed_files (
  path text PRIMARY KEY,
  hash text NOT NULL
);
`;

export async function ensureMigrationTracking(pg: Queryable): Promise<void> {
  await pg.exec(TRACKING_SQL);
}

export async function appliedVersions(pg: Queryable): Promise<Set<string>> {
  const res = await pg.query<{ version: string }>('SELECT version FROM supabase_migrations.schema_migrations');
  return new Set(res.rows.map((r) => r.version));
}

/**
 * Applies the migrations not yet recorded, each in its own transaction together with its
 * tracking row, so a failing file leaves neither half-applied schema nor a false record.
 * Returns the versions applied now.
 */
export async function applyMigrations(pg: MigrationTarget, migrationsDir: string): Promise<string[]> {
  const done = await appliedVersions(pg);
  const applied: string[] = [];
  for (const m of readMigrations(migrationsDir)) {
    if (done.has(m.version)) continue;
    try {
      await pg.asAdmin(async (tx) => {
        await tx.exec(m.sql);
        await tx.query(
          'INSERT INTO supabase_migrations.schema_migrations (version, statements, name) VALUES ($1, $2, $3)',
          [m.version, [m.sql], m.name],
        );
      });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(`migration ${m.version}_${m.name}.sql failed: ${msg}`, { cause: err });
    }
    applied.push(m.version);
  }
  return applied;
}
