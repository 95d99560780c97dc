import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { supabaseDirBeside } from '../../../../electron/stack/db';

/**
 * Where the embedded stack finds `supabase/` when nobody says (`TRADEDESK_SUPABASE_DIR` unset):
 * from the source, from the bundle's entry (`out/main/stack.js`, which people run by hand) and
 * from a bundle chunk. Before, the bundle looked one folder too high, found no migrations,
 * applied none and failed on "Could not find the table 'public.orders'" (electron-review L2).
 */
const repo = join('/', 'home', 'trader', 'tradedesk');
const url = (...parts: string[]) => pathToFileURL(join(repo, ...parts)).href;
const onlyRepoMigrations = (path: string) => path === join(repo, 'supabase', 'migrations');

describe('supabaseDirBeside', () => {
  it('finds the repository’s supabase/ from the source, the bundle entry and a bundle chunk', () => {
    for (const module of [
      url('electron', 'stack', 'db', 'index.ts'),
      url('out', 'main', 'stack.js'),
      url('out', 'main', 'chunks', 'server-x.js'),
    ]) {
      expect(resolve(supabaseDirBeside(module, onlyRepoMigrations)), module).toBe(join(repo, 'supabase'));
    }
  });

  it('with no migrations anywhere near: says so and what to set, instead of starting an empty database', () => {
    expect(() => supabaseDirBeside(url('out', 'main', 'stack.js'), () => false)).toThrow(/TRADEDESK_SUPABASE_DIR/);
  });
});
