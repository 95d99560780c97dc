import { describe, expect, it } from 'vitest';
import { SyncGate } from '../../../../electron/core/trading/sync-gate';

const del = (id: string) => ({ kind: 'order' as const, op: 'delete' as const, id });

describe('SyncGate', () => {
  it('applies directly when no snapshot is in flight and buffers while one is', () => {
    const gate = new SyncGate();
    expect(gate.offer(del('a'))).toBe('apply');
    expect(gate.begin()).toBe(true);
    expect(gate.reconciling).toBe(true);
    expect(gate.offer(del('b'))).toBe('buffered');
    expect(gate.offer(del('c'))).toBe('buffered');
    expect(gate.finish()).toEqual({ buffered: [del('b'), del('c')], again: false });
    expect(gate.offer(del('d'))).toBe('apply');
  });

  it('asks for another pass when SUBSCRIBED arrives during a pass', () => {
    const gate = new SyncGate();
    gate.begin();
    expect(gate.begin()).toBe(false);
    expect(gate.finish().again).toBe(true);
    expect(gate.reconciling).toBe(false);
  });

  it('hands buffered changes back when a pass is aborted', () => {
    const gate = new SyncGate();
    gate.begin();
    gate.offer(del('x'));
    expect(gate.abort()).toEqual([del('x')]);
    expect(gate.reconciling).toBe(false);
  });
});
