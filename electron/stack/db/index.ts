import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';

export type {
  CapturedChange,
  ChangeFeed,
  ChangeFeedObserver,
  ChangeHandler,
  Database,
  DbAuth,
  DbEngine,
  DbRole,
  Queryable,
  QueryResult,
  Transaction,
} from './database';
export { DatabaseSetupError } from './database';

export interface OpenDatabaseOptions {
  /**
   * A PostgreSQL server (`postgres://user:password@host:port/database`): the server engine,
   * node-postgres with a pool, Realtime by logical replication. Absent: PGlite.
   */
  databaseUrl?: string;
  /** PGlite only: persist in this directory; in memory when absent. */
  dataDir?: string;
  /** Run `supabase/seed.sql` when the database is new (default true). */
  seed?: boolean;
  /** Where `migrations/` and `seed.sql` live; defaults to the repository's `supabase/`. */
  supabaseDir?: string;
  /** Server only: pool connections (default 10). */
  poolSize?: number;
  /** Server only: how Realtime captures changes (default `logical-replication`; see server.ts). */
  capture?: 'logical-replication' | 'outbox';
  /** Server only: replication slot name (default `tradedesk_realtime_<database>`). */
  slotName?: string;
  log?: (line: string) => void;
}

/** The repository's `supabase/` folder (`TRADEDESK_SUPABASE_DIR` overrides it, as packaged builds do). */
export function defaultSupabaseDir(): string {
  const fromEnv = process.env.TRADEDESK_SUPABASE_DIR;
  if (fromEnv) return fromEnv;
  return supabaseDirBeside(import.meta.url, existsSync);
}

/**
 * The `supabase/` folder (the one holding `migrations/`) for code at `moduleUrl`: three levels up
 * from the source (`electron/stack/db/`) or a bundle chunk (`out/main/chunks/`), two from the
 * bundle's entry (`out/main/stack.js`). Without one the stack would apply no migration at all and
 * fail later on a missing table, so it stops here saying what to set.
 */
export function supabaseDirBeside(moduleUrl: string, exists: (path: string) => boolean): string {
  const candidates = ['../../../supabase/', '../../supabase/'].map((rel) => fileURLToPath(new URL(rel, moduleUrl)));
  const found = candidates.find((dir) => exists(join(dir, 'migrations')));
  if (found) return found;
  throw new Error(
    `no supabase/migrations found beside ${fileURLToPath(moduleUrl)} (looked in ${candidates.join(' and ')}); set TRADEDESK_SUPABASE_DIR`,
  );
}

/**
 * Opens the embedded backend's database: PGlite (default) or a PostgreSQL server
 * (`databaseUrl`). Either way the Supabase shim is installed, new migrations are applied in
 * name order, and `seed.sql` runs once when the database is new. Each engine's module is loaded
 * only when used.
 */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  const supabaseDir = opts.supabaseDir ?? defaultSupabaseDir();
  const seed = opts.seed !== false;
  if (opts.databaseUrl) {
    if (opts.dataDir) throw new Error('give either a database URL or a PGlite data directory, not both');
    const { openServer } = await import('./server');
    return openServer({
      databaseUrl: opts.databaseUrl,
      seed,
      supabaseDir,
      poolSize: opts.poolSize,
      capture: opts.capture,
      slotName: opts.slotName,
      log: opts.log,
    });
  }
  const { openPglite } = await import('./pglite');
  return openPglite({ dataDir: opts.dataDir, seed, supabaseDir });
}
