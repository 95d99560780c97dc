import { parseError } from './errors';

/**
 * Parser for the PostgREST query-string subset supabase-js emits (protocol doc B.1):
 * `select`, horizontal filters with an optional `not.` prefix, `order`, `limit`, `offset`.
 * Produces a plain AST; identifiers are validated against the catalog by the SQL builder.
 */

export const FILTER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'in', 'is'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
export type IsValue = 'null' | 'true' | 'false' | 'unknown';

export type Filter =
  | { column: string; negate: boolean; op: Exclude<FilterOp, 'in' | 'is'>; value: string }
  | { column: string; negate: boolean; op: 'in'; values: string[] }
  | { column: string; negate: boolean; op: 'is'; value: IsValue };

export type SelectItem = { kind: 'star' } | { kind: 'column'; column: string; alias: string };

export interface OrderTerm {
  column: string;
  direction: 'asc' | 'desc';
  nulls: 'first' | 'last' | null;
}

export interface ReadQuery {
  select: SelectItem[];
  filters: Filter[];
  order: OrderTerm[];
  limit: number | null;
  offset: number | null;
}

/** Query parameters that are not filters. */
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns', 'apikey']);

/** Splits on `sep` outside double quotes and parentheses. */
function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      cur += c;
      if (c === '\\' && i + 1 < text.length) cur += text[++i]!;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    if (c === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (quoted || depth !== 0) throw parseError(`"failed to parse" unbalanced quotes or parentheses in (${text})`);
  out.push(cur);
  return out;
}

