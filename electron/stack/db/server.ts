import pg from 'pg';
import { buildDatabase } from './build';
import {
  checkRole,
  claimsJson,
  DatabaseSetupError,
  type ChangeFeed,
  type Database,
  type Queryable,
  type QueryResult,
  type Transaction,
} from './database';
import type { MigrationTarget } from './migrations';
import { startOutboxFeed, uninstallChangeCapture } from './outbox';
import { defaultSlotName, dropSlot, startReplicationFeed } from './replication';

/**
 * The PostgreSQL server engine: node-postgres with a connection pool, so many requests run at
 * once on many connections, as on a hosted Supabase project. The gateway connects as the
 * database owner (a superuser for the first start: the shim creates the API roles, one with
 * BYPASSRLS) and each request switches role inside its own transaction, as PostgREST does.
 * Every session runs in UTC, where the platform keeps its timestamps.
 */

export interface ServerOptions {
  /** `postgres://user:password@host:port/database` (any libpq-style URL node-postgres accepts). */
  databaseUrl: string;
  seed: boolean;
  supabaseDir: string;
  /** Pool connections (default 10). */
  poolSize?: number;
  /**
   * How Realtime captures changes: `logical-replication` (default; commit order, what Supabase
   * does) or `outbox` (the PGlite mechanism, kept only to show why it is wrong on a server).
   */
  capture?: 'logical-replication' | 'outbox';
  /** Replication slot (default `tradedesk_realtime_<database>`). */
  slotName?: string;
  log?: (line: string) => void;
}

const { types } = pg;
const INT8 = 20;
const INT8_ARRAY = 1016;
const NAME_ARRAY = 1003;
const TEXT_ARRAY = 1009;
const DATE = 1082;
const TIMESTAMP = 1114;
const INTERVAL = 1186;
const PLAIN_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/;

// pg-types parses these array types (int8[] as strings) but its typings list only scalar ids.
const byOid = types.getTypeParser as unknown as (oid: number, format: 'text') => (v: string) => (string | null)[];

/** Parse like PGlite (see QueryResult): int8 as number, timestamps without zone and dates as UTC. */
export const pgliteLikeTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (format === 'binary') return types.getTypeParser(oid, 'binary');
    switch (oid) {
      case INT8:
        return (v) => Number(v);
      case INT8_ARRAY: {
        const parse = byOid(INT8_ARRAY, 'text');
        return (v) => parse(v).map((x) => (x === null ? null : Number(x)));
      }
      case TIMESTAMP:
        return (v) => (PLAIN_TIMESTAMP.test(v) ? new Date(`${v.replace(' ', 'T')}Z`) : v);
      case DATE:
        return (v) => (/^\d{4}-\d\d-\d\d$/.test(v) ? new Date(`${v}T00:00:00Z`) : v);
      case INTERVAL:
        return (v) => v;
      case NAME_ARRAY:
        return byOid(TEXT_ARRAY, 'text');
      default:
        return types.getTypeParser(oid, 'text');
    }
  },
} as pg.CustomTypesConfig;

/** The connection settings every session of ours uses. */
export function connectionConfig(databaseUrl: string): pg.ClientConfig {
  return {
    connectionString: databaseUrl,
    types: pgliteLikeTypes,
    options: '-c TimeZone=UTC',
    application_name: 'tradedesk-gateway',
  };
}

/** `postgres://u:secret@h:5432/db` → `h:5432/db` (never the password). */
export function describeUrl(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'the configured server';
  }
}

/** Errors that mean "this server/database/role cannot be used as given", by code. */
const SETUP_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing listens there (is the server running, on that port?)',
  ENOTFOUND: 'no such host',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'the connection timed out',
  '3D000': 'create it first (createdb)',
  '28000': 'check the role and pg_hba.conf',
  '28P01': 'wrong password (give it in PGPASSWORD)',
  '57P03': 'the server is starting up or shutting down',
  '42501': 'the role lacks a privilege the first start needs: connect as a superuser such as postgres once',
};

/** A driver error at start-up → DatabaseSetupError naming the server, the cause and the fix. */
function asSetupError(err: unknown, databaseUrl: string): unknown {
  const code = (err as { code?: unknown }).code;
  const why = typeof code === 'string' ? SETUP_CODES[code] : undefined;
  if (!why || !(err instanceof Error)) return err;
  return new DatabaseSetupError(
    `cannot use the PostgreSQL database at ${describeUrl(databaseUrl)}: ${err.message} — ${why}`,
    { cause: err },
  );
}

type PgQueryable = Pick<pg.ClientBase, 'query'>;

