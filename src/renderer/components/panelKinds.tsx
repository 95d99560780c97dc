import type { ComponentType } from 'react';
import { PANEL_TRAITS, type Panel, type PanelKind } from '../../shared/layout';
import { usePanel } from '../app/context';
import { AccountPanel } from './AccountPanel';
import { EventLog } from './Notifications';
import { OrdersPanel } from './OrdersPanel';
import { PanelHead } from './PanelHead';
import { PositionsPanel } from './PositionsPanel';
import { TicketPanel } from './TicketPanel';
import { WatchlistPanel } from './WatchlistPanel';

/**
 * What draws each panel kind in this build. A kind the layout may hold but this renderer does
 * not draw yet (chart, depth: their panels are on the way) shows a placeholder that keeps its
 * place, its link colour and its detach control, so a layout saved by a newer build loses nothing.
 */
export const PANEL_COMPONENTS: Partial<Record<PanelKind, ComponentType>> = {
  watchlist: WatchlistPanel,
  positions: PositionsPanel,
  orders: OrdersPanel,
  account: AccountPanel,
  events: EventLog,
  ticket: TicketPanel,
};

/** Kinds the `Add panel` menu offers (the ones drawn here), in menu order. */
export const DRAWABLE_KINDS: readonly PanelKind[] = (
  ['watchlist', 'ticket', 'positions', 'orders', 'account', 'events'] as const
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
