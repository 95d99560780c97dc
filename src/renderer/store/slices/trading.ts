import type { StatePatch, StateSnapshot } from '../../../shared/domain';
import { applyPatch, applySnapshot, emptyTradingData, mergeQuotes, type TradingData } from '../reducers';
import type { SliceCreator } from '../store';

/**
 * The trading slice: the trader's synced data as main's cache holds it (account, orders,
 * positions, watchlists, instruments, alerts, queued intents; `TradingData` in reducers.ts),
 * under one key, `trading`, so new panels add their state beside it instead of growing the
 * root. `state.snapshot` replaces it whole, `state.patch` edits the rows it names (tables it
 * does not touch keep their identity). Both also keep two neighbours consistent in the same
 * update: the snapshot's quotes (market slice) and the active watchlist (ui slice), so no
 * screen ever shows a list that no longer exists.
 */
export interface TradingState {
  trading: TradingData;
}

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

export const createTradingSlice: SliceCreator<TradingSlice> = (set) => ({
  trading: emptyTradingData,
  replaceSnapshot: (snap) =>
    set((s) => {
      const data = applySnapshot(snap);
      // The snapshot's quotes are the main process's latest; keep any newer live ones.
      const quotes = mergeQuotes({}, snap.quotes);
      const merged = mergeQuotes(
        quotes,
        Object.values(s.market.quotes).filter((q) => (quotes[q.token]?.receivedAt ?? -1) < q.receivedAt),
      );
      return {
        trading: data,
        market: { ...s.market, quotes: merged },
        ui: { ...s.ui, activeWatchlistId: pickActiveWatchlist(data, s.ui.activeWatchlistId) },
      };
    }),
  patch: (patch) =>
    set((s) => {
      const data = applyPatch(s.trading, patch);
      const active = pickActiveWatchlist(data, s.ui.activeWatchlistId, s.trading);
      return active === s.ui.activeWatchlistId
        ? { trading: data }
        : { trading: data, ui: { ...s.ui, activeWatchlistId: active } };
    }),
});
