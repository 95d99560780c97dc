import type { IpcResult } from '../../shared/contract';
import {
  PANEL_TRAITS,
  receivesLinks,
  type Panel,
  type PanelInstrument,
  type PanelKind,
  type WindowLayout,
} from '../../shared/layout';
import type { LinkChannelId, LinkContext } from '../../shared/link';
import type { TradedeskClient } from '../bridge/client';
import type { TerminalStore } from '../store/store';
import { ownPanels, ownWindow } from '../store/slices/workspace';
import { newPanel } from './panels';

/**
 * What the page itself does for the workspace, apart from talking to main: open and close
 * browser windows. In Electron main opens and closes windows (`open: 'host'`); a browser page
 * opens them itself, and only from a click (a popup blocker refuses any other), so the click
 * handler opens a blank window at once and points it at the new layout window when main has
 * answered.
 */
export interface PageOps {
  host: 'electron' | 'web';
  /** A blank window opened in the click that asked for it (null: refused, or not the browser host). */
  openBlank(): WindowLike | null;
  /** The URL of layout window `key` on this host (same token, same page). */
  urlFor(key: string): string;
  /** Closes this page (a browser page main removed from the layout). */
  closeSelf(): void;
}

export interface WindowLike {
  location: { href: string };
  close(): void;
}

/** The browser's own: `window.open` and the page's URL. */
export function browserPageOps(host: 'electron' | 'web', page: Window = window): PageOps {
  return {
    host,
    openBlank: () => (host === 'web' ? page.open('about:blank', '_blank') : null),
    urlFor: (key) => windowUrl(page.location, key),
    closeSelf: () => page.close(),
  };
}

/** This page's URL with `window=<key>` (the token and anything else kept). */
export function windowUrl(location: { pathname: string; search: string }, key: string): string {
  const params = new URLSearchParams(location.search);
  params.set('window', key);
  return `${location.pathname}?${params.toString()}`;
}

/**
 * The workspace's commands, as the panels and menus use them. Each asks main (which owns the
 * layout), edits the window's copy where main does not push the change back (a link colour, a
 * panel's settings), and reports a refusal as a toast in main's words.
 */
