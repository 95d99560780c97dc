import { DEFAULT_WATCHLIST_COLUMNS, PANEL_TRAITS, type Panel, type PanelKind } from '../../shared/layout';

/** A fresh panel of `kind` with an id no panel of the layout has (`ticket-1`, `ticket-2`…). */
export function newPanel(kind: PanelKind, taken: ReadonlySet<string>): Panel {
  let n = 1;
  while (taken.has(`${kind}-${n}`)) n++;
  const id = `${kind}-${n}`;
  switch (kind) {
    case 'watchlist':
      return { id, kind, link: null, watchlistId: null, columns: [...DEFAULT_WATCHLIST_COLUMNS], sort: null };
    case 'positions':
      return { id, kind, link: null, showClosed: false, sort: null };
    case 'orders':
      return { id, kind, link: null, filter: 'all' };
    case 'account':
    case 'events':
      return { id, kind, link: null };
    case 'ticket':
      return { id, kind, link: null, product: 'MIS' };
    case 'chart':
      return { id, kind, link: null, instrument: null, interval: '5m' };
    case 'depth':
      return { id, kind, link: null, instrument: null };
    case 'alerts':
      return { id, kind, link: null, filter: 'all' };
  }
}

/** Kinds the `Add panel` menu offers in a window that shows `present` (one-per-window kinds once). */
export function addableKinds(present: readonly PanelKind[], drawable: readonly PanelKind[]): PanelKind[] {
  return drawable.filter((k) => !(PANEL_TRAITS[k].onePerWindow && present.includes(k)));
}

/**
 * The main window's grid for the panels it shows. The full one-window terminal keeps the
 * stylesheet's own grid (null: no inline style; its narrow-screen rule still applies); any other
 * set gets areas of its own: the watchlist down the left, positions over orders in the middle,
 * the side stack (ticket, account, event log and any other kind) on the right, and a column or
 * row that has nothing to show gives its room to its neighbours.
 */
/** Kinds with grid areas of their own in the main window; every other kind goes in the side stack. */
const GRID_OWN: ReadonlySet<PanelKind> = new Set(['watchlist', 'positions', 'orders']);

export function mainGrid(
  kinds: readonly PanelKind[],
  market = false,
): { columns: string; areas: string; rows: string } | null {
  const has = (k: PanelKind) => kinds.includes(k);
  const side = kinds.some((k) => k !== 'watchlist' && k !== 'positions' && k !== 'orders');
  const sideIsDefault = kinds.every((k) => k === 'account' || k === 'events' || GRID_OWN.has(k));
  if (has('watchlist') && has('positions') && has('orders') && side && sideIsDefault) return null;
  const cols: Array<{ width: string; rows: [string, string] }> = [];
  if (has('watchlist')) cols.push({ width: 'minmax(0, 5fr)', rows: ['watch', 'watch'] });
  const pos = has('positions');
  const ord = has('orders');
  if (pos || ord) {
    cols.push({ width: 'minmax(0, 6fr)', rows: [pos ? 'positions' : 'orders', ord ? 'orders' : 'positions'] });
  }
  if (side) {
    // As in the full grid, orders run under the account and event log; a longer side stack
    // (a ticket, a chart) keeps the whole column.
    cols.push({ width: 'minmax(200px, 2fr)', rows: ['side', ord && pos && sideIsDefault ? 'orders' : 'side'] });
  }
  if (cols.length === 0) cols.push({ width: '1fr', rows: ['empty', 'empty'] });
  const header = cols.map(() => 'header').join(' ');
  const status = cols.map(() => 'status').join(' ');
  const r1 = cols.map((c) => c.rows[0]).join(' ');
  const r2 = cols.map((c) => c.rows[1]).join(' ');
  const columns = cols.map((c) => c.width).join(' ');
  if (!market) return { columns, areas: `'${header}' '${r1}' '${r2}' '${status}'`, rows: 'auto 1fr 1fr auto' };
  // The chart and depth row (issue 15's market panels) above the rest, beside the watchlist.
  const rm = cols.map((c) => (c.rows[0] === 'watch' ? 'watch' : 'market')).join(' ');
  return {
    columns,
    areas: `'${header}' '${rm}' '${r1}' '${r2}' '${status}'`,
    rows: 'auto minmax(300px, 1.5fr) 1fr 1fr auto',
  };
}
