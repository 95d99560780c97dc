import { type BrowserWindow, dialog } from 'electron';
import { decideWindowHealth, type HealthContext, type HealthWindow, type WindowHealthEvent } from '../core/workspace';

/**
 * Electron glue for a window whose page crashed or hangs: `render-process-gone`, `unresponsive`
 * and `responsive` go to the core (electron/core/workspace/window-health.ts), whose words and
 * buttons are shown in a native message box; the choice is carried out here. Reopening reloads
 * the same window (same layout key, so the same panels, settings and link colours); closing goes
 * through the window's ordinary close path.
 */
export interface WindowHealthOptions {
  /** The window's layout record now; null when it is no longer in the layout. */
  windowOf(): HealthWindow | null;
  watchlistName?: HealthContext['watchlistName'];
  log(message: string): void;
}

export function watchWindowHealth(win: BrowserWindow, opts: WindowHealthOptions): void {
  const contents = win.webContents;
  /** Set while we crash a hung page to reload it: that crash is not reported. */
  let reloading = false;
  /** The open "not responding" question, taken down when the page answers again. */
  let hang: AbortController | null = null;

  async function handle(event: WindowHealthEvent): Promise<void> {
    const record = opts.windowOf();
    if (!record || win.isDestroyed()) return;
    const decision = decideWindowHealth(event, record, { watchlistName: opts.watchlistName, reloading });
    if (event.kind === 'gone') {
      reloading = false;
      hang?.abort();
    }
    if (decision.kind === 'dismiss') hang?.abort();
    if (decision.kind !== 'ask') return;
    opts.log(decision.message);
    let signal: AbortSignal | undefined;
    if (event.kind === 'unresponsive') {
      if (hang) return;
      hang = new AbortController();
      signal = hang.signal;
    }
    const { response } = await dialog.showMessageBox(win, {
      type: decision.severity,
      title: decision.title,
      message: decision.message,
      detail: decision.detail,
      buttons: decision.buttons.map((b) => b.label),
      defaultId: 0,
      cancelId: 0,
      noLink: true,
      signal,
    });
    if (signal) hang = null;
    if (signal?.aborted || win.isDestroyed()) return;
    switch (decision.buttons[response]?.action) {
      case 'reopen':
        contents.reload();
        break;
      case 'close':
        win.close();
        break;
      case 'reload':
        // A hung page does not take a reload: end it first (reported as gone, not asked about).
        reloading = true;
        contents.forcefullyCrashRenderer();
        contents.reload();
        break;
      default:
        break;
    }
  }

  const run = (event: WindowHealthEvent) =>
    void handle(event).catch((error: unknown) => opts.log(`window health: ${String(error)}`));
  contents.on('render-process-gone', (_e, details) =>
    run({ kind: 'gone', reason: details.reason, exitCode: details.exitCode }),
  );
  win.on('unresponsive', () => run({ kind: 'unresponsive' }));
  win.on('responsive', () => run({ kind: 'responsive' }));
}
