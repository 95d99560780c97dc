import { describe, expect, it } from 'vitest';
import { createTerminalStore } from '../../../../../src/renderer/store/store';
import type { ConnectionStatus } from '../../../../../src/shared/domain';

function status(over: Partial<ConnectionStatus> & Pick<ConnectionStatus, 'feed' | 'state'>): ConnectionStatus {
  return {
    since: 1_000,
    detail: null,
    attempt: null,
    nextRetryAt: null,
    lastDataAt: null,
    ticksPerSecond: null,
    staleSince: null,
    ...over,
  };
}

describe('connection slice', () => {
  it('keeps each feed’s latest status by feed: one feed’s push never replaces the other’s', () => {
    const store = createTerminalStore();
    store.getState().setFeed(status({ feed: 'market', state: 'live' }));
    store.getState().setFeed(status({ feed: 'trading', state: 'reconnecting', attempt: 2 }));
    store.getState().setFeed(status({ feed: 'market', state: 'offline', detail: 'socket closed' }));
    const { feeds } = store.getState().connection;
    expect(feeds.market?.state).toBe('offline');
    expect(feeds.market?.detail).toBe('socket closed');
    expect(feeds.trading).toMatchObject({ state: 'reconnecting', attempt: 2 });
  });

  it('starts connecting, counts dropped pushes, and records a refused contract version', () => {
    const store = createTerminalStore();
    expect(store.getState().connection.link).toEqual({ state: 'connecting', attempt: 0 });
    store.getState().countDroppedPush();
    store.getState().countDroppedPush();
    expect(store.getState().connection.droppedPushes).toBe(2);
    store.getState().setContractMismatch('This window speaks contract 9, the app speaks 10.');
    expect(store.getState().connection.contractMismatch).toMatch(/contract 9/);
  });

  it('a connection change leaves the other slices’ objects as they were (their selectors do not fire)', () => {
    const store = createTerminalStore();
    const before = store.getState();
    store.getState().setLink({ state: 'open', attempt: 0 });
    const after = store.getState();
    expect(after.connection.link.state).toBe('open');
    expect(after.ui).toBe(before.ui);
    expect(after.market.quotes).toBe(before.market.quotes);
    expect(after.workspace).toBe(before.workspace);
  });
});
