import type { StatePatch, StateSnapshot } from '../../../shared/domain';
import { applyPatch, applySnapshot, emptyTradingData, mergeQuotes, type TradingData } from '../reducers';
import type { SliceCreator } from '../store';

/**
 * The trading slice: the trader's synced data as main's cache holds it (account, orders,
 * positions, watchlists, instruments, alerts, queued intents; `TradingData` in reducers.ts).
 * `state.snapshot` replaces it whole, `state.patch` edits the rows it names. It also keeps two
 * neighbours consistent in the same update: the snapshot's quotes (market slice) and the active
 * watchlist (ui slice), so no screen ever shows a list that no longer exists.
 */
export type TradingState = TradingData;

export interface TradingActions {
  replaceSnapshot(snap: StateSnapshot): void;
  patch(patch: StatePatch): void;
}

export type TradingSlice = TradingState & TradingActions;

/**
 * Keep the active watchlist valid after the list of watchlists changed. An id we do not know
 * yet is kept (a watchlist just created: its row arrives in a later patch); one that was
 * known and is gone (deleted) falls back to the default list.
 */
export function pickActiveWatchlist(data: TradingData, current: string | null, previous?: TradingData): string | null {
  if (current && data.watchlists[current]) return current;
  if (current && previous && !previous.watchlists[current]) return current;
  const lists = Object.values(data.watchlists).sort(
    (a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name),
  );
  return (lists.find((w) => w.isDefault) ?? lists[0])?.id ?? null;
}

function dataOf(s: TradingData): TradingData {
  return {
    account: s.account,
    orders: s.orders,
    positions: s.positions,
    transactions: s.transactions,
    watchlists: s.watchlists,
    watchlistItems: s.watchlistItems,
    instruments: s.instruments,
    tokenBySymbol: s.tokenBySymbol,
    intents: s.intents,
    riskConfig: s.riskConfig,
    priceAlerts: s.priceAlerts,
    alertIntents: s.alertIntents,
    stale: s.stale,
    syncedAt: s.syncedAt,
    asOf: s.asOf,
    loaded: s.loaded,
  };
}

export const createTradingSlice: SliceCreator<TradingSlice> = (set) => ({
  ...emptyTradingData,
  replaceSnapshot: (snap) =>
    set((s) => {
      const data = applySnapshot(snap);
      // The snapshot's quotes are the main process's latest; keep any newer live ones.
      const quotes = mergeQuotes({}, snap.quotes);
      const merged = mergeQuotes(
        quotes,
        Object.values(s.quotes).filter((q) => (quotes[q.token]?.receivedAt ?? -1) < q.receivedAt),
      );
      return {
        ...data,
        quotes: merged,
        ui: { ...s.ui, activeWatchlistId: pickActiveWatchlist(data, s.ui.activeWatchlistId) },
      };
    }),
  patch: (patch) =>
    set((s) => {
      const before = dataOf(s);
      const data = applyPatch(before, patch);
      const active = pickActiveWatchlist(data, s.ui.activeWatchlistId, before);
      return active === s.ui.activeWatchlistId ? data : { ...data, ui: { ...s.ui, activeWatchlistId: active } };
    }),
});
