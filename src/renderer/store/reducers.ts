import {
  type Account,
  type AlertIntent,
  type DeletableRowKind,
  type Instrument,
  type Order,
  type OrderIntent,
  type Position,
  type PriceAlert,
  type Quote,
  type RiskConfig,
  type RowChange,
  type StatePatch,
  type StateSnapshot,
  SymbolIndex,
  type Transaction,
  type TradingEvent,
  type Watchlist,
  type WatchlistItem,
} from '../../shared/domain';

export type ById<T> = Readonly<Record<string, T>>;

/** The synced part of the store: everything `state.snapshot` replaces and `state.patch` edits. */
export interface TradingData {
  account: Account | null;
  orders: ById<Order>;
  positions: ById<Position>;
  transactions: ById<Transaction>;
  watchlists: ById<Watchlist>;
  watchlistItems: ById<WatchlistItem>;
  /** Keyed by provider token (as a string key). */
  instruments: ById<Instrument>;
  /**
   * Bare symbol (`symbolKey`) → token by the one symbol rule, so positions and orders (which carry a
   * symbol) find their ticks; read it through `tokenOfSymbol` (selectors.ts).
   */
  tokenBySymbol: Readonly<Record<string, number>>;
  intents: ById<OrderIntent>;
  riskConfig: readonly RiskConfig[];
  /** The trader's price alerts as the server has them. */
  priceAlerts: ById<PriceAlert>;
  /** This terminal's alert writes still queued for the server, by `opId` (the Alerts panel shows them applied). */
  alertIntents: ById<AlertIntent>;
  stale: boolean;
  syncedAt: number | null;
  asOf: number | null;
  /** True once any snapshot arrived (until then the screen shows "loading"). */
  loaded: boolean;
}

export const emptyTradingData: TradingData = {
  account: null,
  orders: {},
  positions: {},
  transactions: {},
  watchlists: {},
  watchlistItems: {},
  instruments: {},
  tokenBySymbol: {},
  intents: {},
  riskConfig: [],
  priceAlerts: {},
  alertIntents: {},
  stale: false,
  syncedAt: null,
  asOf: null,
  loaded: false,
};

function byId<T extends { id: string }>(rows: readonly T[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const r of rows) out[r.id] = r;
  return out;
}

/** Rows carry a `version`; never let an older copy replace a newer one (patches can race a snapshot). */
function isNotOlder(next: { version?: number }, current: { version?: number } | undefined): boolean {
  if (!current || current.version === undefined || next.version === undefined) return true;
  return next.version >= current.version;
}

/** Each bare symbol's token by the one symbol rule (src/shared/domain/symbol-rule.ts), keyed by `symbolKey`. */
function indexSymbols(instruments: Record<string, Instrument>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, i] of new SymbolIndex(Object.values(instruments)).bare()) out[key] = i.token;
  return out;
}

export function applySnapshot(snap: StateSnapshot): TradingData {
  const instruments: Record<string, Instrument> = {};
  for (const i of snap.instruments) instruments[String(i.token)] = i;
  return {
    account: snap.account,
    orders: byId(snap.orders),
    positions: byId(snap.positions),
    transactions: byId(snap.transactions),
    watchlists: byId(snap.watchlists),
    watchlistItems: byId(snap.watchlistItems),
    instruments,
    tokenBySymbol: indexSymbols(instruments),
    intents: Object.fromEntries(snap.intents.map((i) => [i.clientOrderId, i])),
    riskConfig: snap.riskConfig,
    priceAlerts: byId(snap.priceAlerts),
    alertIntents: Object.fromEntries(snap.alertIntents.map((i) => [i.opId, i])),
    stale: snap.stale,
    syncedAt: snap.syncedAt,
    asOf: snap.asOf,
    loaded: true,
  };
}

type Upsertable = 'orders' | 'positions' | 'transactions' | 'watchlists' | 'watchlistItems' | 'priceAlerts';

