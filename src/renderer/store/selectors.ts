import { effectiveAlerts } from '../../shared/alerts';
import type { AlertView, Order, OrderIntent, Position, Quote, Watchlist, WatchlistItem } from '../../shared/domain';
import { istTradingDay, symbolKey } from '../../shared/domain';
import { positionTotals, todayLedger, type PnLTotals, type TodayLedger } from '../trading/pnl';
import type { TradingData } from './reducers';
import { showsKind } from './slices/workspace';
import type { TerminalState, TradingPick } from './store';

/** The two indices the header always shows (and always asks ticks for). */
export const NIFTY_50_TOKEN = 26000;
export const BANK_NIFTY_TOKEN = 26009;
export const HEADER_TOKENS = [NIFTY_50_TOKEN, BANK_NIFTY_TOKEN] as const;

export function sortedWatchlists(s: TradingPick<'watchlists'>): Watchlist[] {
  return Object.values(s.trading.watchlists).sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
}

/** Items of one watchlist in display order (sortOrder, then creation). */
export function watchlistItemsOf(s: TradingPick<'watchlistItems'>, watchlistId: string | null): WatchlistItem[] {
  if (!watchlistId) return [];
  return Object.values(s.trading.watchlistItems)
    .filter((i) => i.watchlistId === watchlistId)
    .sort(
      (a, b) =>
        a.sortOrder - b.sortOrder || (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id),
    );
}

let idsMemo: { items: TradingData['watchlistItems']; active: string | null; ids: string[] } | null = null;

/**
 * Ids only: a list component selects these with `useShallow` so ticks never re-render it.
 * Memoized on the items table's identity: selectors run on every store change (every tick
 * batch), and a tick never touches that table.
 */
export function activeWatchlistItemIds(s: TerminalState): string[] {
  if (idsMemo && idsMemo.items === s.trading.watchlistItems && idsMemo.active === s.ui.activeWatchlistId)
    return idsMemo.ids;
  const ids = watchlistItemsOf(s, s.ui.activeWatchlistId).map((i) => i.id);
  idsMemo = { items: s.trading.watchlistItems, active: s.ui.activeWatchlistId, ids };
  return ids;
}

let tokensMemo: { items: TradingData['watchlistItems']; active: string | null; tokens: Set<number> } | null = null;

/** Tokens in the active watchlist (memoized like the ids: one Set per items table). */
export function activeWatchlistTokens(s: TerminalState): Set<number> {
  if (tokensMemo && tokensMemo.items === s.trading.watchlistItems && tokensMemo.active === s.ui.activeWatchlistId)
    return tokensMemo.tokens;
  const tokens = new Set<number>();
  for (const i of watchlistItemsOf(s, s.ui.activeWatchlistId)) if (i.token !== null) tokens.add(i.token);
  tokensMemo = { items: s.trading.watchlistItems, active: s.ui.activeWatchlistId, tokens };
  return tokens;
}

/**
 * The token a row's symbol names, by the one symbol rule (src/shared/domain/symbol-rule.ts:
 * NSE cash before NSE index before BSE cash; rows carry bare symbols), or null when no cached
 * instrument has it.
 */
export function tokenOfSymbol(s: TradingPick<'tokenBySymbol'>, symbol: string): number | null {
  return s.trading.tokenBySymbol[symbolKey(symbol)] ?? null;
}

export function quoteOfSymbol(
  s: TradingPick<'tokenBySymbol'> & Pick<TerminalState, 'market'>,
  symbol: string,
): Quote | undefined {
  const token = tokenOfSymbol(s, symbol);
  return token === null ? undefined : s.market.quotes[token];
}

function byCreatedDesc<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
}

export function positionIds(s: TerminalState, tab: 'open' | 'closed'): string[] {
  return Object.values(s.trading.positions)
    .filter((p) => (tab === 'open' ? p.quantity !== 0 : p.quantity === 0))
    .sort((a, b) => a.symbol.localeCompare(b.symbol))
    .map((p) => p.id);
}

export function positionCounts(s: TerminalState): { open: number; closed: number } {
  let open = 0;
  let closed = 0;
  for (const p of Object.values(s.trading.positions)) {
    if (p.quantity !== 0) open++;
    else closed++;
  }
  return { open, closed };
}

let ledgerMemo: { orders: TradingData['orders']; day: number; ledger: TodayLedger } | null = null;

/**
 * Today's (IST) booked P&L, rounding and charges from the committed order rows. Memoized on the
 * orders table's identity and the exchange day: selectors run on every tick batch, a tick never
 * touches the orders table, and the sum parses a timestamp per order.
 */
