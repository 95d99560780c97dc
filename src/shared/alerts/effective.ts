import type { AlertChanges, AlertIntent, AlertView, PriceAlert } from '../domain/alerts';

/** The canonical UTC instant of an epoch-ms time (how rows carry times). */
function instant(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The arming rules of the server (tradedesk_price_alert_rules in the price_alerts migration),
 * applied to a view for a queued update: a new value or condition on a fired alert arms it
 * again; an alert becoming ACTIVE (or changing while ACTIVE) is a new arming; leaving TRIGGERED
 * clears the triggered fields. `at`: when the update was made (epoch ms).
 */
export function applyAlertChanges(view: AlertView, changes: AlertChanges, at: number): AlertView {
  const next: AlertView = { ...view };
  if (changes.value !== undefined) next.value = changes.value;
  if (changes.condition !== undefined) next.condition = changes.condition;
  if (changes.note !== undefined) next.note = changes.note;
  if (changes.state !== undefined) next.state = changes.state;
  const moved = next.value !== view.value || next.condition !== view.condition;
  if (view.state === 'TRIGGERED' && next.state === 'TRIGGERED' && moved) next.state = 'ACTIVE';
  if (next.state === 'ACTIVE' && (view.state !== 'ACTIVE' || moved)) {
    if (changes.armId !== undefined) next.armId = changes.armId;
    next.armedAt = instant(at);
  }
  if (next.state !== 'TRIGGERED') {
    next.triggeredAt = null;
    next.triggeredPrice = null;
    next.triggeredBy = null;
  }
  return next;
}

/** True when these changes, applied to `view`, begin a new arming (they must carry an armId). */
export function changesArm(view: Pick<AlertView, 'state' | 'value' | 'condition'>, changes: AlertChanges): boolean {
  const state = changes.state ?? view.state;
  const moved =
    (changes.value !== undefined && changes.value !== view.value) ||
    (changes.condition !== undefined && changes.condition !== view.condition);
  if (view.state === 'TRIGGERED' && changes.state === undefined && moved) return true;
  return state === 'ACTIVE' && (view.state !== 'ACTIVE' || moved);
}

/**
 * The alerts as the trader sees them: the server's rows with this terminal's queued writes
 * (intents, oldest first) applied on top, the way the server will apply them. A queued create
 * shows as the new alert, a queued delete hides it, a queued fire shows it TRIGGERED. `pending`
 * says what is still waiting for the server: `create` (the server does not have the alert yet),
 * else `fire` (a crossing this terminal saw), else `update`. Pure; the main process arms its
 * alert engine from this list and the renderer shows it, so both agree.
 *
 * Order: newest first by creation time, then id (the Alerts panel's default).
 */
export function effectiveAlerts(rows: readonly PriceAlert[], intents: readonly AlertIntent[]): AlertView[] {
  const views = new Map<string, AlertView>();
  for (const row of rows) views.set(row.id, { ...row, pending: null });
  const pending = new Map<string, Set<AlertIntent['op']>>();
  for (const intent of intents) {
    const view = views.get(intent.alertId);
    switch (intent.op) {
      case 'create': {
        // Once the server has the row, the create was delivered (its confirmation may still be on its way).
        if (view !== undefined) break;
        const a = intent.alert;
        views.set(intent.alertId, {
          id: intent.alertId,
          userId: a.userId,
          watchlistItemId: null,
          token: a.token,
          symbol: a.symbol,
          exchange: a.exchange,
          condition: a.condition,
          value: a.value,
          state: a.state,
          note: a.note,
          armId: a.armId,
          armedAt: a.state === 'ACTIVE' ? instant(intent.createdAt) : null,
          triggeredAt: null,
          triggeredPrice: null,
          triggeredBy: null,
          createdAt: instant(intent.createdAt),
          version: 0,
          pending: null,
        });
        mark(pending, intent.alertId, 'create');
        break;
      }
      case 'update':
        if (view === undefined) break;
        views.set(intent.alertId, applyAlertChanges(view, intent.changes, intent.createdAt));
        mark(pending, intent.alertId, 'update');
        break;
      case 'delete':
        views.delete(intent.alertId);
        pending.delete(intent.alertId);
        break;
      case 'fire':
        // Only the arming the crossing was seen for; a re-armed or disabled alert is not fired by it.
        if (view === undefined || view.state !== 'ACTIVE' || view.armId !== intent.armId) break;
        views.set(intent.alertId, {
          ...view,
          state: 'TRIGGERED',
          triggeredAt: instant(intent.firedAt),
          triggeredPrice: intent.price,
          triggeredBy: null,
        });
        mark(pending, intent.alertId, 'fire');
        break;
    }
  }
  const out: AlertView[] = [];
  for (const view of views.values()) {
    const ops = pending.get(view.id);
    const state: AlertView['pending'] = !ops
      ? null
      : ops.has('create')
        ? 'create'
        : ops.has('fire')
          ? 'fire'
          : 'update';
    out.push(state === view.pending ? view : { ...view, pending: state });
  }
  return out.sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? 1 : -1,
  );
}

function mark(pending: Map<string, Set<AlertIntent['op']>>, id: string, op: AlertIntent['op']): void {
  let set = pending.get(id);
  if (!set) pending.set(id, (set = new Set()));
  set.add(op);
}
