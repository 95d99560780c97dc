import { type BrowserWindow, type Display as ElectronDisplay, screen } from 'electron';
import type { Display, Rect, WindowLayout, WindowMode } from '../../src/shared/layout';
import type { Placement, WindowHost, Workspace } from '../core/workspace';

/**
 * Electron glue of the workspace: turns layout windows into BrowserWindows placed where the
 * core's placement function says, reports what the trader does with them (move, resize,
 * maximize, focus, close) back to the core, and applies the core's moves when displays change.
 * Every decision lives in electron/core/workspace (tested in Node); this only translates.
 */
export interface WorkspaceWindowsOptions {
  workspace: Workspace;
  /**
   * Creates a window with the app's standard options at `bounds` (hidden until shown here),
   * binds it to layout window `key` (`workspace.bindWindow`) before its page loads, and loads
   * the renderer with `?window=<key>`. Returns the window and its hub window id.
   */
  create(key: string, bounds: Rect): { win: BrowserWindow; windowId: string };
}

export interface WorkspaceWindows {
  host: WindowHost;
  /** Opens a window for a layout window at its placement (start-up restore uses this too). */
  open(layoutWindow: WindowLayout, placement: Placement): void;
  /** Follows display changes: `display-added/removed/metrics-changed` → the core's moves. Returns an unsubscribe. */
  watchDisplays(): () => void;
  /** From `before-quit`: windows closing from now on stay in the layout. */
  quitting(): void;
}

/** Electron's displays in the layout document's terms. */
export function displaysNow(): Display[] {
  const primary = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d) => toDisplay(d, primary));
}

function toDisplay(d: ElectronDisplay, primaryId: number): Display {
  return {
    id: String(d.id),
    bounds: { ...d.bounds },
    workArea: { ...d.workArea },
    scaleFactor: d.scaleFactor,
    primary: d.id === primaryId,
  };
}

function modeOf(win: BrowserWindow): WindowMode {
  if (win.isFullScreen()) return 'fullscreen';
  if (win.isMaximized()) return 'maximized';
  return 'normal';
}

/** Puts a window at its placement: normal bounds first, then the mode, on the display they lie on. */
function apply(win: BrowserWindow, placement: Placement): void {
  if (win.isFullScreen() && placement.mode !== 'fullscreen') win.setFullScreen(false);
  if (win.isMaximized()) win.unmaximize();
  win.setBounds(placement.bounds);
  if (placement.mode === 'maximized') win.maximize();
  else if (placement.mode === 'fullscreen') win.setFullScreen(true);
}

export function createWorkspaceWindows(opts: WorkspaceWindowsOptions): WorkspaceWindows {
  const { workspace } = opts;
  const byWindowId = new Map<string, BrowserWindow>();
  let quitting = false;

  function report(key: string, win: BrowserWindow): void {
    if (win.isDestroyed()) return;
    const bounds = win.getNormalBounds();
    const primary = screen.getPrimaryDisplay().id;
    workspace.windowMoved(key, {
      bounds,
      mode: modeOf(win),
      display: toDisplay(screen.getDisplayMatching(bounds), primary),
    });
  }

  function open(layoutWindow: WindowLayout, placement: Placement): void {
    const { key } = layoutWindow;
    const { win, windowId } = opts.create(key, placement.bounds);
    byWindowId.set(windowId, win);
    // Created hidden at its normal bounds; the mode is applied before it is shown (no flicker,
    // and a maximized window maximizes on the display its normal bounds lie on).
    win.once('ready-to-show', () => {
      if (placement.mode === 'maximized') win.maximize();
      else if (placement.mode === 'fullscreen') win.setFullScreen(true);
      win.show();
    });
    const onChange = () => report(key, win);
    win.on('move', onChange);
    win.on('resize', onChange);
    win.on('maximize', onChange);
    win.on('unmaximize', onChange);
    win.on('enter-full-screen', onChange);
    win.on('leave-full-screen', onChange);
    win.on('focus', () => workspace.windowFocused(key));
    win.on('close', () => {
      if (!quitting) workspace.windowClosedByUser(key);
    });
    win.on('closed', () => byWindowId.delete(windowId));
  }

  const host: WindowHost = {
    open,
    close(windowId) {
      const win = byWindowId.get(windowId);
      if (win && !win.isDestroyed()) win.close();
    },
    move(windowId, placement) {
      const win = byWindowId.get(windowId);
      if (win && !win.isDestroyed()) apply(win, placement);
    },
  };

  return {
    host,
    open,
    watchDisplays() {
      const onDisplays = () => {
        for (const move of workspace.displaysChanged(displaysNow())) host.move(move.windowId, move.placement);
      };
      screen.on('display-added', onDisplays);
      screen.on('display-removed', onDisplays);
      screen.on('display-metrics-changed', onDisplays);
      return () => {
        screen.off('display-added', onDisplays);
        screen.off('display-removed', onDisplays);
        screen.off('display-metrics-changed', onDisplays);
      };
    },
    quitting() {
      quitting = true;
      workspace.beginQuit();
    },
  };
}
