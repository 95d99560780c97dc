import { z } from 'zod';
import type { LayoutNotice } from '../../../src/shared/contract';
import { LayoutId, NamedLayout, readNamedLayout, type LayoutRead } from '../../../src/shared/layout';
import type { Cache } from '../cache';

/** The part of the cache the library writes: the `layouts` table (migration 0004) and transactions. */
export type LayoutRows = Pick<Cache, 'saveLayout' | 'loadLayout' | 'listLayouts' | 'deleteLayout' | 'transaction'>;

/** Row ids in the `layouts` table: one per named layout, one pointer, and records kept aside. */
export const LAYOUT_ROW_PREFIX = 'layout/';
export const POINTER_ROW = 'workspace/active';
export const ASIDE_ROW_PREFIX = 'aside/';

const Pointer = z.object({ schemaVersion: z.literal(1), activeId: LayoutId }).strict();

export type LayoutLookup = { ok: true; layout: NamedLayout } | { ok: false; notice: LayoutNotice } | null;

/**
 * Named layouts in the cache, one JSON record per layout plus a pointer to the active one.
 * Every write is one SQLite transaction (the record and the pointer change together or not at
 * all), and only a record that parses back with this build's schema is ever written. A record
 * that cannot be read — not JSON, failing the schema, or from a newer build — is moved to an
 * `aside/<time>/<row id>` row in the same transaction that removes it (kept, never deleted), and
 * reported as a notice; the caller decides what to show instead.
 */
export class LayoutLibrary {
  readonly #rows: LayoutRows;
  readonly #now: () => number;

  constructor(rows: LayoutRows, opts: { now?: () => number } = {}) {
    this.#rows = rows;
    this.#now = opts.now ?? Date.now;
  }

  /** Every readable layout, newest first; unreadable ones are moved aside and returned as notices. */
  readAll(): { layouts: NamedLayout[]; notices: Array<{ id: string; notice: LayoutNotice }> } {
    const layouts: NamedLayout[] = [];
    const notices: Array<{ id: string; notice: LayoutNotice }> = [];
    for (const row of this.#rows.listLayouts()) {
      if (!row.id.startsWith(LAYOUT_ROW_PREFIX)) continue;
      const id = row.id.slice(LAYOUT_ROW_PREFIX.length);
      const found = this.#parse(row.id, id, row.json);
      if (found.ok) layouts.push(found.layout);
      else notices.push({ id, notice: found.notice });
    }
    return { layouts, notices };
  }

  /** One layout: null when there is no such record; a notice when it was unreadable (now aside). */
  read(id: string): LayoutLookup {
    const row = this.#rows.loadLayout(LAYOUT_ROW_PREFIX + id);
    if (!row) return null;
    return this.#parse(row.id, id, row.json);
  }

  /** The layout last made active (null: none, or the pointer is unreadable — then the newest wins). */
  activeId(): string | null {
    const row = this.#rows.loadLayout(POINTER_ROW);
    if (!row) return null;
    try {
      const parsed = Pointer.safeParse(JSON.parse(row.json));
      return parsed.success ? parsed.data.activeId : null;
    } catch {
      return null;
    }
  }

  /**
   * Writes a layout (and, with `activate`, points at it) atomically. Throws when the layout
   * does not pass its own schema — a bug upstream, never something to store.
   */
  write(layout: NamedLayout, opts: { activate?: boolean } = {}): void {
    const checked = NamedLayout.parse(layout);
    const json = JSON.stringify(checked);
    const at = this.#now();
    this.#rows.transaction(() => {
      this.#rows.saveLayout({ id: LAYOUT_ROW_PREFIX + checked.id, json, updatedAt: checked.updatedAt });
      if (opts.activate) {
        this.#rows.saveLayout({
          id: POINTER_ROW,
          json: JSON.stringify({ schemaVersion: 1, activeId: checked.id }),
          updatedAt: at,
        });
      }
    });
  }

  activate(id: string): void {
    this.#rows.saveLayout({
      id: POINTER_ROW,
      json: JSON.stringify({ schemaVersion: 1, activeId: id }),
      updatedAt: this.#now(),
    });
  }

  remove(id: string): void {
    this.#rows.deleteLayout(LAYOUT_ROW_PREFIX + id);
  }

  /** Rows kept aside so far (ids and when), newest first. */
  aside(): Array<{ id: string; updatedAt: number }> {
    return this.#rows
      .listLayouts()
      .filter((r) => r.id.startsWith(ASIDE_ROW_PREFIX))
      .map((r) => ({ id: r.id, updatedAt: r.updatedAt }));
  }

  #parse(
    rowId: string,
    id: string,
    json: string,
  ): { ok: true; layout: NamedLayout } | { ok: false; notice: LayoutNotice } {
    let read: LayoutRead<NamedLayout> = readNamedLayout(json);
    if (read.ok && read.value.id !== id) {
      read = { ok: false, problem: 'invalid', message: `the record names layout ${read.value.id}`, schemaVersion: 1 };
    }
    if (read.ok) return { ok: true, layout: read.value };
    const asideId = this.#putAside(rowId, json);
    const name = nameIn(json);
    const what = name ? `The layout “${name}”` : `A saved layout (${id})`;
    const notice: LayoutNotice =
      read.problem === 'future_version'
        ? {
            code: 'layout_future_version',
            message: `${what} was saved by a newer Tradedesk (${read.message}). It was kept aside as ${asideId}.`,
            asideId,
          }
        : {
            code: 'layout_unreadable',
            message: `${what} could not be read (${read.message}). It was kept aside as ${asideId}.`,
            asideId,
          };
    return { ok: false, notice };
  }

  /** Moves a bad record to an aside row, in one transaction; returns the aside row id. */
  #putAside(rowId: string, json: string): string {
    const at = this.#now();
    const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
    let asideId = `${ASIDE_ROW_PREFIX}${stamp}/${rowId}`;
    for (let n = 1; this.#rows.loadLayout(asideId); n++) asideId = `${ASIDE_ROW_PREFIX}${stamp}-${n}/${rowId}`;
    this.#rows.transaction(() => {
      this.#rows.saveLayout({ id: asideId, json, updatedAt: at });
      this.#rows.deleteLayout(rowId);
    });
    return asideId;
  }
}

/** The `name` a record claims, if it is readable that far (for the notice only). */
function nameIn(json: string): string | null {
  try {
    const raw: unknown = JSON.parse(json);
    if (typeof raw === 'object' && raw !== null && 'name' in raw && typeof raw.name === 'string') {
      return raw.name.slice(0, 64);
    }
  } catch {
    // not JSON: no name to show
  }
  return null;
}
