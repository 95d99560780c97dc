import type { Statement } from 'better-sqlite3';
import type { Db } from './migrations';
import type { StoredLayout } from './types';

/** Window layouts: device state, kept across sign-out. */
export class LayoutStore {
  readonly #put: Statement<[string, string, number]>;
  readonly #get: Statement<[string], { id: string; json: string; updated_at: number }>;
  readonly #all: Statement<[], { id: string; json: string; updated_at: number }>;
  readonly #del: Statement<[string]>;

  constructor(db: Db) {
    this.#put = db.prepare('INSERT OR REPLACE INTO layouts (id, json, updated_at) VALUES (?, ?, ?)');
    this.#get = db.prepare('SELECT id, json, updated_at FROM layouts WHERE id = ?');
    this.#all = db.prepare('SELECT id, json, updated_at FROM layouts ORDER BY updated_at DESC, id');
    this.#del = db.prepare('DELETE FROM layouts WHERE id = ?');
  }

  saveLayout(layout: StoredLayout): void {
    this.#put.run(layout.id, layout.json, layout.updatedAt);
  }

  loadLayout(id: string): StoredLayout | undefined {
    const row = this.#get.get(id);
    return row && { id: row.id, json: row.json, updatedAt: row.updated_at };
  }

  listLayouts(): StoredLayout[] {
    return this.#all.all().map((row) => ({ id: row.id, json: row.json, updatedAt: row.updated_at }));
  }

  deleteLayout(id: string): void {
    this.#del.run(id);
  }
}
