import { describe, expect, it, vi } from 'vitest';
import { DisposableStore, Scope } from '../../../electron/lib/disposable';

describe('DisposableStore', () => {
  it('releases everything once, newest first, and releases at once what comes after', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(() => order.push('timer'));
    store.add({ dispose: () => order.push('channel') });
    store.dispose();
    store.dispose();
    expect(order).toEqual(['channel', 'timer']);
    store.add(() => order.push('late'));
    expect(order).toEqual(['channel', 'timer', 'late']);
    expect(store.isDisposed).toBe(true);
  });

  it('a throwing item does not keep the others open; the first error is rethrown', () => {
    const released: string[] = [];
    const store = new DisposableStore();
    store.add(() => released.push('a'));
    store.add(() => {
      throw new Error('boom');
    });
    store.add(() => released.push('c'));
    expect(() => store.dispose()).toThrow('boom');
    expect(released).toEqual(['c', 'a']);
  });

  it('a timer registered in the store never fires after dispose', () => {
    vi.useFakeTimers();
    try {
      const fired = vi.fn();
      const store = new DisposableStore();
      store.setTimeout(fired, 1_000);
      store.dispose();
      vi.advanceTimersByTime(5_000);
      expect(fired).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a timer cleared through its handle, or one that fired, leaves the store', () => {
    vi.useFakeTimers();
    try {
      const fired = vi.fn();
      const store = new DisposableStore();
      const first = store.setTimeout(fired, 1_000);
      first.dispose();
      store.setTimeout(fired, 1_000);
      vi.advanceTimersByTime(5_000);
      expect(fired).toHaveBeenCalledTimes(1);
      const released: string[] = [];
      store.add(() => released.push('only'));
      store.dispose();
      expect(released).toEqual(['only']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Scope', () => {
  it('a bound callback runs while the scope lives and is discarded after', () => {
    const scope = new Scope();
    const seen: number[] = [];
    const late = scope.bind((n: number) => seen.push(n));
    late(1);
    scope.dispose();
    late(2);
    expect(seen).toEqual([1]);
  });
});
