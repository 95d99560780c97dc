import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseSetupError, openDatabase, type CapturedChange, type Database } from '../../../../electron/stack/db';
import { installChangeCapture } from '../../../../electron/stack/db/outbox';
import { waitUntilVisible } from '../../../../electron/stack/db/replication';
import { dropRealtimeSlot } from '../../../../electron/stack/db/server';
import { clusterUrl, createServerDatabase, dropServerDatabase, withAdmin } from '../../engines';
import { startPostgresCluster, type PostgresCluster } from '../../postgres-cluster';

// Server only (PGlite has no logical replication; its outbox is tested through the gateway on
// PGlite): Realtime's change capture from the WAL — values as to_jsonb renders them, commit
// order where the outbox gives write order, the slot's life, restarts without loss or repeats.

/** A table in the publication with every column type our tables use, plus a few more. */
const SAMPLE_TABLE = /* sql */ `
CREATE TYPE sample_side AS ENUM ('BUY', 'SELL');
CREATE TABLE sample (
  id text PRIMARY KEY,
  n int, big bigint, price numeric(10,2), ratio float8, ok boolean,
  at timestamp(3), at_tz timestamptz, day date, doc jsonb, tags text[], nums int[],
  side sample_side, uid uuid, note text
);
ALTER TABLE sample REPLICA IDENTITY FULL;
ALTER PUBLICATION supabase_realtime ADD TABLE sample;
CREATE TABLE plain_key (id int PRIMARY KEY, v text);
ALTER PUBLICATION supabase_realtime ADD TABLE plain_key;
`;

interface Collector {
  changes: CapturedChange[];
  stop(opts?: { dropSlot?: boolean }): Promise<void>;
  flush(): Promise<void>;
}

async function collect(db: Database): Promise<Collector> {
  const changes: CapturedChange[] = [];
  const feed = await db.listen(async (batch) => {
    changes.push(...batch);
  });
  expect(feed.method).toBe('logical-replication');
  return { changes, stop: (o) => feed.stop(o), flush: () => feed.flush() };
}

