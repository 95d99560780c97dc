import { PANEL_TRAITS, type Panel, type WindowLayout } from '../../../src/shared/layout';

/**
 * What to do when a window's page dies or hangs (issue 14 item 6). Pure: the Electron glue
 * (electron/main/window-health.ts) feeds it `render-process-gone`, `unresponsive` and
 * `responsive`, shows the answer in a native message box and carries out the trader's choice.
 *
 * A window whose page is gone stays in the layout with its panels, their settings and link
 * colours (`keepPanels`): `Reopen window` loads the same window again; only `Close it` (the
 * trader's own choice) takes it out, as closing it would.
 */

/** Electron's `RenderProcessGoneDetails.reason`. */
export type GoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction';

export type WindowHealthEvent =
  { kind: 'gone'; reason: GoneReason; exitCode: number } | { kind: 'unresponsive' } | { kind: 'responsive' };

/** reopen / close: after a crash; wait / reload: while it hangs. */
export type WindowHealthAction = 'reopen' | 'close' | 'wait' | 'reload';

export type WindowHealthDecision =
  /** Nothing to say (a clean exit, a crash we caused by reloading a hung page). */
  | { kind: 'ignore'; keepPanels: true }
  /** The page answers again: take down the hang question if it is still up. */
  | { kind: 'dismiss'; keepPanels: true }
  | {
      kind: 'ask';
      keepPanels: true;
      severity: 'error' | 'warning';
      title: string;
      /** One sentence for the trader naming the window's panels. */
      message: string;
      detail: string;
      /** Buttons in order; the first is the default and the Esc choice (reopen, wait). */
      buttons: { action: WindowHealthAction; label: string }[];
    };

/** What the glue knows of the window. */
export interface HealthWindow {
  role: WindowLayout['role'];
  panels: readonly Panel[];
}

export interface HealthContext {
  /** A watchlist's name by id (panels name it: "watchlist NIFTY 50"). */
  watchlistName?: (id: string) => string | null | undefined;
  /** The glue crashed the page itself to reload a hung window: reopen without asking. */
  reloading?: boolean;
}

const REASON_WORDS: Record<GoneReason, string> = {
  'clean-exit': 'closed',
  'abnormal-exit': 'exited abnormally',
  killed: 'killed',
  crashed: 'crashed',
  oom: 'out of memory',
  'launch-failed': 'failed to start',
  'integrity-failure': 'code integrity check failed',
  'memory-eviction': 'ended to free memory',
};

/** "watchlist NIFTY 50", "positions", "chart RELIANCE" (as the renderer's panelName). */
export function healthPanelName(panel: Panel, ctx: HealthContext = {}): string {
  const title = PANEL_TRAITS[panel.kind].title.toLowerCase();
  if (panel.kind === 'watchlist' && panel.watchlistId) {
    const name = ctx.watchlistName?.(panel.watchlistId);
    if (name) return `${title} ${name}`;
  }
  if ((panel.kind === 'chart' || panel.kind === 'depth') && panel.instrument)
    return `${title} ${panel.instrument.symbol}`;
  return title;
}

/** "the window with watchlist NIFTY 50 and chart RELIANCE"; the main window says so. */
export function windowDescription(win: HealthWindow, ctx: HealthContext = {}): string {
  const names = win.panels.map((p) => healthPanelName(p, ctx));
  const shown = names.length > 3 ? [...names.slice(0, 3), `${names.length - 3} more`] : names;
  const list = shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
  if (win.role === 'main') return list ? `the main window (${list})` : 'the main window';
  return list ? `the window with ${list}` : 'a window';
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function decideWindowHealth(
  event: WindowHealthEvent,
  win: HealthWindow,
  ctx: HealthContext = {},
): WindowHealthDecision {
  if (event.kind === 'responsive') return { kind: 'dismiss', keepPanels: true };
  const which = capitalised(windowDescription(win, ctx));
  if (event.kind === 'unresponsive') {
    return {
      kind: 'ask',
      keepPanels: true,
      severity: 'warning',
      title: 'Window not responding',
      message: `${which} is not responding.`,
      detail:
        'Wait gives it more time. Reload starts its page again with the same panels; orders you placed are not affected.',
      buttons: [
        { action: 'wait', label: 'Wait' },
        { action: 'reload', label: 'Reload' },
      ],
    };
  }
  // A clean exit is not a crash; nor is the crash we caused to reload a hung page.
  if (event.reason === 'clean-exit' || ctx.reloading) return { kind: 'ignore', keepPanels: true };
  const closeLabel = win.role === 'main' ? 'Quit Tradedesk' : 'Close it';
  const closeDetail =
    win.role === 'main'
      ? `${closeLabel} quits, and the layout opens again at the next start.`
      : `${closeLabel} puts its panels back in the main window.`;
  return {
    kind: 'ask',
    keepPanels: true,
    severity: 'error',
    title: 'Window stopped',
    message: `${which} stopped (${REASON_WORDS[event.reason]}).`,
    detail:
      `Reopen window opens it again with the same panels, settings and link colours. ${closeDetail}` +
      (event.exitCode ? ` Exit code ${event.exitCode}.` : ''),
    buttons: [
      { action: 'reopen', label: 'Reopen window' },
      { action: 'close', label: closeLabel },
    ],
  };
}
