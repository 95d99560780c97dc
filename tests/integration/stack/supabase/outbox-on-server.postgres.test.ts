import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSupabaseStack, type SupabaseStack } from '../../../../electron/stack/supabase';
import { testLocation, type TestLocation } from '../../engines';
import { judge, overlaps, prepareWorkload, runWriters, startCommitLog } from '../../supabase/overlapping-writers';

// Why a server needs logical replication: the PGlite outbox, run on a server under the same
// workload that concurrency.test.ts passes with logical replication. Its ids are taken at write
// time, so overlapping transactions come out in write order, not the order they committed in.

let location: TestLocation;
let stack: SupabaseStack;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
  location = await testLocation();
  stack = await startSupabaseStack({ ...location.options, capture: 'outbox' });
});

afterAll(async () => {
  for (const c of clients) await c.removeAllChannels();
  await stack?.stop();
  await location?.cleanup();
});

it('the outbox on a server: 4 overlapping writers, 2,000 changes → subscribers get them out of commit order', async () => {
  expect(stack.capture).toBe('outbox');
  const workload = await prepareWorkload(stack, 8);
  clients.push(...workload.clients);
  const commitLog = await startCommitLog(location.options.databaseUrl);
  const committed = await runWriters(stack.db, workload.rows, { writers: 4, changes: 2000, perTx: 4 });
  const order = (await commitLog())!;
  await stack.flushChanges();
  const verdicts = await judge(workload, committed, order);
  console.log(
    `[outbox on a server] 2,000 changes, ${overlaps(order)} commits out of write order; ${JSON.stringify(verdicts)}`,
  );
  expect(overlaps(order)).toBeGreaterThan(0);
  const service = verdicts['service role']!;
  // Delivered, but not in the order the server committed them.
  expect(service.commitOrderViolations).toBeGreaterThan(0);
}, 180_000);
