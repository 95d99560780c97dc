import type { RestFailure } from './errors';

/** A failed REST call carried as an exception, keeping the status for the ambiguity check. */
export class RestError extends Error {
  readonly failure: RestFailure;
  constructor(what: string, failure: RestFailure) {
    super(`${what}: ${failure.error.message ?? 'failed'} (HTTP ${failure.status})`);
    this.name = 'RestError';
    this.failure = failure;
  }
}

/** What every postgrest-js call resolves to (the fields we read). */
export interface RestResponse<T> {
  data: T | null;
  error: RestFailure['error'] | null;
  status: number;
}

/** Unwraps a postgrest-js answer or throws a RestError. */
export function unwrap<T>(what: string, response: RestResponse<T>): T | null {
  if (response.error) throw new RestError(what, { status: response.status, error: response.error });
  return response.data;
}
