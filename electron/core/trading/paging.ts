import type { RestFailure } from './errors';
import { RestError } from './rest';

/**
 * Rows asked for per page. A hosted Supabase project caps every select at its "max rows"
 * (1,000 by default) silently, whatever `limit` says; the reader below is correct for any cap,
 * larger or smaller than this, because it never takes a short page for the end.
 */
export const REST_PAGE_ROWS = 1_000;

/** Pages one read may take before it is judged runaway (a server ignoring the key filter). */
const MAX_PAGES = 100_000;

/** What postgrest-js resolves a select with `{count: 'exact'}` to (the fields read here). */
export interface PageResponse {
  data: unknown;
  error: RestFailure['error'] | null;
  status: number;
  count: number | null;
}

/** The part of a postgrest-js filter builder the reader drives (structural: any builder fits). */
export interface KeysetQuery<Q> extends PromiseLike<PageResponse> {
  order(column: string, options: { ascending: boolean }): Q;
  gt(column: string, value: unknown): Q;
  limit(rows: number): Q;
}

export interface ReadAllOptions {
  /** A unique, totally ordered column (default `id`): pages are `key > last key`, ascending. */
  key?: string;
  pageRows?: number;
}

/**
 * Reads every row a select matches, however many the server's row cap lets one answer carry:
 * one shared helper for every REST list the terminal reads (snapshot tables, instruments, risk
 * config). `select()` builds the filtered query afresh for each page (postgrest-js builders are
 * single-use) with `{count: 'exact'}`.
 *
 * - Keyset paging on a unique key (`order=key.asc&key=gt.<last>`), not offsets: a row that exists
 *   for the whole read is returned exactly once even while other rows are inserted or deleted
 *   (an offset shifts under a delete and skips a row, which the reconcile would then delete).
 * - The end is proven, never guessed from a short page: each page's exact count is taken in the
 *   same statement as its rows, so `rows ≥ count` means nothing past the key is left at that
 *   moment. Rows committed later arrive live (the channel is subscribed before the snapshot).
 *   A server that gives no count is read until an empty page.
 *
 * Throws RestError on the first failed page: the caller keeps its cache as it is (a partial
 * answer is never applied as if complete).
 */
export async function readAllRows<Q extends KeysetQuery<Q>>(
  what: string,
  select: () => Q,
  opts: ReadAllOptions = {},
): Promise<unknown[]> {
  const key = opts.key ?? 'id';
  const pageRows = opts.pageRows ?? REST_PAGE_ROWS;
  const rows: unknown[] = [];
  let last: unknown = undefined;
  for (let pages = 1; ; pages++) {
    const query = select().order(key, { ascending: true });
    const response = await (last === undefined ? query : query.gt(key, last)).limit(pageRows);
    if (response.error) throw RestError.fromResponse(what, response.status, response.error);
    const page = Array.isArray(response.data) ? (response.data as unknown[]) : [];
    for (const row of page) rows.push(row);
    if (page.length === 0) return rows;
    if (response.count !== null && page.length >= response.count) return rows;
    const next = keyOf(page[page.length - 1], key);
    // The cursor must move (collations differ, so "moved" is all that is checked here).
    if (next === undefined || next === null || next === last) {
      throw RestError.fromResponse(what, response.status, {
        message: `the server did not page by "${key}" (a page ended at the same key)`,
      });
    }
    if (pages >= MAX_PAGES) {
      throw RestError.fromResponse(what, response.status, { message: `more than ${MAX_PAGES} pages` });
    }
    last = next;
  }
}

function keyOf(row: unknown, key: string): unknown {
  return row !== null && typeof row === 'object' ? (row as Record<string, unknown>)[key] : undefined;
}
