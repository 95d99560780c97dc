import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronLaunch, type ElectronLaunch } from './electron-app';

const root = join(import.meta.dirname, '../..');

/** Path of the Electron binary if the runtime is installed, else null. */
export function electronRuntime(): string | null {
  const dir = join(root, 'node_modules/electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export const CHROMIUM = process.env.TRADEDESK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** How the electron project launches the app on this machine (see electron-app.ts), or why it skips. */
export function electronLaunchHere(): ElectronLaunch {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return electronLaunch({
    root,
    version: pkg.version,
    platform: process.platform,
    env: {
      TRADEDESK_APP_PATH: process.env.TRADEDESK_APP_PATH,
      DISPLAY: process.env.DISPLAY,
      WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY,
    },
    exists: existsSync,
    runtime: electronRuntime(),
    nativeAddon: existsSync(join(root, 'native', 'electron', 'better_sqlite3.node')),
  });
}
