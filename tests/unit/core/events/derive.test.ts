import { describe, expect, it } from 'vitest';
import type { ApplyOutcome, EntityKind, RowOf } from '../../../../electron/core/cache';
import { deriveAll, deriveEvents } from '../../../../electron/core/events';
import { TradingEvent, TradingEventType, type DerivedTradingEvent } from '../../../../src/shared/domain';
import { account, order, position, priceAlert, transaction, watchlist, watchlistItem } from '../cache/fixtures';

const live = { recovered: false, at: 1_000, accountId: 'acc-1' };

function change<K extends EntityKind>(
  kind: K,
  previous: RowOf<K> | undefined,
  next: RowOf<K> | undefined,
  applied = true,
): ApplyOutcome<K> {
  return { kind, id: (next ?? previous)!.id, previous, next, applied };
}

const types = (events: DerivedTradingEvent[]) => events.map((e) => e.type);

/** One change per event type: each must yield exactly its own event, once. */
const singleChanges: [TradingEventType, ApplyOutcome][] = [
  ['order_placed', change('order', undefined, order())],
  [
    'order_executed',
    change('order', order(), order({ status: 'EXECUTED', filledQuantity: 10, averagePrice: 2500.5, version: 2 })),
  ],
  ['order_cancelled', change('order', order(), order({ status: 'CANCELLED', version: 2 }))],
  ['order_modified', change('order', order(), order({ price: 2490, version: 2 }))],
  [
    'order_triggered',
    change(
      'order',
      order({ orderType: 'SL-M', price: null, triggerPrice: 2400 }),
      order({
        orderType: 'SL-M',
        price: null,
        triggerPrice: 2400,
        triggeredAt: '2026-12-01T03:00:00.000Z',
        version: 2,
      }),
    ),
  ],
  ['position_opened', change('position', undefined, position())],
  ['position_updated', change('position', position(), position({ quantity: 20, averagePrice: 2510, version: 2 }))],
  ['position_closed', change('position', position(), position({ quantity: 0, realizedPnL: 150, version: 2 }))],
  ['balance_updated', change('account', account(), account({ balance: 99_900, version: 2 }))],
  ['margin_blocked', change('account', account(), account({ usedMargin: 125, availableMargin: 99_875, version: 2 }))],
  ['margin_released', change('account', account({ usedMargin: 125 }), account({ usedMargin: 0, version: 2 }))],
  ['alert_triggered', change('priceAlert', priceAlert(), fired())],
];

/**
 * Charges and booked P&L are named in the event log beside the order change that carries them
 * (issue 11): placement debits charges, a modification the difference, a reducing fill books P&L.
 */
const moneyChanges: [TradingEventType[], ApplyOutcome][] = [
  [['order_placed', 'charges_debited'], change('order', undefined, order({ chargesDeducted: 2 }))],
  [
    ['order_modified', 'charges_debited'],
    change('order', order({ chargesDeducted: 2 }), order({ quantity: 100_000, chargesDeducted: 49_005, version: 2 })),
  ],
  [
    ['order_modified', 'charges_refunded'],
    change(
      'order',
      order({ quantity: 100_000, chargesDeducted: 49_005 }),
      order({ quantity: 1, chargesDeducted: 2, version: 2 }),
    ),
  ],
  [
    ['order_executed', 'pnl_booked'],
    change(
      'order',
      order({ orderSide: 'SELL', quantity: 1 }),
      order({
        orderSide: 'SELL',
        quantity: 1,
        status: 'EXECUTED',
        realizedPnL: -1.75,
        realizedPnLRounding: -0.25,
        version: 2,
      }),
    ),
  ],
];

