import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../electron/stack/db';
import { clearTemplateMemory, templateFile, templateKey } from '../../../electron/stack/db/template';

// openDatabase against a throwaway supabase/ folder, so the runner is tested on its own
// (the real migrations have their own tests).
// Each test opens PGlite (30 s and more on a loaded 2-core machine), the first one twice.
describe('openDatabase: shim, migration runner, seed, roles', { timeout: 480_000 }, () => {
  let root: string;
  let supabaseDir: string;
  let dataDir: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tradedesk-db-'));
    supabaseDir = join(root, 'supabase');
    dataDir = join(root, 'pgdata');
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

  it('persists in dataDir, applies only new migrations and never re-seeds', async () => {
    let db: Database = await openDatabase({ dataDir, supabaseDir });
    try {
      const count = await db.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
      expect(count.rows[0]?.n).toBe(2);
      const tracked = await db.pg.query<{ version: string; name: string }>(
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
    db = await openDatabase({ dataDir, supabaseDir });
    try {
      const count = await db.pg.query<{ n: number; extra: number }>(
        'SELECT count(*)::int AS n, min(extra)::int AS extra FROM notes',
      );
      expect(count.rows[0]).toEqual({ n: 2, extra: 7 });
      const tracked = await db.pg.query('SELECT version FROM supabase_migrations.schema_migrations');
      expect(tracked.rows).toHaveLength(2);
    } finally {
      await db.close();
    }
  });

  it('asRole sets the role and claims for one transaction so RLS decides', async () => {
    const db = await openDatabase({ supabaseDir });
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
      const after = await db.pg.query<{ u: string }>('SELECT current_user AS u');
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
      const n = await db.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
      expect(n.rows[0]?.n).toBe(2);

      await expect(db.asRole({ role: 'postgres' as 'anon', claims: {} }, async () => 1)).rejects.toThrow(
        /unknown database role/,
      );
    } finally {
      await db.close();
    }
  });

  it('installs the Supabase shim: roles, auth schema, publication', async () => {
    const db = await openDatabase({ supabaseDir, seed: false });
    try {
      const roles = await db.pg.query<{ rolname: string; rolbypassrls: boolean }>(
        "SELECT rolname, rolbypassrls FROM pg_roles WHERE rolname IN ('anon','authenticated','service_role') ORDER BY rolname",
      );
      expect(roles.rows).toEqual([
        { rolname: 'anon', rolbypassrls: false },
        { rolname: 'authenticated', rolbypassrls: false },
        { rolname: 'service_role', rolbypassrls: true },
      ]);
      const pub = await db.pg.query("SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime'");
      expect(pub.rows).toHaveLength(1);
      const users = await db.pg.query("SELECT to_regclass('auth.users') IS NOT NULL AS ok");
      expect(users.rows[0]).toEqual({ ok: true });
      const notes = await db.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
      expect(notes.rows[0]?.n).toBe(0); // seed: false
    } finally {
      await db.close();
    }
  });

  it('in-memory opens start from a template of the same build, never from a used database', async () => {
    const first = await openDatabase({ supabaseDir });
    try {
      await first.pg.query("INSERT INTO notes (owner, body) VALUES ('x', 'written after open')");
    } finally {
      await first.close();
    }
    const second = await openDatabase({ supabaseDir });
    try {
      const bodies = await second.pg.query<{ body: string }>('SELECT body FROM notes ORDER BY body');
      expect(bodies.rows.map((r) => r.body)).toEqual(['mine', 'theirs']);
      // Roles, grants and RLS came along with the template.
      const mine = await second.asRole(
        { role: 'authenticated', claims: { sub: '7e57de30-0000-4000-8000-000000000001' } },
        (tx) => tx.query<{ body: string }>('SELECT body FROM notes'),
      );
      expect(mine.rows.map((r) => r.body)).toEqual(['mine']);
    } finally {
      await second.close();
    }
  });

  it('a corrupt template file is discarded and the database rebuilt', async () => {
    const { readMigrations } = await import('../../../electron/stack/db/migrations');
    expect(readMigrations(join(supabaseDir, 'migrations')).length).toBeGreaterThan(0);
    const pkg = JSON.parse(readFileSync(join('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as {
      version: string;
    };
    const file = templateFile(templateKey(supabaseDir, true, pkg.version));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'this is not a tar archive');
    clearTemplateMemory();
    const db = await openDatabase({ supabaseDir });
    try {
      const n = await db.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
      expect(n.rows[0]?.n).toBe(2);
    } finally {
      await db.close();
    }
    expect(readFileSync(file).subarray(0, 25).toString()).not.toBe('this is not a tar archive');
  });
});
