import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../electron/core/cache/migrations';
import { migration0006 } from '../../../../electron/core/cache/migrations/0006_candles';
import { columns, emptyDb, isStrict } from './migration-helpers';

describe('migration 0006: candles', () => {
  it('adds candles keyed by (feed, token, time) on top of 0005, without touching earlier tables', () => {
    const db = emptyDb();
    migrate(db, 5);
    db.prepare("INSERT INTO layouts (id, json, updated_at) VALUES ('layout/x', '{}', 1)").run();
    expect(migrate(db, 6)).toEqual([migration0006.version]);
    expect(schemaVersion(db)).toBe(6);
    expect(isStrict(db, 'candles')).toBe(true);
    expect(columns(db, 'candles').map((c) => [c.name, c.type, c.pk])).toEqual([
      ['feed', 'TEXT', 1],
      ['token', 'INTEGER', 2],
      ['time', 'INTEGER', 3],
      ['open', 'REAL', 0],
      ['high', 'REAL', 0],
      ['low', 'REAL', 0],
      ['close', 'REAL', 0],
      ['volume', 'REAL', 0],
      ['gap', 'INTEGER', 0],
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM layouts').get()).toEqual({ n: 1 });
    // STRICT: a price that is not a number is refused by the file itself.
    expect(() => db.prepare("INSERT INTO candles VALUES ('demo', 1, 1, 'x', 1, 1, 1, 1, 0)").run()).toThrow(
      /cannot store TEXT value in REAL column/,
    );
    db.close();
  });
});
