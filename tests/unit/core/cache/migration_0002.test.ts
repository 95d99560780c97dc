import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../electron/core/cache/migrations';
import { migration0002 } from '../../../../electron/core/cache/migrations/0002_market';
import { columns, emptyDb, isStrict, tableNames } from './migration-helpers';

describe('migration 0002: market reference data', () => {
  it('adds instruments, quotes and risk_config on top of 0001 and keeps its rows', () => {
    const db = emptyDb();
    migrate(db, 1);
    db.prepare("INSERT INTO accounts (id, user_id, version, json) VALUES ('a', 'u', 1, '{}')").run();
    expect(migrate(db, 2)).toEqual([migration0002.version]);
    expect(schemaVersion(db)).toBe(2);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['instruments', 'quotes', 'risk_config']));
    for (const t of ['instruments', 'quotes', 'risk_config']) expect(isStrict(db, t)).toBe(true);
    expect(columns(db, 'quotes').map((c) => c.name)).toEqual(['token', 'received_at', 'json']);
    expect(db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 1 });
    db.close();
  });

  it('keys risk_config by (segment, product_type)', () => {
    const db = emptyDb();
    migrate(db, 2);
    db.prepare("INSERT INTO risk_config VALUES ('NSE', 'MIS', '{}')").run();
    db.prepare("INSERT INTO risk_config VALUES ('NSE', 'CNC', '{}')").run();
    expect(() => db.prepare("INSERT INTO risk_config VALUES ('NSE', 'MIS', '{}')").run()).toThrow(/UNIQUE/);
    db.close();
  });
});
