import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../electron/core/cache/migrations';
import { migration0003 } from '../../../../electron/core/cache/migrations/0003_journal';
import { emptyDb, isStrict, tableNames } from './migration-helpers';

describe('migration 0003: intents, event journal, meta', () => {
  it('adds the three tables on top of 0002', () => {
    const db = emptyDb();
    migrate(db, 2);
    expect(migrate(db, 3)).toEqual([migration0003.version]);
    expect(schemaVersion(db)).toBe(3);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['intents', 'events', 'meta']));
    for (const t of ['intents', 'events', 'meta']) expect(isStrict(db, t)).toBe(true);
    db.close();
  });

  it('never reuses an event seq, even after the journal is emptied', () => {
    const db = emptyDb();
    migrate(db, 3);
    const insert = db.prepare("INSERT INTO events (at, account_id, type, json) VALUES (1, 'a', 'order_placed', '{}')");
    const first = Number(insert.run().lastInsertRowid);
    const second = Number(insert.run().lastInsertRowid);
    db.prepare('DELETE FROM events').run();
    const third = Number(insert.run().lastInsertRowid);
    expect([first, second, third]).toEqual([1, 2, 3]);
    db.close();
  });
});
