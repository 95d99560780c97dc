import type { KeymapState } from '../../../shared/contract';
import type { SliceCreator } from '../store';

export type TicketSide = 'BUY' | 'SELL';
export interface TicketRequest {
  token: number | null;
  symbol: string;
  side: TicketSide;
  /** A LIMIT ticket at this price (a depth level was clicked); absent: a MARKET ticket. */
  price?: number;
  /** What a docked ticket already holds (its quantity and product), carried into the dialog. */
  quantity?: string;
  product?: 'MIS' | 'CNC' | 'NRML';
}

export type Dialog =
  | { kind: 'ticket'; request: TicketRequest }
  | { kind: 'exit'; positionId: string }
  | { kind: 'modify'; orderId: string }
  /**
   * A new alert (`alertId` null) on `token` (null: the trader picks the instrument), or editing
   * one. `price`: a new alert at this price (₹, picked on a chart; the dialog puts it on the tick
   * grid); absent: one tick above the last price.
   */
  | { kind: 'alert'; token: number | null; alertId: string | null; price?: number }
  | { kind: 'shortcuts' }
  | null;

export interface UiState {
  theme: 'dark' | 'light';
  activeWatchlistId: string | null;
  /** The instrument of the selected watchlist row: what B, S, A act on. */
  selectedToken: number | null;
  /** The Alerts panel's filter. */
  alertsFilter: 'all' | 'ACTIVE' | 'TRIGGERED' | 'DISABLED';
  /** Which of the side column's lower panels shows: the event log or the alerts. */
  sideTab: 'events' | 'alerts';
  ordersTab: 'open' | 'executed' | 'cancelled';
  positionsTab: 'open' | 'closed';
  dialog: Dialog;
}

/**
 * The ui slice: what this window shows and how the trader's keys act — the open dialog, the
 * selected instrument, tabs and filters, and the keymap main's keymap service holds. Nothing
 * here is synced; a second window has its own.
 */
export interface UiSliceState {
  ui: UiState;
  /** The keys in force (main's keymap service); null until it answered (the defaults apply). */
  keymap: KeymapState | null;
}

export interface UiActions {
  setKeymap(keymap: KeymapState): void;
  /** Shallow-merges `partial` into `ui` (one new `ui` object; untouched fields keep their values). */
  setUi(partial: Partial<UiState>): void;
}

export type UiSlice = UiSliceState & UiActions;

export function initialUiState(theme: 'dark' | 'light' = 'dark'): UiSliceState {
  return {
    ui: {
      theme,
      activeWatchlistId: null,
      selectedToken: null,
      alertsFilter: 'all',
      sideTab: 'events',
      ordersTab: 'open',
      positionsTab: 'open',
      dialog: null,
    },
    keymap: null,
  };
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  ...initialUiState(),
  setKeymap: (keymap) => set({ keymap }),
  setUi: (partial) => set((s) => ({ ui: { ...s.ui, ...partial } })),
});