describe('logical replication capture (PostgreSQL server)', () => {
  let name: string;
  let db: Database;

  beforeAll(async () => {
    name = await createServerDatabase('seeded');
    db = await openDatabase({ databaseUrl: clusterUrl(name) });
    await db.exec(SAMPLE_TABLE);
  });
  afterAll(async () => {
    await db?.close();
    if (name) await dropServerDatabase(name);
  });

  it('renders each column exactly as to_jsonb does (what the PGlite outbox stores), old rows whole under REPLICA IDENTITY FULL', async () => {
    const feed = await collect(db);
    try {
      await db.exec(`
        INSERT INTO sample VALUES ('a', 1, 9007199254740991, 1551.40, 0.1, true, '2026-11-26 09:15:00.12',
          '2026-11-26 09:15:00.123456+05:30', '2026-11-26', '{"k": [1, "x", null]}', '{a,"b c",NULL}', '{1,2}',
          'BUY', 'c844b8d1-627a-405a-9e04-8ba1801b87b5', 'it''s');
        INSERT INTO sample (id) VALUES ('nulls');
        UPDATE sample SET price = 1600, note = NULL, tags = '{}' WHERE id = 'a';
        DELETE FROM sample WHERE id = 'nulls';
        INSERT INTO plain_key VALUES (1, 'one');
        UPDATE plain_key SET v = 'uno' WHERE id = 1;
        DELETE FROM plain_key WHERE id = 1;`);
      await feed.flush();
      const rows = await db.query<{ j: Record<string, unknown> }>(
        `SELECT to_jsonb(s) AS j FROM sample s WHERE id = 'a'`,
      );
      const mine = feed.changes.filter((c) => c.table === 'sample' || c.table === 'plain_key');
      expect(mine.map((c) => [c.table, c.type])).toEqual([
        ['sample', 'INSERT'],
        ['sample', 'INSERT'],
        ['sample', 'UPDATE'],
        ['sample', 'DELETE'],
        ['plain_key', 'INSERT'],
        ['plain_key', 'UPDATE'],
        ['plain_key', 'DELETE'],
      ]);
      const [insA, insNulls, updA, delNulls, insKey, updKey, delKey] = mine;
      expect(updA!.record).toEqual(rows.rows[0]!.j);
      expect(updA!.record).toMatchObject({
        big: 9007199254740991,
        price: 1600,
        ratio: 0.1,
        ok: true,
        at: '2026-11-26T09:15:00.12',
        at_tz: '2026-11-26T03:45:00.123456+00:00',
        day: '2026-11-26',
        doc: { k: [1, 'x', null] },
        tags: [],
        nums: [1, 2],
        side: 'BUY',
        note: null,
      });
      expect(insA!.record).toMatchObject({ price: 1551.4, tags: ['a', 'b c', null], note: "it's" });
      expect(updA!.oldRecord).toEqual(insA!.record);
      expect(insNulls!.record).toMatchObject({ id: 'nulls', n: null, doc: null, tags: null });
      expect(delNulls).toMatchObject({ record: null, oldRecord: insNulls!.record });
      // REPLICA IDENTITY DEFAULT: no old row on UPDATE, only the key on DELETE.
      expect(insKey!.record).toEqual({ id: 1, v: 'one' });
      expect(updKey).toMatchObject({ record: { id: 1, v: 'uno' }, oldRecord: null });
      expect(delKey!.oldRecord).toEqual({ id: 1 });
      expect(insA!.commitTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    } finally {
      await feed.stop();
    }
  });

  it('delivers in commit order where the outbox delivers in write order (two overlapping transactions)', async () => {
    // T1 writes first and commits last; T2 writes second and commits first.
    const interleave = async (database: string): Promise<void> => {
      await withAdmin(async (t1) => {
        await withAdmin(async (t2) => {
          await t1.query('BEGIN');
          await t1.query(`INSERT INTO plain_key VALUES (101, 'written first, committed last')`);
          await t2.query('BEGIN');
          await t2.query(`INSERT INTO plain_key VALUES (102, 'written second, committed first')`);
          await t2.query('COMMIT');
          await t1.query('COMMIT');
          await t1.query('DELETE FROM plain_key WHERE id IN (101, 102)');
        }, clusterUrl(database));
      }, clusterUrl(database));
    };
    const inserted = (changes: CapturedChange[]) =>
      changes.filter((c) => c.table === 'plain_key' && c.type === 'INSERT').map((c) => c.record!.id);

    const replicated = await collect(db);
    try {
      await interleave(name);
      await replicated.flush();
      expect(inserted(replicated.changes)).toEqual([102, 101]);
    } finally {
      await replicated.stop();
    }

    const outboxName = await createServerDatabase('seeded');
    const outboxDb = await openDatabase({ databaseUrl: clusterUrl(outboxName), capture: 'outbox' });
    try {
      await outboxDb.exec(
        'CREATE TABLE plain_key (id int PRIMARY KEY, v text); ALTER PUBLICATION supabase_realtime ADD TABLE plain_key;',
      );
      // Capture installed, then both commits, then the drain: what the 25 ms timer does whenever
      // the two commits fall between two drains (otherwise it may get lucky).
      await installChangeCapture(outboxDb);
      await interleave(outboxName);
      const changes: CapturedChange[] = [];
      const feed = await outboxDb.listen(async (batch) => {
        changes.push(...batch);
      });
      expect(feed.method).toBe('outbox');
      await feed.flush();
      await feed.stop();
      // The outbox hands them over in id (= write) order: not the order they committed in.
      expect(inserted(changes)).toEqual([101, 102]);
    } finally {
      await outboxDb.close();
      await dropServerDatabase(outboxName);
    }
  });

  it('hands a transaction over only once it is visible to other sessions (not merely committed to the WAL)', async () => {
    await withAdmin(async (t1) => {
      await t1.query('BEGIN');
      await t1.query(`INSERT INTO plain_key VALUES (301, 'open')`);
      const xid =
        Number((await t1.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0]!.x) % 2 ** 32;
      let visible = false;
      const waiting = waitUntilVisible(db, [xid]).then(() => (visible = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(visible).toBe(false);
      await t1.query('COMMIT');
      await waiting;
      const row = await db.query('SELECT 1 FROM plain_key WHERE id = 301');
      expect(row.rows).toHaveLength(1);
    }, clusterUrl(name));
    await waitUntilVisible(db, [1, 2, 3]); // long finished (or never used) ids do not wait
  });

  it('waits for an id above the snapshot xmax (an older transaction still open), not just for the newest one', async () => {
    // xmax is one past the latest *completed* id: while t1 (older) is open, t2's newer id lies
    // above it. Widening that id as "from the previous epoch" made pg_xact_status throw, and the
    // capture handed the change over before it was visible.
    await withAdmin(async (t1) => {
      await withAdmin(async (t2) => {
        await t1.query('BEGIN');
        await t1.query('SELECT pg_current_xact_id()');
        await t2.query('BEGIN');
        await t2.query(`INSERT INTO plain_key VALUES (302, 'newer')`);
        const xid =
          Number((await t2.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0]!.x) % 2 ** 32;
        const xmax = Number(
          (await db.query<{ x: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x')).rows[0]!.x,
        );
        expect(xid).toBeGreaterThan(xmax % 2 ** 32);
        let visible = false;
        const waiting = waitUntilVisible(db, [xid]).then(() => (visible = true));
        await new Promise((r) => setTimeout(r, 300));
        expect(visible).toBe(false);
        await t2.query('COMMIT');
        await waiting;
        expect((await db.query('SELECT 1 FROM plain_key WHERE id = 302')).rows).toHaveLength(1);
        await t1.query('ROLLBACK');
      }, clusterUrl(name));
    }, clusterUrl(name));
  });

  it('keeps its slot across a stop: what was handed over is not repeated, what committed meanwhile is not lost; dropSlot removes it', async () => {
    const slot = `tradedesk_realtime_${name}`;
    const first = await collect(db);
    await db.exec(`INSERT INTO plain_key VALUES (201, 'before stop')`);
    await first.flush();
    await first.stop();
    expect(first.changes.map((c) => c.record?.id)).toContain(201);
    const slots = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_replication_slots WHERE slot_name = $1',
      [slot],
    );
    expect(slots.rows[0]!.n).toBe(1);

    await db.exec(
      `INSERT INTO plain_key VALUES (202, 'while stopped'); UPDATE plain_key SET v = 'still stopped' WHERE id = 202`,
    );
    const second = await collect(db);
    await db.exec(`INSERT INTO plain_key VALUES (203, 'after restart')`);
    await second.flush();
    const seen = second.changes.filter((c) => c.table === 'plain_key').map((c) => `${c.type} ${String(c.record?.id)}`);
    expect(seen).toEqual(['INSERT 202', 'UPDATE 202', 'INSERT 203']);
    await second.stop({ dropSlot: true });
    const after = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_replication_slots WHERE slot_name = $1',
      [slot],
    );
    expect(after.rows[0]!.n).toBe(0);
    // Retiring a gateway from the command line does the same; a missing slot is not an error.
    expect(await dropRealtimeSlot(clusterUrl(name))).toBe(slot);
  });

  it('a second gateway on a slot in use is refused in one sentence naming the holder; one started while its predecessor stops takes the slot over', async () => {
    const first = await collect(db);
    const lines: string[] = [];
    const second = await openDatabase({ databaseUrl: clusterUrl(name), log: (l) => lines.push(l) });
    try {
      const refused = await second
        .listen(async () => undefined)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(refused).toBeInstanceOf(DatabaseSetupError);
      expect((refused as Error).message).toMatch(
        /^replication slot tradedesk_realtime_\w+ is in use by server pid \d+ for a client at 127\.0\.0\.1 \(tradedesk-realtime\), connected since [\d-]+ [\d:]+ UTC: another gateway is running on this database\. Stop it, or give this gateway a slot of its own with --slot-name$/,
      );

      // A restart: the successor starts while the predecessor's walsender still holds the slot.
      lines.length = 0;
      const changes: CapturedChange[] = [];
      const pending = second.listen(async (batch) => {
        changes.push(...batch);
      });
      for (const deadline = Date.now() + 30_000; !lines.some((l) => l.includes('is busy; waiting'));) {
        if (Date.now() > deadline) throw new Error(`the successor never met the busy slot: ${lines.join('; ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await first.stop();
      const feed = await pending;
      await db.exec(`INSERT INTO plain_key VALUES (401, 'after the takeover')`);
      await feed.flush();
      expect(changes.filter((c) => c.table === 'plain_key').map((c) => c.record?.id)).toEqual([401]);
      await feed.stop({ dropSlot: true });
    } finally {
      await first.stop();
      await second.close();
    }
  });
});

describe('logical replication capture across a server restart (own cluster)', () => {
  let cluster: PostgresCluster;
  let db: Database;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    db = await openDatabase({ databaseUrl: cluster.url(), log: () => undefined });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await cluster?.stop();
  });

  it('reconnects after the server restarts and hands over every commit once', async () => {
    await db.exec(
      'CREATE TABLE burst (id int PRIMARY KEY, v int); ALTER PUBLICATION supabase_realtime ADD TABLE burst;',
    );
    const feed = await collect(db);
    try {
      for (let i = 1; i <= 50; i++) await db.query('INSERT INTO burst VALUES ($1, 0)', [i]);
      await feed.flush();
      // Committed, some handed over, then the server goes down hard and comes back.
      const writer = (async () => {
        for (let i = 51; i <= 100; i++) {
          for (;;) {
            try {
              // A commit whose answer was lost to the restart is not written twice.
              await db.query('INSERT INTO burst VALUES ($1, 0) ON CONFLICT DO NOTHING', [i]);
              break;
            } catch {
              await new Promise((r) => setTimeout(r, 50)); // server down: the pool reconnects
            }
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 30));
      await cluster.restart('immediate');
      await writer;
      for (;;) {
        try {
          await feed.flush();
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const ids = feed.changes.filter((c) => c.table === 'burst').map((c) => c.record!.id as number);
      expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    } finally {
      await feed.stop();
    }
  }, 120_000);

  it('refuses to start Realtime on a server without wal_level = logical, saying how to fix it', async () => {
    const plain = await startPostgresCluster({ settings: ['wal_level = replica'] });
    try {
      const other = await openDatabase({ databaseUrl: plain.url() });
      try {
        await expect(other.listen(async () => undefined)).rejects.toThrow(/wal_level = logical.*ALTER SYSTEM/);
      } finally {
        await other.close();
      }
    } finally {
      await plain.stop();
    }
  }, 120_000);
});
