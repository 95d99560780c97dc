import type { PGlite } from '@electric-sql/pglite';
import { quoteIdent } from '../rest/catalog';

/**
 * Change capture for the embedded server. Hosted Supabase reads the WAL; PGlite has no
 * logical replication, so an AFTER ROW trigger on every table of the `supabase_realtime`
 * publication appends the change to `_gateway.outbox`. PGlite runs one transaction at a time,
 * so outbox ids are in commit order. This is a property of this embedded server, not of the
 * production schema, which is why it is installed here and not by a migration.
 */

export interface CapturedChange {
  id: number;
  schema: string;
  table: string;
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  record: Record<string, unknown> | null;
  oldRecord: Record<string, unknown> | null;
  /** `YYYY-MM-DDTHH:MI:SS.MSZ`, the transaction's timestamp. */
  commitTimestamp: string;
}

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

/** Installs the outbox and a capture trigger on each published table; idempotent. Returns the tables. */
export async function installChangeCapture(pg: PGlite): Promise<string[]> {
  await pg.exec(INSTALL_SQL);
  const published = await pg.query<{ schema: string; table: string }>(
    `SELECT schemaname::text AS schema, tablename::text AS table FROM pg_publication_tables WHERE pubname = 'supabase_realtime'`,
  );
  for (const { schema, table } of published.rows) {
    await pg.exec(
      `CREATE OR REPLACE TRIGGER zz_gateway_capture AFTER INSERT OR UPDATE OR DELETE ON ${quoteIdent(schema)}.${quoteIdent(table)}
         FOR EACH ROW EXECUTE FUNCTION _gateway.capture_change()`,
    );
  }
  return published.rows.map((r) => `${r.schema}.${r.table}`);
}

/** Takes up to `limit` changes off the outbox, oldest first, in one transaction. */
export async function takeChanges(pg: PGlite, limit: number): Promise<CapturedChange[]> {
  const r = await pg.query<{
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
