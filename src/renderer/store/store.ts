import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import {
  createConnectionSlice,
  initialConnectionState,
  type ConnectionActions,
  type ConnectionState,
} from './slices/connection';
import { createEventsSlice, type EventsActions, type EventsState } from './slices/events';
import { createMarketSlice, initialMarketState, type MarketActions, type MarketState } from './slices/market';
import { createToastsSlice, type ToastsActions, type ToastsState } from './slices/toasts';
import { createTradingSlice, type TradingActions, type TradingState } from './slices/trading';
import { createUiSlice, initialUiState, type UiActions, type UiSliceState } from './slices/ui';
import {
  createWorkspaceSlice,
  initialWorkspaceState,
  type WorkspaceActions,
  type WorkspaceState,
} from './slices/workspace';
import { emptyTradingData, type TradingData } from './reducers';

export type { AppInfo } from './slices/connection';
export type { MarketIssue } from './slices/market';
export type { Dialog, TicketRequest, TicketSide, UiState } from './slices/ui';
export { TOAST_CAP, TOAST_MS } from './slices/toasts';

/**
 * The renderer's one store, composed from slices (zustand's slices pattern): each file in
 * ./slices owns its state and the actions that write it, and is tested on its own. An action may
 * update a neighbouring slice in the same `set` where the two must change together (a snapshot
 * also sets the active watchlist).
 */
export interface TerminalState
  extends ConnectionState, MarketState, TradingState, EventsState, ToastsState, UiSliceState {
  /** This window's place in the layout and what links put into its panels (slices/workspace.ts). */
  workspace: WorkspaceState;
}

export interface TerminalActions
  extends ConnectionActions, MarketActions, TradingActions, EventsActions, ToastsActions, UiActions, WorkspaceActions {}

export type Terminal = TerminalState & TerminalActions;

/**
 * What a selector needs of the trading data: `TradingPick<'orders'>` accepts the store's state
 * and any `{ trading: { orders } }`, so a selector says which tables it reads.
 */
export interface TradingPick<K extends keyof TradingData> {
  trading: Pick<TradingData, K>;
}
export type TerminalStore = StoreApi<Terminal>;

/** A slice's creator: it sees (and may write) the whole store, and returns its own part. */
export type SliceCreator<Slice> = StateCreator<Terminal, [], [], Slice>;

export function initialTerminalState(theme: 'dark' | 'light' = 'dark', windowKey?: string): TerminalState {
  return {
    connection: initialConnectionState(),
    market: initialMarketState(),
    trading: emptyTradingData,
    events: [],
    toasts: [],
    ...initialUiState(theme),
    workspace: initialWorkspaceState(windowKey),
  };
}

/**
 * @param initial the state to start from (tests seed a loaded terminal; main.tsx the theme and
 *   this page's window key).
 * @param clock epoch ms, for each toast's expiry.
 */
export function createTerminalStore(
  initial: TerminalState = initialTerminalState(),
  clock: () => number = Date.now,
): TerminalStore {
  return createStore<Terminal>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createMarketSlice(...a),
    ...createTradingSlice(...a),
    ...createEventsSlice(...a),
    ...createToastsSlice(clock)(...a),
    ...createUiSlice(...a),
    ...createWorkspaceSlice(initial.workspace.key)(...a),
    ...initial,
  }));
}
