import type { MarketDepth } from '../../shared/domain';
import type { TradedeskClient } from '../bridge/client';
import type { HostLink } from '../bridge/connect';
import { seriesKey, type ChartsStore, type MarketPanel } from './store';

/**
 * Shortest gap between two depth updates of the screen, as for ticks (TICK_APPLY_MS): main
 * pushes depth once per 50 ms frame; a ladder redrawn 10 times a second is as much as the eye
 * reads and halves the panel's work.
 */
export const DEPTH_APPLY_MS = 100;

/**
 * Connect the charts slice to main. Pushes (`chart.series`, `chart.candles`, `market.depth`)
 * feed the slice; the slice's panels are mirrored into main: a chart panel that appears or
 * changes instrument/interval is opened (`chart.open` answers with its series), one that goes
 * is closed, and the same for depth. Main forgets a window's charts when its link drops, so
 * every panel is opened again when the link comes back.
 *
 * `onError` hears a refused open (the panel shows nothing new; the caller toasts it).
 */
export function wireCharts(
  store: ChartsStore,
  client: TradedeskClient,
  link: Pick<HostLink, 'onLinkStatus'>,
  onError: (what: string, message: string) => void = () => undefined,
  depthApplyMs: number = DEPTH_APPLY_MS,
): () => void {
  const s = () => store.getState();
  /** What main was last asked to show, per panel id (its open key). */
  let opened = new Map<string, string>();
  let linkOpen = false;

  const openKey = (p: MarketPanel) =>
    p.kind === 'chart' ? `chart:${seriesKey(p.instrument.token, p.interval)}` : `depth:${p.instrument.token}`;

  const open = async (p: MarketPanel) => {
    if (p.kind === 'chart') {
      const r = await client.call('chart.open', { panelId: p.id, instrument: p.instrument, interval: p.interval });
      if (r.ok) s().seriesLoaded(r.value);
      else onError(`Chart ${p.instrument.symbol}`, r.error.message);
    } else {
      const r = await client.call('depth.open', { panelId: p.id, instrument: p.instrument });
      if (r.ok) {
        if (r.value.depth) s().depthChanged([r.value.depth]);
      } else onError(`Depth ${p.instrument.symbol}`, r.error.message);
    }
  };

  const sync = () => {
    if (!linkOpen) return;
    const panels = s().panels;
    const live = new Set(panels.map((p) => p.id));
    for (const [id, key] of opened) {
      if (live.has(id)) continue;
      opened.delete(id);
      void client.call(key.startsWith('chart:') ? 'chart.close' : 'depth.close', { panelId: id });
    }
    for (const p of panels) {
      const key = openKey(p);
      if (opened.get(p.id) === key) continue;
      opened.set(p.id, key);
      void open(p);
    }
  };

  // Depth pushes merge (latest per instrument) and reach the slice at most every depthApplyMs,
  // on an animation frame while the page is visible.
  let pendingDepth = new Map<number, MarketDepth>();
  let depthTimer: ReturnType<typeof setTimeout> | null = null;
  let lastDepthAt = 0;
  const flushDepth = () => {
    lastDepthAt = Date.now();
    const batch = [...pendingDepth.values()];
    pendingDepth = new Map();
    if (batch.length) s().depthChanged(batch);
  };
  const queueDepth = (depth: readonly MarketDepth[]) => {
    for (const d of depth) {
      const prev = pendingDepth.get(d.token);
      if (!prev || prev.receivedAt <= d.receivedAt) pendingDepth.set(d.token, d);
    }
    if (depthTimer !== null) return;
    depthTimer = setTimeout(
      () => {
        depthTimer = null;
        if (
          typeof requestAnimationFrame === 'function' &&
          typeof document !== 'undefined' &&
          document.visibilityState === 'visible'
        )
          requestAnimationFrame(flushDepth);
        else flushDepth();
      },
      Math.max(0, lastDepthAt + depthApplyMs - Date.now()),
    );
  };

  const offs: Array<() => void> = [
    client.on('chart.series', (p) => s().seriesLoaded(p)),
    client.on('chart.candles', (p) => s().candlesChanged(p.updates)),
    client.on('market.depth', (p) => queueDepth(p.depth)),
    store.subscribe((next, prev) => {
      if (next.panels !== prev.panels) sync();
    }),
    link.onLinkStatus((status) => {
      const nowOpen = status.state === 'open';
      if (nowOpen && !linkOpen) {
        // A new link: main holds nothing of ours any more.
        opened = new Map();
        linkOpen = true;
        sync();
      } else if (!nowOpen) linkOpen = false;
    }),
  ];
  return () => {
    if (depthTimer !== null) clearTimeout(depthTimer);
    for (const off of offs) off();
  };
}
