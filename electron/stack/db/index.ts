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

/** The repository's `supabase/` folder, overridable for packaged builds. */
export function defaultSupabaseDir(): string {
  const fromEnv = process.env.TRADEDESK_SUPABASE_DIR;
  if (fromEnv) return fromEnv;
  return fileURLToPath(new URL('../../../supabase/', import.meta.url));
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
