import { lazy, Suspense, type ComponentType } from 'react';
import { PANEL_TRAITS, type Panel, type PanelKind } from '../../shared/layout';
import { usePanel, useWorkspace } from '../app/context';
import { AccountPanel } from './AccountPanel';
import { AlertsPanel } from './AlertsPanel';
import { DepthPanel } from './DepthPanel';
import { EventLog } from './Notifications';
import { OrdersPanel } from './OrdersPanel';
import { PanelHead, linkColourName } from './PanelHead';
import { PositionsPanel } from './PositionsPanel';
import { TicketPanel } from './TicketPanel';
import { WatchlistPanel } from './WatchlistPanel';

/**
 * The chart panel and the chart library (lightweight-charts, ~170 KB minified) are a chunk of
 * their own, so the first paint of the terminal does not wait for them; `preloadChart` fetches
 * it once the window is idle, so the first chart opened is not slowed by the fetch either.
 */
const loadChart = () => import('./ChartPanel');
const ChartPanel = lazy(() => loadChart().then((m) => ({ default: m.ChartPanel })));

export function preloadChart(): void {
  void loadChart();
}

/**
 * A chart panel of the layout: its instrument and interval are the panel's settings (a link
 * colour writes the instrument there: charts/panels.ts), so it detaches and comes back with a
 * layout showing the same thing. Without an instrument yet it says how to give it one.
 */
function LayoutChart() {
  const panel = usePanel();
  const workspace = useWorkspace();
  if (panel?.kind !== 'chart') return null;
  if (!panel.instrument) return <Waiting panel={panel} />;
  const { id, instrument, interval } = panel;
  return (
    <Suspense
      fallback={
        <section className="panel chart-panel" aria-label={`Chart ${instrument.symbol}`}>
          <p className="chart-readout muted" role="status">
            Loading the chart…
          </p>
        </section>
      }
    >
      <ChartPanel
        panel={{ id, instrument, interval }}
        onInterval={(next) => void workspace.updatePanel(id, { interval: next })}
        onClose={() => void workspace.removePanel(id, `chart ${instrument.symbol}`)}
      />
    </Suspense>
  );
}

/** A depth panel of the layout (as LayoutChart). */
function LayoutDepth() {
  const panel = usePanel();
  const workspace = useWorkspace();
  if (panel?.kind !== 'depth') return null;
  if (!panel.instrument) return <Waiting panel={panel} />;
  const { id, instrument } = panel;
  return (
    <DepthPanel
      panel={{ id, instrument }}
      onClose={() => void workspace.removePanel(id, `depth ${instrument.symbol}`)}
    />
  );
}

/** A chart or depth panel with nothing to show yet: how to give it an instrument. */
function Waiting({ panel }: { panel: Extract<Panel, { kind: 'chart' | 'depth' }> }) {
  const title = PANEL_TRAITS[panel.kind].title;
  const key = panel.kind === 'chart' ? 'C' : 'D';
  return (
    <section className={`panel panel-waiting ${panel.kind}-panel`} aria-labelledby={`${panel.id}-title`}>
      <PanelHead id={`${panel.id}-title`} name={title.toLowerCase()}>
        {title}
      </PanelHead>
      <p className="empty">
        {panel.link
          ? `Select an instrument in a ${linkColourName(panel.link).toLowerCase()}-linked watchlist, positions or orders panel, or press ${key} on a watchlist row.`
          : `Choose a link colour and select an instrument in a panel of the same colour, or press ${key} on a watchlist row.`}
      </p>
    </section>
  );
}

/**
 * What draws each panel kind in this build. A kind the layout may hold but this renderer does
 * not draw shows a placeholder that keeps its place, its link colour and its detach control,
 * so a layout saved by a newer build loses nothing.
 */
export const PANEL_COMPONENTS: Partial<Record<PanelKind, ComponentType>> = {
  watchlist: WatchlistPanel,
  positions: PositionsPanel,
  orders: OrdersPanel,
  account: AccountPanel,
  events: EventLog,
  ticket: TicketPanel,
  chart: LayoutChart,
  depth: LayoutDepth,
  alerts: AlertsPanel,
};

/** Kinds the `Add panel` menu offers (the ones drawn here), in menu order. */
export const DRAWABLE_KINDS: readonly PanelKind[] = (
  ['watchlist', 'ticket', 'chart', 'depth', 'alerts', 'positions', 'orders', 'account', 'events'] as const
).filter((k) => PANEL_COMPONENTS[k] !== undefined);

export function PanelView({ panel }: { panel: Panel }) {
  const Component = PANEL_COMPONENTS[panel.kind];
  return Component ? <Component /> : <Placeholder />;
}

function Placeholder() {
  const panel = usePanel();
  if (!panel) return null;
  const title = PANEL_TRAITS[panel.kind].title;
  return (
    <section className={`panel panel-${panel.kind}`} aria-labelledby={`${panel.id}-title`}>
      <PanelHead id={`${panel.id}-title`} name={title.toLowerCase()}>
        {title}
      </PanelHead>
      <p className="empty">This version of Tradedesk cannot show a {title.toLowerCase()} panel yet.</p>
    </section>
  );
}
