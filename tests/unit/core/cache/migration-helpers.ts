import Database from 'better-sqlite3';
import type { Db } from '../../../../electron/core/cache/migrations';

/** A real, empty SQLite database in memory (migrations are plain SQL; a file adds nothing here). */
export function emptyDb(): Db {
  return new Database(':memory:');
}

export function tableNames(db: Db): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  ).map((r) => r.name);
}

export function columns(db: Db, table: string): { name: string; type: string; notnull: number; pk: number }[] {
  return db.pragma(`table_info(${table})`) as { name: string; type: string; notnull: number; pk: number }[];
}

/** STRICT is visible in the table list pragma (`strict` = 1). */
export function isStrict(db: Db, table: string): boolean {
  const row = (db.pragma('table_list') as { name: string; strict: number }[]).find((t) => t.name === table);
  return row?.strict === 1;
}
