import { useEffect } from 'react';
import type { KeyAction } from '../../shared/keymap';
import { useServices } from '../app/context';
import { sortedWatchlists } from '../store/selectors';
import type { TerminalActions, TerminalState } from '../store/store';
import { actionForKey, indexOf, keyPlatform, keymapInForce, menuActionMayRun, type KeyContext } from './dispatch';

/** The search field a `/` or Ctrl+K focuses (InstrumentSearch's input). */
export const SEARCH_INPUT_LABEL = 'Add instrument';

function isIndex(instrumentType: string | undefined, exchange: string | undefined): boolean {
  return instrumentType === 'INDEX' || (exchange ?? '').endsWith('_INDEX');
}

/** What each action does in this window. Exported for the unit tests. */
export function runKeyAction(action: KeyAction, s: TerminalState & TerminalActions, doc: Document | null): void {
  const token = s.ui.selectedToken;
  const instrument = token !== null ? s.instruments[token] : undefined;
  const notYet = (what: string) =>
    s.pushToast({ tone: 'info', title: what, body: 'This window has no such panel yet.', recovered: false });
  switch (action) {
    case 'order.buy':
    case 'order.sell': {
      if (token === null) {
        s.pushToast({
          tone: 'info',
          title: 'Select an instrument',
          body: 'Pick a watchlist row first.',
          recovered: false,
        });
        return;
      }
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
      // The watchlist opens these for its focused row (C, D: WatchlistPanel's own handler, which
      // runs first); following a rebinding of them is a follow-up.
      return;
    case 'panel.detach':
      return notYet('Detach panel');
    case 'layout.switch':
      return notYet('Switch layout');
    case 'ticket.place':
    case 'ticket.cancel':
      // The order ticket's own form handles these (Enter submits it, Esc closes it).
      return;
  }
}

/**
 * The window's one keydown handler: every shortcut comes from the keymap table (main's, with
 * the trader's rebinding), and goes through one rule (dispatch.ts).
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
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const s = store.getState();
      const keymap = keymapInForce(s.keymap?.keymap ?? null, platform);
      const action = actionForKey(e, indexOf(keymap), platform, context());
      if (action === null) return;
      e.preventDefault();
      runKeyAction(action, s, document);
    };
    window.addEventListener('keydown', onKeyDown);
    // The Electron menu's items: main sends the focused window the action chosen.
    const off = client.on('keymap.invoke', ({ action }) => {
      if (menuActionMayRun(action, context())) runKeyAction(action, store.getState(), document);
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      off();
    };
  }, [store, client]);
}
