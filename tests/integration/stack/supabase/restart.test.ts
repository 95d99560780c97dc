import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { startSupabaseStack, type SupabaseStack } from '../../../../electron/stack/supabase';
import { ENGINE_NAME, testLocation, type TestLocation } from '../../engines';
import { DEMO, signedIn, waitFor } from './helpers';

let location: TestLocation | undefined;
let stack: SupabaseStack | undefined;
let c: SupabaseClient | undefined;

afterAll(async () => {
  await c?.removeAllChannels();
  await stack?.stop();
  await location?.cleanup();
});

it(`a gateway restarted on the same port and database (${ENGINE_NAME}) keeps the data; the client reconnects, rejoins and receives later changes`, async () => {
  location = await testLocation();
  stack = await startSupabaseStack(location.options);
  const port = stack.port;
  c = await signedIn(stack);
  const before = `Before ${randomUUID()}`;
  const ins = await c.from('Watchlist').insert({ userId: DEMO.userId, name: before }).select('id').single();
  expect(ins.error).toBeNull();

  const statuses: string[] = [];
  const got: string[] = [];
  const ch = c
    .channel(`restart-${randomUUID()}`)
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'Watchlist' }, (p) =>
      got.push((p.new as { name: string }).name),
    );
  ch.subscribe((s) => statuses.push(s));
  await waitFor(() => statuses.includes('SUBSCRIBED'), 'first subscribe');

  await stack.stop();
  // The client notices the dropped socket and starts reconnecting with backoff.
  await waitFor(() => statuses.includes('CHANNEL_ERROR'), 'channel error after the gateway stopped');
  stack = await startSupabaseStack({ ...location.options, port });
  expect(stack.port).toBe(port);

  await waitFor(() => statuses.filter((s) => s === 'SUBSCRIBED').length >= 2, 'rejoin after restart', 90_000);
  // Same session (sessions and users live in the database), same data.
  const kept = await c
    .from('Watchlist')
    .select('name')
    .eq('id', ins.data!.id as string)
    .single();
  expect(kept.data).toEqual({ name: before });

  const after = `After ${randomUUID()}`;
  const ins2 = await c.from('Watchlist').insert({ userId: DEMO.userId, name: after });
  expect(ins2.error).toBeNull();
  await waitFor(() => got.includes(after), 'change after restart', 30_000);
  expect(got.filter((n) => n === after)).toHaveLength(1);
  // Refresh still works: the session survived the restart.
  const refreshed = await c.auth.refreshSession();
  expect(refreshed.error).toBeNull();
}, 300_000);
