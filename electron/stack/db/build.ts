import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUPABASE_SHIM_SQL } from './supabaseShim';
import { appliedVersions, applyMigrations, ensureMigrationTracking, type MigrationTarget } from './migrations';

/**
 * Brings a database up to date, the same way on both engines: the Supabase shim (idempotent,
 * every open), the migrations not yet recorded, and `seed.sql` once when the database is new
 * (nothing was ever migrated there, so a reopened database is never re-seeded).
 */
export async function buildDatabase(target: MigrationTarget, supabaseDir: string, seed: boolean): Promise<void> {
  await target.exec(SUPABASE_SHIM_SQL);
  await ensureMigrationTracking(target);
  const isNew = (await appliedVersions(target)).size === 0;
  await applyMigrations(target, join(supabaseDir, 'migrations'));
  const seedPath = join(supabaseDir, 'seed.sql');
  const seeded = (await target.query('SELECT 1 FROM supabase_migrations.seed_files')).rows.length > 0;
  if (seed && isNew && !seeded && existsSync(seedPath)) await runSeed(target, seedPath);
}

async function runSeed(target: MigrationTarget, seedPath: string): Promise<void> {
  const sql = readFileSync(seedPath, 'utf8');
  const hash = createHash('sha256').update(sql).digest('hex');
  await target.asAdmin(async (tx) => {
    await tx.exec(sql);
    await tx.query(
      'INSERT INTO supabase_migrations.seed_files (path, hash) VALUES ($1, $2) ON CONFLICT (path) DO UPDATE SET hash = EXCLUDED.hash',
      ['supabase/seed.sql', hash],
    );
  });
}
