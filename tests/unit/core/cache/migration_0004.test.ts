import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../electron/core/cache/migrations';
import { migration0004 } from '../../../../electron/core/cache/migrations/0004_layouts';
import { columns, emptyDb, isStrict } from './migration-helpers';

describe('migration 0004: layouts', () => {
  it('adds layouts (id, json, updated_at) on top of 0003', () => {
    const db = emptyDb();
    migrate(db, 3);
    expect(migrate(db, 4)).toEqual([migration0004.version]);
    expect(schemaVersion(db)).toBe(4);
    expect(isStrict(db, 'layouts')).toBe(true);
    expect(columns(db, 'layouts').map((c) => [c.name, c.type])).toEqual([
      ['id', 'TEXT'],
      ['json', 'TEXT'],
      ['updated_at', 'INTEGER'],
    ]);
    db.close();
  });
});