export function todayLedgerOf(s: TradingPick<'orders'>, now: number = Date.now()): TodayLedger {
  const day = istTradingDay(now);
  if (ledgerMemo && ledgerMemo.orders === s.trading.orders && ledgerMemo.day === day) return ledgerMemo.ledger;
  const ledger = todayLedger(Object.values(s.trading.orders), now);
  ledgerMemo = { orders: s.trading.orders, day, ledger };
  return ledger;
}

/**
 * The P&L totals every panel shows (header, Positions, Account): one selector, so the same name
 * is always the same figure.
 */
export function totals(s: TerminalState, now: number = Date.now()): PnLTotals {
  return positionTotals(
    Object.values(s.trading.positions),
    (p: Position) => quoteOfSymbol(s, p.symbol),
    todayLedgerOf(s, now).booked,
    now,
  );
}

const ORDER_TAB_STATUS = { open: 'PENDING', executed: 'EXECUTED', cancelled: 'CANCELLED' } as const;

export function orderIds(s: TerminalState, tab: 'open' | 'executed' | 'cancelled'): string[] {
  const status = ORDER_TAB_STATUS[tab];
  return Object.values(s.trading.orders)
    .filter((o) => o.status === status)
    .sort(byCreatedDesc)
    .map((o) => o.id);
}

export function orderCounts(s: TerminalState): { open: number; executed: number; cancelled: number } {
  const c = { open: 0, executed: 0, cancelled: 0 };
  for (const o of Object.values(s.trading.orders)) {
    if (o.status === 'PENDING') c.open++;
    else if (o.status === 'EXECUTED') c.executed++;
    else c.cancelled++;
  }
  return c;
}

/**
 * Intents still waiting for the server (sending / unconfirmed) and not yet matched by an order
 * row carrying their client order id: these show as "unconfirmed" rows in the blotter.
 */
export function pendingIntents(s: TerminalState): OrderIntent[] {
  const confirmed = new Set<string>();
  for (const o of Object.values(s.trading.orders)) if (o.clientOrderId) confirmed.add(o.clientOrderId);
  return Object.values(s.trading.intents)
    .filter((i) => (i.state === 'sending' || i.state === 'unconfirmed') && !confirmed.has(i.clientOrderId))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Tokens this window shows: the active watchlist (where this window shows a watchlist), open
 * positions, open orders, the header indices, and what links put into its ticket and charts.
 */
export function interestTokens(s: TerminalState): number[] {
  const tokens = new Set<number>(HEADER_TOKENS);
  if (showsKind(s.workspace, 'watchlist'))
    for (const i of watchlistItemsOf(s, s.ui.activeWatchlistId)) if (i.token !== null) tokens.add(i.token);
  for (const c of Object.values(s.workspace.linked)) tokens.add(c.id.token);
  for (const p of Object.values(s.trading.positions)) {
    const t = p.quantity !== 0 ? tokenOfSymbol(s, p.symbol) : null;
    if (t !== null) tokens.add(t);
  }
  for (const o of Object.values(s.trading.orders)) {
    const t = o.status === 'PENDING' ? tokenOfSymbol(s, o.symbol) : null;
    if (t !== null) tokens.add(t);
  }
  if (s.ui.dialog?.kind === 'ticket' && s.ui.dialog.request.token !== null) tokens.add(s.ui.dialog.request.token);
  // The Alerts panel shows each alert's LTP beside its value; the alert dialog its instrument's.
  for (const a of Object.values(s.trading.priceAlerts)) tokens.add(a.token);
  for (const i of Object.values(s.trading.alertIntents)) if (i.op === 'create') tokens.add(i.alert.token);
  if (s.ui.dialog?.kind === 'alert' && s.ui.dialog.token !== null) tokens.add(s.ui.dialog.token);
  return [...tokens].sort((a, b) => a - b);
}

let alertsMemo: {
  rows: TradingData['priceAlerts'];
  intents: TradingData['alertIntents'];
  views: AlertView[];
} | null = null;

/**
 * The alerts as the trader sees them: the server's rows with this terminal's queued writes
 * applied (the same `effectiveAlerts` main arms its engine from), newest first. Memoized on the
 * two tables' identities (ticks never touch them).
 */
export function alertViews(s: TradingPick<'priceAlerts' | 'alertIntents'>): AlertView[] {
  if (alertsMemo && alertsMemo.rows === s.trading.priceAlerts && alertsMemo.intents === s.trading.alertIntents)
    return alertsMemo.views;
  // Queued writes in the order they were made (opIds are not ordered; createdAt is).
  const intents = Object.values(s.trading.alertIntents).sort((a, b) => a.createdAt - b.createdAt);
  const views = effectiveAlerts(Object.values(s.trading.priceAlerts), intents);
  alertsMemo = { rows: s.trading.priceAlerts, intents: s.trading.alertIntents, views };
  return views;
}

export function isOpenOrder(o: Order): boolean {
  return o.status === 'PENDING';
}
