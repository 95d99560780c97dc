import { RestError } from './errors';
import { qualifiedName, quoteIdent, type FunctionInfo, type TableInfo } from './catalog';
import type { Filter, OrderTerm, ReadQuery, SelectItem } from './query';

/**
 * Builds parameterised SQL for PostgREST requests. Identifiers are checked against the catalog
 * and quoted; every value travels as a parameter (its type inferred from the column it meets).
 * Results are rendered to JSON by Postgres itself (`json_agg`), as PostgREST does, so numerics
 * arrive as JSON numbers and timestamps in ISO form.
 */

export interface Sql {
  text: string;
  params: unknown[];
}

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

export function columnNotFound(table: TableInfo, column: string): RestError {
  return new RestError(400, '42703', `column ${table.name}.${column} does not exist`);
}

function checkColumn(table: TableInfo, column: string): string {
  if (!table.columns.has(column)) throw columnNotFound(table, column);
  return quoteIdent(column);
}

function columnRef(table: TableInfo, column: string): string {
  return `${qualifiedName(table)}.${checkColumn(table, column)}`;
}

const COMPARATORS = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'LIKE',
  ilike: 'ILIKE',
} as const;

function filterSql(table: TableInfo, f: Filter, p: Params): string {
  const col = columnRef(table, f.column);
  let cond: string;
  switch (f.op) {
    case 'in':
      cond = f.values.length === 0 ? 'false' : `${col} IN (${f.values.map((v) => p.add(v)).join(', ')})`;
      break;
    case 'is':
      // A keyword from a closed set, never user text.
      cond = `${col} IS ${f.value.toUpperCase()}`;
      break;
    case 'like':
    case 'ilike':
      // PostgREST lets clients write `*` for `%` because `%` is awkward in URLs.
      cond = `${col} ${COMPARATORS[f.op]} ${p.add(f.value.replace(/\*/g, '%'))}`;
      break;
    default:
      cond = `${col} ${COMPARATORS[f.op]} ${p.add(f.value)}`;
  }
  return f.negate ? `NOT (${cond})` : cond;
}

function whereSql(table: TableInfo, filters: Filter[], p: Params): string {
  if (filters.length === 0) return '';
  return ' WHERE ' + filters.map((f) => filterSql(table, f, p)).join(' AND ');
}

function orderSql(table: TableInfo, order: OrderTerm[]): string {
  if (order.length === 0) return '';
  return (
    ' ORDER BY ' +
    order
      .map((o) => {
        const nulls = o.nulls ? ` NULLS ${o.nulls.toUpperCase()}` : '';
        return `${columnRef(table, o.column)} ${o.direction.toUpperCase()}${nulls}`;
      })
      .join(', ')
  );
}

/** The projection, with unqualified names so it works over the table and over a CTE alike. */
function projection(table: TableInfo, select: SelectItem[]): string {
  return select
    .map((s) => (s.kind === 'star' ? '*' : `${checkColumn(table, s.column)} AS ${quoteIdent(s.alias)}`))
    .join(', ');
}

const AGG = (inner: string, select: string): string =>
  `SELECT coalesce(json_agg(_r), '[]')::text AS body, count(*)::int AS n FROM (SELECT ${select} FROM ${inner}) _r`;

export function buildSelect(table: TableInfo, q: ReadQuery): { rows: Sql; count: Sql } {
  const p = new Params();
  const where = whereSql(table, q.filters, p);
  const order = orderSql(table, q.order);
  const limit = q.limit !== null ? ` LIMIT ${q.limit}` : '';
  const offset = q.offset !== null ? ` OFFSET ${q.offset}` : '';
  const inner = `(SELECT * FROM ${qualifiedName(table)}${where}${order}${limit}${offset}) _src`;
  return {
    rows: { text: AGG(inner, projection(table, q.select)), params: p.values },
    count: { text: `SELECT count(*)::int AS total FROM ${qualifiedName(table)}${where}`, params: [...p.values] },
  };
}

