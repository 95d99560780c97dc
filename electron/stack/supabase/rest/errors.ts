import { RestError } from '../../../lib/rest-error';

export { RestError };

export const parseError = (message: string, details: string | null = null): RestError =>
  new RestError(400, 'PGRST100', message, details);

/** Shape of the errors PGlite throws (node-postgres compatible `DatabaseError`). */
interface PgErrorLike {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

function isPgError(e: unknown): e is PgErrorLike {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((e as { code: string }).code) &&
    typeof (e as { message?: unknown }).message === 'string'
  );
}

/** HTTP status PostgREST gives a SQLSTATE (PostgREST docs, errors.rst). */
export function statusForSqlState(code: string, role: string): number {
  if (code === '42501') return role === 'anon' ? 401 : 403;
  if (code === '23505' || code === '23503') return 409;
  if (code === '42P01' || code === '42883') return 404;
  if (code === '25006') return 405;
  if (code === 'P0001') return 400;
  const cls = code.slice(0, 2);
  if (cls === '08' || cls === '53') return 503;
  if (cls === '54') return 413;
  if (['09', '0L', '0P'].includes(cls)) return cls === '09' ? 500 : 403;
  if (['55', '57', '58', 'F0', 'HV', 'P0', 'XX'].includes(cls)) return 500;
  if (code === '42P17') return 500;
  return 400;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN']);

/**
 * The database is unreachable or went away mid-request (a server restarting): node-postgres'
 * socket errors, SQLSTATE 08xxx (connection exception) and 57P01-57P03 (shutdown, crash,
 * cannot connect now).
 */
export function isConnectionError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || /^08[0-9A-Z]{3}$|^57P0[123]$/.test(code))) return true;
  const message = (e as { message?: unknown }).message;
  return (
    typeof message === 'string' && /^Connection terminated|^Client has encountered a connection error/.test(message)
  );
}

/**
 * Maps anything thrown while serving a request to a RestError. Connection failures are 503
 * PGRST001. Database errors keep their
 * SQLSTATE, message, DETAIL and HINT (that is how RPC error codes reach the client); anything
 * else becomes an opaque 500 so no stack trace or internal message leaks.
 */
export function toRestError(e: unknown, role: string): RestError {
  if (e instanceof RestError) return e;
  // PostgREST's answer while it cannot reach the database.
  if (isConnectionError(e)) return new RestError(503, 'PGRST001', 'Database client error. Retrying the connection.');
  if (isPgError(e)) {
    return new RestError(statusForSqlState(e.code, role), e.code, e.message, e.detail ?? null, e.hint ?? null);
  }
  return new RestError(500, 'PGRST000', 'Internal server error');
}
