/**
 * One failed PostgREST call: the HTTP status and PostgREST's error body `{code, message,
 * details, hint}` (docs/supabase-protocol.md B.2). Both ends use this one class: the embedded
 * gateway throws it anywhere in its REST path and sends `body()` with `status`; the terminal
 * throws it when a call it made failed (`RestError.fromResponse`), keeping the status for the
 * "did it land?" check.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
  ) {
    super(message);
    this.name = 'RestError';
  }

  /** The response body PostgREST sends for this error. */
  body(): { code: string; details: string | null; hint: string | null; message: string } {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message };
  }

  /**
   * From what postgrest-js resolved with (`{status, error}`); `what` names the call in the
   * message, e.g. `orders: permission denied for table orders (HTTP 403)`.
   */
  static fromResponse(
    what: string,
    status: number,
    error: { code?: string | null; message?: string | null; details?: string | null; hint?: string | null },
  ): RestError {
    return new RestError(
      status,
      error.code ?? '',
      `${what}: ${error.message ?? 'failed'} (HTTP ${status})`,
      error.details ?? null,
      error.hint ?? null,
    );
  }
}
