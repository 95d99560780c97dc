import type { DerivedTradingEvent, RowChange, TradingEvent } from '../../../src/shared/domain';
import type { ApplyOutcome, Cache, RowOf } from '../cache';
import { deriveEvents } from '../events/derive';
import type { ReconcileStep } from './reconcile-plan';

export interface Applied {
  /** What windows must change (applied rows only), in application order. */
  changes: RowChange[];
  /** The journaled events, with their sequence numbers. */
  events: TradingEvent[];
  /** Outcomes of the steps that changed the cache. */
  outcomes: ApplyOutcome[];
}

/**
 * Applies steps to the cache and journals their events in ONE SQLite transaction, so a crash
 * never leaves a row without its event or an event without its row. The cache's version rule
 * makes each step idempotent: an equal or older row is not applied and derives nothing.
 */
export function applySteps(
  cache: Cache,
  steps: ReconcileStep[],
  opts: { derive: boolean; at: number; accountId?: string; alsoInTransaction?: () => void },
): Applied {
  return cache.transaction(() => {
    const changes: RowChange[] = [];
    const derived: DerivedTradingEvent[] = [];
    const outcomes: ApplyOutcome[] = [];
    for (const step of steps) {
      const outcome = applyOne(cache, step);
      if (!outcome?.applied) continue;
      outcomes.push(outcome);
      const change = toWireChange(outcome);
      if (change) changes.push(change);
      if (opts.derive) {
        const derive = {
          recovered: step.recovered,
          at: opts.at,
          ...(opts.accountId ? { accountId: opts.accountId } : {}),
        };
        derived.push(...deriveEvents(outcome, derive));
      }
    }
    opts.alsoInTransaction?.();
    const events = derived.length ? cache.appendEvents(derived) : [];
    return { changes, events, outcomes };
  });
}

function applyOne(cache: Cache, step: ReconcileStep): ApplyOutcome | undefined {
  if (step.op === 'delete') return cache.remove(step.kind, [step.id])[0];
  return cache.upsert(step.kind, [step.row] as RowOf<typeof step.kind>[])[0] as ApplyOutcome | undefined;
}

/** The change a window receives for an applied outcome, in the shape main applied it (none for an account removal: windows keep the last account). */
function toWireChange(outcome: ApplyOutcome): RowChange | undefined {
  const { kind, next } = outcome;
  if (next !== undefined) return { kind, op: 'upsert', row: next } as RowChange;
  return kind === 'account' ? undefined : { kind, op: 'delete', id: outcome.id };
}
