import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * HS256 JSON Web Tokens, exactly as GoTrue and the Supabase CLI mint them: header
 * `{"alg":"HS256","typ":"JWT"}`, base64url segments, HMAC-SHA256 over `<header>.<payload>`.
 */

const HEADER = base64url(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));

/** Claims every token we accept must carry: a role to run as and an expiry. */
export const JwtClaims = z
  .object({
    role: z.string().min(1),
    exp: z.number(),
    sub: z.string().optional(),
    session_id: z.string().optional(),
  })
  .catchall(z.unknown());
export type JwtClaims = z.infer<typeof JwtClaims>;

export type JwtVerification =
  | { ok: true; claims: JwtClaims }
  /** `malformed`/`bad_signature` map to PGRST301, `expired`/`bad_claims` to PGRST303. */
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'bad_claims'; message: string };

function base64url(buf: Buffer): string {
  return buf.toString('base64url');
}

function sign(data: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const payload = base64url(Buffer.from(JSON.stringify(claims)));
  const signature = base64url(sign(`${HEADER}.${payload}`, secret));
  return `${HEADER}.${payload}.${signature}`;
}

const JwtHeader = z.object({ alg: z.string(), typ: z.string().optional() }).catchall(z.unknown());

/** Verifies signature, algorithm and expiry; never throws. `nowSec` is injectable for tests. */
export function verifyJwt(token: string, secret: string, nowSec = Math.floor(Date.now() / 1000)): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
    return { ok: false, reason: 'malformed', message: 'Expected 3 parts in JWT; got ' + parts.length };
  }
  const [h, p, s] = parts as [string, string, string];
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed', message: 'JWSError JWSInvalidSignature' };
  }
  const parsedHeader = JwtHeader.safeParse(header);
  // Only HS256: accepting `none` or another algorithm is the classic JWT forgery.
  if (!parsedHeader.success || parsedHeader.data.alg !== 'HS256') {
    return { ok: false, reason: 'bad_signature', message: 'JWSError JWSInvalidSignature' };
  }
  const expected = sign(`${h}.${p}`, secret);
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature', message: 'JWSError JWSInvalidSignature' };
  }
  const claims = JwtClaims.safeParse(payload);
  if (!claims.success) return { ok: false, reason: 'bad_claims', message: 'JWT claims are invalid' };
  if (claims.data.exp <= nowSec) return { ok: false, reason: 'expired', message: 'JWT expired' };
  return { ok: true, claims: claims.data };
}

/** The Supabase CLI's default secret; with it our anon key is byte-for-byte the well-known local one. */
export const DEFAULT_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

export function apiKeysFor(secret: string): { anonKey: string; serviceRoleKey: string } {
  return {
    anonKey: signJwt({ iss: 'supabase-demo', role: 'anon', exp: 1983812996 }, secret),
    serviceRoleKey: signJwt({ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 }, secret),
  };
}
