import { z } from 'zod';
import { EpochMs, Id, Int, Num, Timestamp } from './primitives';

/**
 * What an alert watches (supabase/migrations/…_price_alerts.sql). Crossing semantics: an `ABOVE`
 * alert fires when the watched figure moves from below `value` to `value` or beyond between two
 * ticks seen on one live connection, a `BELOW` alert the mirror image (docs/ARCHITECTURE.md,
 * "Price alerts").
 * - `LTP_ABOVE` / `LTP_BELOW`: the last traded price, `value` in rupees.
 * - `CHANGE_PCT_ABOVE` / `CHANGE_PCT_BELOW`: the day change against the previous close, `value`
 *   in percent (`-2.5` is a 2.5 % fall).
 */
export const AlertCondition = z.enum(['LTP_ABOVE', 'LTP_BELOW', 'CHANGE_PCT_ABOVE', 'CHANGE_PCT_BELOW']);
export type AlertCondition = z.infer<typeof AlertCondition>;

/** ACTIVE: armed. TRIGGERED: fired once, off until re-armed. DISABLED: kept, never fires. */
export const AlertState = z.enum(['ACTIVE', 'TRIGGERED', 'DISABLED']);
export type AlertState = z.infer<typeof AlertState>;

/** An arming id: names one arming of an alert (trigger_alert fires only the arming it names). */
export const ArmId = z.string().min(1).max(64);

/** `price_alerts` row (one alert), as the server stores it and the cache keeps it. */
export const PriceAlert = z.object({
  id: Id,
  userId: z.string(),
  /** Set when the alert is a watchlist row's `alertPrice`: its value and direction belong to that row. */
  watchlistItemId: z.string().nullable().default(null),
  /** Provider token (ticks are keyed by it). */
  token: Int,
  symbol: z.string(),
  exchange: z.string().nullable().default(null),
  condition: AlertCondition,
  /** Rupees (LTP conditions) or percent (day-change conditions). */
  value: Num,
  state: AlertState,
  note: z.string().nullable().default(null),
  armId: ArmId,
  /** When the current arming began (UTC instant); null for an alert never armed. */
  armedAt: Timestamp.nullable().default(null),
  triggeredAt: Timestamp.nullable().default(null),
  /** The last price that crossed, rupees. */
  triggeredPrice: Num.nullable().default(null),
  /** The terminal installation whose call fired it. */
  triggeredBy: z.string().nullable().default(null),
  createdAt: Timestamp,
  updatedAt: Timestamp.optional(),
  version: Int,
});
export type PriceAlert = z.infer<typeof PriceAlert>;

/** The fields of a new alert, as the terminal sends them. */
export const NewAlert = z.object({
  userId: z.string(),
  token: Int,
  symbol: z.string(),
  exchange: z.string().nullable(),
  condition: AlertCondition,
  value: Num,
  note: z.string().nullable(),
  state: z.enum(['ACTIVE', 'DISABLED']),
  armId: ArmId,
});
export type NewAlert = z.infer<typeof NewAlert>;

/** What a trader may change on an alert; `armId` accompanies every change that arms it. */
export const AlertChanges = z.object({
  value: Num.optional(),
  condition: AlertCondition.optional(),
  note: z.string().nullable().optional(),
  state: z.enum(['ACTIVE', 'DISABLED']).optional(),
  armId: ArmId.optional(),
});
export type AlertChanges = z.infer<typeof AlertChanges>;

const intentBase = {
  /** Identity of this queued write. */
  opId: z.string().uuid(),
  alertId: Id,
  /** When the trader (or the engine) asked for it, epoch ms. */
  createdAt: EpochMs,
};

/**
 * A write to the alerts table journaled in the cache before it is sent, and kept until the
 * server confirmed it: what lets an alert set (changed, deleted) while offline reach the server
 * later, in order, each write idempotent (the alert id is chosen here; a fire names its arming
 * and this installation). `fire` records a crossing this terminal saw; `notified` once the
 * trader was told (so a retry never tells twice).
 */
export const AlertIntent = z.discriminatedUnion('op', [
  z.object({ ...intentBase, op: z.literal('create'), alert: NewAlert }),
  z.object({ ...intentBase, op: z.literal('update'), changes: AlertChanges }),
  z.object({ ...intentBase, op: z.literal('delete') }),
  z.object({
    ...intentBase,
    op: z.literal('fire'),
    armId: ArmId,
    /** The last price that crossed, rupees. */
    price: Num,
    /** The tick's day change %, when known. */
    changePct: Num.nullable(),
    /** When the crossing was seen, epoch ms (main's clock). */
    firedAt: EpochMs,
    notified: z.boolean(),
  }),
]);
export type AlertIntent = z.infer<typeof AlertIntent>;

/**
 * An alert as the trader sees it: the server's row with this terminal's queued writes applied
 * (src/shared/alerts/effective.ts). `pending` names the oldest write still waiting for the
 * server (null: the row is as the server has it).
 */
export const AlertView = PriceAlert.extend({
  pending: z.enum(['create', 'update', 'fire']).nullable(),
});
export type AlertView = z.infer<typeof AlertView>;
