import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Transaction } from '../../db';
import { BodyTooLargeError, INVALID_JSON, apiKeyOf, bearerOf, parseJson, readBody, sendJson, send } from '../http';
import { signJwt, verifyJwt } from '../jwt';
import { hashPassword, verifyPassword } from '../password';
import { createSession, endSessions, rotateRefreshToken, sessionExists } from './sessions';
import { findUserByEmail, findUserById, insertUser, touchSignIn, userJson, type UserRow } from './users';

/** GoTrue (`/auth/v1`): password sign-in, refresh, user, logout, signup. */

export interface AuthContext {
  db: Database;
  jwtSecret: string;
  /** `http://127.0.0.1:<port>` — the issuer is `<baseUrl>/auth/v1`, like GoTrue. */
  baseUrl: () => string;
  accessTokenTtlSec: number;
  afterCommit: () => void;
}

/** Balance every new account starts with: ₹10,00,000. */
export const STARTING_BALANCE = 1_000_000;

const API_VERSION_HEADER = { 'X-Supabase-Api-Version': '2024-01-01' };

class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function sendAuthError(res: ServerResponse, e: AuthError): void {
  // Both shapes at once: `code`+`message` (read when the API-version header is present) and
  // the legacy `error_code`+`msg`, so any auth-js version decodes the same error code.
  sendJson(
    res,
    e.status,
    {
      code: e.code,
      error_code: e.code,
      msg: e.message,
      message: e.message,
      // The OAuth-style pair older GoTrue versions answered /token failures with.
      error: e.code,
      error_description: e.message,
      ...e.extra,
    },
    API_VERSION_HEADER,
  );
}

const PasswordGrant = z.object({ email: z.string().min(1).max(255), password: z.string().min(1).max(1024) });
const RefreshGrant = z.object({ refresh_token: z.string().min(1).max(255) });
const Signup = z.object({
  email: z.string().max(255),
  password: z.string().max(1024),
  data: z.record(z.string(), z.unknown()).optional(),
});

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const value = parseJson(await readBody(req));
  if (value === INVALID_JSON) throw new AuthError(400, 'bad_json', 'Could not parse request body as JSON');
  return value;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, message: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AuthError(400, 'validation_failed', message);
  return r.data;
}

async function issueSession(
  ctx: AuthContext,
  user: UserRow,
  sessionId: string,
  refreshToken: string,
): Promise<Record<string, unknown>> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + ctx.accessTokenTtlSec;
  const access = signJwt(
    {
      iss: `${ctx.baseUrl()}/auth/v1`,
      sub: user.id,
      aud: 'authenticated',
      exp,
      iat: now,
      email: user.email ?? '',
      phone: user.phone ?? '',
      app_metadata: user.app_metadata ?? { provider: 'email', providers: ['email'] },
      user_metadata: user.user_metadata ?? {},
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: now }],
      session_id: sessionId,
      is_anonymous: user.is_anonymous,
    },
    ctx.jwtSecret,
  );
  return {
    access_token: access,
    token_type: 'bearer',
    expires_in: ctx.accessTokenTtlSec,
    expires_at: exp,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

function isBanned(u: UserRow): boolean {
  return u.banned_until !== null && Date.parse(u.banned_until) > Date.now();
}

async function passwordGrant(ctx: AuthContext, body: unknown): Promise<Record<string, unknown>> {
  const { email, password } = parseWith(PasswordGrant, body, 'missing email or phone');
  const user = await ctx.db.asAdmin((tx) => findUserByEmail(tx, email));
  // Hash even for an unknown user so timing does not reveal which emails exist.
  const ok = await verifyPassword(
    password,
    user?.encrypted_password ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA',
  );
  if (!user || !ok) throw new AuthError(400, 'invalid_credentials', 'Invalid login credentials');
  if (isBanned(user)) throw new AuthError(400, 'user_banned', 'User is banned');
  const { session, fresh } = await ctx.db.asAdmin(async (tx) => {
    await touchSignIn(tx, user.id);
    return { session: await createSession(tx, user.id), fresh: await findUserById(tx, user.id) };
  });
  return issueSession(ctx, fresh ?? user, session.sessionId, session.refreshToken);
}

async function refreshGrant(ctx: AuthContext, body: unknown): Promise<Record<string, unknown>> {
  const { refresh_token } = parseWith(RefreshGrant, body, 'refresh_token required');
  const outcome = await ctx.db.asAdmin(async (tx) => {
    const r = await rotateRefreshToken(tx, refresh_token);
    return r.ok ? { r, user: await findUserById(tx, r.userId) } : { r, user: undefined };
  });
  const r = outcome.r;
  if (!r.ok) {
    if (r.reason === 'already_used') {
      throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
    }
    throw new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
  }
  if (!outcome.user || isBanned(outcome.user)) throw new AuthError(400, 'user_not_found', 'User not found');
  return issueSession(ctx, outcome.user, r.sessionId, r.refreshToken);
}

/** New account for a new user, inside the signup transaction. */
async function createTradingAccount(tx: Transaction, userId: string): Promise<void> {
  await tx.query(
    `INSERT INTO public.trading_accounts (id, "userId", balance, "availableMargin", "usedMargin", "client_id")
     VALUES ($1, $2, $3, $3, 0, $4) ON CONFLICT ("userId") DO NOTHING`,
    [randomUUID(), userId, STARTING_BALANCE, 'TD' + userId.replace(/-/g, '').slice(0, 8).toUpperCase()],
  );
}

async function signup(ctx: AuthContext, body: unknown): Promise<Record<string, unknown>> {
  const input = parseWith(Signup, body, 'Signup requires a valid email and password');
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
  }
  if (input.password.length < 6) {
    throw new AuthError(422, 'weak_password', 'Password should be at least 6 characters.', {
      weak_password: { reasons: ['length'] },
    });
  }
  const hash = await hashPassword(input.password);
  const created = await ctx.db.asAdmin(async (tx) => {
    if (await findUserByEmail(tx, email)) return null;
    const user = await insertUser(tx, email, hash, input.data ?? {});
    await createTradingAccount(tx, user.id);
    const session = await createSession(tx, user.id);
    return { user, session };
  });
  if (!created) throw new AuthError(422, 'user_already_exists', 'User already registered');
  ctx.afterCommit();
  return issueSession(ctx, created.user, created.session.sessionId, created.session.refreshToken);
}

