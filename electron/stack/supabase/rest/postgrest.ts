import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Database, Transaction } from '../../db';
import { authenticateRequest, toDbAuth, type Caller } from '../caller';
import { BodyTooLargeError, INVALID_JSON, parseJson, readBody, send, sendJson } from '../http';
import { EXPOSED_SCHEMA, type CatalogCache, type TableInfo } from './catalog';
import { RestError, parseError, toRestError } from './errors';
import { parseIdentifier, parseReadQuery, parseSelect, type Filter, type SelectItem } from './query';
import {
  buildDelete,
  buildInsert,
  buildRpc,
  buildSelect,
  buildUpdate,
  resolveFunction,
  type Sql,
  type UpsertMode,
} from './sql';

/** PostgREST (`/rest/v1`) over the embedded database: one request = one transaction as the JWT's role. */

export interface RestContext {
  db: Database;
  catalog: CatalogCache;
  jwtSecret: string;
  /** Called after every committed write so Realtime delivers it promptly (the PGlite outbox drains now). */
  afterCommit: () => void;
  /**
   * PostgREST's `db-max-rows`: no read answers more rows than this, whatever `limit` or `Range`
   * asked for, and without an error (a hosted Supabase project caps at 1,000 by default).
   * null: no cap.
   */
  maxRows: number | null;
}

/** The cap a hosted Supabase project applies to every select unless its owner changed it. */
export const DEFAULT_MAX_ROWS = 1_000;

const SINGLE_OBJECT = 'application/vnd.pgrst.object+json';

interface Prefer {
  returnRepresentation: boolean;
  count: boolean;
  resolution: 'merge' | 'ignore' | null;
  /** `missing=default`: keys absent from an object take the column default, not NULL. */
  missingDefault: boolean;
}

function parsePrefer(header: string | string[] | undefined): Prefer {
  const parts = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim().toLowerCase());
  return {
    returnRepresentation: parts.includes('return=representation'),
    count: parts.some((p) => p === 'count=exact' || p === 'count=planned' || p === 'count=estimated'),
    resolution: parts.includes('resolution=merge-duplicates')
      ? 'merge'
      : parts.includes('resolution=ignore-duplicates')
        ? 'ignore'
        : null,
    missingDefault: parts.includes('missing=default'),
  };
}

function wantsSingle(req: IncomingMessage): boolean {
  return (req.headers['accept'] ?? '').toLowerCase().includes(SINGLE_OBJECT);
}

function singularError(n: number): RestError {
  return new RestError(
    406,
    'PGRST116',
    'JSON object requested, multiple (or no) rows returned',
    `The result contains ${n} rows`,
  );
}

async function tableOrThrow(ctx: RestContext, name: string): Promise<TableInfo> {
  const table = await ctx.catalog.table(name);
  if (!table) {
    throw new RestError(
      404,
      'PGRST205',
      `Could not find the table '${EXPOSED_SCHEMA}.${name}' in the schema cache`,
      null,
      null,
    );
  }
  return table;
}

async function run(tx: Transaction, sql: Sql): Promise<{ body: string; n: number; affected: number }> {
  const r = await tx.query<{ body?: string | null; n?: number }>(sql.text, sql.params);
  const row = r.rows[0];
  return { body: row?.body ?? '[]', n: row?.n ?? r.rows.length, affected: r.affectedRows ?? 0 };
}

const JsonObject = z.record(z.string(), z.unknown());
/** A write's body: one row or an array of rows. Values stay JSON; Postgres types them per column. */
const WritePayload = z.union([JsonObject, z.array(JsonObject)]);

/** The JSON payload of a write (PGRST102 for anything else). */
async function readPayload(req: IncomingMessage): Promise<z.infer<typeof WritePayload>> {
  const value = parseJson(await readBody(req));
  const parsed = value === INVALID_JSON ? null : WritePayload.safeParse(value);
  if (!parsed?.success) throw new RestError(400, 'PGRST102', 'Empty or invalid json');
  return parsed.data;
}

function checkPayloadColumns(table: TableInfo, columns: string[]): void {
  for (const c of columns) {
    if (!table.columns.has(c)) {
      throw new RestError(400, 'PGRST204', `Could not find the '${c}' column of '${table.name}' in the schema cache`);
    }
  }
}

/** Consecutive rows with the same set of keys, in order. */
function runsByKeySet(rows: Record<string, unknown>[]): Record<string, unknown>[][] {
  const runs: Record<string, unknown>[][] = [];
  let lastKey = '';
  for (const row of rows) {
    const key = Object.keys(row).sort().join('\u0000');
    if (runs.length > 0 && key === lastKey) runs[runs.length - 1]!.push(row);
    else runs.push([row]);
    lastKey = key;
  }
  return runs;
}

function contentRange(offset: number, n: number, total: number | null): string {
  const t = total === null ? '*' : String(total);
  return n === 0 ? `*/${t}` : `${offset}-${offset + n - 1}/${t}`;
}

