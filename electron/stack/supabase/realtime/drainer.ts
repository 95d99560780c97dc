import type { Database } from '../../db';
import type { CatalogCache } from '../rest/catalog';
import { dispatchChanges } from './dispatch';
import { takeChanges } from './outbox';
import type { SubscriberRegistry } from './subscriptions';

/**
 * Moves changes from the outbox to subscribers, strictly one drain at a time so pushes leave in
 * outbox (= commit) order. Triggered after each gateway transaction, by a short timer (changes
 * written straight through the database) and by `flush()`, which resolves once everything
 * committed before the call has been pushed.
 */
export class ChangeDrainer {
  private chain: Promise<void> = Promise.resolve();
  private pending = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly catalog: CatalogCache,
    private readonly registry: SubscriberRegistry,
    private readonly batchSize = 500,
  ) {}

  start(intervalMs = 25): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /** Schedules a drain unless one is already queued behind the running one. */
  kick(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    this.chain = this.chain.then(async () => {
      this.pending = false;
      // A failed drain loses only that batch (Realtime is at-most-once; clients reconcile by snapshot).
      await this.drainAll().catch(() => undefined);
    });
  }

  /** Drains now (after any drain in progress) and resolves when the outbox is empty. */
  flush(): Promise<void> {
    const run = this.chain.then(() => this.drainAll());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async drainAll(): Promise<void> {
    if (this.stopped) return;
    for (;;) {
      const changes = await takeChanges(this.db.pg, this.batchSize);
      if (changes.length === 0) return;
      await dispatchChanges(this.db, this.catalog, this.registry, changes);
      if (changes.length < this.batchSize) return;
    }
  }

  /** Stops the timer and waits for a drain in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopped = true;
    await this.chain.catch(() => undefined);
  }
}
