import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