interface Outcome {
  status: number;
  body: string | null;
  headers: Record<string, string>;
}

async function handleRead(
  req: IncomingMessage,
  url: URL,
  ctx: RestContext,
  caller: Caller,
  relation: string,
): Promise<Outcome> {
  const table = await tableOrThrow(ctx, relation);
  const rangeHeader = typeof req.headers['range'] === 'string' ? req.headers['range'] : undefined;
  const q = parseReadQuery(url.searchParams, rangeHeader);
  const prefer = parsePrefer(req.headers['prefer']);
  const single = wantsSingle(req);
  // The cap narrows the requested window silently, as PostgREST does; Content-Range stays true.
  const limit = ctx.maxRows === null ? q.limit : Math.min(q.limit ?? ctx.maxRows, ctx.maxRows);
  const sql = buildSelect(table, { ...q, limit });
  const result = await ctx.db.asRole(toDbAuth(caller), async (tx) => {
    const rows = await run(tx, sql.rows);
    const total = prefer.count
      ? (await tx.query<{ total: number }>(sql.count.text, sql.count.params)).rows[0]!.total
      : null;
    return { ...rows, total };
  });
  const offset = q.offset ?? 0;
  const headers = { 'Content-Range': contentRange(offset, result.n, result.total) };
  if (single) {
    if (result.n !== 1) throw singularError(result.n);
    return { status: 200, body: result.body.slice(1, -1), headers };
  }
  // PostgREST's rangeStatus: with a known total, an offset past it is 416 and a window that does
  // not hold every row (cut by limit, Range or the max-rows cap) is 206 Partial Content.
  if (result.total !== null && offset > result.total) {
    throw new RestError(
      416,
      'PGRST103',
      'Requested range not satisfiable',
      `An offset of ${offset} was requested, but there are only ${result.total} rows.`,
    );
  }
  const partial = result.total !== null && result.n < result.total;
  return { status: partial ? 206 : 200, body: result.body, headers };
}

async function handleWrite(
  req: IncomingMessage,
  url: URL,
  ctx: RestContext,
  caller: Caller,
  relation: string,
  method: 'POST' | 'PATCH' | 'DELETE',
): Promise<Outcome> {
  const table = await tableOrThrow(ctx, relation);
  const prefer = parsePrefer(req.headers['prefer']);
  const single = wantsSingle(req);
  const select: SelectItem[] | null = prefer.returnRepresentation ? parseSelect(url.searchParams.get('select')) : null;
  const filters: Filter[] = method === 'POST' ? [] : parseReadQuery(url.searchParams).filters;
  if (method !== 'POST' && filters.length === 0) {
    // Supabase runs PostgREST with pg-safeupdate: an unfiltered UPDATE/DELETE is refused
    // rather than rewriting or wiping every row the caller can see.
    const verb = method === 'PATCH' ? 'UPDATE' : 'DELETE';
    throw new RestError(400, '21000', `${verb} requires a WHERE clause`);
  }

  let sqls: Sql[];
  if (method === 'POST') {
    const payload = await readPayload(req);
    const rows = Array.isArray(payload) ? payload : [payload];
    const columnsParam = url.searchParams.get('columns');
    const columns = columnsParam
      ? columnsParam.split(',').map((c) => parseIdentifier(c))
      : [...new Set(rows.flatMap((r) => Object.keys(r)))];
    checkPayloadColumns(table, columns);
    let upsert: UpsertMode = null;
    if (prefer.resolution) {
      const onConflictParam = url.searchParams.get('on_conflict');
      const onConflict = onConflictParam ? onConflictParam.split(',').map((c) => parseIdentifier(c)) : table.primaryKey;
      if (onConflict.length === 0) throw parseError('on_conflict is required for a table without a primary key');
      upsert = { kind: prefer.resolution, onConflict };
    }
    if (rows.length === 0) sqls = [];
    else if (prefer.missingDefault) {
      // One INSERT per run of rows sharing a key set, so an absent key means DEFAULT.
      sqls = runsByKeySet(rows).map((run) =>
        buildInsert(
          table,
          run,
          Object.keys(run[0]!).filter((k) => columns.includes(k)),
          upsert,
          select,
        ),
      );
    } else sqls = [buildInsert(table, rows, columns, upsert, select)];
  } else if (method === 'PATCH') {
    const payload = await readPayload(req);
    if (Array.isArray(payload)) throw new RestError(400, 'PGRST102', 'Empty or invalid json');
    checkPayloadColumns(table, Object.keys(payload));
    sqls = Object.keys(payload).length === 0 ? [] : [buildUpdate(table, payload, filters, select)];
  } else {
    sqls = [buildDelete(table, filters, select)];
  }

  const result =
    sqls.length > 0
      ? await ctx.db.asRole(toDbAuth(caller), async (tx) => {
          let n = 0;
          const bodies: string[] = [];
          for (const sql of sqls) {
            const r = await run(tx, sql);
            n += select ? r.n : r.affected;
            bodies.push(r.body);
          }
          // Throwing inside the transaction rolls the write back, as PostgREST does.
          if (single && n !== 1) throw singularError(n);
          // Postgres-rendered JSON arrays, joined without re-parsing (keeps numerics verbatim).
          const inner = bodies.map((b) => b.slice(1, -1)).filter((b) => b.trim() !== '');
          return { body: `[${inner.join(',')}]`, n };
        })
      : { body: '[]', n: 0 };
  if (sqls.length > 0) ctx.afterCommit();
  if (single && sqls.length === 0) throw singularError(0);

  const headers: Record<string, string> = {};
  if (prefer.count || method === 'POST') headers['Content-Range'] = `*/${prefer.count ? result.n : '*'}`;
  const created = method === 'POST' ? 201 : 200;
  if (!select) return { status: method === 'POST' ? 201 : 204, body: null, headers };
  return { status: created, body: single ? result.body.slice(1, -1) : result.body, headers };
}

