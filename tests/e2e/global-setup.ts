import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { electronLaunchHere, electronRuntime } from './runtime';

const root = join(import.meta.dirname, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    newest = Math.max(newest, info.isDirectory() ? newestMtime(path) : info.mtimeMs);
  }
  return newest;
}

/** Builds the app (renderer, main, preload) once if the build is missing or older than its sources. */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const built = join(root, 'out/renderer/index.html');
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'electron')));
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('electron-vite build failed; e2e specs need the built renderer');
  }
  const wantsElectron = config.projects.some((p) => p.name === 'electron');
  if (!wantsElectron) return;
  // The unpacked build on the Electron runtime loads Electron's own better-sqlite3 build.
  if (electronRuntime() && !process.env.TRADEDESK_APP_PATH) {
    spawnSync(process.execPath, [join(root, 'scripts/native-electron.mjs')], { cwd: root, stdio: 'inherit' });
  }
  const launch = electronLaunchHere();
  // The one line that says why the whole project skips.
  if (launch.kind === 'skip') console.log(`electron e2e skipped: ${launch.reason}`);
}
