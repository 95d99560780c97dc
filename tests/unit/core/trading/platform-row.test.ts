import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../../../src/shared/domain';
import { parseRow, placeOrderParams, PLATFORM_COLUMN } from '../../../../electron/core/trading/platform-row';
import { order } from '../cache/fixtures';

const KEY = '6f1c1d3e-5b7a-4c2e-9d1f-0a1b2c3d4e5f';

/** An `orders` row as PostgREST or Realtime delivers it: the platform's column names. */
function platformOrder(key: string | null): Record<string, unknown> {
  const { clientOrderId: _domainName, ...rest } = order({ id: 'o1' });
  return { ...rest, idempotency_key: key };
}

describe('platform rows ↔ domain rows', () => {
  it('reads the platform column idempotency_key as the order row’s clientOrderId', () => {
    const row = parseRow('order', platformOrder(KEY));
    expect(row?.clientOrderId).toBe(KEY);
    expect(row).not.toHaveProperty('idempotency_key');
    expect(parseRow('order', platformOrder(null))?.clientOrderId).toBeNull();
    // A row without the column (an older platform) reads as no client order id.
    const { idempotency_key: _absent, ...without } = platformOrder(KEY);
    expect(parseRow('order', without)?.clientOrderId).toBeNull();
    expect(PLATFORM_COLUMN.order.clientOrderId).toBe('idempotency_key');
  });

  it('refuses what fails the schema and leaves other kinds’ columns alone', () => {
    expect(parseRow('order', { ...platformOrder(KEY), quantity: 'ten' })).toBeUndefined();
    expect(parseRow('order', null)).toBeUndefined();
    expect(parseRow('order', [platformOrder(KEY)])).toBeUndefined();
  });

  it('spells an intent for place_order with the RPC’s parameter names', () => {
    const intent: OrderIntent = {
      clientOrderId: KEY,
      symbol: 'INFY',
      token: 1594,
      side: 'SELL',
      type: 'SL',
      product: 'CNC',
      quantity: 5,
      price: 1500,
      triggerPrice: 1505,
      state: 'sending',
      error: null,
      createdAt: 1,
    };
    expect(placeOrderParams(intent)).toEqual({
      p_client_order_id: KEY,
      p_symbol: 'INFY',
      p_side: 'SELL',
      p_order_type: 'SL',
      p_product_type: 'CNC',
      p_quantity: 5,
      p_price: 1500,
      p_trigger_price: 1505,
    });
    const { triggerPrice: _journaledBeforeStops, ...older } = intent;
    expect(placeOrderParams(older).p_trigger_price).toBeNull();
  });
});
