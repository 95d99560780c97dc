import { z } from 'zod';
import { CandleInterval } from '../chart/intervals';
import { LinkChannelId } from '../link/channels';
import type { WindowTopic } from './topics';

/**
 * Panels: the units a window is made of. Each kind is one member of the `Panel` discriminated
 * union (on `kind`) with its own settings, and one entry of `PANEL_TRAITS` (what state it needs,
 * how it takes part in linking). To add a kind (chart, depth, alerts): add its schema to `Panel`,
 * its traits to `PANEL_TRAITS` (the `Record` type makes a missing entry a compile error), and
 * bump `LAYOUT_SCHEMA_VERSION` with a migration step (document.ts), so an older build reading a
 * layout that holds the new kind reports a newer layout (kept aside) instead of failing on it.
 */

/** Panel ids are unique across a layout; window keys likewise. Safe in URLs and SQLite ids. */
export const PanelId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (1–64)');
export type PanelId = z.infer<typeof PanelId>;

/** Watchlist table columns, in the platform's names (LTP, Chg, Chg %…). */
export const WatchlistColumn = z.enum([
  'symbol',
  'exchange',
  'ltp',
  'change',
  'changePct',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'bid',
  'ask',
]);
export type WatchlistColumn = z.infer<typeof WatchlistColumn>;

export const DEFAULT_WATCHLIST_COLUMNS: readonly WatchlistColumn[] = [
  'symbol',
  'exchange',
  'ltp',
  'change',
  'changePct',
  'high',
  'low',
  'volume',
];

export const SortDirection = z.enum(['asc', 'desc']);

/** Columns appear once each; at least one. */
const columnsOf = <T extends z.ZodEnum>(column: T) =>
  z
    .array(column)
    .min(1)
    .max(column.options.length)
    .refine((cols) => new Set(cols).size === cols.length, { message: 'a column is listed twice' });

/** Common to every panel: its id and the link channel it is on (null: not linked). */
const base = {
  id: PanelId,
  link: LinkChannelId.nullable(),
};

export const WatchlistPanel = z
  .object({
    ...base,
    kind: z.literal('watchlist'),
    /** `Watchlist.id` shown; null: the user's first list (the renderer's choice). */
    watchlistId: z.string().min(1).max(128).nullable(),
    columns: columnsOf(WatchlistColumn),
    /** null: the list's own order (`WatchlistItem.sortOrder`). */
    sort: z.object({ column: WatchlistColumn, direction: SortDirection }).strict().nullable(),
  })
  .strict();

export const PositionColumn = z.enum(['symbol', 'product', 'quantity', 'averagePrice', 'ltp', 'pnl', 'dayPnl']);
export const PositionsPanel = z
  .object({
    ...base,
    kind: z.literal('positions'),
    /** Closed positions (quantity 0) listed too. */
    showClosed: z.boolean(),
    sort: z.object({ column: PositionColumn, direction: SortDirection }).strict().nullable(),
  })
  .strict();

export const OrdersPanel = z
  .object({
    ...base,
    kind: z.literal('orders'),
    filter: z.enum(['all', 'pending', 'executed', 'cancelled']),
  })
  .strict();

export const AccountPanel = z.object({ ...base, kind: z.literal('account') }).strict();
export const EventsPanel = z.object({ ...base, kind: z.literal('events') }).strict();

/** A docked order ticket: the destination a linked watchlist retargets (unless edited). */
export const TicketPanel = z
  .object({
    ...base,
    kind: z.literal('ticket'),
    product: z.enum(['MIS', 'CNC', 'NRML']),
  })
  .strict();

/**
 * The instrument a chart or depth panel shows: the provider token its ticks are keyed by, the
 * exchange whose session its candles follow (`NSE_EQ`, `NSE_FO`, `MCX_FO`…), and its symbol.
 */
export const PanelInstrument = z
  .object({
    token: z.number().int().nonnegative(),
    exchange: z.string().regex(/^[A-Z_]{2,16}$/, 'an exchange such as NSE_EQ'),
    symbol: z.string().trim().min(1).max(64),
  })
  .strict();
export type PanelInstrument = z.infer<typeof PanelInstrument>;

/** A candlestick chart (volume beneath). null instrument: waiting for a link or a pick. */
export const ChartPanel = z
  .object({
    ...base,
    kind: z.literal('chart'),
    instrument: PanelInstrument.nullable(),
    interval: CandleInterval,
  })
  .strict();

