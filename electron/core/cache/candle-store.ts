import type { Statement } from 'better-sqlite3';
import type { Candle } from '../../../src/shared/chart';
import { inTransaction, type InTransaction } from './in-transaction';
import type { Db } from './migrations';
import type { InvalidRowCounter } from './stored-json';

interface CandleRow {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  gap: number;
}

/**
 * Live-built 1-minute candles (table `candles`, migration 0006). Rows are plain columns, not
 * JSON: a chart loads a week of minutes (10,080 rows) on open. A row that does not read as a
 * candle (hand-edited, bit rot) is counted as invalid and skipped.
 */
export class CandleStore {
  readonly #tx: InTransaction;
  readonly #invalid: InvalidRowCounter;
  readonly #put: Statement<[string, number, number, number, number, number, number, number, number]>;
  readonly #since: Statement<[string, number, number], CandleRow>;
  readonly #prune: Statement<[number]>;

  constructor(db: Db, invalid: InvalidRowCounter) {
    this.#tx = inTransaction(db);
    this.#invalid = invalid;
    this.#put = db.prepare(
      `INSERT INTO candles (feed, token, time, open, high, low, close, volume, gap) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (feed, token, time) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
         close = excluded.close, volume = excluded.volume, gap = excluded.gap`,
    );
    this.#since = db.prepare<[string, number, number], CandleRow>(
      'SELECT time, open, high, low, close, volume, gap FROM candles WHERE feed = ? AND token = ? AND time >= ? ORDER BY time',
    );
    this.#prune = db.prepare('DELETE FROM candles WHERE time < ?');
  }

  /** Writes (or overwrites) candles of one instrument in one transaction. */
  saveCandles(feed: string, token: number, candles: readonly Candle[]): void {
    this.#tx(() => {
      for (const c of candles) {
        this.#put.run(feed, token, c.time, c.open, c.high, c.low, c.close, c.volume, c.gap ? 1 : 0);
      }
    });
  }

  /** The instrument's candles from `sinceMs` on, oldest first, as live candles. */
  loadCandles(feed: string, token: number, sinceMs: number): Candle[] {
    const out: Candle[] = [];
    for (const r of this.#since.all(feed, token, sinceMs)) {
      const ok =
        Number.isSafeInteger(r.time) &&
        r.time >= 0 &&
        r.low > 0 &&
        r.low <= r.open &&
        r.low <= r.close &&
        r.high >= r.open &&
        r.high >= r.close &&
        Number.isFinite(r.high) &&
        r.volume >= 0 &&
        Number.isFinite(r.volume) &&
        (r.gap === 0 || r.gap === 1);
      if (!ok) {
        this.#invalid.count++;
        continue;
      }
      out.push({
        time: r.time,
        open: r.open,
        high: r.high,
        low: r.low,
        close: r.close,
        volume: r.volume,
        source: 'live',
        gap: r.gap === 1,
      });
    }
    return out;
  }

  /** Drops every candle older than `beforeMs`; returns how many went. */
  pruneCandles(beforeMs: number): number {
    return this.#prune.run(beforeMs).changes;
  }
}
