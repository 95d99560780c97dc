import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { SUPABASE_SHIM_SQL } from './supabaseShim';
import { readMigrations } from './migrations';

/**
 * Start-up templates for in-memory databases. Creating a PGlite cluster runs initdb, which
 * costs 10–30 s on a loaded 2-core machine, while loading a dumped data directory takes
 * about 2 s. So the first in-memory open with a given shim + migrations + seed dumps the
 * freshly built database, and later opens load that dump: the same bytes a full build
 * would produce, because the key covers every input of the build.
 *
 * Kept in memory for this process and on disk (os.tmpdir()) for other processes; written
 * atomically (temp file + rename). An unreadable or corrupt file is deleted and rebuilt.
 * TRADEDESK_PGLITE_TEMPLATES=0 turns templates off.
 */

const memory = new Map<string, Blob>();

export function templatesEnabled(): boolean {
  return process.env.TRADEDESK_PGLITE_TEMPLATES !== '0';
}

function templateDir(): string {
  return join(tmpdir(), 'tradedesk-pglite-templates');
}

/** Hash of everything that determines the built database. */
export function templateKey(supabaseDir: string, seed: boolean, pgliteVersion: string): string {
  const h = createHash('sha256');
  h.update(`pglite:${pgliteVersion}\0shim:${SUPABASE_SHIM_SQL}\0`);
  for (const m of readMigrations(join(supabaseDir, 'migrations'))) h.update(`m:${m.version}_${m.name}\0${m.sql}\0`);
  const seedPath = join(supabaseDir, 'seed.sql');
  if (seed && existsSync(seedPath)) h.update(`seed:${readFileSync(seedPath, 'utf8')}\0`);
  return h.digest('hex').slice(0, 32);
}

export function templateFile(key: string): string {
  return join(templateDir(), `${key}.tar`);
}

/** Forgets this process's in-memory copies (the disk copies stay). */
export function clearTemplateMemory(): void {
  memory.clear();
}

export function loadTemplate(key: string): Blob | undefined {
  const inMemory = memory.get(key);
  if (inMemory) return inMemory;
  const file = templateFile(key);
  if (!existsSync(file)) return undefined;
  try {
    const blob = new Blob([readFileSync(file)]);
    memory.set(key, blob);
    return blob;
  } catch {
    return undefined;
  }
}

/** Forgets a template that failed to load, so the next open rebuilds it. */
export function dropTemplate(key: string): void {
  memory.delete(key);
  rmSync(templateFile(key), { force: true });
}

export async function saveTemplate(key: string, pg: PGlite): Promise<void> {
  const dump = await pg.dumpDataDir('none');
  const blob = new Blob([await dump.arrayBuffer()]);
  memory.set(key, blob);
  try {
    mkdirSync(templateDir(), { recursive: true });
    const tmp = join(templateDir(), `${key}.${process.pid}.${Date.now()}.tmp`);
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, templateFile(key));
    pruneTemplates(key);
  } catch {
    // The disk copy only speeds up other processes; this one keeps the in-memory copy.
  }
}

// Each template is ~40 MB; keep the few most recently written (a process that was about to
// read a pruned one simply rebuilds it).
const KEEP_TEMPLATES = 6;

function pruneTemplates(justWritten: string): void {
  const files = readdirSync(templateDir())
    .filter((f) => f.endsWith('.tar') && f !== `${justWritten}.tar`)
    .map((f) => ({ f, mtime: statSync(join(templateDir(), f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { f } of files.slice(KEEP_TEMPLATES - 1)) rmSync(join(templateDir(), f), { force: true });
}