/** `name` or `"quoted ""name"""`; anything else (JSON paths, casts, embeds) is refused. */
export function parseIdentifier(raw: string): string {
  const s = raw.trim();
  if (s.startsWith('"')) {
    if (s.length < 2 || !s.endsWith('"')) throw parseError(`failed to parse identifier (${raw})`);
    const inner = s.slice(1, -1);
    if (/(^|[^"])"(?!")/.test(inner.replace(/""/g, ''))) throw parseError(`failed to parse identifier (${raw})`);
    const name = inner.replace(/""/g, '"').replace(/\\"/g, '"');
    if (!name) throw parseError(`failed to parse identifier (${raw})`);
    return name;
  }
  // PostgREST's unquoted field names: letters, digits, _, $, and spaces (from URL-encoded names).
  if (!/^[A-Za-z_][A-Za-z0-9_$ ]*$/.test(s))
    throw parseError(`failed to parse identifier (${raw})`, `unexpected "${s}"`);
  return s;
}

export function parseSelect(raw: string | null): SelectItem[] {
  if (raw === null || raw.trim() === '') return [{ kind: 'star' }];
  return splitTopLevel(raw, ',').map((part) => {
    const item = part.trim();
    if (item === '*') return { kind: 'star' } as const;
    if (item.includes('(')) {
      throw parseError(
        `failed to parse select parameter (${raw})`,
        'embedded resources are not supported by this server',
      );
    }
    // `alias:column` (the alias may not contain ':'; `::` would be a cast, which we refuse).
    if (item.includes('::')) throw parseError(`failed to parse select parameter (${raw})`, 'casts are not supported');
    const colon = item.indexOf(':');
    const column = parseIdentifier(colon >= 0 ? item.slice(colon + 1) : item);
    const alias = colon >= 0 ? parseIdentifier(item.slice(0, colon)) : column;
    return { kind: 'column', column, alias } as const;
  });
}

/** `(a,b,"c,d")` → ['a','b','c,d'] with PostgREST's double-quote and backslash rules. */
export function parseInList(raw: string): string[] {
  const s = raw.trim();
  if (!s.startsWith('(') || !s.endsWith(')')) throw parseError(`failed to parse filter (in.${raw})`, 'expecting "("');
  const inner = s.slice(1, -1);
  if (inner === '') return [];
  return splitTopLevel(inner, ',').map((v) => {
    const t = v.trim();
    if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) return t.slice(1, -1).replace(/\\(.)/g, '$1');
    return t;
  });
}

export function parseFilter(key: string, raw: string): Filter {
  const column = parseIdentifier(key);
  let rest = raw;
  let negate = false;
  if (rest.startsWith('not.')) {
    negate = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf('.');
  const opName = dot >= 0 ? rest.slice(0, dot) : rest;
  const value = dot >= 0 ? rest.slice(dot + 1) : '';
  if (dot < 0 || !(FILTER_OPS as readonly string[]).includes(opName)) {
    throw parseError(
      `"failed to parse filter (${raw})" (line 1, column 1)`,
      `unexpected "${opName}" expecting operator`,
    );
  }
  const op = opName as FilterOp;
  if (op === 'in') return { column, negate, op, values: parseInList(value) };
  if (op === 'is') {
    const v = value.toLowerCase();
    if (v !== 'null' && v !== 'true' && v !== 'false' && v !== 'unknown') {
      throw parseError(`failed to parse filter (${raw})`, 'expecting null, true, false or unknown');
    }
    return { column, negate, op, value: v };
  }
  return { column, negate, op, value };
}

export function parseOrder(raw: string | null): OrderTerm[] {
  if (raw === null || raw.trim() === '') return [];
  return splitTopLevel(raw, ',').map((term) => {
    // The column may be quoted and contain dots, so peel modifiers off the end.
    let rest = term.trim();
    let direction: 'asc' | 'desc' = 'asc';
    let nulls: 'first' | 'last' | null = null;
    for (;;) {
      const m = /\.(asc|desc|nullsfirst|nullslast)$/.exec(rest);
      if (!m) break;
      if (m[1] === 'asc' || m[1] === 'desc') direction = m[1];
      else nulls = m[1] === 'nullsfirst' ? 'first' : 'last';
      rest = rest.slice(0, m.index);
    }
    try {
      return { column: parseIdentifier(rest), direction, nulls };
    } catch {
      throw parseError(`"failed to parse order (${raw})" (line 1, column 1)`, `unexpected "${rest}"`);
    }
  });
}

function parseCount(name: string, raw: string | null): number | null {
  if (raw === null || raw === '') return null;
  if (!/^\d{1,9}$/.test(raw)) throw parseError(`"failed to parse ${name} parameter (${raw})"`);
  return Number(raw);
}

/** The `Range: 0-9` request header (with `Range-Unit: items`), as an offset/limit pair. */
export function parseRangeHeader(raw: string | undefined): { offset: number; limit: number | null } | null {
  if (!raw) return null;
  const m = /^(?:items=)?\s*(\d{1,9})-(\d{0,9})\s*$/.exec(raw);
  if (!m) return null;
  const from = Number(m[1]);
  if (m[2] === '') return { offset: from, limit: null };
  const to = Number(m[2]);
  if (to < from) return null;
  return { offset: from, limit: to - from + 1 };
}

/** Every non-reserved parameter is a filter; reserved ones parse into their clause. */
export function parseReadQuery(params: URLSearchParams, rangeHeader?: string): ReadQuery {
  const filters: Filter[] = [];
  for (const [key, value] of params) {
    if (RESERVED.has(key)) continue;
    if (key === 'or' || key === 'and' || key.startsWith('not.')) {
      throw parseError(`"failed to parse logic tree (${value})"`, 'or/and filters are not supported by this server');
    }
    filters.push(parseFilter(key, value));
  }
  let limit = parseCount('limit', params.get('limit'));
  let offset = parseCount('offset', params.get('offset'));
  const range = parseRangeHeader(rangeHeader);
  if (range) {
    // The query string wins, as in PostgREST; the Range header only fills in what is absent.
    offset ??= range.offset;
    limit ??= range.limit;
  }
  return { select: parseSelect(params.get('select')), filters, order: parseOrder(params.get('order')), limit, offset };
}
