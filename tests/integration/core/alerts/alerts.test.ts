import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertNotification } from '../../../../electron/core/alerts';
import { createTerminal, type Terminal } from '../../../../electron/core/app/terminal';
import { startStack, stackInfo, type Stack } from '../../../../electron/stack';
import type { IpcResult, PushName, PushPayload } from '../../../../src/shared/contract';
import type { PriceAlert, TradingEvent } from '../../../../src/shared/domain';
import { DEMO, demoProfile, RecordingWindow, startCore, waitFor, type Core } from '../trading/harness';
import { TcpProxy } from '../trading/tcp-proxy';

/**
 * Price alerts end to end: two terminal cores (each its own data folder, cache and installation
 * id) signed in to the same demo account on the real embedded stack (Supabase gateway over
 * PGlite, the market simulator, the paper broker), plus a third, trading-only core that has no
 * alert engine and so learns of a triggered alert through Realtime alone. Terminal A reaches the
 * gateway through a TCP proxy, so it can be taken offline while its market feed stays live.
 */

interface Side {
  name: string;
  terminal: Terminal;
  window: RecordingWindow;
  notified: AlertNotification[];
  dir: string;
}

let stack: Stack;
let proxy: TcpProxy;
/** Each terminal's market feed goes through its own proxy, so either can lose prices alone. */
let marketProxyA: TcpProxy;
let marketProxyB: TcpProxy;
let a: Side;
let b: Side;
let observer: Core;
const dirs: string[] = [];

async function startSide(name: string, supabaseUrl: string, marketUrl: string): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), `tradedesk-alerts-${name}-`));
  dirs.push(dir);
  const terminal = await createTerminal({
    host: 'web',
    appVersion: '9.9.9-test',
    dataDir: dir,
    demoStack: { ...stackInfo(stack), supabaseUrl, marketUrl },
  });
  const window = new RecordingWindow(`${name}-main`, terminal.hub);
  const notified: AlertNotification[] = [];
  terminal.alerts.onNotify((n) => {
    notified.push(n);
    return true;
  });
  await terminal.ready;
  return { name, terminal, window, notified, dir };
}

