import { z } from 'zod';

/**
 * Server → client control messages of the market-data service, parsed before anything acts on
 * them. Ticks (`market_data`) are parsed separately (tick-parser.ts): they are the hot path.
 * Every schema is lenient about extra fields and strict about the ones we use.
 */

const Ref = z.union([z.number(), z.string()]);
const IntLike = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

export const WelcomeMessage = z.object({
  protocol_version: z.union([z.string(), z.number()]).optional(),
  provider: z.string().optional(),
  exchanges: z.array(z.string()).optional(),
  limits: z
    .object({
      maxSubscriptionsPerSocket: z.number().int().positive().optional(),
      requestsPerSecond: z.number().positive().optional(),
    })
    .partial()
    .passthrough()
    .optional(),
});
export type WelcomeMessage = z.infer<typeof WelcomeMessage>;

export const SubscriptionConfirmed = z.object({
  included: z.array(Ref).optional().default([]),
  resolved: z
    .array(z.object({ symbol: z.string().optional(), uirId: IntLike, providerToken: IntLike.optional() }))
    .optional()
    .default([]),
  unresolved: z.array(Ref).optional().default([]),
  forbidden: z
    .array(z.union([Ref, z.object({ token: Ref.optional(), exchange: z.string().optional() }).passthrough()]))
    .optional()
    .default([]),
  snapshot: z
    .record(z.string(), z.object({ last_price: z.number().nullable().optional() }).passthrough())
    .optional()
    .default({}),
  mode: z.string().optional(),
  limits: z.object({ maxSubscriptionsPerSocket: z.number().int().positive().optional() }).passthrough().optional(),
});
export type SubscriptionConfirmed = z.infer<typeof SubscriptionConfirmed>;

export const ServerError = z.object({
  code: z.string(),
  message: z.string().optional(),
  retry_after_ms: z.number().nonnegative().optional(),
  /** The instrument(s) an error is about (`exchange_unresolved`, `forbidden_exchange`, a limit). */
  token: Ref.optional(),
  instrument: Ref.optional(),
  instruments: z.array(Ref).max(5_000).optional(),
  /** The limit an over-limit error names. */
  limit: z.number().int().nonnegative().optional(),
});
export type ServerError = z.infer<typeof ServerError>;

/** Provider tokens an error names (numbers, `"EXCH-token"` strings); symbols it cannot key are skipped. */
export function namedTokens(e: ServerError): number[] {
  const refs = [
    ...(e.instruments ?? []),
    ...(e.token !== undefined ? [e.token] : []),
    ...(e.instrument !== undefined ? [e.instrument] : []),
  ];
  const out: number[] = [];
  for (const ref of refs) {
    const text = String(ref);
    const n = Number(/^[A-Z_]+-\d+$/.test(text) ? text.slice(text.lastIndexOf('-') + 1) : text);
    if (Number.isInteger(n) && n >= 0) out.push(n);
  }
  return out;
}

/** `quote_data` — used to learn provider tokens for search results that only carry a UIR id. */
export const QuoteData = z.object({
  data: z.record(
    z.string(),
    z
      .object({ instrument_token: IntLike.optional(), uir_id: IntLike.optional(), last_price: z.number().optional() })
      .passthrough(),
  ),
});
export type QuoteData = z.infer<typeof QuoteData>;

/** `GET /api/search` as the service's search controller answers. */
export const SearchItem = z.object({
  id: IntLike,
  canonicalSymbol: z.string().optional(),
  wsSubscribeUirId: IntLike.optional(),
  /** Not in the documented shape; used when a deployment adds the provider token. */
  instrumentToken: IntLike.optional(),
  providerToken: IntLike.optional(),
  symbol: z.string(),
  name: z.string().nullish(),
  exchange: z.string(),
  segment: z.string().nullish(),
  instrumentType: z.string().nullish(),
  lotSize: z.number().positive().nullish(),
  tickSize: z.number().positive().nullish(),
  last_price: z.number().nullish(),
});
export type SearchItem = z.infer<typeof SearchItem>;

export const SearchResponse = z.object({
  success: z.boolean(),
  data: z.array(z.unknown()).default([]),
  message: z.string().optional(),
});
