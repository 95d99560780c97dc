import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache, type ApplyOutcome, type Cache } from '../../../../electron/core/cache';
import type { EntityKind, RowOf } from '../../../../electron/core/cache';
import { applySteps } from '../../../../electron/core/trading/apply';
import type { SyncedRowChange } from '../../../../electron/core/trading/entities';
import { account, order, position, tempDir } from '../../../unit/core/cache/fixtures';

let tmp: ReturnType<typeof tempDir>;
let cache: Cache;
beforeEach(() => {
  tmp = tempDir();
  cache = openCache(tmp.file()).cache;
});
afterEach(() => {
  cache.close();
  tmp.cleanup();
});

const live = (at: number) => ({ recovered: false, at });

/** Rows of one kind through the production path (live changes and reconcile steps both use it). */
function applyRows<K extends EntityKind>(kind: K, rows: RowOf<K>[], opts: { recovered: boolean; at: number }) {
  const steps = rows.map(
    (row) => ({ kind, op: 'upsert', row, recovered: opts.recovered }) as SyncedRowChange & { recovered: boolean },
  );
  return applySteps(cache, steps, { derive: true, at: opts.at });
}

describe('applySteps over a real cache: rows and their events in one transaction', () => {
  it('journals one event per change through an order life cycle; replays journal nothing', () => {
    applyRows('account', [account()], live(1)); // first sight: no event
    const placed = applyRows('order', [order()], live(2));
    const blocked = applyRows('account', [account({ usedMargin: 125, availableMargin: 99_875, version: 2 })], live(3));
    const executed = applyRows('order', [order({ status: 'EXECUTED', version: 2 })], live(4));
    const opened = applyRows('position', [position()], live(5));
    expect([placed, blocked, executed, opened].map((r) => r.events.map((e) => [e.seq, e.type]))).toEqual([
      [[1, 'order_placed']],
      [[2, 'margin_blocked']],
      [[3, 'order_executed']],
      [[4, 'position_opened']],
    ]);

    // The same rows again (a snapshot after reconnect), and older ones late: nothing twice.
    const replay = [
      applyRows('order', [order(), order({ status: 'EXECUTED', version: 2 })], { recovered: true, at: 9 }),
      applyRows('account', [account({ usedMargin: 125, availableMargin: 99_875, version: 2 })], {
        recovered: true,
        at: 9,
      }),
      applyRows('position', [position()], { recovered: true, at: 9 }),
    ];
    expect(replay.flatMap((r) => r.events)).toEqual([]);
    // Nothing was applied, so no window is told anything either.
    expect(replay.flatMap((r): ApplyOutcome[] => r.outcomes)).toEqual([]);
    expect(replay.flatMap((r) => r.changes)).toEqual([]);

    cache.close();
    cache = openCache(tmp.file()).cache;
    expect(cache.listEvents(10).map((e) => e.type)).toEqual([
      'position_opened',
      'order_executed',
      'margin_blocked',
      'order_placed',
    ]);
  });

  it('a change missed while offline surfaces once, marked recovered', () => {
    applyRows('order', [order()], live(1));
    const { events } = applyRows('order', [order({ status: 'CANCELLED', version: 3 })], {
      recovered: true,
      at: 2,
    });
    expect(events).toMatchObject([{ seq: 2, type: 'order_cancelled', recovered: true }]);
    expect(applyRows('order', [order({ status: 'CANCELLED', version: 3 })], live(3)).events).toEqual([]);
  });

  it('when the surrounding transaction fails, neither the row nor its event is kept', () => {
    expect(() =>
      cache.transaction(() => {
        applyRows('order', [order()], live(1));
        throw new Error('crash before commit');
      }),
    ).toThrow('crash before commit');
    expect(cache.get('order', 'ord-1')).toBeUndefined();
    expect(cache.listEvents(10)).toEqual([]);
    // Delivered again after the failure: applied and journaled exactly once.
    expect(applyRows('order', [order()], live(2)).events.map((e) => e.type)).toEqual(['order_placed']);
    expect(cache.listEvents(10)).toHaveLength(1);
  });
});
