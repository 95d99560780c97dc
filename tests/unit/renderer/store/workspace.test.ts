import { describe, expect, it, vi } from 'vitest';
import type { LayoutState } from '../../../../src/shared/contract';
import { defaultWindows, type Panel, type WindowLayout } from '../../../../src/shared/layout';
import type { InstrumentContext } from '../../../../src/shared/link';
import {
  ownPanels,
  panelName,
  restorableWindows,
  showsKind,
  windowKeyFrom,
  windowPresence,
} from '../../../../src/renderer/store/slices/workspace';
import { interestTokens } from '../../../../src/renderer/store/selectors';
import { createTerminalStore, initialTerminalState } from '../../../../src/renderer/store/store';
import { wireWatchlistSetting } from '../../../../src/renderer/store/wire-workspace';
import { item, snapshot, watchlist } from '../fixtures';

const RED = 'fdc3.channel.1' as const;

function instrument(ticker: string, token: number): InstrumentContext {
  return { type: 'fdc3.instrument', id: { ticker, token, exchange: 'NSE' } };
}

const ticketPanel: Panel = { id: 'ticket-1', kind: 'ticket', link: RED, product: 'MIS' };
const listPanel: Panel = {
  id: 'watchlist-1',
  kind: 'watchlist',
  link: RED,
  watchlistId: null,
  columns: ['symbol', 'ltp'],
  sort: null,
};

function detachedWindow(key: string, panels: Panel[]): WindowLayout {
  return { key, role: 'detached', panels, bounds: null, mode: 'normal', display: null, z: 1 };
}

function layoutState(opts: { self: string | null; open?: string[]; windows?: WindowLayout[] }): LayoutState {
  const main = defaultWindows()[0]!;
  const windows = opts.windows ?? [
    { ...main, panels: [...main.panels.filter((p) => p.kind !== 'watchlist'), ticketPanel] },
    detachedWindow('w-list', [listPanel]),
  ];
  return {
    layout: { id: 'l1', name: 'Morning' },
    monitorSet: 'none',
    variant: 'exact',
    windows,
    open: opts.open ?? windows.map((w) => w.key),
    self: opts.self,
    notice: null,
  };
}

function mainStore() {
  const store = createTerminalStore(initialTerminalState('dark', 'main'));
  store.getState().setLayout(layoutState({ self: 'main' }));
  return store;
}

