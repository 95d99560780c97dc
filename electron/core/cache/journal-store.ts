import type { Statement } from 'better-sqlite3';
import { OrderIntent, TradingEvent, type DerivedTradingEvent } from '../../../src/shared/domain';
import { inTransaction, type InTransaction } from './in-transaction';
import type { Db } from './migrations';
import { readAllStored, readStored, type InvalidRowCounter } from './stored-json';

/** Meta keys that survive sign-out (device settings, not account state). */
export const GLOBAL_META_PREFIX = 'global.';

/** What only this terminal knows: order intents, the trading-event journal, sync meta. */
export class JournalStore {
  readonly #tx: InTransaction;
  readonly #invalid: InvalidRowCounter;
  readonly #putIntent: Statement<[string, string, number, string]>;
  readonly #deleteIntent: Statement<[string]>;
  readonly #allIntents: Statement<[], string>;
  readonly #insertEvent: Statement<[number, string, string, string]>;
  readonly #latestEvents: Statement<[number], { seq: number; json: string }>;
  readonly #eventsBefore: Statement<[number, number], { seq: number; json: string }>;
  readonly #getMeta: Statement<[string], { value: string }>;
  readonly #putMeta: Statement<[string, string]>;
  readonly #deleteMeta: Statement<[string]>;
  readonly #clear: Statement<[]>[];

  constructor(db: Db, invalid: InvalidRowCounter) {
    this.#tx = inTransaction(db);
    this.#invalid = invalid;
    this.#putIntent = db.prepare(
      'INSERT OR REPLACE INTO intents (client_order_id, state, created_at, json) VALUES (?, ?, ?, ?)',
    );
    this.#deleteIntent = db.prepare('DELETE FROM intents WHERE client_order_id = ?');
    this.#allIntents = db.prepare<[], string>('SELECT json FROM intents ORDER BY created_at, client_order_id').pluck();
    this.#insertEvent = db.prepare('INSERT INTO events (at, account_id, type, json) VALUES (?, ?, ?, ?)');
    this.#latestEvents = db.prepare('SELECT seq, json FROM events ORDER BY seq DESC LIMIT ?');
    this.#eventsBefore = db.prepare('SELECT seq, json FROM events WHERE seq < ? ORDER BY seq DESC LIMIT ?');
    this.#getMeta = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.#putMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.#deleteMeta = db.prepare('DELETE FROM meta WHERE key = ?');
    this.#clear = [
      db.prepare('DELETE FROM intents'),
      db.prepare('DELETE FROM events'),
      db.prepare(`DELETE FROM meta WHERE substr(key, 1, ${GLOBAL_META_PREFIX.length}) <> '${GLOBAL_META_PREFIX}'`),
    ];
  }

  putIntent(intent: OrderIntent): void {
    this.#putIntent.run(intent.clientOrderId, intent.state, intent.createdAt, JSON.stringify(intent));
  }

  deleteIntent(clientOrderId: string): void {
    this.#deleteIntent.run(clientOrderId);
  }

  intents(): OrderIntent[] {
    return readAllStored(OrderIntent, this.#allIntents.all(), this.#invalid);
  }

  appendEvents(events: DerivedTradingEvent[]): TradingEvent[] {
    return this.#tx(() =>
      events.map((e) => {
        // seq is the row id SQLite assigns; the stored JSON omits it so it has one source of truth.
        const seq = Number(this.#insertEvent.run(e.at, e.accountId, e.type, JSON.stringify(e)).lastInsertRowid);
        return { ...e, seq } as TradingEvent;
      }),
    );
  }

  listEvents(limit: number, beforeSeq?: number): TradingEvent[] {
    const n = Math.max(0, Math.floor(limit));
    const rows = beforeSeq === undefined ? this.#latestEvents.all(n) : this.#eventsBefore.all(beforeSeq, n);
    const out: TradingEvent[] = [];
    for (const r of rows) {
      const event = readStored(TradingEvent, r.json, this.#invalid, { seq: r.seq });
      if (event !== undefined) out.push(event);
    }
    return out;
  }

  getMeta(key: string): string | null {
    return this.#getMeta.get(key)?.value ?? null;
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.#deleteMeta.run(key);
    else this.#putMeta.run(key, value);
  }

  clearAccountData(): void {
    for (const stmt of this.#clear) stmt.run();
  }
}