/** Where each kind a `delete` may name is kept in `TradingData` (keyed by `id`, `clientOrderId` or `opId`). */
const deletedKindToKey = {
  order: 'orders',
  position: 'positions',
  transaction: 'transactions',
  watchlist: 'watchlists',
  watchlistItem: 'watchlistItems',
  intent: 'intents',
  priceAlert: 'priceAlerts',
  alertIntent: 'alertIntents',
} as const satisfies Record<DeletableRowKind, keyof TradingData>;

/**
 * Apply one `state.patch`. Each touched table is copied once (not once per change), so a
 * patch of many rows costs one allocation per table, and untouched tables keep their identity
 * (selectors on them do not fire).
 */
export function applyPatch(data: TradingData, patch: StatePatch): TradingData {
  const next: { -readonly [K in keyof TradingData]: TradingData[K] } = { ...data };
  const copied = new Set<string>();
  const table = <K extends Upsertable | 'intents' | 'instruments' | 'alertIntents'>(
    key: K,
  ): Record<string, unknown> => {
    if (!copied.has(key)) {
      (next as Record<string, unknown>)[key] = { ...(next[key] as object) };
      copied.add(key);
    }
    return next[key] as Record<string, unknown>;
  };
  const upsert = (key: Upsertable, row: { id: string; version?: number }) => {
    const t = table(key);
    if (isNotOlder(row, t[row.id] as { version?: number } | undefined)) t[row.id] = row;
  };
  for (const change of patch.changes) applyChange(change);

  function applyChange(change: RowChange): void {
    if (change.op === 'delete') {
      delete table(deletedKindToKey[change.kind])[change.id];
      return;
    }
    switch (change.kind) {
      case 'account':
        if (!next.account || isNotOlder(change.row, next.account)) next.account = change.row;
        return;
      case 'order':
        return upsert('orders', change.row);
      case 'position':
        return upsert('positions', change.row);
      case 'transaction':
        return upsert('transactions', change.row);
      case 'watchlist':
        return upsert('watchlists', change.row);
      case 'watchlistItem':
        return upsert('watchlistItems', change.row);
      case 'instrument':
        table('instruments')[String(change.row.token)] = change.row;
        return;
      case 'intent':
        table('intents')[change.row.clientOrderId] = change.row;
        return;
      case 'priceAlert':
        return upsert('priceAlerts', change.row);
      case 'alertIntent':
        table('alertIntents')[change.row.opId] = change.row;
        return;
    }
  }

  if (copied.has('instruments')) next.tokenBySymbol = indexSymbols(next.instruments as Record<string, Instrument>);
  if (patch.stale !== undefined) next.stale = patch.stale;
  if (patch.syncedAt !== undefined) next.syncedAt = patch.syncedAt;
  return next;
}

/**
 * Merge a tick batch. Only the quotes that changed get new identities, so a row selecting
 * `quotes[token]` re-renders only when its own instrument ticked.
 */
export function mergeQuotes(quotes: ById<Quote>, batch: readonly Quote[]): ById<Quote> {
  if (batch.length === 0) return quotes;
  const next: Record<string, Quote> = { ...quotes };
  for (const q of batch) {
    const prev = next[q.token];
    // Ignore a quote main received before the one on screen (a late batch after a resync). Main
    // already ordered ticks by the feed's time; receivedAt is main's clock, so no feed clock is
    // ever compared with another clock here (a feed running 5 s behind must still update).
    if (prev && q.receivedAt < prev.receivedAt) continue;
    next[q.token] = q;
  }
  return next;
}

export const EVENT_LOG_CAP = 500;

/** Add events newest first, de-duplicated by `seq` (live pushes and `events.list` overlap). */
export function mergeEvents(
  existing: readonly TradingEvent[],
  incoming: readonly TradingEvent[],
  cap = EVENT_LOG_CAP,
): TradingEvent[] {
  if (incoming.length === 0) return existing as TradingEvent[];
  const seen = new Set(existing.map((e) => e.seq));
  const fresh = incoming.filter((e) => {
    if (seen.has(e.seq)) return false;
    seen.add(e.seq);
    return true;
  });
  if (fresh.length === 0) return existing as TradingEvent[];
  return [...existing, ...fresh].sort((a, b) => b.seq - a.seq).slice(0, cap);
}