async function handleRpc(
  req: IncomingMessage,
  url: URL,
  ctx: RestContext,
  caller: Caller,
  name: string,
  method: 'GET' | 'POST',
): Promise<Outcome> {
  let args: Record<string, unknown>;
  if (method === 'POST') {
    const text = await readBody(req);
    const value = text.trim() === '' ? {} : parseJson(text);
    const parsed = value === INVALID_JSON ? null : JsonObject.safeParse(value);
    if (!parsed?.success) throw new RestError(400, 'PGRST102', 'Empty or invalid json');
    args = parsed.data;
  } else {
    args = Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'apikey'));
  }
  const keys = Object.keys(args);
  const fn = resolveFunction(await ctx.catalog.functions(name), keys);
  if (!fn) {
    throw new RestError(
      404,
      'PGRST202',
      `Could not find the function ${EXPOSED_SCHEMA}.${name}(${keys.sort().join(', ')}) in the schema cache`,
      `Searched for the function ${EXPOSED_SCHEMA}.${name} with parameters ${keys.sort().join(', ') || 'none'} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    );
  }
  const sql = buildRpc(fn, args);
  const body = await ctx.db.asRole(toDbAuth(caller), async (tx) => {
    const r = await tx.query<{ body: string | null }>(sql.text, sql.params);
    return r.rows[0]?.body ?? null;
  });
  ctx.afterCommit();
  if (fn.returnsVoid) return { status: 204, body: null, headers: {} };
  const out = body ?? 'null';
  if (wantsSingle(req) && fn.returnsSet) {
    const rows = JSON.parse(out) as unknown[];
    if (rows.length !== 1) throw singularError(rows.length);
    return { status: 200, body: JSON.stringify(rows[0]), headers: {} };
  }
  return { status: 200, body: out, headers: {} };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RestError(400, 'PGRST100', 'Invalid percent-encoding in the request path');
  }
}

/** Entry point for `/rest/v1/<path>`; always answers, never throws. */
export async function handleRest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string,
  ctx: RestContext,
): Promise<void> {
  const auth = authenticateRequest(req, url, ctx.jwtSecret);
  if (!auth.ok) {
    sendJson(res, auth.status, auth.body, auth.headers);
    return;
  }
  const caller = auth.caller;
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    const profile = req.headers[method === 'GET' || method === 'HEAD' ? 'accept-profile' : 'content-profile'];
    if (typeof profile === 'string' && profile !== EXPOSED_SCHEMA) {
      throw new RestError(406, 'PGRST106', 'The schema must be one of the following: public', null, null);
    }
    const segments = path.split('/').filter(Boolean).map(decodeSegment);
    let outcome: Outcome;
    if (segments.length === 2 && segments[0] === 'rpc') {
      if (method !== 'POST' && method !== 'GET')
        throw new RestError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);
      outcome = await handleRpc(req, url, ctx, caller, segments[1]!, method);
    } else if (segments.length === 1) {
      const relation = segments[0]!;
      if (method === 'GET' || method === 'HEAD') outcome = await handleRead(req, url, ctx, caller, relation);
      else if (method === 'POST' || method === 'PATCH' || method === 'DELETE') {
        outcome = await handleWrite(req, url, ctx, caller, relation, method);
      } else throw new RestError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);
    } else if (segments.length === 0) {
      // PostgREST serves an OpenAPI document here; a minimal description is enough for us.
      const catalog = await ctx.catalog.get();
      outcome = { status: 200, body: JSON.stringify({ tables: [...catalog.tables.keys()].sort() }), headers: {} };
    } else {
      throw new RestError(404, 'PGRST125', `Invalid path specified in request URL`);
    }
    send(res, outcome.status, method === 'HEAD' ? null : outcome.body, outcome.headers);
  } catch (e) {
    const err =
      e instanceof BodyTooLargeError
        ? new RestError(413, 'PGRST413', 'Payload Too Large')
        : toRestError(e, caller.role);
    sendJson(res, err.status, err.body());
  }
}
