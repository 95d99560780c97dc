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
import { electronSqliteBinding } from '../core/app/native-binding';
import { createTerminal, type Terminal } from '../core/app/terminal';
import { FolderInUseError } from '../lib/folder-lock';
import { isTrustedSender } from '../core/ipc/sender-guard';
import type { Rect } from '../../src/shared/layout';
import { createSafeStorageSecrets } from './secrets';
import { launchStackUtility } from './stack-process';
import { createWorkspaceWindows, displaysNow, type WorkspaceWindows } from './workspace-windows';

/**
 * Electron glue only: lifecycle, the single-instance lock, windows, and wiring ipcMain to the
 * host-neutral router. Everything else lives in electron/core and is tested in Node.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../renderer');
const preload = join(here, '../preload/index.cjs');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

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

app.on('second-instance', () => {
  // The main window (windows open in z order at start, so it need not be the first created).
  const mainId = terminal?.workspace.windowIdOf('main');
  const all = [...windows.values()];
  const first = (all.find((w) => w.windowId === mainId) ?? all[0])?.win;
  if (!first) return;
  if (first.isMinimized()) first.restore();
  first.show();
  first.focus();
});

app.on('web-contents-created', (_event, contents) => {
  // No page of ours opens windows or navigates away; links go to the system browser.
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

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
    terminal?.hub.attach(windowId, <P extends PushName>(name: P, payload: PushPayload<P>) => {
      if (!win.isDestroyed()) win.webContents.send(ELECTRON_PUSH_CHANNEL, name, payload);
    });
  });
  win.on('closed', () => {
    windows.delete(webContentsId);
    terminal?.hub.detach(windowId);
  });
  // Closing the main window quits; the detached windows come back with the layout next start.
  if (key === 'main') win.on('close', () => app.quit());
  if (devServerUrl) void win.loadURL(`${devServerUrl}?window=${encodeURIComponent(key)}`);
  else void win.loadFile(join(rendererDir, 'index.html'), { query: { window: key } });
  return { win, windowId };
}

function senderWindowId(event: IpcMainInvokeEvent): string | null {
  const entry = windows.get(event.sender.id);
  const frame = event.senderFrame;
  const trusted = isTrustedSender(
    { frameUrl: frame?.url, isMainFrame: frame?.parent === null, isOurWindow: entry !== undefined },
    { origins: devServerUrl ? [new URL(devServerUrl).origin] : [], fileRoot: rendererDir },
  );
  return trusted && entry ? entry.windowId : null;
}

async function start(): Promise<void> {
  await app.whenReady();
  // Strict CSP for every response we load (the renderer's meta tag says the same for file://).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
        ],
      },
    });
  });
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

  powerMonitor.on('resume', () => terminal?.reconnectNow());
  // Electron's main process has no 'online' event; poll the cheap check and react to a flip.
  let online = net.isOnline();
  setInterval(() => {
    const now = net.isOnline();
    if (now && !online) terminal?.reconnectNow();
    online = now;
  }, 5_000).unref();

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
  void terminal.stop().finally(() => app.quit());
});

start().catch((error: unknown) => {
  if (error instanceof FolderInUseError) {
    // Another Tradedesk (e.g. the browser host) holds this data folder: say which, then leave.
    console.error(`[tradedesk] ${error.message}`);
    dialog.showErrorBox('Tradedesk is already running', error.message);
  } else console.error('[tradedesk] failed to start:', error);
  app.exit(1);
});
