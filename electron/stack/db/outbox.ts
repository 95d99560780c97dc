import type { CapturedChange, ChangeFeed, ChangeHandler, Queryable } from './database';

/**
 * Change capture on PGlite, which has no logical replication: an AFTER ROW trigger on every
 * table of the `supabase_realtime` publication appends the change to `_gateway.outbox`, and the
 * feed takes it off in id order. PGlite runs one transaction at a time, so id order is commit
 * order. On a server it is not (ids are taken at write time, transactions overlap and commit in
 * another order), which is why a server uses logical replication instead (replication.ts).
 * This is a property of the embedded engine, not of the production schema, so it is installed
 * here and not by a migration.
 */

const INSTALL_SQL = /* sql */ `
CREATE SCHEMA IF NOT EXISTS _gateway;
REVOKE ALL ON SCHEMA _gateway FROM PUBLIC;
CREATE TABLE IF NOT EXISTS _gateway.outbox (
  id bigserial PRIMARY KEY,
  schema_name text NOT NULL,
  table_name text NOT NULL,
  op text NOT NULL,
  record jsonb,
  old_record jsonb,
  committed_at timestamptz NOT NULL DEFAULT now()
);
-- SECURITY DEFINER: writers run as anon/authenticated, who have no access to _gateway.
CREATE OR REPLACE FUNCTION _gateway.capture_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  INSERT INTO _gateway.outbox (schema_name, table_name, op, record, old_record)
  VALUES (TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP,
          CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END,
          CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END);
  RETURN NULL;
END
$fn$;
`;

const quoteIdent = (name: string): string => '"' + name.replace(/"/g, '""') + '"';

/** Installs the outbox and a capture trigger on each published table; idempotent. Returns the tables. */
export async function installChangeCapture(db: Queryable): Promise<string[]> {
  await db.exec(INSTALL_SQL);
  const published = await db.query<{ schema: string; table: string }>(
    `SELECT schemaname::text AS schema, tablename::text AS table FROM pg_publication_tables WHERE pubname = 'supabase_realtime'`,
  );
  for (const { schema, table } of published.rows) {
    await db.exec(
      `CREATE OR REPLACE TRIGGER zz_gateway_capture AFTER INSERT OR UPDATE OR DELETE ON ${quoteIdent(schema)}.${quoteIdent(table)}
         FOR EACH ROW EXECUTE FUNCTION _gateway.capture_change()`,
    );
  }
  return published.rows.map((r) => `${r.schema}.${r.table}`);
}

/** Removes the capture triggers (the outbox table stays, empty). */
export async function uninstallChangeCapture(db: Queryable): Promise<void> {
  const triggers = await db.query<{ schema: string; table: string }>(
    `SELECT n.nspname::text AS schema, c.relname::text AS table
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE t.tgname = 'zz_gateway_capture'`,
  );
  for (const { schema, table } of triggers.rows) {
    await db.exec(`DROP TRIGGER zz_gateway_capture ON ${quoteIdent(schema)}.${quoteIdent(table)}`);
  }
  await db.exec('DELETE FROM _gateway.outbox');
}

/** Takes up to `limit` changes off the outbox, oldest first, in one transaction. */
export async function takeChanges(db: Queryable, limit: number): Promise<CapturedChange[]> {
  const r = await db.query<{
    id: number;
    schema_name: string;
    table_name: string;
    op: string;
    record: string | null;
    old_record: string | null;
    ts: string;
  }>(
    `WITH taken AS (
       DELETE FROM _gateway.outbox WHERE id IN (SELECT id FROM _gateway.outbox ORDER BY id LIMIT $1)
       RETURNING *)
     SELECT id::float8 AS id, schema_name, table_name, op, record::text AS record, old_record::text AS old_record,
            to_char(committed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts
       FROM taken ORDER BY id`,
    [limit],
  );
  return r.rows.map((row) => ({
    id: row.id,
    schema: row.schema_name,
    table: row.table_name,
    type: row.op as CapturedChange['type'],
    record: row.record ? (JSON.parse(row.record) as Record<string, unknown>) : null,
    oldRecord: row.old_record ? (JSON.parse(row.old_record) as Record<string, unknown>) : null,
    commitTimestamp: row.ts,
  }));
}

export interface OutboxFeedOptions {
  /** Poll period for changes written straight to the database (default 25 ms). */
  intervalMs?: number;
  /** Changes per batch (default 500). */
  batchSize?: number;
}

/**
 * Drains the outbox strictly one drain at a time, so batches leave in outbox order: after each
 * gateway write (`kick`), on a short timer (writes made straight through the database), and on
 * `flush()`, which resolves once everything committed before the call has been handed over.
 */
export async function startOutboxFeed(
  db: Queryable,
  handler: ChangeHandler,
  opts: OutboxFeedOptions = {},
): Promise<ChangeFeed> {
  const batchSize = opts.batchSize ?? 500;
  await installChangeCapture(db);
  let chain: Promise<void> = Promise.resolve();
  let pending = false;
  let stopped = false;

  const drainAll = async (): Promise<void> => {
    for (;;) {
      if (stopped) return;
      const changes = await takeChanges(db, batchSize);
      if (changes.length === 0) return;
      // A failed handler loses only that batch (at-most-once; clients reconcile by snapshot).
      await handler(changes).catch(() => undefined);
      if (changes.length < batchSize) return;
    }
  };
  const kick = (): void => {
    if (pending || stopped) return;
    pending = true;
    chain = chain.then(async () => {
      pending = false;
      await drainAll().catch(() => undefined);
    });
  };
  const flush = (): Promise<void> => {
    const run = chain.then(drainAll);
    chain = run.catch(() => undefined);
    return run;
  };

  // Whatever a previous run left behind goes first (to nobody: no one has subscribed yet).
  await flush();
  const timer = setInterval(kick, opts.intervalMs ?? 25);
  timer.unref();

  return {
    method: 'outbox',
    flush,
    kick,
    async stop() {
      clearInterval(timer);
      stopped = true;
      await chain.catch(() => undefined);
    },
  };
}
