#!/usr/bin/env node
// Fetches the Electron runtime binary after `npm install`.
//
// package.json denies electron's own install script (allowScripts: { electron: false }) because
// on machines that cannot reach Electron's release host it fails and takes `npm install` down
// with it. We run the same installer here, tolerantly: if the download fails we explain what is
// missing and what still works, and exit 0 so that the rest of the project installs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describeFailure } from './lib/failure.mjs';

const require = createRequire(import.meta.url);

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

const dir = electronDir();
if (!dir) {
  // Production install without devDependencies: nothing to fetch.
  process.exit(0);
}

if (process.env.TRADEDESK_SKIP_ELECTRON_DOWNLOAD === '1' || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
  console.log(
    '[tradedesk] Electron runtime download skipped (TRADEDESK_SKIP_ELECTRON_DOWNLOAD / ELECTRON_SKIP_BINARY_DOWNLOAD).',
  );
  process.exit(0);
}

const installed = () => existsSync(join(dir, 'path.txt')) && existsSync(join(dir, 'dist'));
if (installed()) process.exit(0);

const result = spawnSync(process.execPath, [join(dir, 'install.js')], {
  cwd: dir,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  // The release host is either reachable quickly or not at all; do not hang an install.
  timeout: 120_000,
});

if (result.status === 0 && installed()) {
  console.log('[tradedesk] Electron runtime installed.');
  process.exit(0);
}

// The installer prints a stack; one sentence says why (scripts/lib/failure.mjs), the rest what to do.
const failure = describeFailure(`${result.error?.message ?? ''}\n${result.stderr ?? ''}\n${result.stdout ?? ''}`);
console.log(
  [
    '',
    failure.unreachable
      ? `[tradedesk] The Electron runtime was not installed: Electron's release host is unreachable from this machine (${failure.reason}).`
      : `[tradedesk] The Electron runtime could not be downloaded (${failure.reason}).`,
    'Everything else is installed: `npm start` runs Tradedesk in your browser through the',
    'browser host (same engine, same screens, on 127.0.0.1 only), `npm test` runs every test, and',
    'the Electron e2e project reports itself skipped. To get the desktop app, run',
    "`node node_modules/electron/install.js` on a network that reaches Electron's release host",
    '(or set ELECTRON_MIRROR to a mirror you trust), then `npm start` again.',
    '',
  ].join('\n'),
);
process.exit(0);
