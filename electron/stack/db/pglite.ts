import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { PGlite, type Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { buildDatabase } from './build';
import { checkRole, claimsJson, type ChangeFeed, type Database, type Queryable, type QueryResult } from './database';
import { startOutboxFeed } from './outbox';
import { dropTemplate, loadTemplate, saveTemplate, templateKey, templatesEnabled } from './template';

/**
 * The PGlite engine: real Postgres compiled to WASM, in this process, with ONE connection —
 * every query and transaction queues behind the one before, so transactions never overlap
 * (which is what lets its change capture be a simple outbox, see outbox.ts).
 */

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

export interface PgliteOptions {
  /** Persist in this directory; in memory when absent. */
  dataDir?: string;
  seed: boolean;
  supabaseDir: string;
}

function wrap(q: Pick<PGlite | PgliteTransaction, 'query' | 'exec'>): Queryable {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params);
      return { rows: r.rows, affectedRows: r.affectedRows ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  };
}

function asDatabase(pg: PGlite, description: string): Database {
  const plain = wrap(pg);
  let feed: ChangeFeed | null = null;
  const db: Database = {
    engine: 'pglite',
    description,
    ...plain,
    asRole: async (auth, fn) => {
      const role = checkRole(auth.role);
      return pg.transaction(async (tx) => {
        await tx.exec(`SET LOCAL ROLE ${role}`);
        await tx.query("SELECT set_config('request.jwt.claims', $1, true)", [claimsJson(auth)]);
        return fn(wrap(tx));
      });
    },
    asAdmin: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    // The outbox lives in this process's database: it is never interrupted (no observer calls).
    async listen(handler) {
      if (feed) throw new Error('this database already has a change feed');
      const started = await startOutboxFeed(plain, handler);
      feed = started;
      return {
        ...started,
        stop: async () => {
          if (feed === started) feed = null;
          await started.stop();
        },
      };
    },
    async close() {
      await feed?.stop();
      feed = null;
      await pg.close();
    },
  };
  return db;
}

/**
 * Opens (or creates) PGlite: shim, new migrations, seed when new. In-memory databases start
 * from a cached template of that same build when one exists (template.ts).
 */
export async function openPglite(opts: PgliteOptions): Promise<Database> {
  if (opts.dataDir) {
    const pg = await PGlite.create({ dataDir: opts.dataDir });
    const db = asDatabase(pg, `PGlite ${opts.dataDir}`);
    try {
      await buildDatabase(db, opts.supabaseDir, opts.seed);
      return db;
    } catch (err) {
      await pg.close().catch(() => undefined);
      throw err;
    }
  }
  const key = templatesEnabled() ? templateKey(opts.supabaseDir, opts.seed, PGLITE_VERSION) : undefined;
  const template = key ? loadTemplate(key) : undefined;
  if (key && template) {
    try {
      return asDatabase(await PGlite.create({ loadDataDir: template }), 'PGlite (in memory)');
    } catch {
      dropTemplate(key); // corrupt or from an incompatible build: rebuild below
    }
  }
  const pg = await PGlite.create();
  const db = asDatabase(pg, 'PGlite (in memory)');
  try {
    await buildDatabase(db, opts.supabaseDir, opts.seed);
    if (key) await saveTemplate(key, pg);
    return db;
  } catch (err) {
    await pg.close().catch(() => undefined);
    throw err;
  }
}

export { PGLITE_VERSION };
