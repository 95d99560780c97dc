/**
 * The one database interface the embedded Supabase gateway uses, whichever engine is behind it:
 * PGlite (in-process Postgres in WASM, one connection) or a PostgreSQL server reached through a
 * node-postgres pool. Both run the same Supabase shim, migrations and seed, and both make RLS
 * decide by running each request in one transaction with `SET LOCAL ROLE` and
 * `request.jwt.claims`, exactly as PostgREST does on a hosted project.
 */

export type DbEngine = 'pglite' | 'postgres';

export type DbRole = 'anon' | 'authenticated' | 'service_role';

export interface DbAuth {
  role: DbRole;
  /** The JWT claims as PostgREST would expose them (`sub`, `role`, `email`, …). */
  claims: Record<string, unknown>;
}

/**
 * Rows as both engines hand them back (node-postgres is configured to parse like PGlite):
 * int2/int4/int8/float → number, numeric → string (exact), bool → boolean, json/jsonb → parsed,
 * timestamp/date → Date read as UTC, timestamptz → Date, bytea → Uint8Array, interval → text.
 */
export interface QueryResult<T> {
  rows: T[];
  /** Rows inserted/updated/deleted by the statement (0 for a SELECT). */
  affectedRows: number;
}

export interface Queryable {
  /** One statement with `$n` parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** One or more statements without parameters (simple query protocol), results discarded. */
  exec(sql: string): Promise<void>;
}

/** The handle inside `asRole`/`asAdmin`: every statement runs in that one transaction. */
export type Transaction = Queryable;

/**
 * A change to a table of the `supabase_realtime` publication, committed. `record` and
 * `oldRecord` are the rows as `to_jsonb(row)` renders them (numbers for numerics, ISO text for
 * timestamps); `oldRecord` is whole under REPLICA IDENTITY FULL, the key otherwise.
 */
export interface CapturedChange {
  /** Increasing per feed, in delivery (= commit) order. */
  id: number;
  schema: string;
  table: string;
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  record: Record<string, unknown> | null;
  oldRecord: Record<string, unknown> | null;
  /** `YYYY-MM-DDTHH:MI:SS.MSZ` (UTC): the commit's timestamp (PGlite: its transaction's). */
  commitTimestamp: string;
}

/**
 * Receives committed changes in commit order, a batch at a time; the next batch waits until
 * the returned promise settles. A batch that throws is dropped (Realtime is at-most-once).
 */
export type ChangeHandler = (changes: CapturedChange[]) => Promise<void>;

/**
 * Told when capture loses its connection to the database (a server restarting), once per
 * outage. Nothing committed is lost across that (the slot re-sends what was not handed over),
 * but a subscriber cannot be sure of what it saw around it, so the gateway asks subscribers to
 * rejoin and reconcile. The PGlite outbox is in-process and never interrupted.
 */
export interface ChangeFeedObserver {
  interrupted?(reason: string): void;
}

/** A running change capture (see `Database.listen`). */
export interface ChangeFeed {
  /**
   * `outbox`: an AFTER ROW trigger appends to `_gateway.outbox`, drained in id order (PGlite,
   * where transactions never overlap). `logical-replication`: pgoutput from a replication slot,
   * in commit order (a server, where they do).
   */
  readonly method: 'outbox' | 'logical-replication';
  /** Resolves once every change committed before the call has been handed to the handler. */
  flush(): Promise<void>;
  /** A write just committed through the gateway: deliver soon (the outbox drains now). */
  kick(): void;
  /**
   * Stops delivering. The server keeps its replication slot, so the next `listen` resumes after
   * the last change handed over (nothing lost, nothing repeated); `dropSlot` removes it for good.
   */
  stop(opts?: { dropSlot?: boolean }): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: DbEngine;
  /** Where the data lives, for logs: `PGlite (in memory)`, `PostgreSQL 15.18 at 127.0.0.1:5432/tradedesk`. */
  readonly description: string;
  /**
   * Runs fn in ONE transaction as `role` with `request.jwt.claims` set, so RLS and grants decide
   * as on Supabase. Commits when fn resolves, rolls back when it throws (and rethrows).
   */
  asRole<T>(auth: DbAuth, fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Runs fn in one transaction as the database owner (no RLS). */
  asAdmin<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Starts capturing committed changes of the `supabase_realtime` tables. Changes committed
   * while nothing listened are handed over first (to nobody, when no one has subscribed yet).
   */
  listen(handler: ChangeHandler, observer?: ChangeFeedObserver): Promise<ChangeFeed>;
  /** Closes the database (a running feed is stopped first). */
  close(): Promise<void>;
}

/**
 * The database cannot be used as configured: the server is unreachable, the database or role is
 * missing, `wal_level` is not `logical`, or another gateway holds the Realtime slot. Not a crash:
 * the message is one sentence saying what is wrong and what to do (the stack CLI prints just
 * that); `cause` keeps the driver's error.
 */
export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError';
}

/** Role names reach SQL text (SET ROLE takes no parameters): only these three are allowed. */
export const DB_ROLES: ReadonlySet<string> = new Set<DbRole>(['anon', 'authenticated', 'service_role']);

export function checkRole(role: string): DbRole {
  if (!DB_ROLES.has(role)) throw new Error(`unknown database role: ${role}`);
  return role as DbRole;
}

/** The claims JSON PostgREST puts in `request.jwt.claims` (role defaults to the role run as). */
export function claimsJson(auth: DbAuth): string {
  return JSON.stringify({ ...auth.claims, role: auth.claims.role ?? auth.role });
}
