/**
 * Child process for crash.test.ts: writes batches of orders into the cache, each batch in one
 * transaction together with meta 'lastBatch', and reports every commit on stdout. The test
 * kills it with SIGKILL at an arbitrary moment.
 */
import { openCache } from '../../../../electron/core/cache';
import { order } from '../../../unit/core/cache/fixtures';

const [file, batchSizeArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: crash-writer <file> [batchSize]');
const batchSize = Number(batchSizeArg ?? 100);
const { cache } = openCache(file);

for (let batch = 0; ; batch++) {
  cache.transaction(() => {
    cache.upsert(
      'order',
      Array.from({ length: batchSize }, (_, i) => order({ id: `b${batch}-${i}`, version: 1 })),
    );
    // Rewrite earlier orders too, so a torn write would show as a half-applied version bump.
    if (batch > 0)
      cache.upsert(
        'order',
        Array.from({ length: batchSize }, (_, i) => order({ id: `b0-${i}`, version: batch + 1 })),
      );
    cache.setMeta('lastBatch', String(batch));
  });
  process.stdout.write(`committed ${batch}\n`);
}
