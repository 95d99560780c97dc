import { describe, expect, it } from 'vitest';
import { applyPatch, applySnapshot } from '../../../../src/renderer/store/reducers';
import { alertViews, interestTokens } from '../../../../src/renderer/store/selectors';
import { createTerminalStore } from '../../../../src/renderer/store/store';
import type { AlertIntent, PriceAlert } from '../../../../src/shared/domain';
import { snapshot } from '../fixtures';

function alert(over: Partial<PriceAlert> & { id: string }): PriceAlert {
  return {
    userId: 'u-1',
    watchlistItemId: null,
    token: 2885,
    symbol: 'RELIANCE',
    exchange: 'NSE_EQ',
    condition: 'LTP_ABOVE',
    value: 2500,
    state: 'ACTIVE',
    note: null,
    armId: 'arm-1',
    armedAt: '2026-12-01T04:00:00.000Z',
    triggeredAt: null,
    triggeredPrice: null,
    triggeredBy: null,
    createdAt: '2026-12-01T04:00:00.000Z',
    version: 1,
    ...over,
  };
}

const queuedCreate: AlertIntent = {
  op: 'create',
  opId: '6f1c1e4e-8a51-4d8e-9d0f-5f0a4d3c2b1a',
  alertId: 'al-offline',
  createdAt: Date.parse('2026-12-01T05:00:00.000Z'),
  alert: {
    userId: 'u-1',
    token: 1594,
    symbol: 'INFY',
    exchange: 'NSE_EQ',
    condition: 'LTP_BELOW',
    value: 1500,
    note: null,
    state: 'ACTIVE',
    armId: 'arm-x',
  },
};

describe('alerts in the renderer store', () => {
  it('keeps the rows and the queued writes from the snapshot; the panel sees both, a queued create marked', () => {
    const data = applySnapshot(snapshot({ priceAlerts: [alert({ id: 'al-1' })], alertIntents: [queuedCreate] }));
    const views = alertViews({ trading: data });
    expect(views.map((v) => [v.id, v.state, v.pending])).toEqual([
      ['al-offline', 'ACTIVE', 'create'],
      ['al-1', 'ACTIVE', null],
    ]);
  });

  it('patches: a newer row replaces, an older one does not; deletes of rows and of queued writes apply', () => {
    const data = applySnapshot(
      snapshot({ priceAlerts: [alert({ id: 'al-1', version: 3 })], alertIntents: [queuedCreate] }),
    );
    const older = applyPatch(data, {
      changes: [{ kind: 'priceAlert', op: 'upsert', row: alert({ id: 'al-1', version: 2, state: 'DISABLED' }) }],
    });
    expect(older.priceAlerts['al-1']?.state).toBe('ACTIVE');
    const fired = applyPatch(data, {
      changes: [
        {
          kind: 'priceAlert',
          op: 'upsert',
          row: alert({ id: 'al-1', version: 4, state: 'TRIGGERED', triggeredPrice: 2500.05 }),
        },
        { kind: 'alertIntent', op: 'delete', id: queuedCreate.opId },
      ],
    });
    expect(alertViews({ trading: fired }).map((v) => [v.id, v.state])).toEqual([['al-1', 'TRIGGERED']]);
    const gone = applyPatch(fired, { changes: [{ kind: 'priceAlert', op: 'delete', id: 'al-1' }] });
    expect(alertViews({ trading: gone })).toEqual([]);
  });

  it("asks main for the ticks of every alert's instrument (the panel shows its LTP)", () => {
    const store = createTerminalStore();
    store.getState().replaceSnapshot(snapshot({ priceAlerts: [alert({ id: 'al-1' })], alertIntents: [queuedCreate] }));
    expect(interestTokens(store.getState())).toEqual(expect.arrayContaining([2885, 1594]));
  });
});
