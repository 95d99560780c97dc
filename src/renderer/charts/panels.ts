import { PanelInstrument, type Panel } from '../../shared/layout';
import type { LinkContext } from '../../shared/link';
import { ownPanels } from '../store/slices/workspace';
import type { TerminalState, TerminalStore, TradingPick } from '../store/store';
import type { WorkspaceCommands } from '../workspace/commands';
import type { ChartsStore, MarketPanel } from './store';

/**
 * Chart and depth panels are layout panels (detachable, linkable, saved with the layout). This
 * file connects them to the charts slice: which of this window's panels main is asked to stream
 * (those with an instrument), and what a link colour puts into them (kept in the panel's
 * `instrument` setting, so a restored layout shows the same instrument).
 */

/** This window's chart and depth panels that have an instrument, as the charts slice holds them. */
export function marketPanelsOf(panels: readonly Panel[]): MarketPanel[] {
  const out: MarketPanel[] = [];
  for (const p of panels) {
    if (p.kind === 'chart' && p.instrument)
      out.push({ id: p.id, kind: 'chart', instrument: p.instrument, interval: p.interval });
    else if (p.kind === 'depth' && p.instrument) out.push({ id: p.id, kind: 'depth', instrument: p.instrument });
  }
  return out;
}

/**
 * The instrument a chart or depth panel takes from a link context: its token and symbol, and
 * the exchange whose session its candles follow — the instrument master's (`NSE_EQ`, `MCX_FO`)
 * where this window knows it, else the context's. Null when that is not an exchange a layout
 * may hold (the panel keeps what it shows).
 */
export function panelInstrumentOfContext(s: TradingPick<'instruments'>, context: LinkContext): PanelInstrument | null {
  const known = s.trading.instruments[context.id.token];
  const parsed = PanelInstrument.safeParse({
    token: context.id.token,
    exchange: (known?.exchange ?? context.id.exchange).toUpperCase(),
    symbol: context.id.ticker,
  });
  return parsed.success ? parsed.data : null;
}

/**
 * Keeps the charts slice's panels equal to this window's chart and depth layout panels, and
 * writes what a link delivers to a chart or depth panel into its `instrument` setting (main
 * saves it with the layout, debounced). Each delivered context is applied once: a later `C` on
 * a row retargets the chart without the old link context pulling it back. Returns the unsubscribe.
 */
export function wireMarketPanels(
  store: TerminalStore,
  charts: ChartsStore,
  commands: Pick<WorkspaceCommands, 'updatePanel'>,
): () => void {
  /** Per panel id: the link context last written into its settings. */
  const applied = new Map<string, LinkContext>();
  const sync = (state: TerminalState) => {
    const panels = ownPanels(state.workspace);
    for (const p of panels) {
      if (p.kind !== 'chart' && p.kind !== 'depth') continue;
      const context = state.workspace.linked[p.id];
      if (!context || applied.get(p.id) === context) continue;
      // Recorded first: updatePanel edits the window's copy at once, which calls back in here.
      applied.set(p.id, context);
      const instrument = panelInstrumentOfContext(state, context);
      if (!instrument || sameInstrument(instrument, p.instrument)) continue;
      void commands.updatePanel(p.id, { instrument });
    }
    for (const id of applied.keys()) if (!panels.some((p) => p.id === id)) applied.delete(id);
    charts.getState().setPanels(marketPanelsOf(ownPanels(store.getState().workspace)));
  };
  sync(store.getState());
  return store.subscribe((next, prev) => {
    if (next.workspace !== prev.workspace || next.trading.instruments !== prev.trading.instruments) sync(next);
  });
}

function sameInstrument(a: PanelInstrument, b: PanelInstrument | null): boolean {
  return b !== null && a.token === b.token && a.exchange === b.exchange && a.symbol === b.symbol;
}
