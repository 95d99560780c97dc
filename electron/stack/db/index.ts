import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { SUPABASE_SHIM_SQL } from './supabaseShim';
import { appliedVersions, applyMigrations, ensureMigrationTracking } from './migrations';
import { dropTemplate, loadTemplate, saveTemplate, templateKey, templatesEnabled } from './template';

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

// Part of the start-up template key: a dump is only reused by the PGlite build that wrote it.
const PGLITE_VERSION = ((): string => {
  try {
    // The package's "exports" hide package.json: find it above the resolved entry point.
    let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    for (let i = 0; i < 4; i++, dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === '@electric-sql/pglite' && typeof pkg.version === 'string') return pkg.version;
    }
  } catch {
    /* fall through */
  }
  return 'unknown';
})();

const ROLES: ReadonlySet<string> = new Set<DbRole>(['anon', 'authenticated', 'service_role']);

/** The repository's `supabase/` folder, overridable for packaged builds. */
export function defaultSupabaseDir(): string {
  const fromEnv = process.env.TRADEDESK_SUPABASE_DIR;
  if (fromEnv) return fromEnv;
  return fileURLToPath(new URL('../../../supabase/', import.meta.url));
}

/**
 * Opens (or creates) the embedded Postgres: installs the Supabase shim, applies the new
 * migrations in name order, and seeds once when the database is new. In-memory databases
 * start from a cached template of that same build when one exists (template.ts).
 */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  const supabaseDir = opts.supabaseDir ?? defaultSupabaseDir();
  const seed = opts.seed !== false;
  const pg = opts.dataDir
    ? await openPersisted(opts.dataDir, supabaseDir, seed)
    : await openInMemory(supabaseDir, seed);
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

/** Shim, new migrations, and the seed when the database is new. */
async function build(pg: PGlite, supabaseDir: string, seed: boolean): Promise<void> {
  await pg.exec(SUPABASE_SHIM_SQL);
  await ensureMigrationTracking(pg);
  // "New" means nothing was ever migrated here: a reopened data dir is never re-seeded.
  const isNew = (await appliedVersions(pg)).size === 0;
  await applyMigrations(pg, join(supabaseDir, 'migrations'));
  const seedPath = join(supabaseDir, 'seed.sql');
  const seeded = (await pg.query('SELECT 1 FROM supabase_migrations.seed_files')).rows.length > 0;
  if (seed && isNew && !seeded && existsSync(seedPath)) {
    await runSeed(pg, seedPath);
  }
}

async function openPersisted(dataDir: string, supabaseDir: string, seed: boolean): Promise<PGlite> {
  const pg = await PGlite.create({ dataDir });
  try {
    await build(pg, supabaseDir, seed);
    return pg;
  } catch (err) {
    await pg.close().catch(() => undefined);
    throw err;
  }
}

/** In memory: from a start-up template when one matches (see template.ts), else built and saved as one. */
async function openInMemory(supabaseDir: string, seed: boolean): Promise<PGlite> {
  const key = templatesEnabled() ? templateKey(supabaseDir, seed, PGLITE_VERSION) : undefined;
  const template = key ? loadTemplate(key) : undefined;
  if (key && template) {
    try {
      return await PGlite.create({ loadDataDir: template });
    } catch {
      dropTemplate(key); // corrupt or from an incompatible build: rebuild below
    }
  }
  const pg = await PGlite.create();
  try {
    await build(pg, supabaseDir, seed);
    if (key) await saveTemplate(key, pg);
    return pg;
  } catch (err) {
    await pg.close().catch(() => undefined);
    throw err;
  }
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
