/**
 * The IPC contract version. Both sides check it on connect (`app.hello`): a renderer built
 * against another version is refused with `contract_mismatch` instead of misreading payloads.
 * Bump it on any incompatible change to a method or push schema.
 */
export const CONTRACT_VERSION = 3;
// History: 2 — charges and booked P&L on orders, the `starting` session state; 3 — chart and
// depth panel kinds in layouts, `chart.*` / `depth.*` methods, `chart.candles` / `chart.series` /
// `market.depth` pushes.
