import type { Database } from './db';
import type { MarketSimulator } from './market/simulator';

/**
 * Keeps `"Stock".ltp` close to the market, as the platform's quote workers do. place_order
 * margins and charges a MARKET order at the ticket's price when given and at `"Stock".ltp`
 * otherwise; without this the reference would stay at the seed's previous close all day.
 * Prices are collected as they tick and written once per interval in one statement.
 */
export interface InstrumentPriceWriter {
  /** Writes what has changed now (tests; also called on stop). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function startInstrumentPriceWriter(opts: {
  db: Database;
  market: Pick<MarketSimulator, 'onPrice'>;
  intervalMs?: number;
}): InstrumentPriceWriter {
  const changed = new Map<number, number>();
  const unsubscribe = opts.market.onPrice((token, price) => changed.set(token, price));
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (changed.size === 0) return writing;
    const tokens = [...changed.keys()];
    const prices = tokens.map((t) => changed.get(t)!);
    changed.clear();
    writing = writing
      .then(() =>
        opts.db.asAdmin((tx) =>
          tx.query(
            `UPDATE "Stock" AS s SET "ltp" = v.ltp
               FROM (SELECT unnest($1::int[]) AS token, unnest($2::float8[]) AS ltp) AS v
              WHERE s."token" = v.token`,
            [tokens, prices],
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
