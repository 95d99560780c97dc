import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ConnectionStatus,
  Feed,
  Quote,
  SessionState,
  StatePatch,
  StateSnapshot,
  TradingEvent,
} from '../../shared/domain';
import type { AlertTriggeredPush, KeymapState, MethodResult, PushPayload } from '../../shared/contract';
import type { LinkStatus } from '../bridge/socketBridge';
import {
  applyPatch,
  applySnapshot,
  emptyTradingData,
  mergeEvents,
  mergeQuotes,
  type ById,
  type TradingData,
} from './reducers';
import {
  createWorkspaceSlice,
  initialWorkspaceState,
  type WorkspaceActions,
  type WorkspaceState,
} from './slices/workspace';
import { toastForAlert, toastForEvent, type Toast, type ToastContent } from './toasts';

export type AppInfo = MethodResult<'app.info'>;
export type MarketIssue = PushPayload<'market.issues'>['issues'][number];

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
  /** A new alert (`alertId` null) on `token` (null: the trader picks the instrument), or editing one. */
  | { kind: 'alert'; token: number | null; alertId: string | null }
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

export interface TerminalState extends TradingData {
  link: LinkStatus;
  /** Set when main refused our contract version: the whole screen says so. */
  contractMismatch: string | null;
  appInfo: AppInfo | null;
  session: SessionState | null;
  feeds: Partial<Record<Feed, ConnectionStatus>>;
  quotes: ById<Quote>;
  events: TradingEvent[];
  issues: MarketIssue[];
  toasts: Toast[];
  droppedPushes: number;
  /** The keys in force (main's keymap service); null until it answered (the defaults apply). */
  keymap: KeymapState | null;
  ui: UiState;
  /** This window's place in the layout and what links put into its panels (slices/workspace.ts). */
  workspace: WorkspaceState;
}

export interface TerminalActions extends WorkspaceActions {
  setLink(link: LinkStatus): void;
  setContractMismatch(message: string | null): void;
  setAppInfo(info: AppInfo): void;
  setSession(session: SessionState): void;
  setFeed(status: ConnectionStatus): void;
  replaceSnapshot(snap: StateSnapshot): void;
  patch(patch: StatePatch): void;
  ticks(quotes: readonly Quote[]): void;
  /** Live events: appended and toasted. */
  tradingEvent(event: TradingEvent): void;
  /** Journal history (`events.list`): appended, never toasted. */
  loadEvents(events: readonly TradingEvent[]): void;
  marketIssues(issues: readonly MarketIssue[]): void;
  countDroppedPush(): void;
  dismissToast(id: number): void;
  /** Removes the toasts whose own time is up (each keeps the expiry it was given when shown). */
  expireToasts(now: number): void;
  pushToast(toast: ToastContent): void;
  /** An alert this terminal fired: one toast; `notice` says why no desktop notification came, when none did. */
  alertTriggered(push: AlertTriggeredPush, notice: string | null): void;
  setKeymap(keymap: KeymapState): void;
  setUi(partial: Partial<UiState>): void;
}

export type TerminalStore = StoreApi<TerminalState & TerminalActions>;

export const TOAST_CAP = 5;
/** How long a toast stays, from the moment it is shown. */
export const TOAST_MS = 6_000;
let toastSeq = 1;

/** A toast with its id and its own expiry, fixed now. */
function shown(toast: ToastContent, now: number): Toast {
  return { ...toast, id: toastSeq++, expiresAt: now + TOAST_MS };
}

export function initialTerminalState(theme: 'dark' | 'light' = 'dark', windowKey?: string): TerminalState {
  return {
    ...emptyTradingData,
    link: { state: 'connecting', attempt: 0 },
    contractMismatch: null,
    appInfo: null,
    session: null,
    feeds: {},
    quotes: {},
    events: [],
    issues: [],
    toasts: [],
    droppedPushes: 0,
    keymap: null,
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
    workspace: initialWorkspaceState(windowKey),
  };
}

function dataOf(s: TerminalState): TradingData {
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

/**
 * Keep the active watchlist valid after the list of watchlists changed. An id we do not know
 * yet is kept (a watchlist just created: its row arrives in a later patch); one that was
 * known and is gone (deleted) falls back to the default list.
 */
function pickActiveWatchlist(data: TradingData, current: string | null, previous?: TradingData): string | null {
  if (current && data.watchlists[current]) return current;
  if (current && previous && !previous.watchlists[current]) return current;
  const lists = Object.values(data.watchlists).sort(
    (a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name),
  );
  return (lists.find((w) => w.isDefault) ?? lists[0])?.id ?? null;
}

export function createTerminalStore(
  initial: TerminalState = initialTerminalState(),
  clock: () => number = Date.now,
): TerminalStore {
  return createStore<TerminalState & TerminalActions>()((set, get, api) => ({
    ...createWorkspaceSlice(initial.workspace.key)(set, get, api),
    ...initial,
    setLink: (link) => set({ link }),
    setContractMismatch: (contractMismatch) => set({ contractMismatch }),
    setAppInfo: (appInfo) => set({ appInfo }),
    setSession: (session) => set({ session }),
    setFeed: (status) => set((s) => ({ feeds: { ...s.feeds, [status.feed]: status } })),
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
    ticks: (batch) => set((s) => ({ quotes: mergeQuotes(s.quotes, batch) })),
    tradingEvent: (event) =>
      set((s) => {
        const events = mergeEvents(s.events, [event]);
        if (events === s.events) return {};
        const toast = toastForEvent(event);
        const toasts = toast ? [...s.toasts, shown(toast, clock())].slice(-TOAST_CAP) : s.toasts;
        return { events, toasts };
      }),
    loadEvents: (events) => set((s) => ({ events: mergeEvents(s.events, events) })),
    marketIssues: (issues) => set({ issues: [...issues] }),
    countDroppedPush: () => set((s) => ({ droppedPushes: s.droppedPushes + 1 })),
    dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
    expireToasts: (now) =>
      set((s) => {
        const left = s.toasts.filter((t) => t.expiresAt > now);
        return left.length === s.toasts.length ? {} : { toasts: left };
      }),
    pushToast: (toast) => set((s) => ({ toasts: [...s.toasts, shown(toast, clock())].slice(-TOAST_CAP) })),
    alertTriggered: (push, notice) =>
      set((s) => ({ toasts: [...s.toasts, shown(toastForAlert(push, notice), clock())].slice(-TOAST_CAP) })),
    setKeymap: (keymap) => set({ keymap }),
    setUi: (partial) => set((s) => ({ ui: { ...s.ui, ...partial } })),
  }));
}
