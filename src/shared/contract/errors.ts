import { z } from 'zod';

/**
 * Every failure that crosses the IPC boundary is one of these codes with a human message.
 * Renderers branch on `code`, show `message`; `details` carries structured extras
 * (for example the shortfall of an `insufficient_margin`).
 */
export const IpcErrorCode = z.enum([
  // transport / contract
  'unknown_method',
  'invalid_args',
  'invalid_result',
  'contract_mismatch',
  'forbidden_sender',
  'internal',
  // connectivity and session
  'offline',
  'unauthorized',
  'timeout',
  'rate_limited',
  'server_error',
  // domain (mapped from the backend's stable error codes)
  'not_found',
  'conflict',
  'insufficient_margin',
  'invalid_quantity',
  'invalid_price',
  'invalid_order',
  'unknown_symbol',
  'order_not_pending',
  'market_closed',
  'duplicate_name',
  'invalid_alert',
  // the exchange's order rules (supabase migration exchange_rules; src/shared/trading/order-rules.ts)
  'off_tick',
  'outside_band',
  'product_not_allowed',
  'insufficient_holdings',
  'invalid_trigger',
  'order_type_not_allowed',
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export const IpcError = z.object({
  code: IpcErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type IpcError = z.infer<typeof IpcError>;

/** A typed failure thrown by handlers in main; the router turns it into an `IpcError`. */
export class TradedeskError extends Error {
  readonly code: IpcErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: IpcErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'TradedeskError';
    this.code = code;
    this.details = details;
  }
  toIpcError(): IpcError {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/** The result envelope of every invoke, on every host. */
export const IpcResult = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: IpcError }),
]);
export type IpcResult<T = unknown> = { ok: true; value: T } | { ok: false; error: IpcError };
