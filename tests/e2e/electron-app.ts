import { join, resolve } from 'node:path';

/**
 * How the Playwright `electron` project launches the app, decided from facts only (tested in
 * Node: tests/unit/e2e/electron-app.test.ts):
 *
 * 1. A packaged app: `TRADEDESK_APP_PATH` (the unpacked folder, the .app bundle, or the
 *    executable), else the e2e flavour `npm run package:e2e` leaves in release/e2e-<version>/.
 *    Launched as its own executable: it carries its name, version and app.asar.
 * 2. Else the unpacked build (out/) on the installed Electron runtime, with the project folder
 *    as the argument — not out/main/index.js, which would make Electron skip package.json (the
 *    app would report Electron's name and version) — and without `executablePath`, so that
 *    Playwright injects its loader (it holds `ready` until Playwright has attached).
 * 3. Else skip, saying in one line which is missing. On Linux without a display, skip too.
 */
export interface LaunchFacts {
  root: string;
  version: string;
  platform: NodeJS.Platform;
  env: { TRADEDESK_APP_PATH?: string; DISPLAY?: string; WAYLAND_DISPLAY?: string };
  exists(path: string): boolean;
  /** The installed Electron runtime binary (node_modules/electron/dist/…), or null. */
  runtime: string | null;
  /** native/electron/better_sqlite3.node exists (the unpacked build's SQLite addon for Electron). */
  nativeAddon: boolean;
}

export type ElectronLaunch =
  | { kind: 'packaged'; executablePath: string; args: string[]; cwd: string }
  | { kind: 'unpacked'; args: string[]; cwd: string }
  | { kind: 'skip'; reason: string };

/**
 * The packaged executable's names, as electron-builder.config.cjs makes electron-builder write
 * them (checked against app-builder-lib in tests/unit/packaging): the product name on macOS and
 * Windows, `linux.executableName` on Linux.
 */
export const PRODUCT_FILENAME = 'Tradedesk';
export const LINUX_EXECUTABLE = 'tradedesk';
const EXECUTABLE: Partial<Record<NodeJS.Platform, string>> = {
  linux: LINUX_EXECUTABLE,
  win32: `${PRODUCT_FILENAME}.exe`,
};

/** The executable inside a packaged app given as a folder, a .app bundle or the file itself. */
function executableIn(path: string, facts: LaunchFacts): string | null {
  if (path.endsWith('.app')) {
    const bin = join(path, 'Contents', 'MacOS', PRODUCT_FILENAME);
    return facts.exists(bin) ? bin : null;
  }
  const name = EXECUTABLE[facts.platform];
  if (name && facts.exists(join(path, name))) return join(path, name);
  return facts.exists(path) && !facts.exists(join(path, 'resources')) ? path : null;
}

function releaseCandidates(facts: LaunchFacts): string[] {
  const dir = join(facts.root, 'release', `e2e-${facts.version}`);
  const app = `${PRODUCT_FILENAME}.app`;
  if (facts.platform === 'darwin') return [join(dir, 'mac-arm64', app), join(dir, 'mac', app)];
  if (facts.platform === 'win32') return [join(dir, 'win-unpacked')];
  return [join(dir, 'linux-unpacked'), join(dir, 'linux-arm64-unpacked')];
}

export function electronLaunch(facts: LaunchFacts): ElectronLaunch {
  const chosen = facts.env.TRADEDESK_APP_PATH ? resolve(facts.root, facts.env.TRADEDESK_APP_PATH) : null;
  let launch: ElectronLaunch | null = null;
  if (chosen) {
    const executable = executableIn(chosen, facts);
    if (!executable) return { kind: 'skip', reason: `TRADEDESK_APP_PATH (${chosen}) holds no packaged Tradedesk` };
    launch = { kind: 'packaged', executablePath: executable, args: [], cwd: facts.root };
  } else {
    for (const candidate of releaseCandidates(facts)) {
      const executable = executableIn(candidate, facts);
      if (executable) {
        launch = { kind: 'packaged', executablePath: executable, args: [], cwd: facts.root };
        break;
      }
    }
  }
  if (!launch && facts.runtime) {
    if (!facts.nativeAddon) {
      return {
        kind: 'skip',
        reason:
          "no Electron build of better-sqlite3 in native/electron (npm run native:electron needs Electron's release host)",
      };
    }
    launch = { kind: 'unpacked', args: [facts.root], cwd: facts.root };
  }
  if (!launch) {
    return {
      kind: 'skip',
      reason: `neither a packaged app (TRADEDESK_APP_PATH, or ${releaseCandidates(facts)[0]} from npm run package:e2e) nor the Electron runtime (node_modules/electron/dist) is installed`,
    };
  }
  if (facts.platform === 'linux' && !facts.env.DISPLAY && !facts.env.WAYLAND_DISPLAY) {
    return { kind: 'skip', reason: 'no display (DISPLAY and WAYLAND_DISPLAY unset): run the suite under xvfb-run' };
  }
  return launch;
}
