import { randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from '../../db';

/**
 * Server-side sessions and rotating refresh tokens in `auth.sessions` / `auth.refresh_tokens`
 * (GoTrue's tables). A refresh token is single-use: using it revokes it and issues a child;
 * presenting a revoked one is treated as theft and ends the whole session, as GoTrue does.
 */

export function newRefreshToken(): string {
  return randomBytes(24).toString('base64url');
}

export async function createSession(
  tx: Transaction,
  userId: string,
): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = randomUUID();
  const refreshToken = newRefreshToken();
  await tx.query('INSERT INTO auth.sessions (id, user_id) VALUES ($1::uuid, $2::uuid)', [sessionId, userId]);
  await tx.query('INSERT INTO auth.refresh_tokens (token, user_id, session_id) VALUES ($1, $2, $3::uuid)', [
    refreshToken,
    userId,
    sessionId,
  ]);
  return { sessionId, refreshToken };
}

export type RotateResult =
  | { ok: true; userId: string; sessionId: string; refreshToken: string }
  | { ok: false; reason: 'not_found' | 'already_used' };

export async function rotateRefreshToken(tx: Transaction, token: string): Promise<RotateResult> {
  // Atomic claim: only one caller can flip revoked false → true.
  const claimed = await tx.query<{ user_id: string; session_id: string }>(
    `UPDATE auth.refresh_tokens SET revoked = true, updated_at = now()
      WHERE token = $1 AND revoked = false AND session_id IS NOT NULL
      RETURNING user_id, session_id::text AS session_id`,
    [token],
  );
  const row = claimed.rows[0];
  if (!row) {
    const used = await tx.query<{ session_id: string | null }>(
      'SELECT session_id::text AS session_id FROM auth.refresh_tokens WHERE token = $1',
      [token],
    );
    const usedRow = used.rows[0];
    if (!usedRow) return { ok: false, reason: 'not_found' };
    if (usedRow.session_id) await tx.query('DELETE FROM auth.sessions WHERE id = $1::uuid', [usedRow.session_id]);
    return { ok: false, reason: 'already_used' };
  }
  const session = await tx.query(
    'SELECT 1 FROM auth.sessions WHERE id = $1::uuid AND (not_after IS NULL OR not_after > now())',
    [row.session_id],
  );
  if (session.rows.length === 0) return { ok: false, reason: 'not_found' };
  const refreshToken = newRefreshToken();
  await tx.query('INSERT INTO auth.refresh_tokens (token, user_id, session_id, parent) VALUES ($1, $2, $3::uuid, $4)', [
    refreshToken,
    row.user_id,
    row.session_id,
    token,
  ]);
  await tx.query('UPDATE auth.sessions SET updated_at = now() WHERE id = $1::uuid', [row.session_id]);
  return { ok: true, userId: row.user_id, sessionId: row.session_id, refreshToken };
}

export async function sessionExists(tx: Transaction, sessionId: string): Promise<boolean> {
  const r = await tx.query('SELECT 1 FROM auth.sessions WHERE id = $1::uuid', [sessionId]);
  return r.rows.length > 0;
}

/** `scope`: global = every session of the user, local = this one, others = all but this one. */
export async function endSessions(
  tx: Transaction,
  userId: string,
  sessionId: string,
  scope: 'global' | 'local' | 'others',
): Promise<void> {
  if (scope === 'local') await tx.query('DELETE FROM auth.sessions WHERE id = $1::uuid', [sessionId]);
  else if (scope === 'others') {
    await tx.query('DELETE FROM auth.sessions WHERE user_id = $1::uuid AND id <> $2::uuid', [userId, sessionId]);
  } else await tx.query('DELETE FROM auth.sessions WHERE user_id = $1::uuid', [userId]);
}
