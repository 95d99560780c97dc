import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FuseV1Options, flipFuses, getCurrentFuseWire, type FuseConfig } from '@electron/fuses';
import { afterEach, describe, expect, it } from 'vitest';
import { LINUX_EXECUTABLE, PRODUCT_FILENAME } from '../../e2e/electron-app';
import { E2E_FUSES, fuseName, FuseState, RELEASE_FUSES } from './expected-fuses';

/**
 * The packaging configuration, checked where no Electron binary exists: what electron-builder
 * will be told, and — through electron-builder's own fuse mapping and @electron/fuses, the
 * library it flips them with — the fuse wire that results. The wire is written into a stand-in
 * file that carries Electron 45's fuse sentinel and default wire (not an Electron binary; the
 * packaged binary itself is read back in tests/integration/packaging/fuses.test.ts where one exists).
 */
const require = createRequire(import.meta.url);
type BuilderConfig = {
  npmRebuild: boolean;
  files: string[];
  extraResources: Array<{ from: string; to: string }>;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  directories: { output: string; buildResources: string };
  publish: unknown;
  extraMetadata?: unknown;
  executableName?: string;
  linux: { target: string[]; icon: string; executableName?: string };
  deb: { depends: string[] };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
};
const root = join(import.meta.dirname, '../../..');
const configPath = join(root, 'electron-builder.config.cjs');
const e2ePath = join(root, 'electron-builder.e2e.cjs');

/** Loads the config afresh under the given environment (it reads env at load time). */
function loadConfig(path: string, env: Record<string, string | undefined> = {}): BuilderConfig {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    delete require.cache[configPath];
    delete require.cache[e2ePath];
    return require(path) as BuilderConfig;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A file holding Electron 45's fuse wire as shipped (v1, 8 fuses: RunAsNode … GrantFileProtocolExtraPrivileges). */
function standInBinary(): string {
  dir = mkdtempSync(join(tmpdir(), 'tradedesk-fuses-'));
  const file = join(dir, 'tradedesk');
  const shipped = [FuseState.ENABLE, FuseState.DISABLE, FuseState.ENABLE, FuseState.ENABLE]
    .concat([FuseState.DISABLE, FuseState.DISABLE, FuseState.DISABLE, FuseState.ENABLE])
    .map(Number);
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.alloc(4096, 0x90),
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'latin1'),
      Buffer.from([1, shipped.length, ...shipped]),
      Buffer.alloc(4096, 0x90),
    ]),
  );
  return file;
}

async function wireFor(fuses: Record<string, boolean>): Promise<Record<string, FuseState>> {
  const { PlatformPackager } = require('app-builder-lib/out/platformPackager') as {
    PlatformPackager: { prototype: { generateFuseConfig(f: Record<string, boolean>): Promise<FuseConfig> } };
  };
  const config = await PlatformPackager.prototype.generateFuseConfig.call({}, fuses);
  const file = standInBinary();
  await flipFuses(file, config);
  const wire = await getCurrentFuseWire(file);
  return Object.fromEntries(
    Object.entries(wire)
      .filter(([k]) => /^\d+$/.test(k))
      .map(([k, v]) => [fuseName(Number(k)), v as FuseState]),
  );
}

const named = (fuses: Partial<Record<FuseV1Options, FuseState>>) =>
  Object.fromEntries(Object.entries(fuses).map(([k, v]) => [fuseName(Number(k)), v]));

