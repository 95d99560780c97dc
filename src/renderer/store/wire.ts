import { CONTRACT_VERSION } from '../../shared/contract';
import type { Quote } from '../../shared/domain';
import type { TradedeskClient } from '../bridge/client';
import type { HostLink } from '../bridge/connect';
import { notifyDesktop } from '../alerts/desktop';
import { interestTokens } from './selectors';
import type { TerminalStore } from './store';

export const INTEREST_DEBOUNCE_MS = 150;
/**
 * Shortest gap between two tick updates of the screen. 100 ms (10 updates/s per instrument)
 * is faster than the eye reads a changing price and than the broker terminals traders know
 * (Kite streams about one tick per second per instrument); it halves the paint work of the
 * 50 ms batches main sends, which on a 2-core machine decides between a smooth and a choppy
 * screen at 3,000 ticks/s.
 */
export const TICK_APPLY_MS = 100;

/**
 * Connect the store to main: pushes feed it, and the start-up sequence (hello → info → session
 * → connection → state → journal) runs when the host link opens and again after every
 * reconnect, because pushes sent while we were away are gone.
 */
export function wireStore(
  store: TerminalStore,
  client: TradedeskClient,
  link: HostLink,
  tickApplyMs: number = TICK_APPLY_MS,
): () => void {
  const s = () => store.getState();

  // Tick batches are applied at most once per frame and at most every TICK_APPLY_MS: when the
  // page falls behind (a busy machine, a long render) or main batches faster than that, the
  // batches merge into one store update instead of queueing. Only the latest quote per token
  // is kept, so the buffer never grows past the interest set.
  let pendingTicks = new Map<number, Quote>();
  let tickFlushScheduled = false;
  let lastFlushAt = 0;
  const flushTicks = () => {
    tickFlushScheduled = false;
    lastFlushAt = Date.now();
    const batch = [...pendingTicks.values()];
    pendingTicks = new Map();
    s().ticks(batch);
  };
  const onFrame = () => {
    if (
      typeof requestAnimationFrame === 'function' &&
      typeof document !== 'undefined' &&
      document.visibilityState === 'visible'
    )
      requestAnimationFrame(flushTicks);
    else flushTicks();
  };
  const queueTicks = (quotes: readonly Quote[]) => {
    for (const q of quotes) {
      const prev = pendingTicks.get(q.token);
      // Main's receive time orders quotes (the feed's own clock may disagree with any other clock).
      if (!prev || prev.receivedAt <= q.receivedAt) pendingTicks.set(q.token, q);
    }
    if (tickFlushScheduled) return;
    tickFlushScheduled = true;
    setTimeout(onFrame, Math.max(0, lastFlushAt + tickApplyMs - Date.now()));
  };
  const offs: Array<() => void> = [
    client.on('state.snapshot', (p) => s().replaceSnapshot(p)),
    client.on('state.patch', (p) => s().patch(p)),
    client.on('trading.event', (p) => s().tradingEvent(p)),
    client.on('market.ticks', (p) => queueTicks(p.quotes)),
    client.on('connection.status', (p) => s().setFeed(p)),
    client.on('session.state', (p) => s().setSession(p)),
    client.on('market.issues', (p) => s().marketIssues(p.issues)),
    // A fired alert: one toast, and the desktop notification where the host showed none.
    client.on('alerts.triggered', (p) => {
      const notice = notifyDesktop(p, () => {
        if (typeof window !== 'undefined') window.focus();
        s().setUi({ selectedToken: p.alert.token });
      });
      s().notify({ kind: 'alert_triggered', push: p, notice });
    }),
    client.on('alerts.refused', (p) => s().notify({ kind: 'alert_refused', symbol: p.symbol, message: p.message })),
    // The trader clicked the OS notification (Electron): show that instrument.
    client.on('alerts.focus', (p) => s().setUi({ selectedToken: p.token })),
    client.on('keymap.changed', (p) => s().setKeymap(p)),
    client.on('layout.changed', (p) => s().setLayout(p.state)),
    client.on('link.context', (p) => s().linkContext(p)),
  ];

  let lastInterest = '';
  let interestTimer: ReturnType<typeof setTimeout> | null = null;
  const sendInterest = (force: boolean) => {
    const tokens = interestTokens(s());
    const key = tokens.join(',');
    if (!force && key === lastInterest) return;
    lastInterest = key;
    void client.call('market.setInterest', { tokens });
  };
  // Debounced: switching watchlists or a burst of patches sends one update, not dozens.
  const scheduleInterest = () => {
    if (interestTimer) clearTimeout(interestTimer);
    interestTimer = setTimeout(() => {
      interestTimer = null;
      sendInterest(false);
    }, INTEREST_DEBOUNCE_MS);
  };
  offs.push(
    store.subscribe((next, prev) => {
      if (
        next.trading.watchlistItems !== prev.trading.watchlistItems ||
        next.trading.positions !== prev.trading.positions ||
        next.trading.orders !== prev.trading.orders ||
        next.trading.tokenBySymbol !== prev.trading.tokenBySymbol ||
        next.ui.activeWatchlistId !== prev.ui.activeWatchlistId ||
        next.trading.priceAlerts !== prev.trading.priceAlerts ||
        next.ui.dialog !== prev.ui.dialog ||
        next.workspace.layout !== prev.workspace.layout ||
        next.workspace.linked !== prev.workspace.linked
      )
        scheduleInterest();
    }),
  );

  const start = async () => {
    const hello = await client.call('app.hello', { contractVersion: CONTRACT_VERSION });
    if (!hello.ok) {
      if (hello.error.code === 'contract_mismatch') s().setContractMismatch(hello.error.message);
      return;
    }
    if (hello.value.contractVersion !== CONTRACT_VERSION) {
      s().setContractMismatch(
        `This window speaks contract ${CONTRACT_VERSION}, the app speaks ${hello.value.contractVersion}.`,
      );
      return;
    }
    const [info, session, conn, state, events, keymap, layout] = await Promise.all([
      client.call('app.info', {}),
      client.call('session.get', {}),
      client.call('connection.get', {}),
      client.call('state.get', {}),
      client.call('events.list', { limit: 200 }),
      client.call('keymap.get', {}),
      client.call('layout.get', {}),
    ]);
    // The layout first: it decides which panels (and so which instruments) this window shows.
    if (layout.ok) s().setLayout(layout.value);
    if (info.ok) s().setAppInfo(info.value);
    if (session.ok) s().setSession(session.value);
    if (conn.ok) for (const c of conn.value) s().setFeed(c);
    if (state.ok) s().replaceSnapshot(state.value);
    if (events.ok) s().loadEvents(events.value.events);
    if (keymap.ok) s().setKeymap(keymap.value);
    // Main forgets a window's interest when the link drops; always re-send after (re)start.
    sendInterest(true);
  };

  // Start on every transition to `open`: the first open and each reconnect (a request sent
  // before the socket is open would only fail with `offline`).
  let wasOpen = false;
  offs.push(
    link.onLinkStatus((status) => {
      s().setLink(status);
      const open = status.state === 'open';
      if (open && !wasOpen) void start();
      wasOpen = open;
    }),
  );

  return () => {
    if (interestTimer) clearTimeout(interestTimer);
    for (const off of offs) off();
  };
}
