import { app, dialog } from 'electron';
import electronUpdater from 'electron-updater';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mayRestartOnItsOwn, UPDATE_CHECK_INTERVAL_MS, updatesEnabled } from '../core/app/update-policy';

/** How often a downloaded update re-asks the policy whether it may restart on its own. */
const POLICY_TICK_MS = 10 * 60_000;

export interface UpdateHooks {
  /** Open positions right now (a restart is never automatic while any is open). */
  openPositions(): number;
  /** A downloaded update is ready (the menu shows "Restart to Update"). */
  onReady(version: string): void;
}

/**
 * electron-updater glue: checks at start and every few hours, downloads in the background, and
 * installs when the trader chooses "Restart to update" — or by itself only when the policy in
 * core/app/update-policy.ts allows (no open position, outside market hours). Off where that
 * policy's `updatesEnabled` says so. Returns the restart action, or null when off.
 */
export function startUpdates(hooks: UpdateHooks): { restartToUpdate(): void } | null {
  const verdict = updatesEnabled({
    isPackaged: app.isPackaged,
    hasFeedConfig: existsSync(join(process.resourcesPath, 'app-update.yml')),
    packageUpdates: packageUpdatesFlag(),
    env: process.env.TRADEDESK_UPDATES,
  });
  if (!verdict.enabled) {
    console.info(`[tradedesk] updates: off (${verdict.reason})`);
    return null;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = { info: console.info, warn: console.warn, error: console.error, debug: () => {} };
  let downloaded: string | null = null;

  const restartToUpdate = () => autoUpdater.quitAndInstall(false, true);
  const check = () =>
    void autoUpdater
      .checkForUpdates()
      .catch((error: unknown) => console.warn('[tradedesk] update check failed:', error));

  autoUpdater.on('error', (error) => console.warn('[tradedesk] updater:', error.message));
  autoUpdater.on('update-downloaded', (info) => {
    downloaded = info.version;
    hooks.onReady(info.version);
    void dialog
      .showMessageBox({
        type: 'info',
        title: 'Update ready',
        message: `Tradedesk ${info.version} is ready to install.`,
        detail: 'Restart now, or keep working: it installs when you next quit.',
        buttons: ['Restart to update', 'Later'],
        defaultId: 1,
        cancelId: 1,
      })
      .then(({ response }) => {
        if (response === 0) restartToUpdate();
      });
  });

  check();
  setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  setInterval(() => {
    if (downloaded && mayRestartOnItsOwn({ nowMs: Date.now(), openPositions: hooks.openPositions() }).allowed) {
      restartToUpdate();
    }
  }, POLICY_TICK_MS);
  return { restartToUpdate };
}

/** `tradedesk.updates` in the packaged package.json (a demo-only build sets it to false). */
function packageUpdatesFlag(): unknown {
  try {
    const pkg = JSON.parse(readFileSync(join(app.getAppPath(), 'package.json'), 'utf8')) as {
      tradedesk?: { updates?: unknown };
    };
    return pkg.tradedesk?.updates;
  } catch {
    return undefined;
  }
}
