#!/usr/bin/env node
// `npm start`  : the Electron app if its runtime is installed, otherwise the browser host.
// `npm run web`: the browser host (prints `Tradedesk ready: http://127.0.0.1:<port>/?token=…`).
// `npm run dev`: the same with hot reload of the renderer.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// fileURLToPath, not URL.pathname: the latter stays percent-encoded (spaces) and is /C:/… on Windows.
const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const dev = args.includes('--dev');
const forceWeb = args.includes('--web');
const passThrough = args.filter((a) => a !== '--dev' && a !== '--web');

function electronBinary() {
  const dir = join(root, 'node_modules/electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

function buildIfStale() {
  const marker = join(root, 'out/renderer/index.html');
  const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'electron')));
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  console.error('[tradedesk] building the app…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Electron loads its own build of better-sqlite3 (native/electron); make it if missing or stale. */
function electronNativeReady() {
  const r = spawnSync(process.execPath, [join(root, 'scripts/native-electron.mjs')], { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}

let electron = forceWeb ? null : electronBinary();
if (electron && !electronNativeReady()) {
  console.error(
    '[tradedesk] the desktop app cannot open its cache without that build: running the browser host instead.',
  );
  electron = null;
}
if (electron) {
  if (dev)
    run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'dev', ...passThrough]);
  else {
    buildIfStale();
    run(electron, [root, ...passThrough]);
  }
} else {
  if (!forceWeb && !electronBinary()) {
    console.error(
      '[tradedesk] Electron runtime not installed (see README): running the browser host instead — open the URL below.',
    );
  }
  if (!dev) buildIfStale();
  run(process.execPath, [
    '--import',
    'tsx',
    join(root, 'electron/web/cli.ts'),
    ...(dev ? ['--dev'] : []),
    ...passThrough,
  ]);
}
