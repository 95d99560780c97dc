import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../db';

/** `auth.users` as the Auth server reads and writes it, and the user JSON GoTrue returns. */

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: string | null;
  last_sign_in_at: string | null;
  app_metadata: Record<string, unknown> | null;
  user_metadata: Record<string, unknown> | null;
  phone: string | null;
  banned_until: string | null;
  is_anonymous: boolean;
  created_at: string | null;
  updated_at: string | null;
}

// Timestamps rendered by Postgres in ISO form so the JSON matches GoTrue's.
const USER_COLUMNS = `id::text AS id, aud, role, email, encrypted_password,
  to_json(email_confirmed_at) #>> '{}' AS email_confirmed_at,
  to_json(last_sign_in_at) #>> '{}' AS last_sign_in_at,
  raw_app_meta_data AS app_metadata, raw_user_meta_data AS user_metadata, phone,
  to_json(banned_until) #>> '{}' AS banned_until, is_anonymous,
  to_json(created_at) #>> '{}' AS created_at, to_json(updated_at) #>> '{}' AS updated_at`;

export async function findUserByEmail(tx: Transaction, email: string): Promise<UserRow | undefined> {
  const r = await tx.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM auth.users WHERE lower(email) = lower($1) AND deleted_at IS NULL LIMIT 1`,
    [email],
  );
  return r.rows[0];
}

export async function findUserById(tx: Transaction, id: string): Promise<UserRow | undefined> {
  const r = await tx.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM auth.users WHERE id = $1::uuid AND deleted_at IS NULL`,
    [id],
  );
  return r.rows[0];
}

export async function insertUser(
  tx: Transaction,
  email: string,
  passwordHash: string,
  userMetadata: Record<string, unknown>,
): Promise<UserRow> {
  const r = await tx.query<UserRow>(
    `INSERT INTO auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                             raw_app_meta_data, raw_user_meta_data, is_anonymous, created_at, updated_at)
     VALUES ('00000000-0000-0000-0000-000000000000', $1::uuid, 'authenticated', 'authenticated', $2, $3, now(),
             '{"provider":"email","providers":["email"]}'::jsonb, $4::jsonb, false, now(), now())
     RETURNING ${USER_COLUMNS}`,
    [randomUUID(), email.toLowerCase(), passwordHash, JSON.stringify(userMetadata)],
  );
  return r.rows[0]!;
}

export async function touchSignIn(tx: Transaction, id: string): Promise<void> {
  await tx.query('UPDATE auth.users SET last_sign_in_at = now(), updated_at = now() WHERE id = $1::uuid', [id]);
}

/** The user object GoTrue returns (token responses, `GET /user`). */
export function userJson(u: UserRow): Record<string, unknown> {
  return {
    id: u.id,
    aud: u.aud ?? 'authenticated',
    role: u.role ?? 'authenticated',
    email: u.email ?? '',
    email_confirmed_at: u.email_confirmed_at,
    phone: u.phone ?? '',
    confirmed_at: u.email_confirmed_at,
    last_sign_in_at: u.last_sign_in_at,
    app_metadata: u.app_metadata ?? { provider: 'email', providers: ['email'] },
    user_metadata: u.user_metadata ?? {},
    identities: [],
    created_at: u.created_at,
    updated_at: u.updated_at,
    is_anonymous: u.is_anonymous,
  };
}
