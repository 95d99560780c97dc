import type { TradingEvent } from '../../../src/shared/domain';
import type { ApplyOutcome, Cache, EntityKind, RowOf } from '../cache/types';
import { deriveAll, type DeriveOptions } from './derive';

export interface JournaledApply<K extends EntityKind> {
  outcomes: ApplyOutcome<K>[];
  /** The events derived from the applied outcomes, with their journal seq. */
  events: TradingEvent[];
}

/**
 * Applies rows and journals the events they imply in ONE transaction: a crash can never leave a
 * row applied without its event (which a replay would not re-derive, the row being equal now)
 * nor an event for a row that was not applied.
 */
export function applyAndJournal<K extends EntityKind>(
  cache: Cache,
  kind: K,
  rows: RowOf<K>[],
  opts: DeriveOptions,
): JournaledApply<K> {
  return cache.transaction(() => {
    const outcomes = cache.upsert(kind, rows);
    const derived = deriveAll(outcomes, opts);
    const events = derived.length > 0 ? cache.appendEvents(derived) : [];
    return { outcomes, events };
  });
}
