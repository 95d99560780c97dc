import { describe, expect, it } from 'vitest';
import { readAllRows, type KeysetQuery, type PageResponse } from '../../../../electron/core/trading/paging';
import { RestError } from '../../../../electron/core/trading/rest';

/**
 * A table behind a PostgREST-like select, with the server's row cap, as a postgrest-js builder
 * would drive it: `order`, `gt`, `limit`, then awaited. The rows can change between pages.
 */
class Table {
  readonly ids = new Set<string>();
  requests = 0;
  constructor(
    readonly cap: number,
    readonly opts: { count?: boolean; ignoreGt?: boolean; fail?: number } = {},
  ) {}
  fill(n: number, prefix = 'r'): this {
    for (let i = 0; i < n; i++) this.ids.add(`${prefix}${String(i).padStart(5, '0')}`);
    return this;
  }
  select = (): Query => new Query(this);
}

class Query implements KeysetQuery<Query> {
  #after: string | null = null;
  #limit = Infinity;
  constructor(readonly table: Table) {}
  order(): Query {
    return this;
  }
  gt(_column: string, value: unknown): Query {
    this.#after = String(value);
    return this;
  }
  limit(rows: number): Query {
    this.#limit = rows;
    return this;
  }
  then<A, B>(ok?: ((r: PageResponse) => A | PromiseLike<A>) | null, no?: ((e: unknown) => B | PromiseLike<B>) | null) {
    return Promise.resolve(this.#run()).then(ok, no);
  }
  #run(): PageResponse {
    const t = this.table;
    t.requests++;
    if (t.opts.fail === t.requests) return { data: null, error: { message: 'boom' }, status: 503, count: null };
    const after = t.opts.ignoreGt ? null : this.#after;
    const matching = [...t.ids].sort().filter((id) => after === null || id > after);
    const data = matching.slice(0, Math.min(this.#limit, t.cap)).map((id) => ({ id }));
    return { data, error: null, status: 200, count: t.opts.count === false ? null : matching.length };
  }
}

const idsOf = (rows: unknown[]) => rows.map((r) => (r as { id: string }).id);

describe('readAllRows', () => {
  it('reads 1,200 rows through a 1,000-row cap in two requests', async () => {
    const t = new Table(1_000).fill(1_200);
    const rows = await readAllRows('orders', t.select);
    expect(new Set(idsOf(rows)).size).toBe(1_200);
    expect(t.requests).toBe(2);
  });

  it('never takes a short page for the end when the cap is below the page size', async () => {
    const t = new Table(300).fill(1_000);
    const rows = await readAllRows('orders', t.select, { pageRows: 1_000 });
    expect(new Set(idsOf(rows)).size).toBe(1_000);
    expect(t.requests).toBe(4);
  });

  it('reads a small table in one request (the count proves it complete)', async () => {
    const t = new Table(1_000).fill(7);
    expect(await readAllRows('positions', t.select)).toHaveLength(7);
    expect(t.requests).toBe(1);
  });

  it('returns every row that exists for the whole read, once, while others are deleted and inserted', async () => {
    const t = new Table(100).fill(500);
    const stable = new Set(t.ids);
    const query = () => {
      // Between pages: the oldest rows go (an offset would now skip rows) and new ones arrive.
      if (t.requests > 0) {
        const first = [...t.ids].sort().slice(0, 40);
        for (const id of first) {
          t.ids.delete(id);
          stable.delete(id);
        }
        t.ids.add(`a${t.requests}`);
        t.ids.add(`z${t.requests}`);
      }
      return t.select();
    };
    const ids = idsOf(await readAllRows('orders', query));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of stable) expect(ids).toContain(id);
  });

  it('without a count, reads until an empty page', async () => {
    const t = new Table(250, { count: false }).fill(600);
    expect(await readAllRows('instruments', t.select)).toHaveLength(600);
    expect(t.requests).toBe(4);
  });

  it('throws a RestError on a failed page instead of returning part of the table', async () => {
    const t = new Table(100, { fail: 3 }).fill(500);
    await expect(readAllRows('orders', t.select)).rejects.toBeInstanceOf(RestError);
  });

  it('refuses a server that ignores the key filter instead of looping forever', async () => {
    const t = new Table(100, { ignoreGt: true }).fill(500);
    await expect(readAllRows('orders', t.select)).rejects.toThrow(/did not page/);
  });
});