describe('deriveEvents: money named beside its order', () => {
  it.each(moneyChanges)('%j', (expected, outcome) => {
    const events = deriveEvents(outcome, live);
    expect(types(events)).toEqual(expected);
    for (const e of events) expect(TradingEvent.parse({ ...e, seq: 1 })).toEqual({ ...e, seq: 1 });
  });

  it('amounts: charges in whole rupees (the difference on modify), P&L and rounding apart', () => {
    const [, placed] = deriveEvents(moneyChanges[0]![1], live);
    expect(placed).toMatchObject({ type: 'charges_debited', amount: 2, onModify: false });
    const [, more] = deriveEvents(moneyChanges[1]![1], live);
    expect(more).toMatchObject({ type: 'charges_debited', amount: 49_003, onModify: true });
    const [, back] = deriveEvents(moneyChanges[2]![1], live);
    expect(back).toMatchObject({ type: 'charges_refunded', amount: 49_003 });
    const [, booked] = deriveEvents(moneyChanges[3]![1], live);
    expect(booked).toMatchObject({ type: 'pnl_booked', realizedPnL: -1.75, realizedPnLRounding: -0.25 });
  });

  it('a fill that only opens books nothing; a row already executed books nothing again', () => {
    const opened = change('order', order(), order({ status: 'EXECUTED', version: 2 }));
    expect(types(deriveEvents(opened, live))).toEqual(['order_executed']);
    const done = order({ status: 'EXECUTED', realizedPnL: 5 });
    expect(deriveEvents(change('order', done, { ...done, version: 3 }), live)).toEqual([]);
  });

  it('charges changing without a modification (an older cached row) are not reported as a charge', () => {
    expect(deriveEvents(change('order', order(), order({ chargesDeducted: 7, version: 2 })), live)).toEqual([]);
  });

  it('position_closed carries the rounding delta beside the booked delta', () => {
    const [closed] = deriveEvents(
      change(
        'position',
        position({ realizedPnL: 10, realizedPnLRounding: 0.25 }),
        position({ quantity: 0, realizedPnL: 8.25, realizedPnLRounding: 0, version: 2 }),
      ),
      live,
    );
    expect(closed).toMatchObject({ realizedPnL: -1.75, realizedPnLRounding: -0.25 });
  });
});
function fired(over: Partial<ReturnType<typeof priceAlert>> = {}) {
  return priceAlert({
    state: 'TRIGGERED',
    triggeredAt: '2026-11-26T04:05:00.000Z',
    triggeredPrice: 2500.05,
    triggeredBy: 'terminal-a',
    version: 2,
    ...over,
  });
}

describe('deriveEvents: one event per change', () => {
  it.each(singleChanges)('%s fires exactly once for its change', (type, outcome) => {
    const events = deriveEvents(outcome, live);
    expect(types(events)).toEqual([type]);
  });

  it('covers every event type (money events come with the order change that carries them)', () => {
    const all = [...singleChanges.map(([t]) => t), ...moneyChanges.flatMap(([ts]) => ts)];
    expect(new Set(all)).toEqual(new Set(TradingEventType.options));
  });

  it.each(singleChanges)('%s is a valid TradingEvent once the journal numbers it', (_type, outcome) => {
    for (const e of deriveEvents(outcome, live)) expect(TradingEvent.parse({ ...e, seq: 1 })).toEqual({ ...e, seq: 1 });
  });

  it.each(singleChanges)('%s yields nothing when the outcome was stale (applied: false)', (_type, outcome) => {
    expect(deriveEvents({ ...outcome, applied: false }, live)).toEqual([]);
  });

  it.each(singleChanges)('%s passes recovered, at and the account id through', (_type, outcome) => {
    const [event] = deriveEvents(outcome, { recovered: true, at: 77, accountId: 'acc-1' });
    expect(event).toMatchObject({ recovered: true, at: 77, accountId: 'acc-1' });
    const [liveEvent] = deriveEvents(outcome, live);
    expect(liveEvent).toMatchObject({ recovered: false, at: 1_000 });
  });
});

