import type { Candle } from '../../../src/shared/chart';
import type {
  Account,
  AlertIntent,
  DerivedTradingEvent,
  Instrument,
  Order,
  OrderIntent,
  Position,
  PriceAlert,
  Quote,
  RiskConfig,
  StateSnapshot,
  TradingEvent,
  Transaction,
  Watchlist,
  WatchlistItem,
} from '../../../src/shared/domain';

/** The synced entities the cache versions (one table each). */
export type EntityKind =
  'account' | 'order' | 'position' | 'transaction' | 'watchlist' | 'watchlistItem' | 'priceAlert';

export type RowOf<K extends EntityKind> = {
  account: Account;
  order: Order;
  position: Position;
  transaction: Transaction;
  watchlist: Watchlist;
  watchlistItem: WatchlistItem;
  priceAlert: PriceAlert;
}[K];

/**
 * What one upsert/remove did to one row: the event deriver compares `previous` with `next`.
 * `previous` is the row cached before the call; `next` is the row cached after it when
 * `applied`, and undefined otherwise (a stale row is not returned; the cache still holds `previous`)
 * and after a removal.
 */
export interface ApplyOutcome<K extends EntityKind = EntityKind> {
  kind: K;
  id: string;
  previous: RowOf<K> | undefined;
  next: RowOf<K> | undefined;
  applied: boolean;
}

/** Where the market service persists the last quotes (so an offline start shows prices). */
export interface QuoteStore {
  saveQuotes(quotes: Quote[]): void;
  loadQuotes(): Quote[];
}

/** Rows read back from the file that failed their schema: counted, skipped, never thrown. */
export interface CacheStats {
  invalidRows: number;
}

/** A saved window layout; `json` is opaque to the cache (the window manager owns its schema). */
export interface StoredLayout {
  id: string;
  json: string;
  updatedAt: number;
}

/**
 * Where live-built 1-minute candles survive a restart (table `candles`). `feed` names the market
 * service they came from (`demo`, or the service's origin) so two services never mix.
 */
export interface CandleCache {
  saveCandles(feed: string, token: number, candles: readonly Candle[]): void;
  /** Oldest first, `source: 'live'`; rows that do not read as candles are counted invalid and skipped. */
  loadCandles(feed: string, token: number, sinceMs: number): Candle[];
  /** Drops every candle older than `beforeMs` (any feed); returns how many went. */
  pruneCandles(beforeMs: number): number;
}

export interface Cache extends QuoteStore, CandleCache {
  readonly file: string;
  /** Runs fn in one SQLite transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  /**
   * Applies a row only when nothing is cached under its id or its `version` is greater than the
   * cached one; an equal or older row gives `applied: false`, writes nothing, and still returns
   * the cached row as `previous`.
   */
  upsert<K extends EntityKind>(kind: K, rows: RowOf<K>[]): ApplyOutcome<K>[];
  remove<K extends EntityKind>(kind: K, ids: string[]): ApplyOutcome<K>[];
  get<K extends EntityKind>(kind: K, id: string): RowOf<K> | undefined;
  all<K extends EntityKind>(kind: K): RowOf<K>[];
  /**
   * Symbols of open positions (quantity ≠ 0) and of PENDING orders, distinct and sorted, read
   * from the indexed columns without parsing a row: what market interest needs, at a fraction of
   * `all('order')` (which parses every cached order). The columns are written with each row, so
   * they agree with it; a row whose JSON no longer reads still counts here (harmless for interest).
   */
  interestSymbols(): { openPositions: string[]; pendingOrders: string[] };
  /** The id of the cached order placed with this client order id, found by index (no parsing). */
  orderIdByClientOrderId(clientOrderId: string): string | null;
  replaceInstruments(list: Instrument[]): void;
  instruments(): Instrument[];
  setRiskConfig(rows: RiskConfig[]): void;
  riskConfig(): RiskConfig[];
  putIntent(intent: OrderIntent): void;
  deleteIntent(clientOrderId: string): void;
  intents(): OrderIntent[];
  /** Queued alert writes (alert intents), oldest first; keyed by `opId`. */
  putAlertIntent(intent: AlertIntent): void;
  deleteAlertIntent(opId: string): void;
  alertIntents(): AlertIntent[];
  /** Assigns each event the next journal sequence number (strictly increasing, never reused). */
  appendEvents(events: DerivedTradingEvent[]): TradingEvent[];
  /** Newest first; `beforeSeq` pages back from an earlier answer. */
  listEvents(limit: number, beforeSeq?: number): TradingEvent[];
  getMeta(key: string): string | null;
  /** null deletes the key. */
  setMeta(key: string, value: string | null): void;
  /** Everything cached, quotes included, marked stale; syncedAt from meta 'syncedAt'. */
  loadSnapshot(now: number): StateSnapshot;
  /** Sign-out: entities, intents (order and alert), journal, quotes and account meta go; instruments, risk config, layouts, candles and `global.*` meta stay. */
  clearAccountData(): void;
  /** Window layouts (device state: survive sign-out). Newest first. */
  saveLayout(layout: StoredLayout): void;
  loadLayout(id: string): StoredLayout | undefined;
  listLayouts(): StoredLayout[];
  deleteLayout(id: string): void;
  stats(): CacheStats;
  close(): void;
}

export interface OpenedCache {
  cache: Cache;
  /** Set when the file was unusable: where it was moved and why. */
  recovered: { movedTo: string; reason: string } | null;
}