describe('electron-builder.config.cjs', () => {
  it("never rebuilds inside the project's node_modules; ships Electron's addon build outside the asar", () => {
    const config = loadConfig(configPath);
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual({
      from: 'native/electron/better_sqlite3.node',
      to: 'native/better_sqlite3.node',
    });
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.files).toContain('!**/node_modules/better-sqlite3/{build,deps,src}/**');
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'supabase/**', 'package.json']));
  });

  it('targets: deb + AppImage, dmg + zip (what auto-update installs from), nsis; icons at the sizes they need', () => {
    const config = loadConfig(configPath);
    expect(config.linux.target.sort()).toEqual(['AppImage', 'deb']);
    expect(config.mac.target.sort()).toEqual(['dmg', 'zip']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.icon).toBe('resources/icons');
    expect(config.mac.icon).toBe('resources/icon.png');
    expect(config.win.icon).toBe('resources/icon.png');
    expect(config.directories.buildResources).toBe('resources');
  });

  it('names the executables where the Electron e2e launcher and the fuse read-back look for them', () => {
    // electron-builder's own naming: AppInfo.productFilename (the .app bundle and its binary on
    // macOS, the .exe on Windows) and LinuxPackager's executableName (linux.executableName, else
    // the top-level one, else the package name in lower case).
    const { AppInfo } = require('app-builder-lib/out/appInfo') as {
      AppInfo: new (info: unknown, buildVersion: null, platformOptions: unknown) => { productFilename: string };
    };
    const config = loadConfig(configPath);
    const info = { config, metadata: { name: 'tradedesk', version: '0.1.0' } };
    const { mac, win } = config as unknown as { mac: unknown; win: unknown };
    expect(new AppInfo(info, null, mac).productFilename).toBe(PRODUCT_FILENAME);
    expect(new AppInfo(info, null, win).productFilename).toBe(PRODUCT_FILENAME);
    expect(config.linux.executableName ?? config.executableName).toBe(LINUX_EXECUTABLE);
  });

  it("deb depends extends electron-builder's defaults (read from the installed app-builder-lib) instead of replacing them", () => {
    const { default: FpmTarget } = require('app-builder-lib/out/targets/FpmTarget') as {
      default: { prototype: { getDefaultDepends(target: string): string[] } };
    };
    const defaults = FpmTarget.prototype.getDefaultDepends.call({}, 'deb');
    expect(defaults).toContain('xdg-utils');
    const { depends } = loadConfig(configPath).deb;
    for (const dep of defaults) expect(depends, dep).toContain(dep);
    expect(depends.some((d) => d.startsWith('libasound2'))).toBe(true);
  });

  it('the update feed is a generic provider when TRADEDESK_UPDATE_URL is set, absent otherwise; demo-only turns updates off', () => {
    expect(loadConfig(configPath, { TRADEDESK_UPDATE_URL: undefined }).publish).toBeNull();
    expect(loadConfig(configPath, { TRADEDESK_UPDATE_URL: 'https://updates.example/tradedesk' }).publish).toEqual([
      { provider: 'generic', url: 'https://updates.example/tradedesk', channel: 'latest' },
    ]);
    expect(loadConfig(configPath, { TRADEDESK_DEMO_ONLY: '1' }).extraMetadata).toEqual({
      tradedesk: { updates: false },
    });
    expect(loadConfig(configPath, { TRADEDESK_DEMO_ONLY: undefined }).extraMetadata).toBeUndefined();
  });

  it('release fuses, as electron-builder maps them and @electron/fuses writes them', async () => {
    const wire = await wireFor(loadConfig(configPath).electronFuses);
    expect(wire).toMatchObject(named(RELEASE_FUSES));
    // Left as Electron ships it: file:// keeps its privileges (the renderer's module scripts load from file://).
    expect(wire.GrantFileProtocolExtraPrivileges).toBe(FuseState.ENABLE);
  });

  it('the e2e flavour differs only by the inspector fuse, and writes to its own folder without a feed', async () => {
    const e2e = loadConfig(e2ePath, { TRADEDESK_UPDATE_URL: 'https://updates.example/x' });
    expect(await wireFor(e2e.electronFuses)).toMatchObject(named(E2E_FUSES));
    expect(e2e.directories.output).toBe('release/e2e-${version}');
    expect(e2e.publish).toBeNull();
    const { electronFuses: a, directories: _d1, publish: _p1, ...restE2e } = e2e;
    const {
      electronFuses: b,
      directories: _d2,
      publish: _p2,
      ...restRelease
    } = loadConfig(configPath, {
      TRADEDESK_UPDATE_URL: 'https://updates.example/x',
    });
    expect(restE2e).toEqual(restRelease);
    expect({ ...a, enableNodeCliInspectArguments: false }).toEqual(b);
  });

  it('package.json: the packaged app finds its entry, and npm run package uses this config', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string;
      scripts: Record<string, string>;
    };
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.scripts.package).toBe('node scripts/package.mjs');
    expect(readFileSync(join(root, 'scripts/package.mjs'), 'utf8')).toContain("'electron-builder.config.cjs'");
  });
});
