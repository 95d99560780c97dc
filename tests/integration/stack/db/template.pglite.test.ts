import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../electron/stack/db';
import { clearTemplateMemory, templateFile, templateKey } from '../../../../electron/stack/db/template';

// PGlite only: creating a PGlite cluster runs initdb inside WASM, so in-memory opens start from
// a dumped template (a server database is created once and reopened, it has no such step).
describe('PGlite start-up templates', { timeout: 480_000 }, () => {
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

  it('in-memory opens start from a template of the same build, never from a used database', async () => {
    const first = await openDatabase({ supabaseDir });
    try {
      await first.query("INSERT INTO notes (owner, body) VALUES ('x', 'written after open')");
    } finally {
      await first.close();
    }
    const second = await openDatabase({ supabaseDir });
    try {
      const bodies = await second.query<{ body: string }>('SELECT body FROM notes ORDER BY body');
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
    const { readMigrations } = await import('../../../../electron/stack/db/migrations');
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
      const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
      expect(n.rows[0]?.n).toBe(2);
    } finally {
      await db.close();
    }
    expect(readFileSync(file).subarray(0, 25).toString()).not.toBe('this is not a tar archive');
  });
});
