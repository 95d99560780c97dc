/**
 * The IPC contract version. Both sides check it on connect (`app.hello`): a renderer built
 * against another version is refused with `contract_mismatch` instead of misreading payloads.
 * Bump it on any incompatible change to a method or push schema.
 */
export const CONTRACT_VERSION = 6;
// History: 2 — charges and booked P&L on orders, the `starting` session state; 3 — chart and
// depth panel kinds in layouts, `chart.*` / `depth.*` methods, `chart.candles` / `chart.series` /
// `market.depth` pushes; 4 — price alerts (`alerts.*` methods and pushes, the `priceAlert` entity
// and queued alert writes in the state snapshot, `alert_triggered` events, the alerts panel kind)
// and the keymap (`keymap.*`).
// 5 — SL and SL-M order types with `triggerPrice` (orders.place/modify, intents, order rows with
// `triggeredAt`), the `order_triggered` event, instruments' `priceBand`.
// 6 — `state.patch` changes are `RowChange`s, main's shape: `{kind, op: 'upsert', row}` or
// `{kind, op: 'delete', id}` (was `EntityChange`, discriminated on `entity`, a delete spelled
// `{entity: 'deleted', kind, id}`).
