import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCache } from '../../../../electron/core/cache';
import { tempDir } from './fixtures';
import {
  FutureSchemaError,
  LATEST_SCHEMA_VERSION,
  migrate,
  migrations,
  schemaVersion,
} from '../../../../electron/core/cache/migrations';
import { emptyDb, tableNames } from './migration-helpers';

describe('migration list', () => {
  it('is numbered 1..n without gaps, in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
  });

  it('runs every migration in order on an empty database, and none when run again', () => {
    const db = emptyDb();
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toEqual(migrations.map((m) => m.version));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const tables = tableNames(db);
    expect(tables).toEqual(
      expect.arrayContaining([
        'accounts',
        'orders',
        'positions',
        'transactions',
        'watchlists',
        'watchlist_items',
        'instruments',
        'risk_config',
        'quotes',
        'intents',
        'events',
        'meta',
        'layouts',
      ]),
    );
    expect(migrate(db)).toEqual([]);
    expect(tableNames(db)).toEqual(tables);
    db.close();
  });

  it('on a file: openCache brings an empty file to the latest version; reopening runs nothing', () => {
    const tmp = tempDir();
    try {
      openCache(tmp.file()).cache.close();
      const db = new Database(tmp.file());
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      const schemaBefore = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all();
      expect(migrate(db)).toEqual([]);
      db.close();
      const again = openCache(tmp.file());
      expect(again.recovered).toBeNull();
      again.cache.close();
      const after = new Database(tmp.file());
      expect(after.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(schemaBefore);
      after.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('leaves the file at the last completed step when a step fails', () => {
    const db = emptyDb();
    migrate(db, 1);
    db.exec('CREATE TABLE instruments (x TEXT)'); // makes 0002 fail half-way
    expect(() => migrate(db)).toThrow(/already exists/);
    expect(schemaVersion(db)).toBe(1);
    expect(tableNames(db)).not.toContain('quotes');
    db.close();
  });

  it('refuses a schema from the future', () => {
    const db = emptyDb();
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(FutureSchemaError);
    db.close();
  });
});
