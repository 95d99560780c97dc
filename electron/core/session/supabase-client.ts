import { createClient, type SupabaseClient, type WebSocketLikeConstructor } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { SecretStore } from './secret-store';

/**
 * auth-js storage over a SecretStore, namespaced per profile so two profiles never read each
 * other's tokens. auth-js stores JSON strings under keys like `sb-127-auth-token`.
 */
export function secretStorageAdapter(secrets: SecretStore, namespace: string) {
  const keyOf = (key: string) => `supabase:${namespace}:${key}`;
  return {
    getItem: (key: string) => secrets.get(keyOf(key)),
    setItem: (key: string, value: string) => secrets.set(keyOf(key), value),
    removeItem: (key: string) => secrets.remove(keyOf(key)),
  };
}

/**
 * The one supabase-js client of a session in main. `ws` is passed explicitly: on Node 20
 * `createClient` throws without a WebSocket constructor, and in Electron's main process the
 * explicit transport is the deterministic choice (docs/supabase-protocol.md D.1).
 */
export function createSessionClient(opts: {
  url: string;
  anonKey: string;
  secrets: SecretStore;
  namespace: string;
}): SupabaseClient {
  return createClient(opts.url, opts.anonKey, {
    auth: {
      storage: secretStorageAdapter(opts.secrets, opts.namespace),
      persistSession: true,
      autoRefreshToken: true,
      detectSessionInUrl: false,
    },
    // ws's constructor differs from the DOM-typed one realtime-js declares only in typings.
    realtime: { transport: WebSocket as unknown as WebSocketLikeConstructor },
  });
}
