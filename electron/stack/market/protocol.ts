import { z } from 'zod';

/**
 * Client → server payloads of the market-data protocol, parsed with zod before anything acts
 * on them (a malformed payload is answered with `invalid_payload` and the connection stays up).
 */

export const StreamMode = z.enum(['ltp', 'ohlcv', 'full']);
export type StreamMode = z.infer<typeof StreamMode>;

/** Per-request caps: big enough for any watchlist, small enough to refuse abuse cheaply. */
export const MAX_INSTRUMENTS_PER_REQUEST = 1000;

export const InstrumentRef = z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(64)]);
export type InstrumentRef = z.infer<typeof InstrumentRef>;

const RefList = z.array(InstrumentRef).max(MAX_INSTRUMENTS_PER_REQUEST);

/** `mode` is checked separately so a wrong mode gets its own `invalid_mode` code. */
export const SubscribePayload = z
  .object({
    instruments: RefList.optional(),
    symbols: z.array(z.string().trim().min(1).max(64)).max(MAX_INSTRUMENTS_PER_REQUEST).optional(),
    mode: z.unknown().optional(),
    channel: z.unknown().optional(),
  })
  .refine((p) => (p.instruments?.length ?? 0) + (p.symbols?.length ?? 0) > 0, {
    message: 'instruments or symbols must list at least one instrument',
  });

export const UnsubscribePayload = z.object({ instruments: RefList.min(1) });

export const SetModePayload = z.object({ instruments: RefList.min(1), mode: z.unknown() });

export const GetQuotePayload = z.object({ instruments: RefList.min(1), ltp_only: z.boolean().optional() });

/** Error codes the simulator emits on the `error` event (the service's own codes). */
export type MarketErrorCode =
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'connection_limit_exceeded'
  | 'subscription_limit_exceeded'
  | 'rate_limited'
  | 'invalid_payload'
  | 'invalid_mode'
  | 'exchange_unresolved'
  | 'forbidden_exchange'
  | 'stream_unavailable';

/** First zod issue as a short human string for the error payload. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
}