/** The signed-in user behind the bearer token, or the GoTrue error for it. */
async function requireUser(ctx: AuthContext, req: IncomingMessage): Promise<{ user: UserRow; sessionId: string }> {
  const token = bearerOf(req);
  if (!token) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  const v = verifyJwt(token, ctx.jwtSecret);
  if (!v.ok) {
    throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${v.message}`);
  }
  const sub = v.claims.sub;
  const sessionId = v.claims.session_id;
  if (!sub || !sessionId || v.claims.role !== 'authenticated') {
    throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim');
  }
  const found = await ctx.db.asAdmin(async (tx) => ({
    user: await findUserById(tx, sub),
    live: await sessionExists(tx, sessionId),
  }));
  if (!found.user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  if (!found.live) throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  return { user: found.user, sessionId };
}

/** Entry point for `/auth/v1/<path>`; always answers, never throws. */
export async function handleAuth(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string,
  ctx: AuthContext,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    const key = apiKeyOf(req, url);
    if (!key) {
      sendJson(res, 401, {
        message: 'No API key found in request',
        hint: 'No `apikey` request header or url param was found.',
      });
      return;
    }
    if (!verifyJwt(key, ctx.jwtSecret).ok) {
      sendJson(res, 401, {
        message: 'Invalid API key',
        hint: 'Double check your Supabase `anon` or `service_role` API key.',
      });
      return;
    }
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'POST /token': {
        const grant = url.searchParams.get('grant_type');
        const body = await readJsonBody(req);
        if (grant === 'password') sendJson(res, 200, await passwordGrant(ctx, body), API_VERSION_HEADER);
        else if (grant === 'refresh_token') sendJson(res, 200, await refreshGrant(ctx, body), API_VERSION_HEADER);
        else throw new AuthError(400, 'validation_failed', 'unsupported_grant_type');
        return;
      }
      case 'POST /signup':
        sendJson(res, 200, await signup(ctx, await readJsonBody(req)), API_VERSION_HEADER);
        return;
      case 'GET /user': {
        const { user } = await requireUser(ctx, req);
        sendJson(res, 200, userJson(user), API_VERSION_HEADER);
        return;
      }
      case 'POST /logout': {
        const { user, sessionId } = await requireUser(ctx, req);
        const s = url.searchParams.get('scope');
        const scope = s === 'local' || s === 'others' ? s : 'global';
        await ctx.db.asAdmin((tx) => endSessions(tx, user.id, sessionId, scope));
        send(res, 204, null, API_VERSION_HEADER);
        return;
      }
      case 'GET /health':
        sendJson(res, 200, { version: 'tradedesk-embedded', name: 'GoTrue', description: 'embedded auth' });
        return;
      case 'GET /settings':
        sendJson(res, 200, { external: { email: true }, disable_signup: false, mailer_autoconfirm: true });
        return;
      default:
        throw new AuthError(404, 'not_found', 'Not Found');
    }
  } catch (e) {
    if (e instanceof AuthError) sendAuthError(res, e);
    else if (e instanceof BodyTooLargeError)
      sendAuthError(res, new AuthError(413, 'request_too_large', 'Request body too large'));
    else
      sendAuthError(
        res,
        new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information'),
      );
  }
}