describe('workspace slice', () => {
  it('reads its window key from the page query (main when absent or malformed)', () => {
    expect(windowKeyFrom('?token=x&window=w-abc_1')).toBe('w-abc_1');
    expect(windowKeyFrom('?token=x')).toBe('main');
    expect(windowKeyFrom('?window=../etc')).toBe('main');
  });

  it('draws the one-window terminal until main answers, then exactly the layout’s panels', () => {
    const store = createTerminalStore(initialTerminalState('dark', 'main'));
    expect(ownPanels(store.getState().workspace).map((p) => p.kind)).toEqual([
      'watchlist',
      'positions',
      'orders',
      'account',
      'events',
    ]);
    const detached = createTerminalStore(initialTerminalState('dark', 'w-list'));
    expect(ownPanels(detached.getState().workspace)).toEqual([]);
    store.getState().setLayout(layoutState({ self: 'main' }));
    expect(showsKind(store.getState().workspace, 'watchlist')).toBe(false);
    expect(showsKind(store.getState().workspace, 'ticket')).toBe(true);
  });

  it('a linked instrument is followed by a destination panel; the same again is a no-op', () => {
    const store = mainStore();
    const push = { channel: RED, context: instrument('INFY', 1594), source: null, targets: ['ticket-1'], at: 1 };
    store.getState().linkContext(push);
    expect(store.getState().workspace.linked['ticket-1']?.id.ticker).toBe('INFY');
    const before = store.getState().workspace;
    store.getState().linkContext({ ...push, at: 2 });
    expect(store.getState().workspace).toBe(before);
  });

  it('an edited ticket is never retargeted: the instrument is offered, and taking it clears the offer', () => {
    const store = mainStore();
    const s = () => store.getState();
    s().linkContext({ channel: RED, context: instrument('INFY', 1594), source: null, targets: ['ticket-1'], at: 1 });
    s().setEdited('ticket-1', true);
    s().linkContext({ channel: RED, context: instrument('TCS', 11536), source: null, targets: ['ticket-1'], at: 2 });
    expect(s().workspace.linked['ticket-1']?.id.ticker).toBe('INFY');
    expect(s().workspace.offers['ticket-1']?.context.id.ticker).toBe('TCS');
    s().showInPanel('ticket-1', s().workspace.offers['ticket-1']!.context);
    expect(s().workspace.linked['ticket-1']?.id.ticker).toBe('TCS');
    expect(s().workspace.offers['ticket-1']).toBeUndefined();
  });

  it('a push naming a panel this window does not show, or a source kind, changes nothing', () => {
    const store = mainStore();
    const before = store.getState().workspace;
    store
      .getState()
      .linkContext({ channel: RED, context: instrument('INFY', 1594), source: null, targets: ['chart-9'], at: 1 });
    store
      .getState()
      .linkContext({ channel: RED, context: instrument('INFY', 1594), source: null, targets: ['positions-1'], at: 1 });
    expect(store.getState().workspace).toBe(before);
  });

  it('a panel that leaves the window takes its linked instrument and edits with it', () => {
    const store = mainStore();
    const s = () => store.getState();
    s().linkContext({ channel: RED, context: instrument('INFY', 1594), source: null, targets: ['ticket-1'], at: 1 });
    s().setEdited('ticket-1', true);
    const main = defaultWindows()[0]!;
    s().setLayout(layoutState({ self: 'main', windows: [main, detachedWindow('w-t', [ticketPanel])] }));
    expect(s().workspace.linked).toEqual({});
    expect(s().workspace.edited).toEqual({});
  });

  it('restorable windows are the detached ones no page has open; presence says what happened to this one', () => {
    const store = createTerminalStore(initialTerminalState('dark', 'w-list'));
    const s = () => store.getState();
    expect(windowPresence(s().workspace)).toBe('unknown');
    s().setLayout(layoutState({ self: 'w-list', open: ['main', 'w-list'] }));
    expect(windowPresence(s().workspace)).toBe('present');
    expect(restorableWindows(s().workspace)).toEqual([]);
    s().setLayout(layoutState({ self: null, open: ['main'] }));
    expect(windowPresence(s().workspace)).toBe('elsewhere');
    expect(restorableWindows(s().workspace).map((w) => w.key)).toEqual(['w-list']);
    s().setLayout(layoutState({ self: null, windows: [defaultWindows()[0]!] }));
    expect(windowPresence(s().workspace)).toBe('removed');
  });

  it('interest: watchlist tokens only where a watchlist is shown, plus what links put into panels', () => {
    const store = mainStore();
    const s = () => store.getState();
    s().replaceSnapshot(
      snapshot({
        watchlists: [watchlist('wl', 'NIFTY 50', { isDefault: true })],
        watchlistItems: [item('i1', 'wl', 2885, 0, 'RELIANCE')],
      }),
    );
    expect(interestTokens(s())).not.toContain(2885);
    s().linkContext({ channel: RED, context: instrument('INFY', 1594), source: null, targets: ['ticket-1'], at: 1 });
    expect(interestTokens(s())).toContain(1594);
  });

  it('names panels as the Detach buttons say them', () => {
    expect(panelName(listPanel, 'NIFTY 50')).toBe('watchlist NIFTY 50');
    expect(panelName(ticketPanel)).toBe('order ticket');
  });
});

describe('the watchlist a panel shows, kept in the layout', () => {
  function storeWithLists(key: string) {
    const store = createTerminalStore(initialTerminalState('dark', key));
    return store;
  }
  const lists = { watchlists: [watchlist('wl-a', 'A', { isDefault: true }), watchlist('wl-b', 'B', { sortOrder: 1 })] };

  it('a restored panel shows the list the layout names, and the window’s default pick is not saved over it', () => {
    const store = storeWithLists('w-list');
    const updatePanel = vi.fn(async () => {});
    wireWatchlistSetting(store, { updatePanel });
    store.getState().setLayout(
      layoutState({
        self: 'w-list',
        windows: [
          defaultWindows()[0]!,
          detachedWindow('w-list', [{ ...listPanel, id: 'watchlist-2', watchlistId: 'wl-b' }]),
        ],
      }),
    );
    store.getState().replaceSnapshot(snapshot(lists));
    expect(store.getState().ui.activeWatchlistId).toBe('wl-b');
    expect(updatePanel).not.toHaveBeenCalled();
    // The trader picks another list: the layout remembers it.
    store.getState().setUi({ activeWatchlistId: 'wl-a' });
    expect(updatePanel).toHaveBeenCalledWith('watchlist-2', { watchlistId: 'wl-a' });
  });

  it('a panel without a saved list saves the one the window shows', () => {
    const store = storeWithLists('w-list');
    const updatePanel = vi.fn(async () => {});
    wireWatchlistSetting(store, { updatePanel });
    store.getState().replaceSnapshot(snapshot(lists));
    store.getState().setLayout(layoutState({ self: 'w-list' }));
    expect(updatePanel).toHaveBeenCalledWith('watchlist-1', { watchlistId: 'wl-a' });
  });
});
