import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from '../../../../electron/core/cache';
import { tempDir } from '../../../unit/core/cache/fixtures';

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const BATCH = 100;

let tmp: ReturnType<typeof tempDir>;
let writer: ChildProcess | undefined;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  // A test that failed before its kill must not leave the writer running.
  if (writer && writer.exitCode === null && writer.signalCode === null) writer.kill('SIGKILL');
  writer = undefined;
  tmp.cleanup();
});

/** Starts the writer, waits until it has committed `atLeast` batches, SIGKILLs it; returns the last batch it reported. */
async function killWriterAfter(file: string, atLeast: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, String(BATCH)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  writer = child;
  let lastReported = -1;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (const m of buffer.matchAll(/committed (\d+)\n/g)) lastReported = Math.max(lastReported, Number(m[1]));
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      if (lastReported >= atLeast - 1) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    void exited.then((how) => {
      if (how !== 'SIGKILL') reject(new Error(`writer exited on its own (${String(how)}): ${stderr}`));
    });
  });
  expect(await exited).toBe('SIGKILL');
  return lastReported;
}

describe('a writer killed mid-transaction (SIGKILL)', () => {
  it('loses no committed batch and keeps no partial one', async () => {
    const file = tmp.file();
    const reported = await killWriterAfter(file, 5);

    const { cache, recovered } = openCache(file);
    try {
      expect(recovered).toBeNull();
      const last = Number(cache.getMeta('lastBatch'));
      // Everything it reported is there; it may have committed more before the kill landed.
      expect(last).toBeGreaterThanOrEqual(reported);
      const orders = cache.all('order');
      expect(orders).toHaveLength((last + 1) * BATCH);
      expect(cache.stats().invalidRows).toBe(0);
      // The version bump of batch 0 belongs to the same transactions: all rows at the last one.
      const rewritten = orders.filter((o) => o.id.startsWith('b0-'));
      expect(new Set(rewritten.map((o) => o.version))).toEqual(new Set([last + 1]));
      // And the file keeps working: the next write after the crash applies exactly once.
      expect(cache.upsert('order', [{ ...rewritten[0]!, version: last + 2 }])[0]!.applied).toBe(true);
      expect(cache.upsert('order', [{ ...rewritten[0]!, version: last + 2 }])[0]!.applied).toBe(false);
    } finally {
      cache.close();
    }
  });
});