/** A 5-level market-depth ladder. */
export const DepthPanel = z
  .object({
    ...base,
    kind: z.literal('depth'),
    instrument: PanelInstrument.nullable(),
  })
  .strict();

/** The trader's price alerts (layout version 2): list, edit, delete, re-arm, filter by state. */
export const AlertsPanel = z
  .object({
    ...base,
    kind: z.literal('alerts'),
    filter: z.enum(['all', 'active', 'triggered', 'disabled']),
  })
  .strict();

export const Panel = z.discriminatedUnion('kind', [
  WatchlistPanel,
  PositionsPanel,
  OrdersPanel,
  AccountPanel,
  EventsPanel,
  TicketPanel,
  ChartPanel,
  DepthPanel,
  AlertsPanel,
]);
export type Panel = z.infer<typeof Panel>;

/** The kinds, as a schema of their own (lists, `window.list`). */
export const PanelKind = z.enum([
  'watchlist',
  'positions',
  'orders',
  'account',
  'events',
  'ticket',
  'chart',
  'depth',
  'alerts',
]);
export type PanelKind = z.infer<typeof PanelKind>;
// Compile-time guard: `PanelKind` and the members of `Panel` name the same kinds.
const _kindsMatch: [Panel['kind']] extends [PanelKind] ? ([PanelKind] extends [Panel['kind']] ? true : never) : never =
  true;
void _kindsMatch;

/**
 * How a panel takes part in linking (TWS colour groups' roles): a `source` broadcasts the
 * instrument the trader selects, a `destination` follows what its channel carries, `both` does
 * both (charts and depth: they follow; the renderer does not yet broadcast from them). Main
 * delivers a channel's context to the panels that follow links (destination and both) only.
 */
export type LinkRole = 'source' | 'destination' | 'both' | 'none';

export interface PanelTraits {
  /** Accessible name stem: "Watchlist", "Positions"… (the header button is "Detach <title>"). */
  title: string;
  /** State this panel draws from (see topics.ts). */
  topics: readonly WindowTopic[];
  link: LinkRole;
  /** At most one of this kind per window (the issue: one watchlist per window). */
  onePerWindow: boolean;
}

/**
 * The order ticket opens from watchlist and position rows, so those carry its topics too. Its
 * estimate margins only what opens exposure, so it reads the open position (`positions`).
 */
const TICKET_TOPICS: readonly WindowTopic[] = ['account', 'riskConfig', 'instruments', 'intents', 'positions'];

export const PANEL_TRAITS: Record<PanelKind, PanelTraits> = {
  watchlist: {
    title: 'Watchlist',
    topics: ['watchlists', 'instruments', ...TICKET_TOPICS],
    link: 'source',
    onePerWindow: true,
  },
  positions: {
    title: 'Positions',
    // Day P&L adds what today's executed orders booked.
    topics: ['positions', 'instruments', 'orders', ...TICKET_TOPICS],
    link: 'source',
    onePerWindow: true,
  },
  // Modify shows the ticket's estimate panel.
  orders: {
    title: 'Orders',
    topics: ['orders', 'intents', 'instruments', ...TICKET_TOPICS],
    link: 'source',
    onePerWindow: true,
  },
  // Unrealized P&L (positions at live prices) and today's booked P&L, rounding and charges (orders).
  account: {
    title: 'Account',
    topics: ['account', 'transactions', 'positions', 'instruments', 'orders'],
    link: 'none',
    onePerWindow: true,
  },
  events: { title: 'Event log', topics: ['events'], link: 'none', onePerWindow: true },
  ticket: { title: 'Order ticket', topics: TICKET_TOPICS, link: 'destination', onePerWindow: true },
  // Position and working-order lines, Buy/Sell from the chart; own orders on the ladder, a level → the ticket.
  chart: { title: 'Chart', topics: ['orders', 'positions', ...TICKET_TOPICS], link: 'both', onePerWindow: false },
  depth: { title: 'Depth', topics: ['orders', ...TICKET_TOPICS], link: 'both', onePerWindow: false },
  // Selecting an alert's row broadcasts its instrument on the panel's channel.
  alerts: { title: 'Alerts', topics: ['alerts', 'instruments'], link: 'source', onePerWindow: true },
};

export function receivesLinks(kind: PanelKind): boolean {
  const role = PANEL_TRAITS[kind].link;
  return role === 'destination' || role === 'both';
}