/** A write, optionally returning rows rendered through the request's `select`. */
function withReturning(write: string, table: TableInfo, select: SelectItem[] | null): string {
  if (!select) return write;
  return `WITH _w AS (${write} RETURNING ${qualifiedName(table)}.*) ${AGG('_w', projection(table, select))}`;
}

export type UpsertMode = { kind: 'merge'; onConflict: string[] } | { kind: 'ignore'; onConflict: string[] } | null;

export function buildInsert(
  table: TableInfo,
  rows: Record<string, unknown>[],
  columns: string[],
  upsert: UpsertMode,
  select: SelectItem[] | null,
): Sql {
  const p = new Params();
  const cols = columns.map((c) => checkColumn(table, c));
  let write: string;
  if (cols.length === 0) {
    write = `INSERT INTO ${qualifiedName(table)} DEFAULT VALUES`;
  } else {
    const payload = p.add(JSON.stringify(rows));
    // json_populate_recordset gives each value its column's type, exactly like PostgREST.
    write =
      `INSERT INTO ${qualifiedName(table)} (${cols.join(', ')}) ` +
      `SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::${qualifiedName(table)}, ${payload}::json)`;
  }
  if (upsert) {
    const target = upsert.onConflict.map((c) => checkColumn(table, c)).join(', ');
    const updatable = cols.filter((c) => !upsert.onConflict.map(quoteIdent).includes(c));
    write +=
      upsert.kind === 'ignore' || updatable.length === 0
        ? ` ON CONFLICT (${target}) DO NOTHING`
        : ` ON CONFLICT (${target}) DO UPDATE SET ${updatable.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;
  }
  return { text: withReturning(write, table, select), params: p.values };
}

export function buildUpdate(
  table: TableInfo,
  patch: Record<string, unknown>,
  filters: Filter[],
  select: SelectItem[] | null,
): Sql {
  const p = new Params();
  const cols = Object.keys(patch).map((c) => checkColumn(table, c));
  const payload = p.add(JSON.stringify(patch));
  const where = whereSql(table, filters, p);
  const write =
    `UPDATE ${qualifiedName(table)} SET ${cols.map((c) => `${c} = _p.${c}`).join(', ')} ` +
    `FROM json_populate_record(NULL::${qualifiedName(table)}, ${payload}::json) AS _p${where}`;
  return { text: withReturning(write, table, select), params: p.values };
}

export function buildDelete(table: TableInfo, filters: Filter[], select: SelectItem[] | null): Sql {
  const p = new Params();
  const write = `DELETE FROM ${qualifiedName(table)}${whereSql(table, filters, p)}`;
  return { text: withReturning(write, table, select), params: p.values };
}

/** Picks the overload whose named arguments match the given keys (PostgREST's rule). */
export function resolveFunction(candidates: FunctionInfo[], keys: string[]): FunctionInfo | undefined {
  return candidates.find((f) => {
    const names = new Set(f.args.map((a) => a.name));
    if (!keys.every((k) => names.has(k))) return false;
    return f.args.every((a) => a.hasDefault || keys.includes(a.name));
  });
}

/** JSON value → the text form Postgres parses for the argument's type. */
function argText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function buildRpc(fn: FunctionInfo, args: Record<string, unknown>): Sql {
  const p = new Params();
  const argSql = fn.args
    .filter((a) => a.name in args)
    .map((a) => `${quoteIdent(a.name)} => ${p.add(argText(args[a.name]))}::${a.sqlType}`)
    .join(', ');
  const call = `${qualifiedName(fn)}(${argSql})`;
  let text: string;
  if (fn.returnsVoid) text = `SELECT ${call} AS body`;
  else if (fn.returnsSet) text = `SELECT coalesce(json_agg(_r), '[]')::text AS body FROM ${call} _r`;
  else if (fn.returnsComposite) text = `SELECT to_json(_r)::text AS body FROM ${call} _r`;
  else text = `SELECT to_json(${call})::text AS body`;
  return { text, params: p.values };
}
