import { describe, expect, it } from 'vitest';
import { marketPanelsOf, panelInstrumentOfContext, wireMarketPanels } from '../../../../src/renderer/charts/panels';
import { createChartsStore } from '../../../../src/renderer/charts/store';
import { ownPanels } from '../../../../src/renderer/store/slices/workspace';
import { createTerminalStore, initialTerminalState, type TerminalStore } from '../../../../src/renderer/store/store';
import type { LayoutState } from '../../../../src/shared/contract';
import { defaultWindows, type Panel } from '../../../../src/shared/layout';
import type { InstrumentContext } from '../../../../src/shared/link';
import { instrument, snapshot } from '../fixtures';

const RED = 'fdc3.channel.1' as const;
const RELIANCE = { token: 2885, exchange: 'NSE_EQ', symbol: 'RELIANCE' };
const GOLD = { token: 53505, exchange: 'MCX_FO', symbol: 'GOLDM' };

function context(ticker: string, token: number, exchange = 'NSE'): InstrumentContext {
  return { type: 'fdc3.instrument', id: { ticker, token, exchange } };
}

const chart: Panel = { id: 'chart-1', kind: 'chart', link: RED, instrument: null, interval: '5m' };
const depth: Panel = { id: 'depth-1', kind: 'depth', link: null, instrument: RELIANCE };

function layout(panels: Panel[]): LayoutState {
  return {
    layout: { id: 'l1', name: 'Default' },
    monitorSet: 'none',
    variant: 'exact',
    windows: [{ ...defaultWindows()[0]!, panels }],
    open: ['main'],
    self: 'main',
    notice: null,
  };
}

/** The terminal store with a layout, the charts slice, and updatePanel as the commands do it (the window's copy edited at once). */
function setup(panels: Panel[]) {
  const store: TerminalStore = createTerminalStore(initialTerminalState('dark', 'main'));
  store.getState().replaceSnapshot(snapshot({ instruments: [instrument(53505, 'GOLDM', 'MCX_FO')] }));
  store.getState().setLayout(layout(panels));
  const charts = createChartsStore();
  const written: Array<[string, Partial<Panel>]> = [];
  const updatePanel = async (panelId: string, patch: Partial<Panel>) => {
    written.push([panelId, patch]);
    const own = ownPanels(store.getState().workspace);
    store.getState().setOwnPanels(own.map((p) => (p.id === panelId ? ({ ...p, ...patch } as Panel) : p)));
  };
  const stop = wireMarketPanels(store, charts, { updatePanel });
  const linkTo = (ctx: InstrumentContext, targets = ['chart-1']) =>
    store.getState().linkContext({ channel: RED, context: ctx, source: null, targets, at: 1 });
  return { store, charts, written, stop, linkTo };
}

describe('chart and depth panels of the layout', () => {
  it('the charts slice holds the panels that have an instrument', () => {
    expect(marketPanelsOf([chart, depth, { id: 'orders-1', kind: 'orders', link: null, filter: 'all' }])).toEqual([
      { id: 'depth-1', kind: 'depth', instrument: RELIANCE },
    ]);
    const { charts, stop } = setup([chart, depth]);
    expect(charts.getState().panels).toEqual([{ id: 'depth-1', kind: 'depth', instrument: RELIANCE }]);
    stop();
  });

  it('a link sets a chart’s instrument in its settings (the session of the instrument master’s exchange), once', () => {
    const { store, charts, written, stop, linkTo } = setup([chart, depth]);
    linkTo(context('GOLDM', 53505, 'MCX'));
    expect(written).toEqual([['chart-1', { instrument: GOLD }]]);
    expect(ownPanels(store.getState().workspace).find((p) => p.id === 'chart-1')).toMatchObject({ instrument: GOLD });
    expect(charts.getState().panels.map((p) => `${p.id} ${p.instrument.symbol}`)).toEqual([
      'chart-1 GOLDM',
      'depth-1 RELIANCE',
    ]);

    // The trader points the chart elsewhere (C on a row): later changes to the window do not
    // pull it back to the linked instrument it was given before.
    void store
      .getState()
      .setOwnPanels(
        ownPanels(store.getState().workspace).map((p) => (p.id === 'chart-1' ? { ...p, instrument: RELIANCE } : p)),
      );
    store.getState().setEdited('ticket-1', true);
    expect(written).toHaveLength(1);
    expect(charts.getState().panels[0]).toMatchObject({ id: 'chart-1', instrument: RELIANCE });

    // The next selection on the channel retargets it again.
    linkTo(context('TCS', 11536, 'NSE_EQ'));
    expect(written.at(-1)).toEqual(['chart-1', { instrument: { token: 11536, exchange: 'NSE_EQ', symbol: 'TCS' } }]);
    expect(charts.getState().panels[0]).toMatchObject({ instrument: { symbol: 'TCS' } });
    stop();
  });

  it('a panel that leaves the window leaves the charts slice', () => {
    const { store, charts, stop } = setup([chart, depth]);
    store.getState().setLayout(layout([chart]));
    expect(charts.getState().panels).toEqual([]);
    stop();
  });

  it('an exchange a layout may not hold leaves the panel as it was', () => {
    const bad = panelInstrumentOfContext({ trading: { instruments: {} } }, context('X', 1, 'nse eq'));
    expect(bad).toBeNull();
    expect(panelInstrumentOfContext({ trading: { instruments: {} } }, context('INFY', 408065, 'nse_eq'))).toEqual({
      token: 408065,
      exchange: 'NSE_EQ',
      symbol: 'INFY',
    });
  });
});
