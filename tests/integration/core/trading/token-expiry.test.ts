import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authStorageKey, endpointsOf, MemorySecretStore, profileKey } from '../../../../electron/core/session';
import { openDatabase } from '../../../../electron/stack/db';
import { startSupabaseStack, type SupabaseStack } from '../../../../electron/stack/supabase';
import {
  asDemo,
  DEMO,
  demoProfile,
  placeArgs,
  rpc,
  startCore,
  tempDir,
  waitCacheEqualsServer,
  waitFor,
  type Core,
} from './harness';
import { widenPriceBands } from '../../engines';

// Short-lived access tokens so a disconnect can outlast one within a test.
const TTL_SEC = 15;

let stack: SupabaseStack | null = null;
let core: Core;
let dirs: ReturnType<typeof tempDir>;
const secrets = new MemorySecretStore();

beforeAll(async () => {
  dirs = tempDir();
  stack = await startSupabaseStack({ dataDir: `${dirs.dir}/pg`, accessTokenTtlSec: TTL_SEC });
  await widenPriceBands(stack.db); // kept in the data folder across the restart
}, 180_000);

afterAll(async () => {
  await core?.stop();
  await stack?.stop();
  dirs?.cleanup();
});

describe('token expiry during a long disconnect', () => {
  it('on reconnect the session refreshes and sync resumes without a new sign-in', async () => {
    const profile = demoProfile(stack!);
    core = startCore(`${dirs.dir}/cache.sqlite`, { secrets });
    await core.trading.useProfile(profile);
    await waitFor(() => core.trading.status().state === 'live', 'live');
    const sessionPushesBefore = core.windows[0]!.of('session.state').length;
    const port = stack!.port;
    const key = `supabase:${profileKey(endpointsOf(profile))}:${authStorageKey(stack!.url)}`;
    const storedExpiry = () => {
      const raw = secrets.get(key);
      return raw ? (JSON.parse(raw) as { expires_at: number; refresh_token: string }) : null;
    };
    expect(storedExpiry()).not.toBeNull();

    await stack!.stop();
    stack = null;
    await waitFor(() => core.trading.status().state === 'offline', 'offline');
    // Stay away until the access token the client holds has expired.
    const held = storedExpiry()!;
    await waitFor(
      () => Date.now() / 1000 > held.expires_at + 1 && (storedExpiry()?.expires_at ?? 0) <= Date.now() / 1000,
      'access token expired',
      60_000,
    );

    const db = await openDatabase({ dataDir: `${dirs.dir}/pg` });
    const missed = await rpc<{ id: string }>(
      db,
      asDemo,
      'place_order',
      placeArgs('RELIANCE', 'BUY', 1, { type: 'LIMIT', price: 1000 }),
    );
    await db.close();

    stack = await startSupabaseStack({ dataDir: `${dirs.dir}/pg`, port, accessTokenTtlSec: TTL_SEC });
    await waitFor(() => core.trading.status().state === 'live', 'live after reconnect', 90_000);
    await waitCacheEqualsServer(stack.db, core.cache);
    expect(
      core.windows[0]!.events().filter((e) => e.type === 'order_placed' && e.order.id === missed.id && e.recovered),
    ).toHaveLength(1);

    // Refreshed (a newer token), never signed out, never asked to sign in again.
    expect(storedExpiry()!.expires_at).toBeGreaterThan(held.expires_at);
    expect(core.trading.session()).toMatchObject({ state: 'signed_in', user: { id: DEMO.userId } });
    const states = core.windows[0]!.of('session.state')
      .slice(sessionPushesBefore)
      .map((s) => s.state);
    expect(states).not.toContain('signed_out');
    expect(states.filter((s) => s === 'signing_in')).toHaveLength(0);

    // And the live feed works with the new token.
    const after = core.windows[0]!.events().length;
    const live = await rpc<{ id: string }>(
      stack.db,
      asDemo,
      'place_order',
      placeArgs('SBIN', 'BUY', 1, { type: 'LIMIT', price: 500 }),
    );
    await stack.flushChanges();
    await waitFor(
      () =>
        core.windows[0]!.events()
          .slice(after)
          .some((e) => e.type === 'order_placed' && e.order.id === live.id),
      'live change after the refresh',
      60_000,
    );
  }, 300_000);
});
