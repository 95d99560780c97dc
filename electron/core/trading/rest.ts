import { RestError } from '../../lib/rest-error';
import type { RestFailure } from './errors';

export { RestError };

/** What every postgrest-js call resolves to (the fields we read). */
export interface RestResponse<T> {
  data: T | null;
  error: RestFailure['error'] | null;
  status: number;
}

/**
 * Runs one REST/RPC call with an abort after `timeoutMs`. Never throws: postgrest-js resolves a
 * transport failure as status 0, and anything thrown (an abort) is answered the same way, so
 * every caller sees one shape and decides with `isAmbiguous` whether the outcome is unknown.
 */
export async function callWithTimeout<T = unknown>(
  run: (signal: AbortSignal) => PromiseLike<RestResponse<T>>,
  timeoutMs: number,
): Promise<RestResponse<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await run(controller.signal);
  } catch (error) {
    return { data: null, error: { message: error instanceof Error ? error.message : String(error) }, status: 0 };
  } finally {
    clearTimeout(timer);
  }
}

/** Unwraps a postgrest-js answer or throws a RestError. */
export function unwrap<T>(what: string, response: RestResponse<T>): T | null {
  if (response.error) throw RestError.fromResponse(what, response.status, response.error);
  return response.data;
}
