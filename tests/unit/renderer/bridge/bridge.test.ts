import { describe, expect, it } from 'vitest';
import { IpcRouter, PushHub } from '../../../../electron/core/ipc';
import { TradedeskClient, parsePush } from '../../../../src/renderer/bridge/client';
import { connectToHost, socketUrlFor, type HostLink, type PageLike } from '../../../../src/renderer/bridge/connect';
import { createSocketBridge, type LinkStatus, type SocketLike } from '../../../../src/renderer/bridge/socketBridge';
import { createTerminalStore } from '../../../../src/renderer/store/store';
import { wireStore } from '../../../../src/renderer/store/wire';
import {
  CONTRACT_VERSION,
  TradedeskError,
  type PushName,
  type PushPayload,
  type TradedeskBridge,
} from '../../../../src/shared/contract';
import { instrument, item, quote, snapshot, watchlist } from '../fixtures';

/** Poll until `check` passes (no fixed sleeps: the machine is shared and slow). */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** An in-process host: the real core router and push hub, framed like the Electron preload does. */
function inProcessHost(router: IpcRouter, hub: PushHub, windowId = 'w-test'): TradedeskBridge & { link: HostLink } {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  hub.attach(windowId, (name, payload) => {
    // Through JSON, as across a real process boundary.
    const copy: unknown = JSON.parse(JSON.stringify(payload));
    for (const l of listeners.get(name) ?? []) l(copy);
  });
  const bridge: TradedeskBridge = {
    invoke: (method, args) => router.dispatch({ windowId }, method, JSON.parse(JSON.stringify(args))) as never,
    on: (name, listener) => {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const link: HostLink = {
    bridge,
    host: 'electron',
    onLinkStatus: (l) => (l({ state: 'open', attempt: 0 }), () => {}),
    onReconnect: () => () => {},
  };
  return Object.assign(bridge, { link });
}

describe('push parsing', () => {
  it('accepts a valid push and normalises numeric strings', () => {
    const r = parsePush('market.ticks', { quotes: [{ ...quote(1, 100), ltp: '101.5' }] });
    expect(r.ok && r.value.quotes[0]?.ltp).toBe(101.5);
  });
  it('rejects malformed payloads with a reason', () => {
    const r = parsePush('market.ticks', { quotes: [{ token: 'x' }] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/quotes/);
    expect(parsePush('state.patch', null).ok).toBe(false);
  });
  it('the client counts and drops bad pushes; good ones reach the listener', () => {
    const listeners: Array<(p: unknown) => void> = [];
    const bridge: TradedeskBridge = {
      invoke: async () => ({ ok: true, value: null }) as never,
      on: (_name, l) => {
        listeners.push(l as (p: unknown) => void);
        return () => {};
      },
    };
    const dropped: string[] = [];
    const client = new TradedeskClient(bridge, (name) => dropped.push(name));
    const got: number[] = [];
    client.on('market.ticks', (p) => got.push(p.quotes.length));
    listeners[0]!({ quotes: [quote(1, 1)] });
    listeners[0]!({ quotes: 'nope' });
    listeners[0]!(undefined);
    expect(got).toEqual([1]);
    expect(client.droppedPushes).toBe(2);
    expect(dropped).toEqual(['market.ticks', 'market.ticks']);
  });
});

describe('store wiring against the real IPC router', () => {
  function setup(opts: { helloVersion?: number } = {}) {
    const router = new IpcRouter({ onInternalError: () => {} });
    const hub = new PushHub();
    const interest: number[][] = [];
    router.handle('app.hello', (args) => {
      if (args.contractVersion !== (opts.helloVersion ?? CONTRACT_VERSION))
        throw new TradedeskError('contract_mismatch', 'contract 1 vs 2');
      return { contractVersion: CONTRACT_VERSION, windowId: 'w-test', appVersion: '0.1.0' };
    });
    router.handle('app.info', () => ({
      name: 'Tradedesk',
      version: '0.1.0',
      host: 'web',
      platform: 'linux',
      contractVersion: CONTRACT_VERSION,
      demo: true,
    }));
    router.handle('session.get', () => ({
      state: 'signed_in',
      profile: { kind: 'demo', name: 'Demo' },
      user: { id: 'u', email: null },
      error: null,
    }));
    router.handle('connection.get', () => [
      {
        feed: 'market',
        state: 'live',
        since: 1,
        detail: null,
        attempt: null,
        nextRetryAt: null,
        lastDataAt: null,
        ticksPerSecond: null,
        staleSince: null,
      },
    ]);
    router.handle('state.get', () =>
      snapshot({
        watchlists: [watchlist('w1', 'Main')],
        watchlistItems: [item('i1', 'w1', 2885, 0, 'RELIANCE')],
        instruments: [instrument(2885, 'RELIANCE')],
      }),
    );
    router.handle('events.list', () => ({ events: [] }));
    router.handle('market.setInterest', (args) => {
      interest.push(args.tokens);
      return { tokens: args.tokens.length };
    });
    const host = inProcessHost(router, hub);
    const store = createTerminalStore();
    const client = new TradedeskClient(host, () => store.getState().countDroppedPush());
    const stop = wireStore(store, client, host.link);
    return { store, hub, interest, stop };
  }

  it('runs hello → info → session → state and tells main its interest', async () => {
    const { store, interest, stop } = setup();
    await until(() => store.getState().trading.loaded && interest.length > 0, 'start-up');
    const s = store.getState();
    expect(s.connection.appInfo?.demo).toBe(true);
    expect(s.connection.session?.state).toBe('signed_in');
    expect(s.connection.feeds.market?.state).toBe('live');
    expect(interest[0]).toEqual([2885, 26000, 26009]);
    stop();
  });

  it('pushes from main land in the store; a malformed one is counted, not applied', async () => {
    const { store, hub, stop } = setup();
    await until(() => store.getState().trading.loaded, 'snapshot');
    hub.toAll('market.ticks', { quotes: [quote(2885, 2600, { ts: 10 })] });
    // A push the schema refuses (sent through the hub as a misbehaving main would).
    hub.toAll('market.ticks', { quotes: [{ token: 2885, ltp: 'NaN' }] } as unknown as PushPayload<'market.ticks'>);
    hub.toAll('trading.event', { nonsense: true } as unknown as PushPayload<PushName>);
    await until(() => store.getState().market.quotes[2885]?.ltp === 2600, 'the tick to be applied');
    expect(store.getState().connection.droppedPushes).toBe(2);
    stop();
  });

  it('tick batches arriving within one frame merge into one store update, latest quote wins', async () => {
    const { store, hub, stop } = setup();
    await until(() => store.getState().trading.loaded, 'snapshot');
    let quoteUpdates = 0;
    const unsub = store.subscribe((next, prev) => {
      if (next.market.quotes !== prev.market.quotes) quoteUpdates++;
    });
    const q = (token: number, ltp: number, at: number) => quote(token, ltp, { ts: at, receivedAt: at });
    hub.toAll('market.ticks', { quotes: [q(2885, 2601, 20), q(1594, 1500, 20)] });
    hub.toAll('market.ticks', { quotes: [q(2885, 2602, 21)] });
    // A late quote main received earlier must not win over the newer one already queued.
    hub.toAll('market.ticks', { quotes: [q(2885, 2500, 19)] });
    await until(() => quoteUpdates > 0, 'the flush');
    expect(quoteUpdates).toBe(1);
    expect(store.getState().market.quotes[2885]?.ltp).toBe(2602);
    expect(store.getState().market.quotes[1594]?.ltp).toBe(1500);
    unsub();
    stop();
  });

  it('re-sends interest (debounced) when the active watchlist changes', async () => {
    const { interest, hub, stop } = setup();
    await until(() => interest.length === 1, 'first interest');
    hub.toAll('state.patch', {
      changes: [{ kind: 'watchlistItem', op: 'upsert', row: item('i2', 'w1', 1594, 1, 'INFY') }],
    });
    hub.toAll('state.patch', {
      changes: [{ kind: 'watchlistItem', op: 'upsert', row: item('i3', 'w1', 3045, 2, 'SBIN') }],
    });
    await until(() => interest.length === 2, 'second interest');
    expect(interest[1]).toEqual([1594, 2885, 3045, 26000, 26009]);
    stop();
  });

  it('shows contract_mismatch instead of trading', async () => {
    const { store, stop } = setup({ helloVersion: CONTRACT_VERSION + 1 });
    await until(() => store.getState().connection.contractMismatch !== null, 'mismatch');
    expect(store.getState().connection.contractMismatch).toMatch(/contract/);
    expect(store.getState().trading.loaded).toBe(false);
    stop();
  });
});

/** An in-memory socket whose "server" end the test drives. */
class MemorySocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({});
  }
  deliver(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
}

describe('browser-host socket bridge', () => {
  function setup() {
    const sockets: MemorySocket[] = [];
    const bad: string[] = [];
    const bridge = createSocketBridge({
      url: 'ws://127.0.0.1:1/ipc?token=t',
      createSocket: () => {
        const s = new MemorySocket();
        sockets.push(s);
        return s;
      },
      baseDelayMs: 1,
      maxDelayMs: 4,
      onBadFrame: (r) => bad.push(r),
    });
    return { bridge, sockets, bad };
  }

  it('gives the page the same window.tradedesk as the Electron preload: {invoke, on}, frozen, not writable', async () => {
    const sockets: MemorySocket[] = [];
    const page: PageLike = { location: { protocol: 'http:', host: '127.0.0.1:4000', search: '?token=t1' } };
    const urls: string[] = [];
    const link = connectToHost(page, {
      createSocket: (url) => {
        urls.push(url);
        const s = new MemorySocket();
        sockets.push(s);
        return s;
      },
    });
    expect(link.host).toBe('web');
    expect(urls).toEqual(['ws://127.0.0.1:4000/ipc?token=t1&window=main']);
    const api = page.tradedesk!;
    expect(api).toBe(link.bridge);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    const descriptor = Object.getOwnPropertyDescriptor(page, 'tradedesk');
    expect(descriptor).toMatchObject({ writable: false, configurable: false });
    // The page's own calls go over the host socket, exactly like the app's.
    const s = sockets[0]!;
    s.open();
    const pushes: unknown[] = [];
    const off = api.on('market.ticks', (p) => pushes.push(p));
    const answer = api.invoke('app.info', {});
    const sent = s.sent[0] as { id: number; method: string };
    expect(sent.method).toBe('app.info');
    s.deliver({ t: 'res', id: sent.id, result: { ok: true, value: 'info' } });
    s.deliver({ t: 'push', name: 'market.ticks', payload: { quotes: [] } });
    expect(await answer).toEqual({ ok: true, value: 'info' });
    off();
    s.deliver({ t: 'push', name: 'market.ticks', payload: { quotes: [] } });
    expect(pushes).toEqual([{ quotes: [] }]);
    // A second connect (Electron-shaped page) uses what is installed and replaces nothing.
    expect(connectToHost(page).bridge).toBe(api);
  });

  it('builds the socket URL from the page location', () => {
    expect(socketUrlFor({ protocol: 'http:', host: '127.0.0.1:5173', search: '?token=abc%2B1' })).toBe(
      'ws://127.0.0.1:5173/ipc?token=abc%2B1&window=main',
    );
    // A detached window's page names its layout window; a malformed key is the main window's.
    expect(socketUrlFor({ protocol: 'http:', host: '127.0.0.1:1', search: '?token=t&window=w-abc_1' })).toBe(
      'ws://127.0.0.1:1/ipc?token=t&window=w-abc_1',
    );
    expect(socketUrlFor({ protocol: 'http:', host: '127.0.0.1:1', search: '?token=t&window=..%2Fx' })).toBe(
      'ws://127.0.0.1:1/ipc?token=t&window=main',
    );
  });

  it('correlates responses by id and routes pushes; bad frames are counted', async () => {
    const { bridge, sockets, bad } = setup();
    const s = sockets[0]!;
    s.open();
    const a = bridge.invoke('app.info', {});
    const b = bridge.invoke('session.get', {});
    const [ra, rb] = s.sent as Array<{ id: number; method: string }>;
    expect(ra?.method).toBe('app.info');
    const pushes: unknown[] = [];
    bridge.on('market.ticks', (p) => pushes.push(p));
    s.deliver({ t: 'res', id: rb!.id, result: { ok: true, value: 'B' } });
    s.deliver({ t: 'res', id: ra!.id, result: { ok: false, error: { code: 'offline', message: 'x' } } });
    s.deliver({ t: 'push', name: 'market.ticks', payload: { quotes: [] } });
    s.deliver('{not json');
    s.deliver({ t: 'res', id: 'x' });
    expect(await b).toEqual({ ok: true, value: 'B' });
    expect(await a).toEqual({ ok: false, error: { code: 'offline', message: 'x' } });
    expect(pushes).toEqual([{ quotes: [] }]);
    expect(bad).toEqual(['not JSON', 'frame failed its schema']);
    bridge.close();
  });

  it('fails in-flight requests with offline when the socket drops, then reconnects and says so', async () => {
    const { bridge, sockets } = setup();
    const statuses: LinkStatus[] = [];
    bridge.onLinkStatus((st) => statuses.push(st));
    let reconnects = 0;
    bridge.onReconnect(() => reconnects++);
    sockets[0]!.open();
    const inFlight = bridge.invoke('state.get', {});
    sockets[0]!.drop();
    const r = await inFlight;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('offline');
    // While down, calls fail fast instead of queueing (an order must never go out late).
    const whileDown = await bridge.invoke('orders.cancel', { orderId: 'o1' });
    expect(!whileDown.ok && whileDown.error.code).toBe('offline');
    await until(() => sockets.length === 2, 'a reconnect attempt');
    sockets[1]!.drop();
    await until(() => sockets.length === 3, 'a second attempt');
    sockets[2]!.open();
    expect(reconnects).toBe(1);
    expect(statuses.map((st) => `${st.state}:${st.attempt}`)).toEqual([
      'connecting:0',
      'open:0',
      'reconnecting:1',
      'reconnecting:2',
      'open:0',
    ]);
    bridge.close();
    expect(sockets.length).toBe(3);
  });
});

describe('start-up over the socket bridge', () => {
  it('waits for the socket to open, and re-syncs (hello + state.get) after a reconnect', async () => {
    const router = new IpcRouter({ onInternalError: () => {} });
    const calls: string[] = [];
    router.handle(
      'app.hello',
      () => (calls.push('hello'), { contractVersion: CONTRACT_VERSION, windowId: 'w', appVersion: '1' }),
    );
    router.handle('state.get', () => (calls.push('state'), snapshot()));
    const sockets: MemorySocket[] = [];
    const bridge = createSocketBridge({
      url: 'ws://127.0.0.1:1/ipc?token=t',
      baseDelayMs: 1,
      maxDelayMs: 2,
      createSocket: () => {
        const s = new MemorySocket();
        // The "server": answer each request through the real router.
        s.send = (data: string) => {
          const req = JSON.parse(data) as { id: number; method: string; args: unknown };
          void router
            .dispatch({ windowId: 'w' }, req.method, req.args)
            .then((result) => s.deliver({ t: 'res', id: req.id, result }));
        };
        sockets.push(s);
        return s;
      },
    });
    const store = createTerminalStore();
    const client = new TradedeskClient(bridge);
    const stop = wireStore(store, client, {
      bridge,
      host: 'web',
      onLinkStatus: bridge.onLinkStatus,
      onReconnect: bridge.onReconnect,
    });
    expect(calls).toEqual([]);
    sockets[0]!.open();
    await until(() => store.getState().trading.loaded, 'first snapshot');
    expect(calls).toEqual(['hello', 'state']);
    sockets[0]!.drop();
    expect(store.getState().connection.link.state).toBe('reconnecting');
    await until(() => sockets.length === 2, 'reconnect attempt');
    sockets[1]!.open();
    await until(() => calls.length === 4, 'second start-up');
    expect(calls).toEqual(['hello', 'state', 'hello', 'state']);
    expect(store.getState().connection.link.state).toBe('open');
    stop();
    bridge.close();
  });
});
