import type { Queryable } from '../../db';

/**
 * What the gateway needs to know about the exposed schema: tables with their columns, primary
 * keys and RLS flag, and functions with their named input arguments. Every identifier that
 * reaches SQL text is checked against this first, so a name can only be one that exists.
 */

export interface ColumnInfo {
  name: string;
  /** `pg_type.typname` (`int8`, `numeric`, `_text`, …): what Realtime reports in `columns`. */
  typeName: string;
  /** `format_type()` (`numeric(10,2)`, `text[]`): what we cast parameters to. */
  sqlType: string;
  /** API roles holding SELECT on this column (Realtime shows a role only those columns). */
  readers: ReadonlySet<string>;
}

export interface TableInfo {
  schema: string;
  name: string;
  columns: Map<string, ColumnInfo>;
  columnList: ColumnInfo[];
  primaryKey: string[];
  rlsEnabled: boolean;
  /** `relreplident`: 'f' full, 'd' default (PK only), 'n' nothing, 'i' index. */
  replicaIdentity: string;
}

export interface FunctionArg {
  name: string;
  sqlType: string;
  hasDefault: boolean;
}

export interface FunctionInfo {
  schema: string;
  name: string;
  args: FunctionArg[];
  returnsSet: boolean;
  returnsVoid: boolean;
  /** Returns one composite row (rendered as an object rather than a scalar). */
  returnsComposite: boolean;
}

export interface Catalog {
  tables: Map<string, TableInfo>;
  functions: Map<string, FunctionInfo[]>;
}

export const EXPOSED_SCHEMA = 'public';

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

