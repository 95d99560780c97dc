import { z } from 'zod';

/**
 * What travels on a link channel: FDC3 context objects. Today one type, `fdc3.instrument`
 * (finos/FDC3 docs/context/ref/Instrument.md), with the identifiers this platform keys
 * instruments by inside `id`: `ticker` (the trading symbol, e.g. `RELIANCE`), `token` (the
 * market-data instrument token the feed streams) and `exchange` (`NSE`, `NFO`, `MCX`, …).
 * FDC3 allows extra, clearly named identifiers; all three are required here because every
 * panel that follows a link needs the token to show prices and the symbol to place orders.
 *
 * A discriminated union on `type`, so later contexts (an order, a position) are one more member.
 */
export const InstrumentContext = z
  .object({
    type: z.literal('fdc3.instrument'),
    /** Display name, e.g. "Reliance Industries". */
    name: z.string().min(1).max(128).optional(),
    id: z
      .object({
        ticker: z.string().min(1).max(64),
        token: z.number().int().nonnegative(),
        exchange: z.string().min(1).max(16),
      })
      .strict(),
  })
  .strict();
export type InstrumentContext = z.infer<typeof InstrumentContext>;

export const LinkContext = z.discriminatedUnion('type', [InstrumentContext]);
export type LinkContext = z.infer<typeof LinkContext>;

/** Two contexts name the same thing (same instrument token and exchange). */
export function sameContext(a: LinkContext, b: LinkContext): boolean {
  return a.type === b.type && a.id.token === b.id.token && a.id.exchange === b.id.exchange;
}
