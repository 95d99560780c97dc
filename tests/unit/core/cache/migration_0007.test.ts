import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../electron/core/cache/migrations';
import { migration0007 } from '../../../../electron/core/cache/migrations/0007_price_alerts';
import { columns, emptyDb, isStrict } from './migration-helpers';

describe('migration 0007: price alerts', () => {
  it('adds price_alerts (synced rows) and alert_intents (queued writes, in order) on top of 0006', () => {
    const db = emptyDb();
    migrate(db, 6);
    db.prepare("INSERT INTO meta (key, value) VALUES ('accountId', 'acc-1')").run();
    expect(migrate(db, 7)).toEqual([migration0007.version]);
    expect(schemaVersion(db)).toBe(7);
    expect(isStrict(db, 'price_alerts')).toBe(true);
    expect(isStrict(db, 'alert_intents')).toBe(true);
    expect(columns(db, 'price_alerts').map((c) => [c.name, c.type])).toEqual([
      ['id', 'TEXT'],
      ['user_id', 'TEXT'],
      ['token', 'INTEGER'],
      ['state', 'TEXT'],
      ['created_at', 'TEXT'],
      ['version', 'INTEGER'],
      ['json', 'TEXT'],
    ]);
    expect(columns(db, 'alert_intents').map((c) => [c.name, c.type])).toEqual([
      ['seq', 'INTEGER'],
      ['op_id', 'TEXT'],
      ['alert_id', 'TEXT'],
      ['json', 'TEXT'],
    ]);
    // What was stored before stays.
    expect(db.prepare("SELECT value FROM meta WHERE key = 'accountId'").pluck().get()).toBe('acc-1');
    db.close();
  });
});
