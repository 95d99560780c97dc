import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { SUPABASE_SHIM_SQL } from './supabaseShim';
import { appliedVersions, applyMigrations, ensureMigrationTracking } from './migrations';

export type { Transaction } from '@electric-sql/pglite';

export type DbRole = 'anon' | 'authenticated' | 'service_role';

export interface DbAuth {
  role: DbRole;
  /** The JWT claims as PostgREST would expose them (`sub`, `role`, `email`, …). */
  claims: Record<string, unknown>;
}

export interface Database {
  pg: PGlite;
  /** Runs fn in ONE transaction as `role` with `request.jwt.claims` set, so RLS and grants decide as on Supabase. */
  asRole<T>(auth: DbAuth, fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Runs fn in one transaction as the database owner (no RLS). */
  asAdmin<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Persist in this directory; in memory when absent. */
  dataDir?: string;
  /** Run `supabase/seed.sql` when the database is new (default true). */
  seed?: boolean;
  /** Where `migrations/` and `seed.sql` live; defaults to the repository's `supabase/`. */
  supabaseDir?: string;
}

const ROLES: ReadonlySet<string> = new Set<DbRole>(['anon', 'authenticated', 'service_role']);

/** The repository's `supabase/` folder, overridable for packaged builds. */
export function defaultSupabaseDir(): string {
  const fromEnv = process.env.TRADEDESK_SUPABASE_DIR;
  if (fromEnv) return fromEnv;
  return fileURLToPath(new URL('../../../supabase/', import.meta.url));
}

/**
 * Opens (or creates) the embedded Postgres: installs the Supabase shim, applies the new
 * migrations in name order, and seeds once when the database is new.
 */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  const supabaseDir = opts.supabaseDir ?? defaultSupabaseDir();
  const pg = opts.dataDir ? await PGlite.create({ dataDir: opts.dataDir }) : await PGlite.create();
  try {
    await pg.exec(SUPABASE_SHIM_SQL);
    await ensureMigrationTracking(pg);
    // "New" means nothing was ever migrated here: a reopened data dir is never re-seeded.
    const isNew = (await appliedVersions(pg)).size === 0;
    await applyMigrations(pg, join(supabaseDir, 'migrations'));
    const seedPath = join(supabaseDir, 'seed.sql');
    const seeded = (await pg.query('SELECT 1 FROM supabase_migrations.seed_files')).rows.length > 0;
    if (opts.seed !== false && isNew && !seeded && existsSync(seedPath)) {
      await runSeed(pg, seedPath);
    }
  } catch (err) {
    await pg.close().catch(() => undefined);
    throw err;
  }

  return {
    pg,
    asRole: async (auth, fn) => {
      // The role name goes into SQL text (SET ROLE takes no parameters): allow only the three.
      if (!ROLES.has(auth.role)) throw new Error(`unknown database role: ${String(auth.role)}`);
      return pg.transaction(async (tx) => {
        await tx.exec(`SET LOCAL ROLE ${auth.role}`);
        await tx.query("SELECT set_config('request.jwt.claims', $1, true)", [
          JSON.stringify({ ...auth.claims, role: auth.claims.role ?? auth.role }),
        ]);
        return fn(tx);
      });
    },
    asAdmin: (fn) => pg.transaction(fn),
    close: () => pg.close(),
  };
}

async function runSeed(pg: PGlite, seedPath: string): Promise<void> {
  const sql = readFileSync(seedPath, 'utf8');
  const hash = createHash('sha256').update(sql).digest('hex');
  await pg.transaction(async (tx) => {
    await tx.exec(sql);
    await tx.query(
      'INSERT INTO supabase_migrations.seed_files (path, hash) VALUES ($1, $2) ON CONFLICT (path) DO UPDATE SET hash = EXCLUDED.hash',
      ['supabase/seed.sql', hash],
    );
  });
}
