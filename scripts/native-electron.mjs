#!/usr/bin/env node
// Builds better-sqlite3's addon for the installed Electron's ABI into native/electron/, outside
// node_modules: the copy in node_modules stays built for Node (vitest, the browser host and the
// stack need it), and the Electron host loads this one through better-sqlite3's `nativeBinding`
// option (electron/core/app/native-binding.ts). The package ships it as an extra resource.
//
// Uses @electron/rebuild (the same version electron-builder runs) on a staging copy of the
// module: it tries a prebuilt Electron binary first, then compiles against Electron's headers.
// Both come from Electron's release host; where that is unreachable this prints one sentence
// and exits 3 (the full log is kept in native/electron/rebuild.log).
//
//   node scripts/native-electron.mjs [--arch x64|arm64] [--force]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addonAbis } from './lib/addon-abi.mjs';
import { describeFailure } from './lib/failure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { arch: { type: 'string', default: process.arch }, force: { type: 'boolean', default: false } },
});
const outDir = join(root, 'native', 'electron');
const addon = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'built-for.json');
const logFile = join(outDir, 'rebuild.log');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const electronVersion = readJson(join(root, 'node_modules/electron/package.json')).version;
const electronAbi = Number(readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim());
const moduleVersion = readJson(join(root, 'node_modules/better-sqlite3/package.json')).version;
const stamp = { electron: electronVersion, arch: values.arch, betterSqlite3: moduleVersion };

if (!values.force && existsSync(addon) && existsSync(stampFile)) {
  const built = readJson(stampFile);
  if (built.electron === stamp.electron && built.arch === stamp.arch && built.betterSqlite3 === stamp.betterSqlite3) {
    process.exit(0);
  }
}

// A staging project inside the repository, so that @electron/rebuild and the module's own
// prebuild-install resolve from our node_modules, but the build never touches them.
const staging = join(outDir, 'staging');
rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, 'node_modules'), { recursive: true });
writeFileSync(
  join(staging, 'package.json'),
  JSON.stringify({
    name: 'tradedesk-native-staging',
    private: true,
    dependencies: { 'better-sqlite3': moduleVersion },
  }),
);
const stagedModule = join(staging, 'node_modules', 'better-sqlite3');
cpSync(join(root, 'node_modules', 'better-sqlite3'), stagedModule, {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
});

console.error(`[tradedesk] building better-sqlite3 ${moduleVersion} for Electron ${electronVersion} (${values.arch})…`);
const worker = `
  import { createRequire } from 'node:module';
  const { rebuild } = createRequire(${JSON.stringify(join(root, 'package.json'))})('@electron/rebuild');
  await rebuild({
    buildPath: ${JSON.stringify(staging)},
    electronVersion: ${JSON.stringify(electronVersion)},
    arch: ${JSON.stringify(values.arch)},
    onlyModules: ['better-sqlite3'],
    force: true,
  });
`;
// A file, not `--eval`: @electron/rebuild forks workers that inherit our execArgv.
const workerFile = join(staging, 'rebuild.mjs');
writeFileSync(workerFile, worker);
// npm run sets npm_config_nodedir when npm is configured to build against the system Node's
// headers (this machine: /usr); node-gyp would then build for Node, not Electron.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)),
);
const result = spawnSync(process.execPath, [workerFile], {
  cwd: root,
  env,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 15 * 60_000,
});
writeFileSync(logFile, `${result.stdout ?? ''}\n${result.stderr ?? ''}\n${result.error?.stack ?? ''}`);
const built = join(stagedModule, 'build', 'Release', 'better_sqlite3.node');
if (result.status !== 0 || !existsSync(built)) {
  rmSync(staging, { recursive: true, force: true });
  const failure = describeFailure(`${result.stderr}\n${result.stdout}\n${result.error?.message ?? ''}`);
  console.error(
    failure.unreachable
      ? `[tradedesk] better-sqlite3 could not be built for Electron ${electronVersion}: Electron's release host (prebuilt binaries and headers) is unreachable from this machine (${failure.reason}); log: ${logFile}`
      : `[tradedesk] better-sqlite3 could not be built for Electron ${electronVersion} (${failure.reason}); log: ${logFile}`,
  );
  process.exit(failure.unreachable ? 3 : 1);
}
// Trust the file, not the tool's exit code: it must be built for Electron's ABI.
const abis = addonAbis(readFileSync(built));
if (abis.length > 0 && !abis.includes(electronAbi)) {
  rmSync(staging, { recursive: true, force: true });
  console.error(
    `[tradedesk] better-sqlite3 was built for ABI ${abis.join(', ')}, not Electron ${electronVersion}'s ${electronAbi}; not installed. Log: ${logFile}`,
  );
  process.exit(1);
}
cpSync(built, addon);
writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
rmSync(staging, { recursive: true, force: true });
console.error(`[tradedesk] ${addon} ready.`);
