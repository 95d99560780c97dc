import { z } from 'zod';
import { serverRefusal, TradedeskError, type IpcErrorCode } from '../../../src/shared/contract';

/** What postgrest-js hands back as `error` (plus the response status). */
export interface RestFailure {
  status: number;
  error: { code?: string | null; message?: string | null; details?: string | null; hint?: string | null };
}

/** The backend's stable RPC error codes (sent as the exception's HINT) and our IPC codes. */
const HINT_CODES: Record<string, IpcErrorCode> = {
  unknown_symbol: 'unknown_symbol',
  invalid_quantity: 'invalid_quantity',
  invalid_price: 'invalid_price',
  invalid_order: 'invalid_order',
  insufficient_margin: 'insufficient_margin',
  not_found: 'not_found',
  order_not_pending: 'order_not_pending',
  forbidden: 'unauthorized',
  market_closed: 'market_closed',
  off_tick: 'off_tick',
  outside_band: 'outside_band',
  product_not_allowed: 'product_not_allowed',
  insufficient_holdings: 'insufficient_holdings',
  invalid_trigger: 'invalid_trigger',
  order_type_not_allowed: 'order_type_not_allowed',
};

const MarginDetail = z.object({
  required: z.coerce.number(),
  available: z.coerce.number(),
  shortfall: z.coerce.number(),
});

/**
 * True when the outcome of a write is unknown: the request may or may not have reached the
 * server (no response, aborted by our timeout, a gateway 5xx). Such an order is kept as an
 * `unconfirmed` intent and settled by reconciliation, never reported as failed.
 */
export function isAmbiguous(failure: RestFailure): boolean {
  return failure.status === 0 || failure.status >= 500;
}

/** Maps a definite REST/RPC failure to the typed error a window shows. */
export function toTradedeskError(failure: RestFailure, action: string): TradedeskError {
  const { status, error } = failure;
  const hint = error.hint ?? '';
  const message = error.message?.trim() || `${action} failed`;
  const details = parseDetails(error.details);
  if (error.code === 'P0001' && hint in HINT_CODES) {
    const code = HINT_CODES[hint] as IpcErrorCode;
    // In words, about the field it concerns (src/shared/contract/refusals.ts).
    const refusal = serverRefusal(code, message, details);
    if (code === 'insufficient_margin') {
      const margin = MarginDetail.safeParse(details);
      if (margin.success) {
        const { required, available, shortfall } = margin.data;
        return new TradedeskError(code, refusal.message, { required, available, shortfall, field: null });
      }
    }
    return new TradedeskError(code, refusal.message, { ...(details ?? {}), field: refusal.field });
  }
  if (status === 0) return new TradedeskError('offline', `${action}: the server did not answer. Check the connection.`);
  if (status === 401 || status === 403 || error.code === '42501' || error.code?.startsWith('PGRST30')) {
    return new TradedeskError('unauthorized', `${action}: not allowed (${message}).`);
  }
  if (error.code === '23505' || status === 409) return new TradedeskError('conflict', `${action}: ${message}`);
  if (status === 404 || error.code === 'PGRST116') return new TradedeskError('not_found', `${action}: not found.`);
  if (status === 429) return new TradedeskError('rate_limited', `${action}: too many requests; try again shortly.`);
  return new TradedeskError('server_error', `${action} failed: ${message}`);
}

function parseDetails(details: string | null | undefined): Record<string, unknown> | null {
  if (!details) return null;
  try {
    const value: unknown = JSON.parse(details);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
