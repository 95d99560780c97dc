import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { addonAbis } from '../../../scripts/lib/addon-abi.mjs';
import { LINUX_EXECUTABLE, PRODUCT_FILENAME } from '../../e2e/electron-app';
import { E2E_FUSES, fuseName, RELEASE_FUSES } from '../../unit/packaging/expected-fuses';

/**
 * Reads the fuses back from every packaged binary in release/ (what `npm run package` and
 * `npm run package:e2e` leave there), and checks the native addon shipped beside it is built for
 * Electron's ABI. Where no package has been built (a machine without access to Electron's
 * release host cannot build one) it says so in one line and skips.
 */
const root = join(import.meta.dirname, '../../..');
const release = join(root, 'release');

interface Built {
  flavour: 'release' | 'e2e';
  binary: string;
  resources: string;
}

function builtApps(): Built[] {
  if (!existsSync(release)) return [];
  const found: Built[] = [];
  for (const entry of readdirSync(release, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const version = entry.name;
    const flavour = version.startsWith('e2e-') ? 'e2e' : 'release';
    const dir = join(release, version);
    for (const out of readdirSync(dir)) {
      const linux = join(dir, out, LINUX_EXECUTABLE);
      const win = join(dir, out, `${PRODUCT_FILENAME}.exe`);
      const mac = join(dir, out, `${PRODUCT_FILENAME}.app`);
      if (out.endsWith('-unpacked') && existsSync(linux))
        found.push({ flavour, binary: linux, resources: join(dir, out, 'resources') });
      else if (out.endsWith('-unpacked') && existsSync(win))
        found.push({ flavour, binary: win, resources: join(dir, out, 'resources') });
      else if (existsSync(mac)) found.push({ flavour, binary: mac, resources: join(mac, 'Contents', 'Resources') });
    }
  }
  return found;
}

const apps = builtApps();
const SKIP_REASON = "no packaged build in release/ (npm run package needs Electron's release host)";
if (apps.length === 0) {
  console.log(
    "packaged-app checks skipped: no packaged build in release/ (npm run package needs Electron's release host)",
  );
}

describe('packaged builds in release/', () => {
  if (apps.length === 0) it.skip(`skipped: ${SKIP_REASON}`, () => {});
  for (const app of apps) {
    it(`${app.binary}: fuses as configured (${app.flavour})`, async () => {
      const wire = await getCurrentFuseWire(app.binary);
      const expected = app.flavour === 'e2e' ? E2E_FUSES : RELEASE_FUSES;
      for (const [index, state] of Object.entries(expected)) {
        expect(wire[Number(index) as keyof typeof wire], fuseName(Number(index))).toBe(state);
      }
    });

    it(`${app.binary}: better-sqlite3 ships for Electron's ABI, outside app.asar; no Node build inside`, () => {
      const addon = join(app.resources, 'native', 'better_sqlite3.node');
      const abi = Number(readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim());
      expect(addonAbis(readFileSync(addon))).toEqual([abi]);
      expect(existsSync(join(app.resources, 'app.asar'))).toBe(true);
      expect(existsSync(join(app.resources, 'app.asar.unpacked/node_modules/better-sqlite3/build'))).toBe(false);
    });
  }
});
