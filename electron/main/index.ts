import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  net,
  powerMonitor,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ELECTRON_INVOKE_CHANNEL,
  ELECTRON_PUSH_CHANNEL,
  type PushName,
  type PushPayload,
} from '../../src/shared/contract';
import { stopWithin } from '../core/app/child-stop';
import { electronSqliteBinding } from '../core/app/native-binding';
import { cspHeader, rendererSource, trustedOrigins } from '../core/app/renderer-source';
import { createTerminal, type Terminal } from '../core/app/terminal';
import { CacheEngineError } from '../core/cache';
import { FolderInUseError } from '../lib/folder-lock';
import { isTrustedSender } from '../core/ipc/sender-guard';
import type { Rect } from '../../src/shared/layout';
import { installMenu } from './menu';
import { showAlertNotifications } from './alert-notifications';
import { createSafeStorageSecrets } from './secrets';
import { launchStackUtility } from './stack-process';
import { startUpdates } from './updates';
import { watchWindowHealth } from './window-health';
import { createWorkspaceWindows, displaysNow, type WorkspaceWindows } from './workspace-windows';

/**
 * Electron glue only: lifecycle, the single-instance lock, windows, and wiring ipcMain to the
 * host-neutral router. Everything else lives in electron/core and is tested in Node.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const preload = join(here, '../preload/index.cjs');
// The dev server only when not packaged (core/app/renderer-source.ts).
const renderer = rendererSource({
  isPackaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  rendererDir: join(here, '../renderer'),
});
if (renderer.kind === 'file' && renderer.ignored) console.warn(`[tradedesk] ${renderer.ignored}`);
const trusted = trustedOrigins(renderer);
/** The longest quitting may wait on the engine and the demo backend before it goes anyway. */
const QUIT_DEADLINE_MS = 15_000;

// Tests (and people who keep several profiles) point the app at another data folder.
if (process.env.TRADEDESK_DATA_DIR) app.setPath('userData', process.env.TRADEDESK_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
  process.exit(0);
}

const windows = new Map<number, { win: BrowserWindow; windowId: string }>();
let terminal: Terminal | undefined;
let workspaceWindows: WorkspaceWindows | undefined;
let nextWindow = 1;

app.on('second-instance', () => focusMainWindow());

/** Brings the main window to the front (a second launch, a click on an alert's notification). */
function focusMainWindow(): void {
  // The main window (windows open in z order at start, so it need not be the first created).
  const mainId = terminal?.workspace.windowIdOf('main');
  const all = [...windows.values()];
  const first = (all.find((w) => w.windowId === mainId) ?? all[0])?.win;
  if (!first) return;
  if (first.isMinimized()) first.restore();
  first.show();
  first.focus();
}

