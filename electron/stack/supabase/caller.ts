import type { IncomingMessage } from 'node:http';
import type { DbAuth, DbRole } from '../db';
import { verifyJwt, type JwtClaims } from './jwt';
import { apiKeyOf, bearerOf } from './http';

/** Who is calling: the verified JWT and the database role it runs as. */
export interface Caller {
  token: string;
  role: DbRole;
  claims: JwtClaims;
}

const DB_ROLES: ReadonlySet<string> = new Set<DbRole>(['anon', 'authenticated', 'service_role']);

export type CallerResult =
  | { ok: true; caller: Caller }
  | { ok: false; status: number; body: Record<string, unknown>; headers?: Record<string, string> };

export function toDbAuth(caller: Caller): DbAuth {
  return { role: caller.role, claims: caller.claims };
}

/** Verifies a token as a caller identity, or says why it is not one (`expired` → PGRST303). */
export function callerFromToken(token: string, secret: string): Caller | { error: string; expired: boolean } {
  const v = verifyJwt(token, secret);
  if (!v.ok) return { error: v.message, expired: v.reason === 'expired' || v.reason === 'bad_claims' };
  if (!DB_ROLES.has(v.claims.role)) return { error: `role "${v.claims.role}" is not allowed`, expired: false };
  return { token, role: v.claims.role as DbRole, claims: v.claims };
}

/**
 * The API-gateway check in front of PostgREST: an `apikey` must be present and be one of our
 * keys (signed with our secret), then the `Authorization` bearer (or the key itself) decides the
 * role. Error bodies and codes follow Kong (missing key) and PostgREST (PGRST301/PGRST303).
 */
export function authenticateRequest(req: IncomingMessage, url: URL, secret: string): CallerResult {
  const apikey = apiKeyOf(req, url);
  if (!apikey) {
    return {
      ok: false,
      status: 401,
      body: { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' },
    };
  }
  if (!verifyJwt(apikey, secret).ok) {
    return {
      ok: false,
      status: 401,
      body: { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' },
    };
  }
  const token = bearerOf(req) ?? apikey;
  const result = callerFromToken(token, secret);
  if ('error' in result) {
    return {
      ok: false,
      status: 401,
      body: { code: result.expired ? 'PGRST303' : 'PGRST301', details: null, hint: null, message: result.error },
      headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${result.error}"` },
    };
  }
  return { ok: true, caller: result };
}
