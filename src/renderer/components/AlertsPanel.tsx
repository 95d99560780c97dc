import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { alertValueText, describeAlert } from '../../shared/alerts';
import type { AlertCondition, AlertView } from '../../shared/domain';
import { desktopPermission, notificationApi, type DesktopPermission } from '../alerts/desktop';
import type { Panel } from '../../shared/layout';
import { useActions, useClient, usePanel, useTerminal, useWorkspace } from '../app/context';
import { formatPrice } from '../format/numbers';
import { formatClock } from '../format/time';
import { alertViews } from '../store/selectors';
import type { UiState } from '../store/store';
import { PanelHead } from './PanelHead';
import { selectableRowProps, useLinkedSelection, type SelectableRowProps } from '../workspace/useLinkedSelection';

const CONDITION_SHORT: Record<AlertCondition, string> = {
  LTP_ABOVE: 'LTP ≥',
  LTP_BELOW: 'LTP ≤',
  CHANGE_PCT_ABOVE: 'Chg % ≥',
  CHANGE_PCT_BELOW: 'Chg % ≤',
};

const FILTERS: ReadonlyArray<{ value: UiState['alertsFilter']; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'ACTIVE', label: 'Armed' },
  { value: 'TRIGGERED', label: 'Triggered' },
  { value: 'DISABLED', label: 'Disabled' },
];

type AlertsFilter = UiState['alertsFilter'];
type LayoutAlertsFilter = Extract<Panel, { kind: 'alerts' }>['filter'];
/** The layout keeps an alerts panel's filter in its own words (lower case); the side tab keeps it in the UI state. */
const FROM_LAYOUT: Record<LayoutAlertsFilter, AlertsFilter> = {
  all: 'all',
  active: 'ACTIVE',
  triggered: 'TRIGGERED',
  disabled: 'DISABLED',
};
const TO_LAYOUT: Record<AlertsFilter, LayoutAlertsFilter> = {
  all: 'all',
  ACTIVE: 'active',
  TRIGGERED: 'triggered',
  DISABLED: 'disabled',
};

/** What a queued write means for the trader, in words. */
function pendingWords(pending: AlertView['pending']): string | null {
  switch (pending) {
    case null:
      return null;
    case 'create':
      return 'Queued: not on the server yet, sent when online';
    case 'update':
      return 'Queued: change sent when online';
    case 'fire':
      return 'Queued: trigger sent when online';
  }
}

function StateCell({ alert }: { alert: AlertView }) {
  const queued = pendingWords(alert.pending);
  return (
    <td>
      {alert.state === 'ACTIVE' && <span className="alert-state alert-armed">Armed</span>}
      {alert.state === 'DISABLED' && <span className="alert-state alert-disabled">Disabled</span>}
      {alert.state === 'TRIGGERED' && (
        <>
          <span className="alert-state alert-triggered">Triggered</span>
          <div className="muted alert-ltp">
            {alert.triggeredPrice !== null && <>at {formatPrice(alert.triggeredPrice)}</>}
            {alert.triggeredAt !== null && <> · {formatClock(Date.parse(alert.triggeredAt))}</>}
          </div>
        </>
      )}
      {queued && (
        <span className="badge badge-queued" title={queued}>
          {queued}
        </span>
      )}
    </td>
  );
}

function AlertRow({ alert, selected, focusable, onSelect }: SelectableRowProps & { alert: AlertView }) {
  const actions = useActions();
  const client = useClient();
  const ltp = useTerminal(
    (s) => s.market.quotes[alert.token]?.ltp ?? s.trading.instruments[alert.token]?.lastPrice ?? null,
  );
  const name = describeAlert(alert);
  const report = (what: string) => (r: { ok: boolean; error?: { message: string } }) => {
    if (!r.ok) actions.notify({ kind: 'refused', what, message: r.error?.message ?? '' });
  };
  return (
    <tr
      className={
        [alert.state === 'TRIGGERED' ? 'alert-row-triggered' : '', selected ? 'selected' : ''].join(' ').trim() ||
        undefined
      }
      {...selectableRowProps(selected, focusable, () => onSelect(alert.id, alert.symbol))}
    >
      <th scope="row" className="sym">
        {alert.symbol}
        {alert.watchlistItemId !== null && (
          <span className="badge" title="Set on a watchlist row (the web dashboard's alert)">
            watchlist
          </span>
        )}
        {alert.note && <div className="muted alert-note">{alert.note}</div>}
      </th>
      <td className="num">
        {CONDITION_SHORT[alert.condition]} {alertValueText(alert.condition, alert.value)}
        <div className="muted alert-ltp">LTP {formatPrice(ltp)}</div>
      </td>
      <StateCell alert={alert} />
      <td className="actions">
        <button
          type="button"
          className="btn btn-small"
          aria-label={`Edit alert ${name}`}
          title="Edit"
          onClick={() => actions.setUi({ dialog: { kind: 'alert', token: alert.token, alertId: alert.id } })}
        >
          ✎
        </button>
        {alert.state !== 'ACTIVE' && (
          <button
            type="button"
            className="btn btn-small"
            aria-label={`Re-arm alert ${name}`}
            title="Re-arm"
            onClick={async () => report('Re-arm alert')(await client.call('alerts.rearm', { id: alert.id }))}
          >
            ↺
          </button>
        )}
        {alert.state === 'ACTIVE' && (
          <button
            type="button"
            className="btn btn-small"
            aria-label={`Disable alert ${name}`}
            title="Disable"
            onClick={async () =>
              report('Disable alert')(await client.call('alerts.update', { id: alert.id, state: 'DISABLED' }))
            }
          >
            ⊘
          </button>
        )}
        <button
          type="button"
          className="btn btn-small btn-icon"
          aria-label={`Delete alert ${name}`}
          title="Delete"
          onClick={async () => report('Delete alert')(await client.call('alerts.delete', { id: alert.id }))}
        >
          ×
        </button>
      </td>
    </tr>
  );
}

