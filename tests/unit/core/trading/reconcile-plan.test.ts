import { describe, expect, it } from 'vitest';
import type { Order, Watchlist } from '../../../../src/shared/domain';
import {
  planReconcile,
  type ReconcileInput,
  type SnapshotRows,
} from '../../../../electron/core/trading/reconcile-plan';

const ACC = 'acc-1';
function order(
  id: string,
  version: number,
  status: Order['status'] = 'PENDING',
  createdAt = '2026-11-26T10:00:00.000Z',
): Order {
  return {
    id,
    tradingAccountId: ACC,
    symbol: 'RELIANCE',
    quantity: 1,
    orderType: 'MARKET',
    orderSide: 'BUY',
    price: null,
    triggerPrice: null,
    triggeredAt: null,
    filledQuantity: 0,
    averagePrice: null,
    productType: 'MIS',
    status,
    createdAt,
    executedAt: null,
    stockId: null,
    positionId: null,
    clientOrderId: null,
    marginBlocked: 0,
    chargesDeducted: 0,
    realizedPnL: 0,
    realizedPnLRounding: 0,
    version,
  };
}
function watchlist(id: string, version: number): Watchlist {
  return {
    id,
    userId: 'u',
    name: id,
    description: null,
    color: null,
    isDefault: false,
    isPrivate: true,
    sortOrder: 0,
    version,
  };
}
function emptySnapshot(): SnapshotRows {
  return { account: [], order: [], position: [], transaction: [], watchlist: [], watchlistItem: [], priceAlert: [] };
}
function input(partial: Partial<ReconcileInput>): ReconcileInput {
  return {
    snapshot: emptySnapshot(),
    cached: { account: [], order: [], position: [], transaction: [], watchlist: [], watchlistItem: [], priceAlert: [] },
    buffered: [],
    ...partial,
  };
}

describe('planReconcile', () => {
  it('applies snapshot rows oldest version first, marked recovered, before buffered live changes', () => {
    const snapshot = { ...emptySnapshot(), order: [order('b', 7), order('a', 3)] };
    const steps = planReconcile(input({ snapshot, buffered: [{ kind: 'order', op: 'upsert', row: order('c', 9) }] }));
    expect(steps.map((s) => [s.op === 'upsert' ? s.row.id : s.id, s.recovered])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
  });

  it('leaves a change that also arrived live to the live step (not reported as recovered)', () => {
    const snapshot = { ...emptySnapshot(), order: [order('a', 5, 'EXECUTED')] };
    const steps = planReconcile(
      input({ snapshot, buffered: [{ kind: 'order', op: 'upsert', row: order('a', 5, 'EXECUTED') }] }),
    );
    expect(steps).toHaveLength(1);
    expect(steps[0]?.recovered).toBe(false);
  });

  it('keeps an older buffered row after the newer snapshot row so the version rule drops it', () => {
    const snapshot = { ...emptySnapshot(), order: [order('a', 6, 'CANCELLED')] };
    const steps = planReconcile(input({ snapshot, buffered: [{ kind: 'order', op: 'upsert', row: order('a', 4) }] }));
    expect(steps.map((s) => (s.op === 'upsert' ? s.row.version : -1))).toEqual([6, 4]);
  });

  it('deletes cached rows the snapshot no longer has, unless a buffered change re-creates them', () => {
    const steps = planReconcile(
      input({
        snapshot: { ...emptySnapshot(), watchlist: [watchlist('keep', 2)] },
        cached: {
          account: [],
          order: [],
          position: [],
          transaction: [],
          watchlist: [{ id: 'keep' }, { id: 'gone' }, { id: 'late' }],
          watchlistItem: [],
          priceAlert: [],
        },
        buffered: [{ kind: 'watchlist', op: 'upsert', row: watchlist('late', 3) }],
      }),
    );
    const deletes = steps.filter((s) => s.op === 'delete').map((s) => (s.op === 'delete' ? s.id : ''));
    expect(deletes).toEqual(['gone']);
  });

  it('passes buffered deletes through as live steps', () => {
    const steps = planReconcile(input({ buffered: [{ kind: 'watchlistItem', op: 'delete', id: 'x' }] }));
    expect(steps).toEqual([{ kind: 'watchlistItem', op: 'delete', id: 'x', recovered: false }]);
  });
});
