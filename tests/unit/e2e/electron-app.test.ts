import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronLaunch, type LaunchFacts } from '../../e2e/electron-app';

const root = '/src/tradedesk';
const facts = (over: Partial<LaunchFacts> = {}, files: string[] = []): LaunchFacts => ({
  root,
  version: '0.1.0',
  platform: 'linux',
  env: { DISPLAY: ':99' },
  exists: (p) => files.includes(p),
  runtime: null,
  nativeAddon: false,
  ...over,
});

describe('electronLaunch: the Electron e2e project launch arguments', () => {
  it('the unpacked build: the project folder as the argument, never out/main/index.js, and no executablePath', () => {
    const launch = electronLaunch(facts({ runtime: `${root}/node_modules/electron/dist/electron`, nativeAddon: true }));
    expect(launch).toEqual({ kind: 'unpacked', args: [root], cwd: root });
    expect(JSON.stringify(launch)).not.toContain('out/main');
    expect(launch).not.toHaveProperty('executablePath');
  });

  it('prefers the e2e package in release/ over the runtime; launched as itself, with no app argument', () => {
    const exe = join(root, 'release/e2e-0.1.0/linux-unpacked/tradedesk');
    expect(
      electronLaunch(
        facts({ runtime: '/x/electron', nativeAddon: true }, [exe, join(root, 'release/e2e-0.1.0/linux-unpacked')]),
      ),
    ).toEqual({ kind: 'packaged', executablePath: exe, args: [], cwd: root });
  });

  it('TRADEDESK_APP_PATH as the unpacked folder, the executable, or a macOS .app bundle', () => {
    const dir = '/opt/Tradedesk';
    expect(
      electronLaunch(facts({ env: { DISPLAY: ':1', TRADEDESK_APP_PATH: dir } }, [dir, `${dir}/tradedesk`])),
    ).toMatchObject({
      kind: 'packaged',
      executablePath: `${dir}/tradedesk`,
    });
    expect(
      electronLaunch(facts({ env: { DISPLAY: ':1', TRADEDESK_APP_PATH: `${dir}/tradedesk` } }, [`${dir}/tradedesk`])),
    ).toMatchObject({ kind: 'packaged', executablePath: `${dir}/tradedesk` });
    const app = '/Applications/Tradedesk.app';
    expect(
      electronLaunch(
        facts({ platform: 'darwin', env: { TRADEDESK_APP_PATH: app } }, [`${app}/Contents/MacOS/Tradedesk`]),
      ),
    ).toMatchObject({ kind: 'packaged', executablePath: `${app}/Contents/MacOS/Tradedesk` });
    const win = '/c/Tradedesk/win-unpacked';
    expect(
      electronLaunch(facts({ platform: 'win32', env: { TRADEDESK_APP_PATH: win } }, [join(win, 'Tradedesk.exe')])),
    ).toMatchObject({ kind: 'packaged', executablePath: join(win, 'Tradedesk.exe') });
  });

  it('a TRADEDESK_APP_PATH that holds no app: skip, saying so (not a silent fallback to the runtime)', () => {
    const launch = electronLaunch(
      facts({ env: { DISPLAY: ':1', TRADEDESK_APP_PATH: '/nowhere' }, runtime: '/x/electron', nativeAddon: true }),
    );
    expect(launch).toEqual({ kind: 'skip', reason: expect.stringContaining('/nowhere') });
  });

  it('neither package nor runtime: one reason naming both', () => {
    const launch = electronLaunch(facts());
    expect(launch.kind).toBe('skip');
    if (launch.kind !== 'skip') return;
    expect(launch.reason).toMatch(/packaged app/);
    expect(launch.reason).toMatch(/Electron runtime/);
    expect(launch.reason.split('\n')).toHaveLength(1);
  });

  it("the runtime without Electron's SQLite addon build: skip, naming it", () => {
    expect(electronLaunch(facts({ runtime: '/x/electron', nativeAddon: false }))).toMatchObject({
      kind: 'skip',
      reason: expect.stringMatching(/native\/electron/),
    });
  });

  it('Linux without a display: skip instead of dying on "Missing X server"', () => {
    expect(electronLaunch(facts({ env: {}, runtime: '/x/electron', nativeAddon: true }))).toMatchObject({
      kind: 'skip',
      reason: expect.stringMatching(/display/),
    });
    expect(
      electronLaunch(facts({ env: { WAYLAND_DISPLAY: 'wayland-0' }, runtime: '/x/electron', nativeAddon: true })).kind,
    ).toBe('unpacked');
    expect(electronLaunch(facts({ platform: 'darwin', env: {}, runtime: '/x/electron', nativeAddon: true })).kind).toBe(
      'unpacked',
    );
  });
});