/**
 * The browser host tells the trader on the desktop only once they allowed it; the permission is
 * asked from a click (browsers refuse it otherwise). Electron's notifications need nothing.
 */
function DesktopNotifications() {
  const host = useTerminal((s) => s.connection.appInfo?.host ?? null);
  const [permission, setPermission] = useState<DesktopPermission>(() => desktopPermission());
  if (host !== 'web') return null;
  if (permission === 'granted') return null;
  if (permission !== 'default')
    return (
      <p className="muted alert-hint">
        {permission === 'denied'
          ? 'Desktop notifications are blocked for this page in the browser’s site settings; alerts show here only.'
          : 'This browser cannot show desktop notifications; alerts show here only.'}
      </p>
    );
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={async () => {
        const api = notificationApi();
        if (api) setPermission(await api.requestPermission());
      }}
    >
      Allow desktop notifications
    </button>
  );
}

/**
 * The trader's price alerts: list, filter by state, create, edit, re-arm, disable, delete.
 * Drawn as a workspace panel of its own (kind `alerts`: detachable, its filter saved with the
 * layout) or in the event log's side tab (filter in the UI state, no panel controls).
 */
export function AlertsPanel() {
  const slot = usePanel();
  const own = slot?.kind === 'alerts' ? slot : null;
  const workspace = useWorkspace();
  const uiFilter = useTerminal((s) => s.ui.alertsFilter);
  const filter = own ? FROM_LAYOUT[own.filter] : uiFilter;
  const alerts = useTerminal(
    useShallow((s) => {
      const all = alertViews(s);
      return filter === 'all' ? all : all.filter((a) => a.state === filter);
    }),
  );
  const total = useTerminal((s) => alertViews(s).length);
  const selectedToken = useTerminal((s) => s.ui.selectedToken);
  // Selecting an alert's row sends its instrument on the panel's link colour (an alerts panel of its own).
  const { selected, select } = useLinkedSelection();
  const actions = useActions();
  return (
    <section className="panel alerts" aria-labelledby="alerts-title">
      {own ? (
        <PanelHead id="alerts-title" name="alerts">
          Alerts <span className="muted">{total}</span>
        </PanelHead>
      ) : (
        <h2 id="alerts-title" className="panel-title">
          Alerts <span className="muted">{total}</span>
        </h2>
      )}
      <div className="panel-toolbar">
        <label className="inline-field">
          Show
          <select
            value={filter}
            onChange={(e) => {
              const next = e.target.value as AlertsFilter;
              if (own) void workspace.updatePanel(own.id, { filter: TO_LAYOUT[next] });
              else actions.setUi({ alertsFilter: next });
            }}
          >
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => actions.setUi({ dialog: { kind: 'alert', token: selectedToken, alertId: null } })}
        >
          New alert
        </button>
        <DesktopNotifications />
      </div>
      <p className="muted alert-hint">Alerts fire while Tradedesk is running.</p>
      <div className="scroll">
        <table className="grid alerts-table" aria-label="Alerts">
          <colgroup>
            <col style={{ width: '26%' }} />
            <col style={{ width: '30%' }} />
            <col style={{ width: '24%' }} />
            <col style={{ width: '20%' }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">
                Condition
              </th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a, i) => (
              <AlertRow
                key={a.id}
                alert={a}
                selected={a.id === selected}
                focusable={alerts.some((x) => x.id === selected) ? a.id === selected : i === 0}
                onSelect={select}
              />
            ))}
          </tbody>
        </table>
        {alerts.length === 0 && (
          <p className="empty">
            {total === 0
              ? 'No alerts yet — select a watchlist row and press A, or use New alert.'
              : 'None in this state.'}
          </p>
        )}
      </div>
    </section>
  );
}
