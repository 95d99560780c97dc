import { z } from 'zod';
import { chartPushes } from './charts';
import { alertPushes } from './alerts';
import { workspacePushes } from './workspace';
import { ConnectionStatus, Quote, SessionState, StatePatch, StateSnapshot, TradingEvent } from '../domain';

/** Every main → renderer push. Renderers parse each payload before it touches the store. */
export const pushes = {
  'session.state': SessionState,
  'connection.status': ConnectionStatus,
  'state.snapshot': StateSnapshot,
  'state.patch': StatePatch,
  'trading.event': TradingEvent,
  /** Latest quote per instrument this window shows, coalesced (at most one batch per interval). */
  'market.ticks': z.object({ quotes: z.array(Quote) }),
  /**
   * The instruments this window shows that the feed does not serve right now, and why: the
   * complete current list (an empty list clears it). `unresolved`/`forbidden`/`refused`: the
   * service refused the subscription (asked again with backoff); `limit`: the connection is at the
   * service's per-connection instrument limit.
   */
  'market.issues': z.object({
    issues: z.array(
      z.object({
        instrument: z.union([z.string(), z.number()]),
        reason: z.enum(['unresolved', 'forbidden', 'refused', 'limit']),
      }),
    ),
  }),
  // Layouts and links (workspace.ts).
  ...workspacePushes,
  // Charts and depth (charts.ts).
  ...chartPushes,
  // Price alerts and the keymap (alerts.ts).
  ...alertPushes,
} as const;

export type Pushes = typeof pushes;
export type PushName = keyof Pushes;
export type PushPayload<P extends PushName> = z.output<Pushes[P]>;

export const pushNames = Object.keys(pushes) as PushName[];
export function isPushName(name: unknown): name is PushName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(pushes, name);
}
