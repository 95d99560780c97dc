import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { SupabaseStack } from '../../../../electron/stack/supabase';

export const DEMO = {
  userId: '7e57de30-0000-4000-8000-000000000001',
  accountId: '7e57de30-0000-4000-8000-0000000000a1',
  email: 'demo@tradedesk.local',
  password: 'tradedesk-demo',
} as const;

/** The official client, configured as the brief and protocol doc D.1 require on Node 20. */
export function client(stack: Pick<SupabaseStack, 'url' | 'anonKey'>, key: string = stack.anonKey): SupabaseClient {
  return createClient(stack.url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  });
}

export async function signedIn(
  stack: Pick<SupabaseStack, 'url' | 'anonKey'>,
  email: string = DEMO.email,
  password: string = DEMO.password,
): Promise<SupabaseClient> {
  const c = client(stack);
  const { error } = await c.auth.signInWithPassword({ email, password });
  if (error) throw error;
  return c;
}

let userCounter = 0;
/** Signs up a fresh user (with their own ₹10,00,000 account) and returns the signed-in client. */
export async function newUser(
  stack: Pick<SupabaseStack, 'url' | 'anonKey'>,
): Promise<{ c: SupabaseClient; id: string; email: string }> {
  const email = `trader${process.pid}-${++userCounter}-${Date.now()}@example.test`;
  const c = client(stack);
  const { data, error } = await c.auth.signUp({ email, password: 'second-user-pw' });
  if (error) throw error;
  if (!data.session || !data.user) throw new Error('signup returned no session');
  return { c, id: data.user.id, email };
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Subscribes a channel and resolves when it reports SUBSCRIBED (rejects on an error status). */
export function subscribed(channel: ReturnType<SupabaseClient['channel']>): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') resolve();
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(err ?? new Error(status));
    });
  });
}
