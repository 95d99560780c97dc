import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../electron/stack/db';
import { ENGINE, ENGINE_NAME, openTestDatabase, testLocation } from '../engines';

// openDatabase against a throwaway supabase/ folder, so the runner is tested on its own
// (the real migrations have their own tests), on each engine.
// Each test opens PGlite (30 s and more on a loaded 2-core machine), the first one twice.
describe(`openDatabase on ${ENGINE_NAME}: shim, migration runner, seed, roles`, { timeout: 480_000 }, () => {
  let root: string;
  let supabaseDir: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tradedesk-db-'));
    supabaseDir = join(root, 'supabase');
    mkdirSync(join(supabaseDir, 'migrations'), { recursive: true });
    writeFileSync(
      join(supabaseDir, 'migrations', '20250101000000_notes.sql'),
      `CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, owner text NOT NULL, body text);
       ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
       CREATE POLICY notes_own ON notes FOR SELECT TO authenticated USING (owner = auth.uid()::text);`,
    );
    writeFileSync(
      join(supabaseDir, 'seed.sql'),
      `INSERT INTO notes (owner, body) VALUES ('7e57de30-0000-4000-8000-000000000001', 'mine'), ('someone-else', 'theirs');`,
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('persists (PGlite: its dataDir; a server: its database), applies only new migrations and never re-seeds', async () => {
    const location = await testLocation('empty');
    let db: Database = await openDatabase({ ...location.options, supabaseDir });
    try {
      const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
      expect(count.rows[0]?.n).toBe(2);
      const tracked = await db.query<{ version: string; name: string }>(
        'SELECT version, name FROM supabase_migrations.schema_migrations ORDER BY version',
      );
      expect(tracked.rows).toEqual([{ version: '20250101000000', name: 'notes' }]);
    } finally {
      await db.close();
    }

    writeFileSync(
      join(supabaseDir, 'migrations', '20250102000000_more.sql'),
      `ALTER TABLE notes ADD COLUMN IF NOT EXISTS extra int DEFAULT 7;`,
    );
    db = await openDatabase({ ...location.options, supabaseDir });
    try {
      const count = await db.query<{ n: number; extra: number }>(
        'SELECT count(*)::int AS n, min(extra)::int AS extra FROM notes',
      );
      expect(count.rows[0]).toEqual({ n: 2, extra: 7 });
      const tracked = await db.query('SELECT version FROM supabase_migrations.schema_migrations');
      expect(tracked.rows).toHaveLength(2);
      expect(db.engine).toBe(ENGINE);
    } finally {
      await db.close();
      await location.cleanup();
    }
  });

  it('asRole sets the role and claims for one transaction so RLS decides', async () => {
    const db = await openTestDatabase({ supabaseDir });
    try {
      const claims = { sub: '7e57de30-0000-4000-8000-000000000001', email: 'demo@tradedesk.local' };
      const seen = await db.asRole({ role: 'authenticated', claims }, async (tx) => {
        const who = await tx.query<{ u: string; uid: string; r: string; e: string }>(
          'SELECT current_user AS u, auth.uid()::text AS uid, auth.role() AS r, auth.email() AS e',
        );
        const rows = await tx.query<{ body: string }>('SELECT body FROM notes');
        return { who: who.rows[0], bodies: rows.rows.map((r) => r.body) };
      });
      expect(seen.who).toEqual({ u: 'authenticated', uid: claims.sub, r: 'authenticated', e: claims.email });
      expect(seen.bodies).toEqual(['mine']);

      // The role does not leak past the transaction.
      const after = await db.query<{ u: string }>('SELECT current_user AS u');
      expect(after.rows[0]?.u).toBe('postgres');

      const anonRows = await db.asRole({ role: 'anon', claims: {} }, (tx) => tx.query('SELECT * FROM notes'));
      expect(anonRows.rows).toHaveLength(0);
      const serviceRows = await db.asRole({ role: 'service_role', claims: {} }, (tx) =>
        tx.query('SELECT * FROM notes'),
      );
      expect(serviceRows.rows).toHaveLength(2);

      // A failing fn rolls its whole transaction back.
      await expect(
        db.asAdmin(async (tx) => {
          await tx.query("INSERT INTO notes (owner, body) VALUES ('x', 'rolled back')");
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
      expect(n.rows[0]?.n).toBe(2);

      await expect(db.asRole({ role: 'postgres' as 'anon', claims: {} }, async () => 1)).rejects.toThrow(
        /unknown database role/,
      );
    } finally {
      await db.close();
    }
  });

  it('installs the Supabase shim: roles, auth schema, publication', async () => {
    const db = await openTestDatabase({ supabaseDir, seed: false });
    try {
      const roles = await db.query<{ rolname: string; rolbypassrls: boolean }>(
        "SELECT rolname, rolbypassrls FROM pg_roles WHERE rolname IN ('anon','authenticated','service_role') ORDER BY rolname",
      );
      expect(roles.rows).toEqual([
        { rolname: 'anon', rolbypassrls: false },
        { rolname: 'authenticated', rolbypassrls: false },
        { rolname: 'service_role', rolbypassrls: true },
      ]);
      const pub = await db.query("SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime'");
      expect(pub.rows).toHaveLength(1);
      const users = await db.query("SELECT to_regclass('auth.users') IS NOT NULL AS ok");
      expect(users.rows[0]).toEqual({ ok: true });
      const notes = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
      expect(notes.rows[0]?.n).toBe(0); // seed: false
    } finally {
      await db.close();
    }
  });
});