export function workspaceCommands(store: TerminalStore, client: TradedeskClient, page: PageOps) {
  const s = () => store.getState();
  const report = <T>(r: IpcResult<T>, what: string): r is { ok: true; value: T } => {
    if (!r.ok) s().notify({ kind: 'refused', what, message: r.error.message });
    return r.ok;
  };
  /** Opens layout windows from a click: a blank window each first, pointed at its key. */
  const openWindows = (keys: readonly string[]): number => {
    let opened = 0;
    for (const key of keys) {
      const w = page.openBlank();
      if (!w) break;
      w.location.href = page.urlFor(key);
      opened++;
    }
    return opened;
  };
  const popupRefused = (count: number) => s().notify({ kind: 'popups_blocked', count });

  /**
   * Edits of this window's panels in flight, numbered: only the newest one's answer sets the
   * window's copy again. An older answer's whole panel list would undo a newer edit made while
   * it was in flight (a link that retargets the chart while the depth panel's link was being
   * set); the newest list already holds every earlier edit.
   */
  let editSeq = 0;
  const setPanels = async (panels: Panel[], what: string): Promise<boolean> => {
    const before = ownPanels(s().workspace);
    const seq = ++editSeq;
    s().setOwnPanels(panels);
    const r = await client.call('window.setPanels', { panels });
    // Again after the answer: a `layout.changed` main sent before it handled the call carries
    // the panels as they were (main does not push this change back).
    if (seq === editSeq) s().setOwnPanels(r.ok ? panels : [...before]);
    return report(r, what);
  };

  return {
    host: page.host,
    closeSelf: () => page.closeSelf(),
    /** Moves a panel into a window of its own. Call from the click (the browser host opens the window in it). */
    async detach(panelId: string, name: string): Promise<void> {
      const blank = page.openBlank();
      const r = await client.call('window.detach', { panelId });
      if (!report(r, `Detach ${name}`)) {
        blank?.close();
        return;
      }
      if (r.value.open === 'host') {
        blank?.close();
        return;
      }
      if (blank) blank.location.href = page.urlFor(r.value.key);
      else popupRefused(1);
    },

    /** Brings back the detached windows no page has open (browser host: from the click; Electron: main opens them). */
    async restore(windows: readonly WindowLayout[]): Promise<void> {
      if (page.host === 'web') {
        const opened = openWindows(windows.map((w) => w.key));
        if (opened < windows.length) popupRefused(windows.length - opened);
        return;
      }
      for (const w of windows) report(await client.call('window.open', { key: w.key }), 'Reopen window');
    },

    /** This detached window goes away; its panels return to the main window. */
    async returnToMain(): Promise<void> {
      const r = await client.call('window.close', {});
      if (report(r, 'Return to the main window') && page.host === 'web') page.closeSelf();
    },

    /** Puts a panel on a colour channel (null: off every channel). A destination panel takes the channel's instrument at once. */
    async setLink(panel: Panel, channel: LinkChannelId | null): Promise<void> {
      const panels = ownPanels(s().workspace).map((p) => (p.id === panel.id ? { ...p, link: channel } : p));
      const before = ownPanels(s().workspace);
      s().setOwnPanels([...panels]);
      // As in setPanels, the window's copy is set again once main has answered.
      const seq = ++editSeq;
      const settle = (ok: boolean) => {
        if (seq === editSeq) s().setOwnPanels(ok ? [...panels] : [...before]);
      };
      if (channel === null) {
        settle(report(await client.call('link.leave', { panelId: panel.id }), 'Unlink'));
        return;
      }
      const r = await client.call('link.join', { panelId: panel.id, channel });
      settle(r.ok);
      if (!report(r, 'Link')) return;
      const context = r.value.context;
      if (context && receivesLinks(panel.kind)) {
        s().linkContext({ channel, context, source: null, targets: [panel.id], at: Date.now() });
      }
    },

    /** A source panel's selection: sent to every other panel on its channel (never back to this one). */
    async broadcast(panelId: string, context: LinkContext): Promise<void> {
      const panel = ownPanels(s().workspace).find((p) => p.id === panelId);
      if (!panel?.link) return;
      const r = await client.call('link.broadcast', { panelId, context });
      report(r, 'Link');
    },

    /** Changes one panel's settings (watchlist shown, product…); main saves them with the layout. */
    async updatePanel(panelId: string, patch: Partial<Panel>): Promise<void> {
      const panels = ownPanels(s().workspace);
      const next = panels.map((p) => (p.id === panelId ? ({ ...p, ...patch } as Panel) : p));
      await setPanels(next, 'Save panel settings');
    },

    async addPanel(kind: PanelKind): Promise<void> {
      const panels = ownPanels(s().workspace);
      const taken = new Set(s().workspace.layout?.windows.flatMap((w) => w.panels.map((p) => p.id)) ?? []);
      await setPanels([...panels, newPanel(kind, taken)], `Add ${PANEL_TRAITS[kind].title.toLowerCase()}`);
    },

    /**
     * Shows `instrument` in this window's first chart (or depth) panel — the watchlist's `C` / `D`
     * retarget the one the trader already looks at — or adds one when the window has none.
     */
    async showInstrument(kind: 'chart' | 'depth', instrument: PanelInstrument): Promise<void> {
      const panels = ownPanels(s().workspace);
      const existing = panels.find((p) => p.kind === kind);
      if (existing) {
        if (existing.kind !== kind || existing.instrument?.token === instrument.token) return;
        await setPanels(
          panels.map((p) => (p.id === existing.id ? { ...existing, instrument } : p)),
          `Show ${instrument.symbol}`,
        );
        return;
      }
      const taken = new Set(s().workspace.layout?.windows.flatMap((w) => w.panels.map((p) => p.id)) ?? []);
      const fresh = newPanel(kind, taken);
      if (fresh.kind !== 'chart' && fresh.kind !== 'depth') return;
      await setPanels([...panels, { ...fresh, instrument }], `Open ${kind} ${instrument.symbol}`);
    },

    async removePanel(panelId: string, name: string): Promise<void> {
      const panels = ownPanels(s().workspace).filter((p) => p.id !== panelId);
      await setPanels(panels, `Close ${name}`);
    },

    async saveLayout(name?: string): Promise<boolean> {
      return report(await client.call('layout.save', name === undefined ? {} : { name }), 'Save layout');
    },
    async switchLayout(id: string): Promise<void> {
      const r = await client.call('layout.switch', { id });
      if (report(r, 'Switch layout')) s().setLayout(r.value);
    },
    async renameLayout(id: string, name: string): Promise<boolean> {
      return report(await client.call('layout.rename', { id, name }), 'Rename layout');
    },
    async deleteLayout(id: string): Promise<boolean> {
      return report(await client.call('layout.delete', { id }), 'Delete layout');
    },
    async listLayouts() {
      const r = await client.call('layout.list', {});
      return report(r, 'List layouts') ? r.value : null;
    },
    ownWindow: () => ownWindow(s().workspace),
  };
}

export type WorkspaceCommands = ReturnType<typeof workspaceCommands>;
