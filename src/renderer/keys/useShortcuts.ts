import { useEffect } from 'react';
import type { KeyAction } from '../../shared/keymap';
import { useServices } from '../app/context';
import { sortedWatchlists } from '../store/selectors';
import type { TerminalActions, TerminalState } from '../store/store';
import { indexOf, keyPlatform, keymapInForce, menuActionMayRun, resolveKey, type KeyContext } from './dispatch';
import { keyTargets } from './targets';

/** The search field a `/` or Ctrl+K focuses (InstrumentSearch's input). */
export const SEARCH_INPUT_LABEL = 'Add instrument';

/** The `data-menu` of the status bar's Layouts menu button, which the switch-layout key opens. */
export const LAYOUTS_MENU = 'layouts';

function isIndex(instrumentType: string | undefined, exchange: string | undefined): boolean {
  return instrumentType === 'INDEX' || (exchange ?? '').endsWith('_INDEX');
}

/** The detach button of the panel `from` is in (PanelHead's `Detach <panel>`), or null. */
function detachButtonOf(from: Element | null): HTMLButtonElement | null {
  return from?.closest('.panel')?.querySelector<HTMLButtonElement>('[data-detach]') ?? null;
}

/**
 * What each action does for the whole window, once no panel took it (keys/targets.ts: the
 * ticket's place and cancel, the watchlist's chart and depth, a focused chart's own keys).
 * Exported for the unit tests.
 */
export function runKeyAction(action: KeyAction, s: TerminalState & TerminalActions, doc: Document | null): void {
  const token = s.ui.selectedToken;
  const instrument = token !== null ? s.trading.instruments[token] : undefined;
  const unused = (reason: 'no_selection' | 'nothing_to_detach' | 'no_layout') =>
    s.notify({ kind: 'key_unused', reason });
  switch (action) {
    case 'order.buy':
    case 'order.sell': {
      if (token === null) return unused('no_selection');
      if (isIndex(instrument?.instrumentType, instrument?.exchange)) return; // an index is not traded
      const side = action === 'order.buy' ? 'BUY' : 'SELL';
      s.setUi({ dialog: { kind: 'ticket', request: { token, symbol: instrument?.symbol ?? String(token), side } } });
      return;
    }
    case 'alert.create':
      s.setUi({ dialog: { kind: 'alert', token, alertId: null } });
      return;
    case 'search.open':
      doc?.querySelector<HTMLInputElement>(`input[aria-label="${SEARCH_INPUT_LABEL}"]`)?.focus();
      return;
    case 'watchlist.next':
    case 'watchlist.previous': {
      const lists = sortedWatchlists(s);
      if (lists.length === 0) return;
      const i = lists.findIndex((l) => l.id === s.ui.activeWatchlistId);
      const step = action === 'watchlist.next' ? 1 : -1;
      const next = lists[(i + step + lists.length) % lists.length]!;
      s.setUi({ activeWatchlistId: next.id });
      return;
    }
    case 'help.shortcuts':
      s.setUi({ dialog: { kind: 'shortcuts' } });
      return;
    case 'panel.chart':
    case 'panel.depth':
      // A watchlist with a selected row takes these (WatchlistPanel's key target).
      return unused('no_selection');
    case 'panel.detach': {
      // The panel that has focus, else the one holding the selected row. Its own button is
      // pressed: a key press, like a click, may open a window in the browser host.
      const button =
        detachButtonOf(doc?.activeElement ?? null) ??
        detachButtonOf(doc?.querySelector('tr[aria-selected="true"]') ?? null);
      if (button) button.click();
      else unused('nothing_to_detach');
      return;
    }
    case 'layout.switch': {
      // The Layouts menu, open on the layout in use: ↑/↓ and Enter switch (WorkspaceControls).
      const menu = doc?.querySelector<HTMLButtonElement>(`[data-menu="${LAYOUTS_MENU}"]`);
      if (menu) menu.click();
      else unused('no_layout');
      return;
    }
    case 'ticket.place':
    case 'ticket.cancel':
      // Only the open order ticket (its key target) runs these.
      return;
  }
}

/**
 * The window's one keydown handler: every shortcut comes from the keymap table (main's, with
 * the trader's rebinding), goes through one rule (dispatch.ts), is offered to the panels that
 * act on keys themselves (targets.ts), and otherwise runs for the whole window.
 */
export function useShortcuts(): void {
  const { store, client } = useServices();
  useEffect(() => {
    const platform = keyPlatform(typeof navigator === 'undefined' ? undefined : navigator);
    const context = (): KeyContext => {
      const dialog = store.getState().ui.dialog;
      const el = document.activeElement as HTMLElement | null;
      return {
        focused: el
          ? {
              tagName: el.tagName,
              type: el.getAttribute('type'),
              isContentEditable: el.isContentEditable,
              role: el.getAttribute('role'),
            }
          : null,
        dialog: dialog === null ? 'none' : dialog.kind === 'ticket' ? 'ticket' : 'other',
      };
    };
    /** Offers the action to the panels (focused one first), else runs it for the window. */
    const perform = (action: KeyAction, held: boolean): boolean => {
      if (keyTargets.dispatch(action, document.activeElement, held)) return true;
      if (held) return false;
      runKeyAction(action, store.getState(), document);
      return true;
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const s = store.getState();
      const keymap = keymapInForce(s.keymap?.keymap ?? null, platform);
      const found = resolveKey(e, indexOf(keymap), platform, context());
      if (found === null) return;
      if (perform(found.action, found.held)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    // The Electron menu's items: main sends the focused window the action chosen.
    const off = client.on('keymap.invoke', ({ action }) => {
      if (menuActionMayRun(action, context())) perform(action, false);
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      off();
    };
  }, [store, client]);
}
