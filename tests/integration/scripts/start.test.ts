import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * `npm start` (scripts/start.mjs) in a checkout whose path holds a space, a `%` and a `#`: it
 * must still find the installed Electron runtime and launch it with the project folder as the
 * argument and working directory. The script derives the project folder from its own URL; read
 * as `URL.pathname` that folder stays percent-encoded (`a%20b`), the runtime is "not installed"
 * and the script silently runs the browser host instead (electron-review M7).
 *
 * The checkout is a stand-in: the real start.mjs, a stub native-electron.mjs (the Electron
 * build of better-sqlite3 "is ready"), and a stub Electron runtime that writes down how it was
 * launched.
 */
const real = join(import.meta.dirname, '../../..');
let base: string;
let root: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'tradedesk-start-'));
  root = join(base, 'my desk 100%25 #1');
  mkdirSync(join(root, 'scripts'), { recursive: true });
  copyFileSync(join(real, 'scripts/start.mjs'), join(root, 'scripts/start.mjs'));
  writeFileSync(join(root, 'scripts/native-electron.mjs'), 'process.exit(0);\n');
  const electron = join(root, 'node_modules/electron');
  mkdirSync(join(electron, 'dist'), { recursive: true });
  writeFileSync(join(electron, 'path.txt'), 'electron');
  const runtime = join(electron, 'dist/electron');
  writeFileSync(runtime, '#!/bin/sh\nprintf \'%s\\n\' "$PWD" "$@" > "$TRADEDESK_START_RECORD"\n');
  chmodSync(runtime, 0o755);
  // A build newer than its (empty) sources: start.mjs launches without rebuilding.
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'electron'));
  mkdirSync(join(root, 'out/renderer'), { recursive: true });
  writeFileSync(join(root, 'out/renderer/index.html'), '<!doctype html>');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('npm start (scripts/start.mjs)', () => {
  it.skipIf(process.platform === 'win32')(
    'a checkout path with a space, % and #: finds the Electron runtime and launches it on the project folder',
    () => {
      const record = join(base, 'launched.txt');
      const r = spawnSync(process.execPath, [join(root, 'scripts/start.mjs')], {
        cwd: base,
        env: { ...process.env, TRADEDESK_START_RECORD: record },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.stderr).not.toContain('running the browser host');
      expect(r.status).toBe(0);
      const [cwd, appArg, ...rest] = readFileSync(record, 'utf8').trimEnd().split('\n');
      expect(realpathSync(cwd!)).toBe(realpathSync(root));
      expect(realpathSync(appArg!)).toBe(realpathSync(root));
      expect(rest).toEqual([]);
    },
  );
});
