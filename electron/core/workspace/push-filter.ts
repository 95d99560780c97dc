import type { PushName } from '../../../src/shared/contract';
import type { RowKind, StatePatch, StateSnapshot } from '../../../src/shared/domain';
import type { WindowTopic } from '../../../src/shared/layout';
import type { PushFilter } from '../ipc/push-hub';

/** The topic each kind of row belongs to (upserts and deletes alike). */
const KIND_TOPIC: Record<RowKind, WindowTopic> = {
  account: 'account',
  order: 'orders',
  position: 'positions',
  transaction: 'transactions',
  watchlist: 'watchlists',
  watchlistItem: 'watchlists',
  instrument: 'instruments',
  intent: 'intents',
  priceAlert: 'alerts',
  alertIntent: 'alerts',
};

/**
 * The filter of a window that receives only `topics` (see src/shared/layout/topics.ts): a
 * snapshot keeps the fields of its topics (others empty, `account` null), a patch keeps the
 * changes of its topics (dropped when nothing is left and it carries no freshness update), a
 * trading event needs `events`, the `alerts.*` pushes need `alerts`. Every other push passes unchanged. The snapshot is copied
 * shallowly: the arrays themselves are shared, never mutated.
 */
export function topicFilter(topics: Iterable<WindowTopic>): PushFilter {
  const has = new Set(topics);
  const filter = (name: PushName, payload: unknown): unknown => {
    switch (name) {
      case 'state.snapshot': {
        const s = payload as StateSnapshot;
        return {
          ...s,
          account: has.has('account') ? s.account : null,
          orders: has.has('orders') ? s.orders : [],
          positions: has.has('positions') ? s.positions : [],
          transactions: has.has('transactions') ? s.transactions : [],
          watchlists: has.has('watchlists') ? s.watchlists : [],
          watchlistItems: has.has('watchlists') ? s.watchlistItems : [],
          instruments: has.has('instruments') ? s.instruments : [],
          quotes: has.has('instruments') ? s.quotes : [],
          intents: has.has('intents') ? s.intents : [],
          riskConfig: has.has('riskConfig') ? s.riskConfig : [],
          priceAlerts: has.has('alerts') ? s.priceAlerts : [],
          alertIntents: has.has('alerts') ? s.alertIntents : [],
        } satisfies StateSnapshot;
      }
      case 'state.patch': {
        const p = payload as StatePatch;
        const changes = p.changes.filter((c) => has.has(KIND_TOPIC[c.kind]));
        if (changes.length === p.changes.length) return p;
        if (changes.length === 0 && p.stale === undefined && p.syncedAt === undefined) return null;
        return { ...p, changes } satisfies StatePatch;
      }
      case 'trading.event':
        return has.has('events') ? payload : null;
      // An alert's toast, refusal and notification click: windows showing alerts (and the main one).
      case 'alerts.triggered':
      case 'alerts.refused':
      case 'alerts.focus':
        return has.has('alerts') ? payload : null;
      default:
        return payload;
    }
  };
  return filter as PushFilter;
}
