import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TradedeskBridge } from '../../src/shared/contract';
import { expect, test } from './fixtures';
import { electronLaunchHere, electronRuntime } from './runtime';

/** Electron-only behaviour of the desktop app (the shared specs cover the screens in both hosts). */
test.describe('Electron host', () => {
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'electron', 'Electron host only');
  });

  test('a second launch focuses the first window and exits', async ({ terminal }) => {
    const app = terminal.electronApp!;
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.minimize());
    await expect
      .poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isMinimized()))
      .toBe(true);
    const launch = electronLaunchHere();
    const [command, args] =
      launch.kind === 'packaged'
        ? [launch.executablePath, launch.args]
        : [electronRuntime()!, launch.kind === 'unpacked' ? launch.args : []];
    const second = spawn(command, [...args, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])], {
      env: { ...process.env, TRADEDESK_DATA_DIR: terminal.dataDir },
      stdio: 'ignore',
    });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(0);
    await expect
      .poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isMinimized()))
      .toBe(false);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  test('the native menu has its entries, and "Restart to Update" waits for a downloaded update', async ({
    terminal,
  }) => {
    const menu = await terminal.electronApp!.evaluate(({ Menu }) => {
      const top = Menu.getApplicationMenu()!.items;
      return {
        top: top.map((i) => i.label),
        file: top
          .find((i) => i.label === 'File')!
          .submenu!.items.map((i) => ({ label: i.label, role: i.role, visible: i.visible })),
        edit: top
          .find((i) => i.label === 'Edit')!
          .submenu!.items.map((i) => i.role)
          .filter(Boolean),
      };
    });
    expect(menu.top).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help']));
    expect(menu.file).toContainEqual(expect.objectContaining({ label: 'Restart to Update', visible: false }));
    expect(menu.edit).toEqual(expect.arrayContaining(['copy', 'paste', 'selectAll']));
  });

  test('the main window comes back where the trader left it', async ({ openTerminal }) => {
    const first = await openTerminal();
    const app = first.electronApp!;
    // A spot inside the primary display's work area, clear of its edges, at least the main
    // window's minimum size (960×600); odd numbers so a default placement cannot match by chance.
    const target = await app.evaluate(({ screen }) => {
      const area = screen.getPrimaryDisplay().workArea;
      return {
        x: area.x + 37,
        y: area.y + 23,
        width: Math.min(area.width - 60, 1001),
        height: Math.min(area.height - 40, 641),
      };
    });
    test.skip(
      target.width < 960 || target.height < 600,
      'display smaller than 1020×640: run xvfb-run -s "-screen 0 1920x1080x24"',
    );
    const mainBounds = (a: typeof app) =>
      a.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()
          .find((w) => w.webContents.getURL().includes('window=main'))!
          .getNormalBounds(),
      );
    await app.evaluate(({ BrowserWindow }, bounds) => {
      BrowserWindow.getAllWindows()
        .find((w) => w.webContents.getURL().includes('window=main'))!
        .setBounds(bounds);
    }, target);
    // What the window manager granted, as the app sees it; then wait until the workspace holds it
    // (the public layout.get), so the quit flush has it to save.
    await expect.poll(() => mainBounds(app)).toMatchObject({ width: target.width, height: target.height });
    const placed = await mainBounds(app);
    await expect
      .poll(() =>
        first.page.evaluate(async () => {
          const bridge = (window as unknown as { tradedesk: TradedeskBridge }).tradedesk;
          const state = await bridge.invoke('layout.get', {});
          return state.ok ? state.value.windows.find((w) => w.key === 'main')?.bounds : null;
        }),
      )
      .toEqual(placed);
    await first.close();

    const second = await openTerminal({ dataDir: first.dataDir });
    await expect.poll(() => mainBounds(second.electronApp!)).toEqual(placed);
  });

  test('with only the plain-text secret backend (basic_text), no session is written to disk', async ({
    openTerminal,
  }) => {
    test.skip(process.platform !== 'linux', 'basic_text is a Linux secret-store backend');
    const terminal = await openTerminal({ electronArgs: ['--password-store=basic'] });
    await expect(terminal.page.getByRole('status', { name: 'Trading feed: Live' })).toBeVisible({ timeout: 60_000 });
    const backend = await terminal.electronApp!.evaluate(({ safeStorage }) => safeStorage.getSelectedStorageBackend());
    expect(backend).toBe('basic_text');
    expect(existsSync(join(terminal.dataDir, 'session.enc'))).toBe(false);
    expect(existsSync(join(terminal.dataDir, 'secrets.json'))).toBe(false);
  });
});
