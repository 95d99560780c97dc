import { describe, expect, it } from 'vitest';
import { toRowChange } from '../../../../electron/core/trading/realtime-change';

const watchlist = {
  id: 'w1',
  userId: 'u',
  name: 'A',
  description: null,
  color: null,
  isDefault: false,
  isPrivate: true,
  sortOrder: 0,
  version: 3,
};

describe('toRowChange', () => {
  it('maps INSERT/UPDATE to a parsed upsert of the right entity', () => {
    expect(toRowChange({ table: 'Watchlist', eventType: 'UPDATE', new: watchlist, old: { id: 'w1' } })).toEqual({
      kind: 'watchlist',
      op: 'upsert',
      row: watchlist,
    });
  });

  it('maps DELETE (primary key only, as under RLS) to a delete', () => {
    expect(toRowChange({ table: 'WatchlistItem', eventType: 'DELETE', new: {}, old: { id: 'i9' } })).toEqual({
      kind: 'watchlistItem',
      op: 'delete',
      id: 'i9',
    });
  });

  it('drops rows failing their schema, unknown tables and shapeless payloads', () => {
    expect(
      toRowChange({ table: 'Watchlist', eventType: 'INSERT', new: { ...watchlist, version: 'x' } }),
    ).toBeUndefined();
    expect(toRowChange({ table: 'Stock', eventType: 'INSERT', new: {} })).toBeUndefined();
    expect(toRowChange({ table: 'orders', eventType: 'DELETE', old: {} })).toBeUndefined();
    expect(toRowChange('garbage')).toBeUndefined();
  });
});
