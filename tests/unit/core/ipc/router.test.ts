import { describe, expect, it } from 'vitest';
import { IpcRouter } from '../../../../electron/core/ipc/router';
import { TradedeskError } from '../../../../src/shared/contract';

const ctx = { windowId: 'w1' };

function quietRouter() {
  const internal: Array<{ method: string; error: unknown }> = [];
  const router = new IpcRouter({ onInternalError: (method, error) => internal.push({ method, error }) });
  return { router, internal };
}

describe('IpcRouter', () => {
  it('routes a valid request to its handler with parsed args and the caller context', async () => {
    const { router } = quietRouter();
    router.handle('watchlists.rename', (args, c) => {
      expect(c.windowId).toBe('w1');
      expect(args).toEqual({ id: 'wl-1', name: 'Swing' });
      return { ok: true as const };
    });
    // zod trims the name: the handler sees parsed args, not raw ones.
    await expect(router.dispatch(ctx, 'watchlists.rename', { id: 'wl-1', name: '  Swing ' })).resolves.toEqual({
      ok: true,
      value: { ok: true },
    });
  });

  it('rejects an unknown method with a typed error', async () => {
    const { router } = quietRouter();
    const result = await router.dispatch(ctx, 'orders.nuke', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('rejects a non-string method name without throwing', async () => {
    const { router } = quietRouter();
    for (const method of [undefined, null, 42, { toString: () => 'app.info' }]) {
      expect(await router.dispatch(ctx, method, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('does not treat Object.prototype members as methods', async () => {
    const { router } = quietRouter();
    expect(await router.dispatch(ctx, 'constructor', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await router.dispatch(ctx, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('reports a known method without a handler as unavailable, not as a crash', async () => {
    const { router } = quietRouter();
    expect(await router.dispatch(ctx, 'orders.cancel', { orderId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
  });

  it('rejects malformed args before the handler runs, naming the field', async () => {
    const { router } = quietRouter();
    let called = 0;
    router.handle('orders.place', () => {
      called++;
      return { clientOrderId: '00000000-0000-4000-8000-000000000000', orderId: null, state: 'placed' as const };
    });
    const cases: unknown[] = [
      { symbol: 'RELIANCE', side: 'BUY', type: 'MARKET', product: 'MIS', quantity: -1 },
      { symbol: 'RELIANCE', side: 'HOLD', type: 'MARKET', product: 'MIS', quantity: 1 },
      { symbol: 'RELIANCE', side: 'BUY', type: 'LIMIT', product: 'MIS', quantity: 1 },
      { symbol: 'RELIANCE', side: 'BUY', type: 'MARKET', product: 'MIS', quantity: 1, extra: true },
      'not an object',
      null,
    ];
    for (const args of cases) {
      const result = await router.dispatch(ctx, 'orders.place', args);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    }
    const limitWithoutPrice = await router.dispatch(ctx, 'orders.place', cases[2]);
    expect(limitWithoutPrice.ok === false && limitWithoutPrice.error.message).toContain('price');
    expect(called).toBe(0);
  });

  it('says what is wrong in a trader sentence about the field, never schema text (issue 11)', async () => {
    const { router } = quietRouter();
    router.handle('orders.place', () => ({
      clientOrderId: '00000000-0000-4000-8000-000000000000',
      orderId: null,
      state: 'placed' as const,
    }));
    const result = await router.dispatch(ctx, 'orders.place', {
      symbol: 'RELIANCE',
      side: 'BUY',
      type: 'LIMIT',
      product: 'MIS',
      quantity: 1,
      price: 1_000_000_000,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid_args',
        message: 'Price must be below ₹10,00,00,000.',
        details: { field: 'price', refusals: [{ field: 'price', message: 'Price must be below ₹10,00,00,000.' }] },
      },
    });
  });

  it('passes a TradedeskError through as its typed error', async () => {
    const { router, internal } = quietRouter();
    router.handle('orders.cancel', () => {
      throw new TradedeskError('order_not_pending', 'That order has already executed', { status: 'EXECUTED' });
    });
    expect(await router.dispatch(ctx, 'orders.cancel', { orderId: 'o1' })).toEqual({
      ok: false,
      error: { code: 'order_not_pending', message: 'That order has already executed', details: { status: 'EXECUTED' } },
    });
    expect(internal).toHaveLength(0);
  });

  it('turns an unexpected throw into an internal error without leaking its message', async () => {
    const { router, internal } = quietRouter();
    router.handle('orders.cancel', async () => {
      throw new Error('password=hunter2 at db.ts:12');
    });
    const result = await router.dispatch(ctx, 'orders.cancel', { orderId: 'o1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(internal).toHaveLength(1);
  });

  it('refuses a result that breaks its schema', async () => {
    const { router, internal } = quietRouter();
    router.handle('watchlists.create', () => ({ id: 42 }) as unknown as { id: string });
    expect(await router.dispatch(ctx, 'watchlists.create', { name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_result' },
    });
    expect(internal).toHaveLength(1);
  });

  it('refuses a second handler for one method', () => {
    const { router } = quietRouter();
    router.handle('app.info', () => ({
      name: 'a',
      version: '1',
      host: 'web' as const,
      platform: 'linux',
      contractVersion: 1,
      demo: false,
    }));
    expect(() =>
      router.handle('app.info', () => ({
        name: 'a',
        version: '1',
        host: 'web' as const,
        platform: 'linux',
        contractVersion: 1,
        demo: false,
      })),
    ).toThrow(/already/);
  });
});