describe('orders', () => {
  it('a stop: modified trigger, then triggered, then executed; seen late it reports every step once', () => {
    const slm = order({ orderType: 'SL-M', orderSide: 'SELL', price: null, triggerPrice: 2400 });
    const [moved] = deriveEvents(change('order', slm, { ...slm, triggerPrice: 2390, version: 2 }), live);
    expect(moved).toMatchObject({ type: 'order_modified', previous: { triggerPrice: 2400, price: null } });
    const fired = { ...slm, triggerPrice: 2390, triggeredAt: '2026-12-01T03:00:00.000Z', version: 3 };
    expect(types(deriveEvents(change('order', { ...slm, triggerPrice: 2390, version: 2 }, fired), live))).toEqual([
      'order_triggered',
    ]);
    const filled = { ...fired, status: 'EXECUTED' as const, averagePrice: 2389.95, version: 4 };
    expect(types(deriveEvents(change('order', fired, filled), live))).toEqual(['order_executed']);
    expect(types(deriveEvents(change('order', slm, filled), live))).toEqual(['order_triggered', 'order_executed']);
    expect(types(deriveEvents(change('order', undefined, filled), live))).toEqual([
      'order_placed',
      'order_triggered',
      'order_executed',
    ]);
  });

  it('order_placed carries the new order', () => {
    expect(deriveEvents(change('order', undefined, order()), live)).toEqual([
      { type: 'order_placed', at: 1_000, accountId: 'acc-1', recovered: false, order: order() },
    ]);
  });

  it('an order first seen already executed or cancelled reports both steps in order', () => {
    expect(
      types(deriveEvents(change('order', undefined, order({ status: 'EXECUTED' })), { recovered: true, at: 1 })),
    ).toEqual(['order_placed', 'order_executed']);
    expect(types(deriveEvents(change('order', undefined, order({ status: 'CANCELLED' })), live))).toEqual([
      'order_placed',
      'order_cancelled',
    ]);
  });

  it('order_modified carries the previous price and quantity; quantity alone counts too', () => {
    const [byPrice] = deriveEvents(change('order', order(), order({ price: 2490, version: 2 })), live);
    expect(byPrice).toMatchObject({
      type: 'order_modified',
      previous: { price: 2500.5, quantity: 10 },
      order: { price: 2490 },
    });
    const [byQty] = deriveEvents(change('order', order(), order({ quantity: 5, version: 2 })), live);
    expect(byQty).toMatchObject({ type: 'order_modified', previous: { price: 2500.5, quantity: 10 } });
  });

  it('a price change that also executes reports the execution only', () => {
    expect(
      types(deriveEvents(change('order', order(), order({ status: 'EXECUTED', price: 2490, version: 2 })), live)),
    ).toEqual(['order_executed']);
  });

  it('no event for unrelated column changes or for changes after the order is done', () => {
    expect(
      deriveEvents(change('order', order(), order({ filledQuantity: 3, updatedAt: 'x'.repeat(10), version: 2 })), live),
    ).toEqual([]);
    expect(deriveEvents(change('order', order(), order({ version: 2 })), live)).toEqual([]);
    const done = order({ status: 'EXECUTED' });
    expect(deriveEvents(change('order', done, { ...done, price: 1, quantity: 1, version: 2 }), live)).toEqual([]);
    expect(deriveEvents(change('order', done, { ...done, version: 3 }), live)).toEqual([]);
  });
});

describe('positions', () => {
  it('position_closed reports the realized P&L delta, to the paisa', () => {
    const [closed] = deriveEvents(
      change('position', position({ realizedPnL: 100.1 }), position({ quantity: 0, realizedPnL: 100.3, version: 2 })),
      live,
    );
    expect(closed).toMatchObject({ type: 'position_closed', realizedPnL: 0.2, position: { quantity: 0 } });
    const [loss] = deriveEvents(
      change('position', position({ realizedPnL: 50 }), position({ quantity: 0, realizedPnL: -25.5, version: 2 })),
      live,
    );
    expect(loss).toMatchObject({ realizedPnL: -75.5 });
  });

  it('reopening a closed (quantity 0) position is position_opened', () => {
    expect(
      types(deriveEvents(change('position', position({ quantity: 0 }), position({ quantity: -5, version: 2 })), live)),
    ).toEqual(['position_opened']);
  });

  it('a change of average price alone, or a flip from long to short, is position_updated', () => {
    expect(
      types(deriveEvents(change('position', position(), position({ averagePrice: 2600, version: 2 })), live)),
    ).toEqual(['position_updated']);
    expect(types(deriveEvents(change('position', position(), position({ quantity: -10, version: 2 })), live))).toEqual([
      'position_updated',
    ]);
  });

  it('no event for P&L marks, stop-loss/target edits, or a flat position first seen', () => {
    expect(
      deriveEvents(
        change(
          'position',
          position(),
          position({ unrealizedPnL: 55, dayPnL: 12, stopLoss: 2400, target: 2700, version: 2 }),
        ),
        live,
      ),
    ).toEqual([]);
    expect(deriveEvents(change('position', undefined, position({ quantity: 0 })), live)).toEqual([]);
    expect(
      deriveEvents(
        change('position', position({ quantity: 0 }), position({ quantity: 0, realizedPnL: 9, version: 2 })),
        live,
      ),
    ).toEqual([]);
  });
});

