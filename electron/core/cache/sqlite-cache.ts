import type { Candle } from '../../../src/shared/chart';
import type {
  AlertIntent,
  DerivedTradingEvent,
  Instrument,
  OrderIntent,
  Quote,
  RiskConfig,
  StateSnapshot,
  TradingEvent,
} from '../../../src/shared/domain';
import { CandleStore } from './candle-store';
import { AlertIntentStore } from './alert-intent-store';
import { EntityStore } from './entity-store';
import { JournalStore } from './journal-store';
import { LayoutStore } from './layout-store';
import { inTransaction, type InTransaction } from './in-transaction';
import type { Db } from './migrations';
import { ReferenceStore } from './reference-store';
import { InvalidRowCounter } from './stored-json';
import type { ApplyOutcome, Cache, CacheStats, EntityKind, RowOf, StoredLayout } from './types';

/** Meta keys the cache itself reads. */
export const META_SYNCED_AT = 'syncedAt';
export const META_ACCOUNT_ID = 'accountId';

/** The cache over one open, migrated database. Built by `openCache`, which owns recovery. */
export class SqliteCache implements Cache {
  readonly file: string;
  readonly #db: Db;
  readonly #tx: InTransaction;
  readonly #invalid = new InvalidRowCounter();
  readonly #entities: EntityStore;
  readonly #reference: ReferenceStore;
  readonly #journal: JournalStore;
  readonly #layouts: LayoutStore;
  readonly #candles: CandleStore;
  readonly #alertIntents: AlertIntentStore;

  constructor(db: Db, file: string) {
    this.#db = db;
    this.#tx = inTransaction(db);
    this.file = file;
    this.#entities = new EntityStore(db, this.#invalid);
    this.#reference = new ReferenceStore(db, this.#invalid);
    this.#journal = new JournalStore(db, this.#invalid);
    this.#layouts = new LayoutStore(db);
    this.#candles = new CandleStore(db, this.#invalid);
    this.#alertIntents = new AlertIntentStore(db, this.#invalid);
  }

  transaction<T>(fn: () => T): T {
    return this.#tx(fn);
  }

  upsert<K extends EntityKind>(kind: K, rows: RowOf<K>[]): ApplyOutcome<K>[] {
    return this.#entities.upsert(kind, rows);
  }
  remove<K extends EntityKind>(kind: K, ids: string[]): ApplyOutcome<K>[] {
    return this.#entities.remove(kind, ids);
  }
  get<K extends EntityKind>(kind: K, id: string): RowOf<K> | undefined {
    return this.#entities.get(kind, id);
  }
  all<K extends EntityKind>(kind: K): RowOf<K>[] {
    return this.#entities.all(kind);
  }

  interestSymbols(): { openPositions: string[]; pendingOrders: string[] } {
    return this.#entities.interestSymbols();
  }

  orderIdByClientOrderId(clientOrderId: string): string | null {
    return this.#entities.orderIdByClientOrderId(clientOrderId);
  }

  replaceInstruments(list: Instrument[]): void {
    this.#reference.replaceInstruments(list);
  }
  instruments(): Instrument[] {
    return this.#reference.instruments();
  }
  setRiskConfig(rows: RiskConfig[]): void {
    this.#reference.setRiskConfig(rows);
  }
  riskConfig(): RiskConfig[] {
    return this.#reference.riskConfig();
  }
  saveQuotes(quotes: Quote[]): void {
    this.#reference.saveQuotes(quotes);
  }
  loadQuotes(): Quote[] {
    return this.#reference.loadQuotes();
  }

  putIntent(intent: OrderIntent): void {
    this.#journal.putIntent(intent);
  }
  deleteIntent(clientOrderId: string): void {
    this.#journal.deleteIntent(clientOrderId);
  }
  intents(): OrderIntent[] {
    return this.#journal.intents();
  }
  putAlertIntent(intent: AlertIntent): void {
    this.#alertIntents.put(intent);
  }
  deleteAlertIntent(opId: string): void {
    this.#alertIntents.delete(opId);
  }
  alertIntents(): AlertIntent[] {
    return this.#alertIntents.all();
  }
  appendEvents(events: DerivedTradingEvent[]): TradingEvent[] {
    return this.#journal.appendEvents(events);
  }
  listEvents(limit: number, beforeSeq?: number): TradingEvent[] {
    return this.#journal.listEvents(limit, beforeSeq);
  }
  getMeta(key: string): string | null {
    return this.#journal.getMeta(key);
  }
  setMeta(key: string, value: string | null): void {
    this.#journal.setMeta(key, value);
  }

  loadSnapshot(now: number): StateSnapshot {
    // One read transaction: the snapshot is a consistent picture even if a write lands mid-way.
    return this.transaction((): StateSnapshot => {
      const accountId = this.getMeta(META_ACCOUNT_ID);
      const account =
        (accountId !== null ? this.get('account', accountId) : undefined) ?? this.all('account')[0] ?? null;
      return {
        account,
        orders: this.all('order'),
        positions: this.all('position'),
        transactions: this.all('transaction'),
        watchlists: this.all('watchlist'),
        watchlistItems: this.all('watchlistItem'),
        instruments: this.instruments(),
        quotes: this.loadQuotes(),
        intents: this.intents(),
        riskConfig: this.riskConfig(),
        priceAlerts: this.all('priceAlert'),
        alertIntents: this.alertIntents(),
        stale: true,
        syncedAt: epochOrNull(this.getMeta(META_SYNCED_AT)),
        asOf: now,
      };
    });
  }

  clearAccountData(): void {
    this.transaction(() => {
      this.#entities.clearAll();
      this.#journal.clearAccountData();
      this.#alertIntents.clear();
      this.#reference.clearQuotes();
    });
  }

  saveLayout(layout: StoredLayout): void {
    this.#layouts.saveLayout(layout);
  }
  loadLayout(id: string): StoredLayout | undefined {
    return this.#layouts.loadLayout(id);
  }
  listLayouts(): StoredLayout[] {
    return this.#layouts.listLayouts();
  }
  deleteLayout(id: string): void {
    this.#layouts.deleteLayout(id);
  }

  saveCandles(feed: string, token: number, candles: readonly Candle[]): void {
    this.#candles.saveCandles(feed, token, candles);
  }
  loadCandles(feed: string, token: number, sinceMs: number): Candle[] {
    return this.#candles.loadCandles(feed, token, sinceMs);
  }
  pruneCandles(beforeMs: number): number {
    return this.#candles.pruneCandles(beforeMs);
  }

  stats(): CacheStats {
    return { invalidRows: this.#invalid.count };
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

function epochOrNull(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}