function wrap(q: PgQueryable): Queryable {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await q.query({ text: sql, values: params ?? [] });
      return { rows: r.rows as T[], affectedRows: r.command === 'SELECT' ? 0 : (r.rowCount ?? 0) };
    },
    async exec(sql: string): Promise<void> {
      await q.query(sql);
    },
  };
}

/** Runs fn in one transaction on one pooled connection; `begin` opens it (and may set the role). */
async function inTransaction<T>(
  pool: pg.Pool,
  begin: (client: pg.PoolClient) => string,
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // While checked out the pool does not listen for the connection dying between two queries:
  // without a listener that 'error' would be uncaught.
  const onError = (err: Error): void => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query(begin(client));
    const result = await fn(wrap(client));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackErr) {
      // The connection itself is gone (server restart): the pool must not hand it out again.
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    }
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** Migrations on one dedicated session, under an advisory lock, so two gateways never race them. */
async function migrate(databaseUrl: string, supabaseDir: string, seed: boolean): Promise<void> {
  const client = new pg.Client(connectionConfig(databaseUrl));
  client.on('error', () => undefined); // a failure surfaces as the failing query's error
  await client.connect().catch((err: unknown) => {
    throw asSetupError(err, databaseUrl);
  });
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('tradedesk.migrations'))");
    const plain = wrap(client);
    const target: MigrationTarget = {
      ...plain,
      asAdmin: async (fn) => {
        await client.query('BEGIN');
        try {
          const r = await fn(plain);
          await client.query('COMMIT');
          return r;
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      },
    };
    await buildDatabase(target, supabaseDir, seed).catch((err: unknown) => {
      throw asSetupError(err, databaseUrl);
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openServer(opts: ServerOptions): Promise<Database> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`[db] ${line}\n`));
  await migrate(opts.databaseUrl, opts.supabaseDir, opts.seed);
  const config = connectionConfig(opts.databaseUrl);
  const pool = new pg.Pool({ ...config, max: opts.poolSize ?? 10 });
  // An idle connection dropped by the server (restart, admin kill) is removed by the pool; the
  // next request opens a new one.
  pool.on('error', () => undefined);
  const plain = wrap(pool);
  const identity = await pool
    .query<{ v: string; d: string }>("SELECT current_setting('server_version') AS v, current_database() AS d")
    .catch(async (err: unknown) => {
      await pool.end().catch(() => undefined);
      throw err;
    });
  const version = identity.rows[0]!.v;
  const database = identity.rows[0]!.d;
  const slotName = opts.slotName ?? defaultSlotName(database);
  let feed: ChangeFeed | null = null;

  return {
    engine: 'postgres',
    description: `PostgreSQL ${version.split(' ')[0]} at ${describeUrl(opts.databaseUrl)}`,
    ...plain,
    asRole: async (auth, fn) => {
      const role = checkRole(auth.role);
      // One round trip: PostgREST sets the role and claims with set_config(…, true) likewise.
      return inTransaction(
        pool,
        (c) =>
          `BEGIN; SELECT set_config('role', '${role}', true), set_config('request.jwt.claims', ${c.escapeLiteral(claimsJson(auth))}, true)`,
        fn,
      );
    },
    asAdmin: (fn) => inTransaction(pool, () => 'BEGIN', fn),
    async listen(handler, observer) {
      if (feed) throw new Error('this database already has a change feed');
      if ((opts.capture ?? 'logical-replication') === 'outbox') {
        feed = await startOutboxFeed(plain, handler);
      } else {
        // A database once captured by the outbox must not keep filling it.
        const hasOutbox = await plain.query("SELECT to_regclass('_gateway.outbox') IS NOT NULL AS present");
        if ((hasOutbox.rows[0] as { present: boolean }).present) await uninstallChangeCapture(plain);
        feed = await startReplicationFeed(handler, { connection: config, db: plain, slotName, log, observer });
      }
      const started = feed;
      return {
        method: started.method,
        flush: () => started.flush(),
        kick: () => started.kick(),
        stop: async (stopOpts) => {
          if (feed === started) feed = null;
          await started.stop(stopOpts);
        },
      };
    },
    async close() {
      await feed?.stop();
      feed = null;
      await pool.end();
    },
  };
}

/** Drops the gateway's replication slot on this database (retiring a self-hosted gateway). */
export async function dropRealtimeSlot(databaseUrl: string, slotName?: string): Promise<string> {
  const client = new pg.Client(connectionConfig(databaseUrl));
  client.on('error', () => undefined); // a failure surfaces as the failing query's error
  await client.connect().catch((err: unknown) => {
    throw asSetupError(err, databaseUrl);
  });
  try {
    const plain = wrap(client);
    const name =
      slotName ?? defaultSlotName((await plain.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d);
    await dropSlot(plain, name);
    return name;
  } finally {
    await client.end().catch(() => undefined);
  }
}
