#!/usr/bin/env node
// `npm run package`: installable packages for this platform (Linux: deb + AppImage; macOS: dmg
// + zip; Windows: nsis) in release/<version>/.
//   1. electron-vite build (out/)
//   2. better-sqlite3 for Electron's ABI, outside node_modules (scripts/native-electron.mjs)
//   3. electron-builder with electron-builder.config.cjs (fuses, icons, the native addon)
// Steps 2 and 3 download from Electron's release host (headers, prebuilt binaries, the Electron
// runtime, the packaging tools). Where it is unreachable the run stops with one sentence saying
// so; electron-builder's full output is always in release/package.log.
//
//   npm run package [-- --e2e] [-- --dir] [-- <electron-builder flags>]
//     --e2e  the test flavour (inspector fuse on) into release/e2e-<version>, for the e2e suite
//     --dir  unpacked only (no installers): faster, enough for the e2e suite
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describeFailure } from './lib/failure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const e2e = args.includes('--e2e');
const builderArgs = args.filter((a) => a !== '--e2e');
const node = (script, scriptArgs = [], options = {}) =>
  spawnSync(process.execPath, [join(root, script), ...scriptArgs], { cwd: root, stdio: 'inherit', ...options });

console.error('[tradedesk] package: building the app (electron-vite)…');
const build = node('node_modules/electron-vite/bin/electron-vite.js', ['build'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('[tradedesk] package stopped: electron-vite build failed (see above).');
  process.exit(build.status ?? 1);
}

const native = node('scripts/native-electron.mjs');
if (native.status !== 0) process.exit(native.status ?? 1); // it has said why, in one sentence

const config = e2e ? 'electron-builder.e2e.cjs' : 'electron-builder.config.cjs';
mkdirSync(join(root, 'release'), { recursive: true });
const logFile = join(root, 'release', 'package.log');
const log = createWriteStream(logFile);
console.error(`[tradedesk] package: electron-builder (${config}); full output in ${logFile}`);
const builder = spawn(
  process.execPath,
  [join(root, 'node_modules/electron-builder/cli.js'), '--config', config, '--publish', 'never', ...builderArgs],
  { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
);
let output = '';
for (const stream of [builder.stdout, builder.stderr]) {
  createInterface({ input: stream }).on('line', (line) => {
    log.write(`${line}\n`);
    output += `${line}\n`;
    // electron-builder's progress lines ("  • packaging …"); its stack traces stay in the log.
    if (/^\s+•/.test(line)) console.error(line);
  });
}
builder.on('close', (code) => {
  log.end();
  if (code === 0) {
    console.error(`[tradedesk] packages are in ${join(root, 'release')}`);
    return;
  }
  const failure = describeFailure(output);
  console.error(
    failure.unreachable
      ? `[tradedesk] package stopped: Electron's release host (the Electron runtime and packaging tools) is unreachable from this machine (${failure.reason}); see ${logFile}.`
      : `[tradedesk] package stopped: electron-builder failed (${failure.reason}); see ${logFile}.`,
  );
  process.exit(code ?? 1);
});
