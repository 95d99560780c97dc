import type { Database } from './db';
import { CATALOGUE } from './market/catalogue';
import type { MarketSimulator } from './market/simulator';

/**
 * Keeps `"Stock".ltp` close to the market, as the platform's quote workers do. place_order
 * margins and charges a MARKET order at the ticket's price when given and at `"Stock".ltp`
 * otherwise; without this the reference would stay at the seed's previous close all day.
 *
 * It also keeps `"Stock".close` at the market's previous close (the feed's `ohlc.close`, which
 * the simulator's walk moves from day to day): the database's price band (`tradedesk_price_band`)
 * is around it, so the band place_order checks is the band the quotes carry. Every instrument's
 * close is written once at start, before anyone can order (await `flush()` then), and again with
 * each changed price (a new IST day brings a new close).
 * Prices are collected as they tick and written once per interval in one statement.
 */
export interface InstrumentPriceWriter {
  /** Writes what has changed now (tests; also called on stop). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function startInstrumentPriceWriter(opts: {
  db: Database;
  market: Pick<MarketSimulator, 'onPrice' | 'previousClose'>;
  intervalMs?: number;
}): InstrumentPriceWriter {
  /** token → its last traded price, or null when only its close is to be written. */
  const changed = new Map<number, number | null>(CATALOGUE.filter((i) => i.tradable).map((i) => [i.token, null]));
  const unsubscribe = opts.market.onPrice((token, price) => changed.set(token, price));
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (changed.size === 0) return writing;
    const tokens = [...changed.keys()];
    const prices = tokens.map((t) => changed.get(t) ?? null);
    const closes = tokens.map((t) => opts.market.previousClose(t) ?? null);
    changed.clear();
    writing = writing
      .then(() =>
        opts.db.asAdmin((tx) =>
          tx.query(
            `UPDATE "Stock" AS s SET "ltp" = coalesce(v.ltp, s."ltp"), "close" = coalesce(v.close, s."close")
               FROM (SELECT unnest($1::int[]) AS token, unnest($2::float8[]) AS ltp,
                            unnest($3::float8[]) AS close) AS v
              WHERE s."token" = v.token`,
            [tokens, prices, closes],
          ),
        ),
      )
      .then(
        () => undefined,
        (error: unknown) => {
          process.stderr.write(`[stack] could not record last prices: ${String(error)}\n`);
        },
      );
    return writing;
  };

  const timer = setInterval(() => void flush(), opts.intervalMs ?? 1_000);
  timer.unref();
  return {
    flush,
    async stop() {
      clearInterval(timer);
      unsubscribe();
      await flush();
    },
  };
}