export function qualifiedName(t: { schema: string; name: string }): string {
  return `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
}

export async function loadCatalog(
  pg: Pick<Queryable, 'query'>,
  schemas: string[] = [EXPOSED_SCHEMA],
): Promise<Catalog> {
  const rels = await pg.query<{ schema: string; name: string; rls: boolean; ident: string }>(
    `SELECT n.nspname::text AS schema, c.relname::text AS name, c.relrowsecurity AS rls, c.relreplident::text AS ident
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r','v','m','p','f')`,
    [schemas],
  );
  const cols = await pg.query<{
    schema: string;
    rel: string;
    name: string;
    typname: string;
    fmt: string;
    readers: string;
  }>(
    `SELECT n.nspname::text AS schema, c.relname::text AS rel, a.attname::text AS name,
            t.typname::text AS typname, format_type(a.atttypid, a.atttypmod) AS fmt,
            json_build_array(
              CASE WHEN has_column_privilege('anon', c.oid, a.attnum, 'SELECT') THEN 'anon' END,
              CASE WHEN has_column_privilege('authenticated', c.oid, a.attnum, 'SELECT') THEN 'authenticated' END,
              CASE WHEN has_column_privilege('service_role', c.oid, a.attnum, 'SELECT') THEN 'service_role' END
            )::text AS readers
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r','v','m','p','f')
        AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY n.nspname, c.relname, a.attnum`,
    [schemas],
  );
  const pks = await pg.query<{ schema: string; rel: string; cols: string }>(
    `SELECT n.nspname::text AS schema, c.relname::text AS rel,
            json_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))::text AS cols
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey::int2[])
      WHERE i.indisprimary AND n.nspname = ANY($1::text[])
      GROUP BY n.nspname, c.relname`,
    [schemas],
  );
  const fns = await pg.query<{
    schema: string;
    name: string;
    names: string | null;
    types: string | null;
    ndefaults: number;
    retset: boolean;
    rettype: string;
    rettyptype: string;
  }>(
    `SELECT n.nspname::text AS schema, p.proname::text AS name,
            (SELECT json_agg(coalesce(u.nm, '') ORDER BY u.o)::text
               FROM unnest(coalesce(p.proargnames, array_fill(''::text, ARRAY[coalesce(array_length(p.proargmodes, 1), p.pronargs)])),
                           coalesce(p.proargmodes::text[], array_fill('i'::text, ARRAY[coalesce(array_length(p.proargnames, 1), p.pronargs)])))
                    WITH ORDINALITY AS u(nm, md, o)
              WHERE u.md IN ('i', 'b', 'v')) AS names,
            (SELECT json_agg(format_type(t.oid, NULL) ORDER BY u.o)::text
               FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS u(tid, o) JOIN pg_type t ON t.oid = u.tid) AS types,
            p.pronargdefaults::int AS ndefaults, p.proretset AS retset,
            rt.typname::text AS rettype, rt.typtype::text AS rettyptype
       FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace
       JOIN pg_type rt ON rt.oid = p.prorettype
      WHERE n.nspname = ANY($1::text[]) AND p.prokind = 'f'`,
    [schemas],
  );

  const tables = new Map<string, TableInfo>();
  const key = (schema: string, name: string): string => (schema === EXPOSED_SCHEMA ? name : `${schema}.${name}`);
  for (const r of rels.rows) {
    tables.set(key(r.schema, r.name), {
      schema: r.schema,
      name: r.name,
      columns: new Map(),
      columnList: [],
      primaryKey: [],
      rlsEnabled: r.rls,
      replicaIdentity: r.ident,
    });
  }
  for (const c of cols.rows) {
    const t = tables.get(key(c.schema, c.rel));
    if (!t) continue;
    const readers = new Set((JSON.parse(c.readers) as (string | null)[]).filter((r): r is string => r !== null));
    const info = { name: c.name, typeName: c.typname, sqlType: c.fmt, readers };
    t.columns.set(c.name, info);
    t.columnList.push(info);
  }
  for (const p of pks.rows) {
    const t = tables.get(key(p.schema, p.rel));
    if (t) t.primaryKey = JSON.parse(p.cols) as string[];
  }

  const functions = new Map<string, FunctionInfo[]>();
  for (const f of fns.rows) {
    const names = f.names ? (JSON.parse(f.names) as string[]) : [];
    const types = f.types ? (JSON.parse(f.types) as string[]) : [];
    if (names.length !== types.length) continue;
    const firstDefault = types.length - f.ndefaults;
    const info: FunctionInfo = {
      schema: f.schema,
      name: f.name,
      args: types.map((sqlType, i) => ({ name: names[i] ?? '', sqlType, hasDefault: i >= firstDefault })),
      returnsSet: f.retset,
      returnsVoid: f.rettype === 'void',
      returnsComposite: f.rettyptype === 'c',
    };
    const k = key(f.schema, f.name);
    const list = functions.get(k) ?? [];
    list.push(info);
    functions.set(k, list);
  }
  return { tables, functions };
}

/**
 * Caches the catalog and reloads it when a name is not found (a migration may have added it),
 * at most once per second so a flood of bogus names cannot turn into a flood of catalog scans.
 */
export class CatalogCache {
  private current: Catalog | null = null;
  private loading: Promise<Catalog> | null = null;
  private loadedAt = 0;

  constructor(private readonly load: () => Promise<Catalog>) {}

  async get(): Promise<Catalog> {
    if (this.current) return this.current;
    return this.reload();
  }

  async reload(): Promise<Catalog> {
    if (!this.loading) {
      this.loading = this.load()
        .then((c) => {
          this.current = c;
          this.loadedAt = Date.now();
          return c;
        })
        .finally(() => {
          this.loading = null;
        });
    }
    return this.loading;
  }

  async table(name: string): Promise<TableInfo | undefined> {
    const c = await this.get();
    const t = c.tables.get(name);
    if (t || Date.now() - this.loadedAt < 1000) return t;
    return (await this.reload()).tables.get(name);
  }

  async functions(name: string): Promise<FunctionInfo[]> {
    const c = await this.get();
    const f = c.functions.get(name);
    if (f || Date.now() - this.loadedAt < 1000) return f ?? [];
    return (await this.reload()).functions.get(name) ?? [];
  }
}
