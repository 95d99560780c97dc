import { isAuthApiError, isAuthRetryableFetchError, type Session, type SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { TradedeskError } from '../../../src/shared/contract';
import type { SessionState } from '../../../src/shared/domain';
import { endpointsOf, profileKey, type Profile, type ProfileEndpoints } from './profile';
import type { SecretStore } from './secret-store';
import { createSessionClient } from './supabase-client';

/** What the trading service needs of a signed-in session (never leaves main). */
export interface ActiveSession {
  client: SupabaseClient;
  user: { id: string; email: string | null };
  endpoints: ProfileEndpoints;
  /** False when the session was restored from storage without reaching the server. */
  verified: boolean;
}

type Listener = (state: SessionState, active: ActiveSession | null) => void;

/** The part of a stored auth-js session we read back when the server is unreachable. */
const StoredSession = z.object({ user: z.object({ id: z.string(), email: z.string().nullish() }) });

/**
 * Profiles and the auth session. One supabase-js client per session; tokens stay inside it and
 * the SecretStore — `SessionState` (what windows see) carries none.
 */
export class SessionManager {
  readonly #secrets: SecretStore;
  readonly #listeners = new Set<Listener>();
  #endpoints: ProfileEndpoints | null = null;
  #client: SupabaseClient | null = null;
  #unsubscribeAuth: (() => void) | null = null;
  #active: ActiveSession | null = null;
  #state: SessionState = { state: 'signed_out', profile: null, user: null, error: null };
  /** Bumped on every profile switch so late answers of an old client are ignored. */
  #generation = 0;
  /** Set while signOut() runs: auth-js's own SIGNED_OUT then is ours, not an expired session. */
  #signingOut = false;

  constructor(opts: { secrets: SecretStore }) {
    this.#secrets = opts.secrets;
  }

  state(): SessionState {
    return this.#state;
  }

  active(): ActiveSession | null {
    return this.#active;
  }

  endpoints(): ProfileEndpoints | null {
    return this.#endpoints;
  }

  /**
   * Says a profile is being started (the demo backend) or chosen (`null`, at start-up) before
   * `useProfile` can run: windows show "Starting…" instead of a sign-in or profile choice.
   */
  announceStarting(profile: SessionState['profile']): void {
    this.#set({ state: 'starting', profile, user: null, error: null }, null);
  }

  /** The profile could not be started: windows show why, with the profile still named. */
  failStarting(profile: SessionState['profile'], error: string): void {
    this.#set({ state: 'signed_out', profile, user: null, error }, null);
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Switch to a profile: a fresh client, the stored session restored when there is one (kept
   * even when the server is unreachable so the cached account stays on screen), else the demo
   * user signed in automatically.
   */
  async useProfile(profile: Profile): Promise<SessionState> {
    const endpoints = endpointsOf(profile);
    await this.#dispose();
    const generation = ++this.#generation;
    this.#endpoints = endpoints;
    const client = createSessionClient({
      url: endpoints.supabaseUrl,
      anonKey: endpoints.anonKey,
      secrets: this.#secrets,
      namespace: profileKey(endpoints),
    });
    this.#client = client;
    const { data } = client.auth.onAuthStateChange((event, session) => {
      // Runs inside auth-js's lock: only record, never call back into auth here.
      if (generation !== this.#generation) return;
      if (event === 'SIGNED_OUT' && this.#state.state === 'signed_in' && !this.#signingOut) {
        queueMicrotask(() => this.#setSignedOut('Your session ended; sign in again.'));
      } else if (event === 'TOKEN_REFRESHED' && session && this.#active && !this.#active.verified) {
        this.#active = { ...this.#active, verified: true };
      }
    });
    this.#unsubscribeAuth = () => data.subscription.unsubscribe();
    this.#set({ state: 'signing_in', profile: this.#profileInfo(), user: null, error: null }, null);

    const restored = await this.#restore(client);
    if (generation !== this.#generation) return this.#state;
    if (restored) {
      this.#setSignedIn(client, restored.user, restored.verified);
      return this.#state;
    }
    if (endpoints.autoSignIn) {
      try {
        return await this.signIn(endpoints.autoSignIn.email, endpoints.autoSignIn.password);
      } catch (error) {
        if (error instanceof TradedeskError) return this.#state;
        throw error;
      }
    }
    this.#set({ state: 'signed_out', profile: this.#profileInfo(), user: null, error: null }, null);
    return this.#state;
  }

  async signIn(email: string, password: string): Promise<SessionState> {
    const client = this.#client;
    if (!client || !this.#endpoints) throw new TradedeskError('unauthorized', 'Choose a profile before signing in.');
    const generation = this.#generation;
    this.#set({ state: 'signing_in', profile: this.#profileInfo(), user: null, error: null }, null);
    let result: Awaited<ReturnType<SupabaseClient['auth']['signInWithPassword']>>;
    try {
      result = await client.auth.signInWithPassword({ email, password });
    } catch (error) {
      result = { data: { user: null, session: null }, error: error as never };
    }
    if (generation !== this.#generation) return this.#state;
    const { data, error } = result;
    if (error || !data.session) {
      const offline = isAuthRetryableFetchError(error) || !isAuthApiError(error);
      const message = offline
        ? 'Cannot reach the server to sign in. Check the connection and try again.'
        : error?.message || 'Sign-in failed.';
      this.#set({ state: 'signed_out', profile: this.#profileInfo(), user: null, error: message }, null);
      throw new TradedeskError(offline ? 'offline' : 'unauthorized', message);
    }
    this.#setSignedIn(client, userOf(data.session), true);
    return this.#state;
  }

  /** Ends the session locally even when the server cannot be told (tokens are removed either way). */
  async signOut(): Promise<SessionState> {
    const client = this.#client;
    this.#signingOut = true;
    try {
      if (client) {
        try {
          await client.auth.signOut({ scope: 'local' });
        } catch {
          // unreachable server: the local removal below still happens
        }
        await this.#removeStoredTokens();
      }
      this.#setSignedOut(null);
    } finally {
      this.#signingOut = false;
    }
    return this.#state;
  }

  /** Stops timers and sockets of the current client (profile switch, app exit). */
  async stop(): Promise<void> {
    this.#generation++;
    await this.#dispose();
  }

  async #restore(client: SupabaseClient): Promise<{ user: ActiveSession['user']; verified: boolean } | null> {
    try {
      const { data, error } = await client.auth.getSession();
      if (data.session) return { user: userOf(data.session), verified: true };
      if (error && !isAuthRetryableFetchError(error)) return null;
    } catch {
      // fall through to the stored copy
    }
    // The server could not be asked (offline start): trust the stored session's user so the
    // cached account is shown; auth-js keeps the tokens and refreshes once the server is back.
    const stored = await this.#storedSession();
    return stored ? { user: stored, verified: false } : null;
  }

  async #storedSession(): Promise<ActiveSession['user'] | null> {
    const endpoints = this.#endpoints;
    if (!endpoints) return null;
    const raw = await this.#secrets.get(this.#secretKey(authStorageKey(endpoints.supabaseUrl)));
    if (!raw) return null;
    try {
      const parsed = StoredSession.safeParse(JSON.parse(raw));
      return parsed.success ? { id: parsed.data.user.id, email: parsed.data.user.email ?? null } : null;
    } catch {
      return null;
    }
  }

  async #removeStoredTokens(): Promise<void> {
    const endpoints = this.#endpoints;
    if (!endpoints) return;
    const base = authStorageKey(endpoints.supabaseUrl);
    for (const key of [base, `${base}-code-verifier`, `${base}-user`]) await this.#secrets.remove(this.#secretKey(key));
  }

  #secretKey(authKey: string): string {
    return `supabase:${profileKey(this.#endpoints as ProfileEndpoints)}:${authKey}`;
  }

  #setSignedIn(client: SupabaseClient, user: ActiveSession['user'], verified: boolean): void {
    const endpoints = this.#endpoints as ProfileEndpoints;
    const active: ActiveSession = { client, user, endpoints, verified };
    this.#set({ state: 'signed_in', profile: this.#profileInfo(), user, error: null }, active);
  }

  #setSignedOut(error: string | null): void {
    this.#set({ state: 'signed_out', profile: this.#profileInfo(), user: null, error }, null);
  }

  #profileInfo(): SessionState['profile'] {
    return this.#endpoints ? { kind: this.#endpoints.kind, name: this.#endpoints.name } : null;
  }

  #set(state: SessionState, active: ActiveSession | null): void {
    this.#state = state;
    this.#active = active;
    for (const listener of this.#listeners) listener(state, active);
  }

  async #dispose(): Promise<void> {
    this.#unsubscribeAuth?.();
    this.#unsubscribeAuth = null;
    const client = this.#client;
    this.#client = null;
    this.#active = null;
    if (!client) return;
    await client.auth.stopAutoRefresh();
    await client.removeAllChannels();
    client.realtime.disconnect();
  }
}

function userOf(session: Session): ActiveSession['user'] {
  return { id: session.user.id, email: session.user.email ?? null };
}

/** auth-js's storage key, as supabase-js derives it: `sb-<first hostname label>-auth-token`. */
export function authStorageKey(supabaseUrl: string): string {
  return `sb-${new URL(supabaseUrl).hostname.split('.')[0]}-auth-token`;
}
