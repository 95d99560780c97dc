/**
 * Realtime's classic `postgres_changes` filter: one `column=op.value` condition with
 * op ∈ eq, neq, lt, lte, gt, gte, in (protocol doc A.6), evaluated on a row's JSON values.
 */

export type ChangeFilterOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in';

export interface ChangeFilter {
  column: string;
  op: ChangeFilterOp;
  /** One value, or the list for `in`. Compared as Postgres would compare the column's text. */
  values: string[];
}

export type FilterParse = { ok: true; filter: ChangeFilter | null } | { ok: false; message: string };

export function parseChangeFilter(raw: unknown): FilterParse {
  if (raw === undefined || raw === null || raw === '') return { ok: true, filter: null };
  if (typeof raw !== 'string') return { ok: false, message: 'filter must be a string' };
  const m = /^([^=]+)=(eq|neq|lt|lte|gt|gte|in)\.(.*)$/s.exec(raw);
  if (!m) return { ok: false, message: `Error parsing \`filter\` params: ${raw}` };
  const [, column, op, value] = m as unknown as [string, string, ChangeFilterOp, string];
  if (op === 'in') {
    const list = /^\((.*)\)$/s.exec(value);
    if (!list) return { ok: false, message: `Error parsing \`filter\` params: ${raw}` };
    const values = list[1]!.split(',').map((v) => v.trim().replace(/^"(.*)"$/s, '$1'));
    return { ok: true, filter: { column, op, values } };
  }
  return { ok: true, filter: { column, op, values: [value] } };
}

/** The text Postgres would print for a JSON value of a row (`true` → 'true', 12.5 → '12.5'). */
function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function compare(a: string, b: string, numeric: boolean): number {
  if (numeric) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a row satisfies the filter. Numbers compare numerically (the column is numeric),
 * everything else as text; a NULL or missing column never matches, as in SQL.
 */
export function matchesFilter(filter: ChangeFilter, row: Record<string, unknown>): boolean {
  const raw = row[filter.column];
  const actual = asText(raw);
  if (actual === null) return false;
  const numeric = typeof raw === 'number';
  if (numeric && filter.values.some((v) => v.trim() === '' || Number.isNaN(Number(v)))) return false;
  const c = (v: string): number => compare(actual, v, numeric);
  switch (filter.op) {
    case 'eq':
      return c(filter.values[0]!) === 0;
    case 'neq':
      return c(filter.values[0]!) !== 0;
    case 'lt':
      return c(filter.values[0]!) < 0;
    case 'lte':
      return c(filter.values[0]!) <= 0;
    case 'gt':
      return c(filter.values[0]!) > 0;
    case 'gte':
      return c(filter.values[0]!) >= 0;
    case 'in':
      return filter.values.some((v) => c(v) === 0);
  }
}
