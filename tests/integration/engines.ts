import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../electron/stack/db';
import { startSupabaseStack, type SupabaseStack, type SupabaseStackOptions } from '../../electron/stack/supabase';

/**
 * The database engine this test run uses. The SQL, Supabase-protocol and broker suites run once
 * per engine: vitest's `integration` project on PGlite, `integration-postgres` on a throwaway
 * PostgreSQL cluster (started once per run by postgres-global-setup.ts, one fresh database per
 * test database). Tests reach the engine only through these helpers, so the same test body runs
 * on both; where the engines behave differently the test says so in its name.
 */

export type TestEngine = 'pglite' | 'postgres';

export const ENGINE: TestEngine = process.env.TRADEDESK_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

/** The name tests print for the engine (`PGlite` / `PostgreSQL server`). */
export const ENGINE_NAME = ENGINE === 'postgres' ? 'PostgreSQL server' : 'PGlite';

/** The seeded database every server test database is copied from (built by the global setup). */
export const SEEDED_TEMPLATE = 'tradedesk_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `postgres://postgres@127.0.0.1:<port>/postgres` of this run's cluster. */
    pgClusterUrl: string;
  }
}

/** This run's cluster, `database` on it (postgres project only). */
export function clusterUrl(database = 'postgres'): string {
  if (ENGINE !== 'postgres') throw new Error('clusterUrl() is for the postgres engine');
  const base = new URL(inject('pgClusterUrl'));
  base.pathname = `/${database}`;
  return base.toString();
}

/** Runs fn with a plain connection to the cluster's maintenance database. */
export async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>, url = clusterUrl()): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

let counter = 0;

/** Creates a database on the cluster: a copy of the seeded template, or empty. */
export async function createServerDatabase(from: 'seeded' | 'empty', url = clusterUrl()): Promise<string> {
  const name = `tdt_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  await withAdmin(
    (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${from === 'seeded' ? SEEDED_TEMPLATE : 'template0'}`),
    url,
  );
  return name;
}

/** Drops a database and its replication slots (after every gateway on it stopped). */
export async function dropServerDatabase(name: string, url = clusterUrl()): Promise<void> {
  await withAdmin(async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1', [
          name,
        ]);
        break;
      } catch (err) {
        // A walsender that is still exiting keeps its slot active for a moment.
        if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }, url);
}

/** Where a database lives across opens: a PGlite data dir, or a database on the cluster. */
export interface TestLocation {
  options: Pick<OpenDatabaseOptions, 'dataDir' | 'databaseUrl'>;
  /** Removes it (call after the last close). */
  cleanup(): Promise<void>;
}

/**
 * A persistent home for a test database on this run's engine. `seeded`: on a server, a copy of
 * the migrated and seeded template; PGlite builds it on first open either way.
 */
export async function testLocation(from: 'seeded' | 'empty' = 'seeded'): Promise<TestLocation> {
  if (ENGINE === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'tradedesk-pglite-'));
    return {
      options: { dataDir: join(dir, 'pg') },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = await createServerDatabase(from);
  return { options: { databaseUrl: clusterUrl(name) }, cleanup: () => dropServerDatabase(name) };
}

/**
 * A fresh database on this run's engine: PGlite in memory, or a new database on the cluster
 * (removed again by `close()`). Options as openDatabase's.
 */
export async function openTestDatabase(
  opts: Omit<OpenDatabaseOptions, 'dataDir' | 'databaseUrl'> = {},
): Promise<Database> {
  if (ENGINE === 'pglite') return openDatabase(opts);
  const standard = opts.supabaseDir === undefined && opts.seed !== false;
  const loc = await testLocation(standard ? 'seeded' : 'empty');
  const db = await openDatabase({ ...opts, ...loc.options });
  const close = db.close.bind(db);
  return Object.assign(db, {
    close: async () => {
      try {
        await close();
      } finally {
        await loc.cleanup();
      }
    },
  });
}

/** The gateway on a fresh database of this run's engine; `stop()` also removes the database. */
export async function startTestSupabase(
  opts: Omit<SupabaseStackOptions, 'dataDir' | 'databaseUrl'> = {},
): Promise<SupabaseStack> {
  if (ENGINE === 'pglite') return startSupabaseStack(opts);
  const loc = await testLocation('seeded');
  let stack: SupabaseStack;
  try {
    stack = await startSupabaseStack({ ...opts, ...loc.options });
  } catch (err) {
    await loc.cleanup();
    throw err;
  }
  const stop = stack.stop.bind(stack);
  return Object.assign(stack, {
    stop: async (stopOpts?: { dropSlot?: boolean }) => {
      try {
        await stop(stopOpts);
      } finally {
        await loc.cleanup();
      }
    },
  });
}

/**
 * For suites about something other than the exchange's order rules (sync, events, recovery,
 * concurrency, the gateway), whose hand-picked prices are far from the seed's previous closes:
 * every instrument gets a band wide enough for them (±500 %: from one tick to six times the
 * close). The bands have their own suite (supabase/exchange_rules.test.ts).
 */
export async function widenPriceBands(db: Database): Promise<void> {
  await db.asAdmin((tx) => tx.query('UPDATE "Stock" SET "priceBandPercent" = 500'));
}