app.on('web-contents-created', (_event, contents) => {
  // No page of ours opens windows or navigates away; https links go to the system browser.
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** One window of the layout (`key`), at `bounds`; shown by the workspace glue once placed. */
function createWindow(key: string, bounds: Rect): { win: BrowserWindow; windowId: string } {
  const win = new BrowserWindow({
    ...bounds,
    // The main window carries the whole terminal; a detached panel may be small.
    minWidth: key === 'main' ? 960 : 320,
    minHeight: key === 'main' ? 600 : 240,
    backgroundColor: '#0d1117',
    title: 'Tradedesk',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const windowId = `win-${nextWindow++}`;
  const webContentsId = win.webContents.id;
  windows.set(webContentsId, { win, windowId });
  // Before the page loads: its first pushes are already those of its panels.
  terminal?.workspace.bindWindow(windowId, key);
  win.webContents.on('did-finish-load', () => {
    // webContents.send structured-clones per window (nothing to share across windows); the
    // payload it gets is already built once per fan-out by the hub.
    terminal?.hub.attach(windowId, <P extends PushName>(name: P, payload: PushPayload<P>) => {
      if (!win.isDestroyed()) win.webContents.send(ELECTRON_PUSH_CHANNEL, name, payload);
    });
  });
  // A crashed or hung page is reported and can be reopened with the same panels (window-health.ts).
  watchWindowHealth(win, {
    windowOf: () => terminal?.workspace.state(null).windows.find((w) => w.key === key) ?? null,
    watchlistName: (id) => terminal?.cache.all('watchlist').find((l) => l.id === id)?.name,
    log: (message) => console.warn(`[tradedesk] ${message}`),
  });
  win.on('closed', () => {
    windows.delete(webContentsId);
    terminal?.hub.detach(windowId);
  });
  // Closing the main window quits; the detached windows come back with the layout next start.
  // With detached windows open it asks first (not when the app is already quitting).
  if (key === 'main')
    win.on('close', (event) => {
      const others = [...windows.values()].filter((w) => w.win !== win && !w.win.isDestroyed()).length;
      if (!quitting && others > 0 && !confirmCloseAll(win, others)) {
        event.preventDefault();
        return;
      }
      app.quit();
    });
  if (renderer.kind === 'dev-server') void win.loadURL(`${renderer.url}?window=${encodeURIComponent(key)}`);
  else void win.loadFile(renderer.file, { query: { window: key } });
  return { win, windowId };
}

/** "Close Tradedesk and its 2 other windows?" — true to close them all. */
function confirmCloseAll(parent: BrowserWindow, others: number): boolean {
  const choice = dialog.showMessageBoxSync(parent, {
    type: 'question',
    buttons: ['Close all windows', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
    title: 'Close Tradedesk',
    message: `Close Tradedesk and its ${others} other window${others === 1 ? '' : 's'}?`,
    detail: 'They open again where they were, with this layout, the next time you start Tradedesk.',
  });
  return choice === 0;
}

function senderWindowId(event: IpcMainInvokeEvent): string | null {
  const entry = windows.get(event.sender.id);
  const frame = event.senderFrame;
  const ok = isTrustedSender(
    { frameUrl: frame?.url, isMainFrame: frame?.parent === null, isOurWindow: entry !== undefined },
    trusted,
  );
  return ok && entry ? entry.windowId : null;
}

async function start(): Promise<void> {
  await app.whenReady();
  // The built renderer's policy as a header too; none with the dev server (its meta tag rules).
  const csp = cspHeader(renderer);
  if (csp) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
  }
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  terminal = await createTerminal({
    host: 'electron',
    appVersion: app.getVersion(),
    dataDir: app.getPath('userData'),
    secrets: createSafeStorageSecrets(join(app.getPath('userData'), 'session.enc')),
    // node_modules' better-sqlite3 is built for Node; Electron loads its own build.
    sqliteBinding: electronSqliteBinding({
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appPath: app.getAppPath(),
    }),
    launchDemoStack: (dataDir) =>
      launchStackUtility(join(here, 'stack.js'), dataDir, join(app.getAppPath(), 'supabase')),
  });
  const router = terminal.router;

  ipcMain.handle(ELECTRON_INVOKE_CHANNEL, async (event, method: unknown, args: unknown) => {
    const windowId = senderWindowId(event);
    if (!windowId) {
      return { ok: false, error: { code: 'forbidden_sender', message: 'IPC from an untrusted frame was refused' } };
    }
    return router.dispatch({ windowId }, method, args);
  });

  showAlertNotifications(terminal.alerts, focusMainWindow);

  powerMonitor.on('resume', () => terminal?.reconnectNow());
  // Electron's main process has no 'online' event; poll the cheap check and react to a flip.
  let online = net.isOnline();
  setInterval(() => {
    const now = net.isOnline();
    if (now && !online) terminal?.reconnectNow();
    online = now;
  }, 5_000).unref();

  let updates: { restartToUpdate(): void } | null = null;
  const menu = installMenu({
    restartToUpdate: () => updates?.restartToUpdate(),
    keymap: terminal.keymap.get().keymap,
    // A menu choice goes to the focused window, which runs it under its keydown rule.
    invoke: (action) => {
      const focused = BrowserWindow.getFocusedWindow();
      const windowId = focused ? windows.get(focused.webContents.id)?.windowId : undefined;
      if (windowId) terminal?.keymap.invoke(windowId, action);
    },
    layouts: terminal.workspace,
    log: (message) => console.warn(`[tradedesk] menu: ${message}`),
  });
  terminal.keymap.onChange((state) => menu.setKeymap(state.keymap));
  // Only what changes the list of layouts or the active one (not windows opening and closing).
  terminal.workspace.onChange((reason) => {
    if (reason !== 'windows') menu.refreshLayouts();
  });
  updates = startUpdates({
    openPositions: () => terminal?.cache.all('position').filter((p) => p.quantity !== 0).length ?? 0,
    onReady: (version) => menu.showUpdateReady(version),
  });

  // The active layout's windows for the displays present, placed by the core, back-most first.
  workspaceWindows = createWorkspaceWindows({ workspace: terminal.workspace, create: createWindow });
  terminal.workspace.setHost(workspaceWindows.host);
  for (const { win, placement } of terminal.workspace.restore(displaysNow())) workspaceWindows.open(win, placement);
  workspaceWindows.watchDisplays();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) terminal?.workspace.open('main');
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  workspaceWindows?.quitting();
  if (quitting || !terminal) return;
  event.preventDefault();
  quitting = true;
  const stopping = terminal;
  // Never hang on the way out: a backend that already crashed resolves at once (child-stop.ts),
  // and anything else that does not finish in time is abandoned.
  void stopWithin(() => stopping.stop(), QUIT_DEADLINE_MS).then((outcome) => {
    if (outcome !== 'stopped') console.warn(`[tradedesk] quitting without a clean stop (${outcome})`);
    app.quit();
  });
});

start().catch((error: unknown) => {
  if (error instanceof FolderInUseError) {
    // Another Tradedesk (e.g. the browser host) holds this data folder: say which, then leave.
    console.error(`[tradedesk] ${error.message}`);
    dialog.showErrorBox('Tradedesk is already running', error.message);
    app.exit(1);
    return;
  }
  console.error('[tradedesk] failed to start:', error);
  if (error instanceof CacheEngineError) {
    // Not the user's data: the app itself is broken. Say so instead of vanishing.
    dialog.showErrorBox('Tradedesk cannot start', `${error.message}\n\nReinstall Tradedesk; your data is untouched.`);
  }
  app.exit(1);
});
