import type { IpcRouter } from '../ipc/router';
import type { PushHub } from '../ipc/push-hub';
import type { MarketService } from '../market/service';
import type { ChartService } from './chart-service';

/**
 * The charts-and-depth half of the IPC contract (src/shared/contract/charts.ts): chart panels
 * open and close series in the ChartService; depth panels put their instrument in `full` mode
 * for their window (MarketService.setWindowDepth), ref-counted per panel so two panels of one
 * window on one instrument keep it until both close.
 */
export function registerChartMethods(
  router: IpcRouter,
  deps: { hub: PushHub; charts: ChartService; market: MarketService },
): void {
  const { hub, charts, market } = deps;
  /** Per window: depth panel id → the instrument it shows. */
  const depthPanels = new Map<string, Map<string, number>>();

  const applyDepth = (windowId: string) => {
    const panels = depthPanels.get(windowId);
    const tokens = panels ? [...new Set(panels.values())] : [];
    if (panels && panels.size === 0) depthPanels.delete(windowId);
    market.setWindowDepth(windowId, tokens);
  };
  hub.onDetach((windowId) => {
    if (depthPanels.delete(windowId)) market.setWindowDepth(windowId, []);
  });

  router.handle('chart.open', ({ panelId, instrument, interval }, { windowId }) =>
    charts.open(windowId, panelId, instrument, interval),
  );
  router.handle('chart.close', ({ panelId }, { windowId }) => {
    charts.close(windowId, panelId);
    return { ok: true as const };
  });
  router.handle('chart.history', ({ token, interval, before, limit }) =>
    charts.history(token, interval, before, limit),
  );

  router.handle('depth.open', ({ panelId, instrument }, { windowId }) => {
    let panels = depthPanels.get(windowId);
    if (!panels) depthPanels.set(windowId, (panels = new Map()));
    panels.set(panelId, instrument.token);
    applyDepth(windowId);
    return { depth: market.depth(instrument.token) };
  });
  router.handle('depth.close', ({ panelId }, { windowId }) => {
    const panels = depthPanels.get(windowId);
    if (panels?.delete(panelId)) applyDepth(windowId);
    return { ok: true as const };
  });
}