async function call<T>(side: Side, method: string, args: unknown): Promise<T> {
  const result = (await side.terminal.router.dispatch({ windowId: side.window.id }, method, args)) as IpcResult<T>;
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

const pushesOf = <P extends PushName>(side: Side, name: P): PushPayload<P>[] => side.window.of(name);
const alertEvents = (events: TradingEvent[], id: string) =>
  events.filter((e) => e.type === 'alert_triggered' && e.alert.id === id);

async function serverAlert(id: string): Promise<PriceAlert & { triggeredBy: string | null }> {
  const r = await stack.supabase.db.query<PriceAlert>(
    `SELECT "id", "state", "armId", "triggeredBy", "triggeredPrice"::float8 AS "triggeredPrice", "value"::float8 AS "value"
     FROM price_alerts WHERE "id" = $1`,
    [id],
  );
  return r.rows[0] as PriceAlert;
}

/** A price on RELIANCE-like tick grids (₹0.05), `factor` away from the instrument's price now. */
function priceAway(token: number, factor: number): number {
  return Math.round(stack.market.lastPrice(token)! * factor * 20) / 20;
}

function installationId(side: Side): string {
  return side.terminal.cache.getMeta('global.installationId')!;
}

const live = (side: Side) =>
  side.terminal.trading.status().state === 'live' && side.terminal.market.status().state === 'live';

beforeAll(async () => {
  stack = await startStack({ tickIntervalMs: 200 });
  proxy = await TcpProxy.start(stack.supabase.port);
  marketProxyA = await TcpProxy.start(stack.market.port);
  marketProxyB = await TcpProxy.start(stack.market.port);
  a = await startSide('a', proxy.url, marketProxyA.url);
  b = await startSide('b', stack.supabaseUrl, marketProxyB.url);
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-alerts-observer-'));
  dirs.push(dir);
  observer = startCore(join(dir, 'cache.sqlite'), { windows: 1 });
  await observer.trading.useProfile(demoProfile(stack.supabase));
  await waitFor(() => live(a) && live(b) && observer.trading.status().state === 'live', 'both terminals live');
}, 240_000);

afterAll(async () => {
  await a?.terminal.stop();
  await b?.terminal.stop();
  await observer?.stop();
  await proxy?.stop();
  await marketProxyA?.stop();
  await marketProxyB?.stop();
  await stack?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('price alerts across two terminals of one trader', () => {
  it('an alert created in one terminal is armed in both, fires once between them, and its triggered state reaches every cache', async () => {
    const token = 694; // CIPLA: no window shows it, no position holds it
    const value = priceAway(token, 1.2);
    const { id, pending } = await call<{ id: string; pending: boolean }>(a, 'alerts.create', {
      token,
      condition: 'LTP_ABOVE',
      value,
      note: 'breakout',
    });
    expect(pending).toBe(false);

    // B learns of it through Realtime and arms it; both subscribe CIPLA though no window shows it.
    await waitFor(() => b.terminal.alerts.engine.isArmed(id), 'B armed the alert');
    expect(a.terminal.alerts.engine.isArmed(id)).toBe(true);
    for (const side of [a, b]) {
      expect(side.terminal.market.stats().wanted).toContain(token);
      expect(side.window.of('market.ticks')).toEqual([]); // no window asked for prices
    }
    // Both have seen a live price of CIPLA since arming (the baseline a crossing is judged from).
    await waitFor(
      () =>
        a.terminal.alerts.engine.baseline(token)?.ltp !== undefined &&
        b.terminal.alerts.engine.baseline(token)?.ltp !== undefined,
      'baselines',
    );
    const firedBefore = a.terminal.alerts.stats().fired + b.terminal.alerts.stats().fired;

    stack.market.setPrice(token, value + 0.5);

    // Both caches (and the observer's, which has no alert engine: Realtime only) end TRIGGERED.
    await waitFor(
      () =>
        [a, b].every((s) => s.terminal.cache.get('priceAlert', id)?.state === 'TRIGGERED') &&
        observer.cache.get('priceAlert', id)?.state === 'TRIGGERED',
      'TRIGGERED everywhere',
    );
    await waitFor(
      () => a.terminal.alerts.stats().queued === 0 && b.terminal.alerts.stats().queued === 0,
      'queues empty',
    );
    const row = await serverAlert(id);
    expect(row).toMatchObject({ state: 'TRIGGERED' });
    expect([installationId(a), installationId(b)]).toContain(row.triggeredBy);
    expect(row.triggeredPrice).toBeGreaterThanOrEqual(value);

    // One notification and one toast between the two terminals: from the one that won.
    const winner = row.triggeredBy === installationId(a) ? a : b;
    const loser = winner === a ? b : a;
    const notified = [...a.notified, ...b.notified].filter((n) => n.alertId === id);
    expect(notified).toHaveLength(1);
    expect(winner.notified.filter((n) => n.alertId === id)).toMatchObject([
      { symbol: 'CIPLA', confirmed: true, title: 'Alert: CIPLA' },
    ]);
    const toasts = [...pushesOf(a, 'alerts.triggered'), ...pushesOf(b, 'alerts.triggered')].filter(
      (p) => p.alert.id === id,
    );
    expect(toasts).toHaveLength(1);
    expect(toasts[0]).toMatchObject({ confirmed: true, osNotified: true, alert: { state: 'TRIGGERED' } });
    expect(loser.notified.filter((n) => n.alertId === id)).toEqual([]);
    // Clicking the notification (the host reports it) points the windows at CIPLA.
    winner.terminal.alerts.notificationClicked(id);
    expect(pushesOf(winner, 'alerts.focus')).toEqual([{ alertId: id, token, symbol: 'CIPLA', exchange: 'NSE' }]);
    // The crossing was seen (by one or both: the loser may hear of the win before its tick).
    expect(a.terminal.alerts.stats().fired + b.terminal.alerts.stats().fired - firedBefore).toBeGreaterThanOrEqual(1);

    // Each journal has exactly one alert_triggered for it (the observer's too: derived from the row).
    for (const events of [a.window.events(), b.window.events(), observer.windows[0]!.events()]) {
      expect(alertEvents(events, id)).toHaveLength(1);
    }
    // It stays off: nothing armed, CIPLA no longer needed.
    for (const side of [a, b]) {
      expect(side.terminal.alerts.engine.isArmed(id)).toBe(false);
      await waitFor(() => !side.terminal.market.stats().wanted.includes(token), 'CIPLA released');
    }
  }, 180_000);

  it('re-armed in one terminal, it is armed in both again and fires again, once', async () => {
    const token = 694;
    const [alert] = await call<{ alerts: PriceAlert[] }>(b, 'alerts.list', { state: 'TRIGGERED' }).then(
      (r) => r.alerts,
    );
    expect(alert).toBeDefined();
    // Back well below the value first (10 %, on the ₹0.05 grid), so that a crossing is possible
    // and the walk cannot cross it by itself before the test moves the price (at 20 below, it
    // sometimes did: the alert fired again in one terminal before both were seen armed).
    stack.market.setPrice(token, Math.round(alert!.value * 0.9 * 20) / 20);
    await waitFor(() => (stack.market.lastPrice(token) ?? Infinity) < alert!.value, 'price below');
    await call(b, 'alerts.rearm', { id: alert!.id });
    await waitFor(
      () => a.terminal.alerts.engine.isArmed(alert!.id) && b.terminal.alerts.engine.isArmed(alert!.id),
      'both armed',
    );
    await waitFor(
      () =>
        (a.terminal.alerts.engine.baseline(token)?.ltp ?? Infinity) < alert!.value &&
        (b.terminal.alerts.engine.baseline(token)?.ltp ?? Infinity) < alert!.value,
      'baselines below the value',
    );
    stack.market.setPrice(token, alert!.value + 1);
    await waitFor(
      () => [a, b].every((s) => s.terminal.cache.get('priceAlert', alert!.id)?.state === 'TRIGGERED'),
      'TRIGGERED again',
    );
    await waitFor(
      () => a.terminal.alerts.stats().queued === 0 && b.terminal.alerts.stats().queued === 0,
      'queues empty',
    );
    expect([...a.notified, ...b.notified].filter((n) => n.alertId === alert!.id)).toHaveLength(2);
    for (const events of [a.window.events(), b.window.events()]) expect(alertEvents(events, alert!.id)).toHaveLength(2);
  }, 180_000);

  it("a watchlist row's alert price (the web dashboard's alert) fires in the terminals too, once", async () => {
    // A row of the demo trader's watchlist, as the dashboard leaves it: a price and a direction.
    const items = await stack.supabase.db.query<{ id: string; token: number; symbol: string }>(
      `SELECT i."id", i."token", i."symbol" FROM "WatchlistItem" i JOIN "Watchlist" w ON w."id" = i."watchlistId"
       WHERE w."userId" = $1 AND i."token" NOT IN (694, 1232) ORDER BY i."id" LIMIT 1`,
      [DEMO.userId],
    );
    const { id: itemId, token, symbol } = items.rows[0]!;
    const value = priceAway(token, 0.8);
    await stack.supabase.db.asRole(
      { role: 'authenticated', claims: { sub: DEMO.userId, role: 'authenticated' } },
      (tx) =>
        tx.query(`UPDATE "WatchlistItem" SET "alertPrice" = $2, "alertType" = 'BELOW' WHERE "id" = $1`, [
          itemId,
          value,
        ]),
    );
    await stack.supabase.flushChanges();
    const id = `wl:${itemId}:LTP_BELOW`;
    await waitFor(
      () => a.terminal.alerts.engine.isArmed(id) && b.terminal.alerts.engine.isArmed(id),
      'armed from the watchlist',
    );
    expect(b.terminal.alerts.list().find((v) => v.id === id)).toMatchObject({
      watchlistItemId: itemId,
      condition: 'LTP_BELOW',
      value,
      symbol,
    });
    await waitFor(
      () =>
        a.terminal.alerts.engine.baseline(token)?.ltp !== undefined &&
        b.terminal.alerts.engine.baseline(token)?.ltp !== undefined,
      'baselines',
    );
    stack.market.setPrice(token, value - 0.5);
    await waitFor(
      () => [a, b].every((s) => s.terminal.cache.get('priceAlert', id)?.state === 'TRIGGERED'),
      'TRIGGERED',
    );
    await waitFor(
      () => a.terminal.alerts.stats().queued === 0 && b.terminal.alerts.stats().queued === 0,
      'queues empty',
    );
    expect([...a.notified, ...b.notified].filter((n) => n.alertId === id)).toHaveLength(1);
    // The dashboard's columns are as it left them.
    const item = await stack.supabase.db.query<{ alertType: string }>(
      'SELECT "alertType" FROM "WatchlistItem" WHERE "id" = $1',
      [itemId],
    );
    expect(item.rows[0]?.alertType).toBe('BELOW');
  }, 180_000);

  it('an alert set while offline waits in the cache, fires locally, and reaches the server (and the other terminal) once back', async () => {
    const token = 1232; // GRASIM
    proxy.mode = 'blackhole';
    proxy.cut();
    await waitFor(() => a.terminal.trading.status().state === 'offline', 'A offline', 60_000);
    expect(a.terminal.market.status().state).toBe('live'); // prices still flow

    const value = priceAway(token, 1.15);
    const created = await call<{ id: string; pending: boolean }>(a, 'alerts.create', {
      token,
      condition: 'LTP_ABOVE',
      value,
    });
    expect(created.pending).toBe(true);
    const id = created.id;
    expect(a.terminal.alerts.list().find((v) => v.id === id)).toMatchObject({ pending: 'create', state: 'ACTIVE' });
    expect(a.terminal.alerts.engine.isArmed(id)).toBe(true);
    // Queued, journaled in the cache, shown to the windows: the server has nothing yet.
    expect(a.terminal.cache.alertIntents().map((i) => [i.op, i.alertId])).toEqual([['create', id]]);
    expect(pushesOf(a, 'state.patch').some((p) => p.changes.some((c) => c.kind === 'alertIntent'))).toBe(true);
    expect(await serverAlert(id)).toBeUndefined();

    // The price crosses while A is offline: A tells the trader at once (unconfirmed) and queues the fire.
    await waitFor(() => a.terminal.alerts.engine.baseline(token)?.ltp !== undefined, 'A baseline');
    stack.market.setPrice(token, value + 1);
    await waitFor(() => a.notified.some((n) => n.alertId === id), 'A told the trader');
    expect(a.notified.filter((n) => n.alertId === id)).toMatchObject([{ confirmed: false }]);
    expect(pushesOf(a, 'alerts.triggered').filter((p) => p.alert.id === id)).toMatchObject([{ confirmed: false }]);
    expect(a.terminal.cache.alertIntents().map((i) => i.op)).toEqual(['create', 'fire']);
    expect(a.terminal.alerts.list().find((v) => v.id === id)).toMatchObject({ state: 'TRIGGERED', pending: 'create' });

    // Back online: the create, then the fire, go out in order.
    proxy.mode = 'forward';
    proxy.cut();
    a.terminal.reconnectNow();
    await waitFor(() => a.terminal.cache.alertIntents().length === 0, 'A queue sent', 90_000);
    const row = await serverAlert(id);
    expect(row).toMatchObject({ state: 'TRIGGERED', triggeredBy: installationId(a) });
    await waitFor(() => b.terminal.cache.get('priceAlert', id)?.state === 'TRIGGERED', 'B has it, triggered');
    await waitFor(() => alertEvents(b.window.events(), id).length === 1, 'B journal');
    // Told once in all: A's unconfirmed notification; the confirmation tells nobody again.
    expect([...a.notified, ...b.notified].filter((n) => n.alertId === id)).toHaveLength(1);
    expect(alertEvents(a.window.events(), id)).toHaveLength(1);
    expect(a.terminal.alerts.list().find((v) => v.id === id)).toMatchObject({ state: 'TRIGGERED', pending: null });
  }, 240_000);

  it('a crossing that happened while the market feed was down never fires after the reconnect; the next real one does, once', async () => {
    const token = 1660; // ITC
    const value = priceAway(token, 1.1);
    const { id } = await call<{ id: string; pending: boolean }>(b, 'alerts.create', {
      token,
      condition: 'LTP_ABOVE',
      value,
    });
    await waitFor(() => a.terminal.alerts.engine.isArmed(id) && b.terminal.alerts.engine.isArmed(id), 'armed');
    await waitFor(
      () =>
        (a.terminal.alerts.engine.baseline(token)?.ltp ?? Infinity) < value &&
        (b.terminal.alerts.engine.baseline(token)?.ltp ?? Infinity) < value,
      'baselines below the value',
    );
    const firedBefore = a.terminal.alerts.stats().fired + b.terminal.alerts.stats().fired;

    // Both feeds drop; the price goes through the value while nobody watches.
    for (const p of [marketProxyA, marketProxyB]) {
      p.mode = 'blackhole';
      p.cut();
    }
    await waitFor(
      () => a.terminal.market.status().state !== 'live' && b.terminal.market.status().state !== 'live',
      'feeds down',
      60_000,
    );
    stack.market.setPrice(token, Math.round(value * 1.05 * 20) / 20);

    // Back: both see ITC above the value from their first price on, and neither fires.
    for (const p of [marketProxyA, marketProxyB]) {
      p.mode = 'forward';
      p.cut();
    }
    a.terminal.reconnectNow();
    b.terminal.reconnectNow();
    await waitFor(() => live(a) && live(b), 'feeds back', 60_000);
    await waitFor(
      () =>
        (a.terminal.alerts.engine.baseline(token)?.ltp ?? 0) > value &&
        (b.terminal.alerts.engine.baseline(token)?.ltp ?? 0) > value,
      'baselines above the value',
    );
    // A few more ticks of ITC above the value reach both engines.
    stack.market.setPrice(token, Math.round(value * 1.06 * 20) / 20);
    await waitFor(() => (a.terminal.market.liveQuote(token)?.ltp ?? 0) > value * 1.055, 'A saw the next price');
    await waitFor(() => (b.terminal.market.liveQuote(token)?.ltp ?? 0) > value * 1.055, 'B saw the next price');
    expect(a.terminal.alerts.stats().fired + b.terminal.alerts.stats().fired).toBe(firedBefore);
    expect([...a.notified, ...b.notified].filter((n) => n.alertId === id)).toEqual([]);
    expect(await serverAlert(id)).toMatchObject({ state: 'ACTIVE' });
    expect(a.terminal.alerts.engine.isArmed(id) && b.terminal.alerts.engine.isArmed(id)).toBe(true);

    // A real crossing on the live feeds: below, then through it again.
    stack.market.setPrice(token, Math.round(value * 0.98 * 20) / 20);
    await waitFor(
      () =>
        (a.terminal.alerts.engine.baseline(token)?.ltp ?? Infinity) < value &&
        (b.terminal.alerts.engine.baseline(token)?.ltp ?? Infinity) < value,
      'baselines below again',
    );
    stack.market.setPrice(token, value);
    await waitFor(
      () => [a, b].every((s) => s.terminal.cache.get('priceAlert', id)?.state === 'TRIGGERED'),
      'TRIGGERED',
    );
    await waitFor(
      () => a.terminal.alerts.stats().queued === 0 && b.terminal.alerts.stats().queued === 0,
      'queues empty',
    );
    expect([...a.notified, ...b.notified].filter((n) => n.alertId === id)).toHaveLength(1);
    expect((await serverAlert(id)).triggeredPrice).toBe(value); // exactly at the value counts
  }, 240_000);

  it('writes whose answers were lost are sent again and applied once; a fire whose answer was lost is told once', async () => {
    const token = 3045; // SBIN
    // Only A watches SBIN's prices: B's feed is down, so the crossing is A's alone.
    marketProxyB.mode = 'blackhole';
    marketProxyB.cut();
    await waitFor(() => b.terminal.market.status().state !== 'live', 'B feed down', 60_000);

    // A's requests reach the server; the answers never come back.
    proxy.mode = 'swallow';
    const value = priceAway(token, 1.1);
    const created = await call<{ id: string; pending: boolean }>(a, 'alerts.create', {
      token,
      condition: 'LTP_ABOVE',
      value,
    });
    const id = created.id;
    expect(created.pending).toBe(true);
    const edited = await call<{ id: string; pending: boolean }>(a, 'alerts.update', { id, note: 'after the create' });
    expect(edited.pending).toBe(true);
    // The create landed (its answer did not); the edit waits behind it.
    await waitFor(async () => (await serverAlert(id)) !== undefined, 'the create landed');
    expect(a.terminal.cache.alertIntents().map((i) => i.op)).toEqual(['create', 'update']);

    // Answers flow again: the create is sent again (a duplicate id: it landed), then the edit.
    proxy.mode = 'forward';
    proxy.cut();
    a.terminal.reconnectNow();
    await waitFor(() => a.terminal.cache.alertIntents().length === 0, 'A queue sent', 90_000);
    const count = async () =>
      (
        await stack.supabase.db.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM price_alerts WHERE "id" = $1`, [
          id,
        ])
      ).rows[0]?.n;
    expect(await count()).toBe(1);
    expect(await serverAlert(id)).toMatchObject({ state: 'ACTIVE' });
    expect(a.terminal.alerts.list().find((v) => v.id === id)).toMatchObject({
      note: 'after the create',
      pending: null,
    });
    expect(pushesOf(a, 'alerts.refused').filter((p) => p.alertId === id)).toEqual([]);
    await waitFor(() => live(a), 'A live');

    // The crossing: A fires; trigger_alert runs on the server, its answer is lost.
    await waitFor(() => (a.terminal.alerts.engine.baseline(token)?.ltp ?? Infinity) < value, 'A baseline');
    proxy.mode = 'swallow';
    stack.market.setPrice(token, value + 1);
    await waitFor(async () => (await serverAlert(id))?.state === 'TRIGGERED', 'the fire landed', 60_000);
    expect((await serverAlert(id)).triggeredBy).toBe(installationId(a));
    // No answer in time: A tells the trader, unconfirmed, and keeps the fire queued.
    await waitFor(() => a.notified.some((n) => n.alertId === id), 'A told the trader', 60_000);
    expect(a.notified.filter((n) => n.alertId === id)).toMatchObject([{ confirmed: false }]);
    expect(a.terminal.cache.alertIntents().map((i) => i.op)).toEqual(['fire']);

    // Answers again: the fire is sent again, A wins again (its own arming), nobody is told twice.
    proxy.mode = 'forward';
    proxy.cut();
    a.terminal.reconnectNow();
    await waitFor(() => a.terminal.cache.alertIntents().length === 0, 'fire settled', 90_000);
    await waitFor(() => b.terminal.cache.get('priceAlert', id)?.state === 'TRIGGERED', 'B has it, triggered');
    expect(await serverAlert(id)).toMatchObject({ state: 'TRIGGERED', triggeredBy: installationId(a) });
    expect([...a.notified, ...b.notified].filter((n) => n.alertId === id)).toHaveLength(1);
    expect(pushesOf(a, 'alerts.triggered').filter((p) => p.alert.id === id)).toHaveLength(1);
    await waitFor(() => alertEvents(b.window.events(), id).length === 1, 'B journal');
    await waitFor(() => alertEvents(a.window.events(), id).length === 1, 'A journal');

    marketProxyB.mode = 'forward';
    marketProxyB.cut();
    b.terminal.reconnectNow();
    await waitFor(() => live(a) && live(b), 'both live again', 60_000);
  }, 240_000);

  it('a value off the tick grid, not a number, or not above 0 gets a field error; nothing is queued', async () => {
    const results = [];
    for (const value of [2500.03, 0, -1]) {
      results.push(
        await b.terminal.router.dispatch({ windowId: b.window.id }, 'alerts.create', {
          token: 2885,
          condition: 'LTP_ABOVE',
          value,
        }),
      );
    }
    for (const r of results) expect(r).toMatchObject({ ok: false, error: { details: { field: 'value' } } });
    const notANumber = await b.terminal.router.dispatch({ windowId: b.window.id }, 'alerts.create', {
      token: 2885,
      condition: 'LTP_ABOVE',
      value: 'abc',
    });
    expect(notANumber).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', message: expect.stringContaining('value') },
    });
    expect(results[0]).toMatchObject({
      error: { code: 'invalid_price', message: expect.stringContaining('tick size') },
    });
    expect(b.terminal.cache.alertIntents()).toEqual([]);
  });
});