describe('accounts', () => {
  it('margin amounts are the usedMargin delta; balance_updated carries the previous balance', () => {
    const events = deriveEvents(
      change(
        'account',
        account({ balance: 100_000, usedMargin: 200, availableMargin: 99_800 }),
        account({ balance: 99_980, usedMargin: 700, availableMargin: 99_280, version: 2 }),
      ),
      live,
    );
    expect(events).toEqual([
      {
        type: 'balance_updated',
        at: 1_000,
        accountId: 'acc-1',
        recovered: false,
        balance: 99_980,
        previousBalance: 100_000,
        availableMargin: 99_280,
        usedMargin: 700,
      },
      {
        type: 'margin_blocked',
        at: 1_000,
        accountId: 'acc-1',
        recovered: false,
        amount: 500,
        availableMargin: 99_280,
        usedMargin: 700,
      },
    ]);
    const [released] = deriveEvents(
      change('account', account({ usedMargin: 700 }), account({ usedMargin: 300, version: 2 })),
      live,
    );
    expect(released).toMatchObject({ type: 'margin_released', amount: 400, usedMargin: 300 });
  });

  it('no event for the first sight of an account or for an availableMargin-only change', () => {
    expect(deriveEvents(change('account', undefined, account({ usedMargin: 500 })), live)).toEqual([]);
    expect(
      deriveEvents(change('account', account(), account({ availableMargin: 1, clientId: 'X', version: 2 })), live),
    ).toEqual([]);
  });
});

describe('everything else', () => {
  it('removals, transactions and watchlists derive nothing', () => {
    expect(deriveEvents(change('order', order(), undefined), live)).toEqual([]);
    expect(deriveEvents(change('position', position(), undefined), live)).toEqual([]);
    expect(deriveEvents(change('transaction', undefined, transaction()), live)).toEqual([]);
    expect(deriveEvents(change('watchlist', undefined, watchlist()), live)).toEqual([]);
    expect(deriveEvents(change('watchlistItem', undefined, watchlistItem()), live)).toEqual([]);
  });

  it('deriveAll keeps outcome order', () => {
    const events = deriveAll(
      [
        change('order', undefined, order({ id: 'a' })),
        change('order', order({ id: 'b' }), order({ id: 'b', version: 9 }), false),
        change('position', undefined, position()),
      ],
      live,
    );
    expect(types(events)).toEqual(['order_placed', 'position_opened']);
  });
});

describe('alerts', () => {
  it('alert_triggered when an alert reaches TRIGGERED, journaled under the signed-in account', () => {
    expect(deriveEvents(change('priceAlert', priceAlert(), fired()), live)).toEqual([
      { type: 'alert_triggered', at: 1_000, accountId: 'acc-1', recovered: false, alert: fired() },
    ]);
    // Without a known account, under the alert's user.
    expect(deriveEvents(change('priceAlert', priceAlert(), fired()), { recovered: true, at: 5 })).toMatchObject([
      { type: 'alert_triggered', accountId: 'user-1', recovered: true },
    ]);
  });

  it('first seen already triggered (fired elsewhere while away): reported; a re-armed alert fired again: reported', () => {
    expect(types(deriveEvents(change('priceAlert', undefined, fired()), live))).toEqual(['alert_triggered']);
    const again = fired({ armId: 'arm-2', version: 5 });
    expect(types(deriveEvents(change('priceAlert', fired(), again), live))).toEqual(['alert_triggered']);
  });

  it('no event for arming, editing, disabling, a note on a fired alert, or deleting', () => {
    expect(deriveEvents(change('priceAlert', undefined, priceAlert()), live)).toEqual([]);
    expect(deriveEvents(change('priceAlert', priceAlert(), priceAlert({ value: 2600, version: 2 })), live)).toEqual([]);
    expect(
      deriveEvents(change('priceAlert', priceAlert(), priceAlert({ state: 'DISABLED', version: 2 })), live),
    ).toEqual([]);
    expect(deriveEvents(change('priceAlert', fired(), fired({ note: 'x', version: 3 })), live)).toEqual([]);
    expect(deriveEvents(change('priceAlert', fired(), undefined), live)).toEqual([]);
  });
});
