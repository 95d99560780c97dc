import {
  type IpcResult,
  MAX_WIRE_FRAME_BYTES,
  WireServerFrame,
  type MethodArgs,
  type MethodName,
  type MethodResult,
  type PushName,
  type PushPayload,
  type TradedeskBridge,
  type WireRequest,
} from '../../shared/contract';

/** Health of the renderer's own link to the host (not the market/trading feeds behind it). */
export type LinkState = 'connecting' | 'open' | 'reconnecting';

export interface LinkStatus {
  state: LinkState;
  /** Reconnect attempt number while `reconnecting`, else 0. */
  attempt: number;
  /** While not open after having been open: when the link was lost, epoch ms. */
  lostAt?: number;
}

/** A bridge whose transport can drop and come back: the app re-syncs on `onReconnect`. */
export interface ReconnectingBridge extends TradedeskBridge {
  onLinkStatus(listener: (status: LinkStatus) => void): () => void;
  /** Called after the socket re-opens (not on the first open). */
  onReconnect(listener: () => void): () => void;
  close(): void;
}

/** Minimal WebSocket surface the bridge uses, so the browser's own class fits and tests can pass `ws`. */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface SocketBridgeOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Backoff for reconnects: min(maxDelayMs, baseDelayMs * 2^(attempt-1)) with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Frames the bridge could not read (counted, never thrown). */
  onBadFrame?: (reason: string) => void;
}

const OPEN = 1;

type Pending = (result: IpcResult) => void;

/**
 * The browser host's transport: the same contract as the Electron preload, framed over one
 * loopback WebSocket. Requests made while the socket is down fail fast with `offline` rather
 * than queueing (an order must never be sent late and silently); pushes resume after reconnect.
 */
export function createSocketBridge(options: SocketBridgeOptions): ReconnectingBridge {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const baseDelay = options.baseDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const pending = new Map<number, Pending>();
  const pushListeners = new Map<string, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<(s: LinkStatus) => void>();
  const reconnectListeners = new Set<() => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let status: LinkStatus = { state: 'connecting', attempt: 0 };
  let everOpened = false;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const setStatus = (next: LinkStatus) => {
    status = next;
    for (const l of linkListeners) l(status);
  };

  const failAllPending = () => {
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({
        ok: false,
        error: { code: 'offline', message: 'Lost the connection to the terminal host before it answered' },
      });
    }
  };

  const handleFrame = (raw: unknown) => {
    if (typeof raw !== 'string') return options.onBadFrame?.('non-text frame');
    if (raw.length > MAX_WIRE_FRAME_BYTES) return options.onBadFrame?.('frame too large');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return options.onBadFrame?.('not JSON');
    }
    const frame = WireServerFrame.safeParse(json);
    if (!frame.success) return options.onBadFrame?.('frame failed its schema');
    const f = frame.data;
    if (f.t === 'res') {
      const resolve = pending.get(f.id);
      if (!resolve) return;
      pending.delete(f.id);
      resolve(f.result as IpcResult);
    } else if (f.t === 'push') {
      const set = pushListeners.get(f.name);
      if (set) for (const l of set) l(f.payload);
    } else {
      options.onBadFrame?.(`host refused a frame: ${f.error.code} ${f.error.message}`);
    }
  };

  const connect = () => {
    if (closed) return;
    const s = createSocket(options.url);
    socket = s;
    s.onopen = () => {
      const wasReconnect = everOpened;
      everOpened = true;
      setStatus({ state: 'open', attempt: 0 });
      if (wasReconnect) for (const l of reconnectListeners) l();
    };
    s.onmessage = (ev) => handleFrame(ev.data);
    s.onerror = () => {
      /* onclose follows and schedules the retry */
    };
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      failAllPending();
      if (closed) return;
      const attempt = status.state === 'reconnecting' ? status.attempt + 1 : 1;
      // The moment the host went silent: what the window last heard is as of then.
      const lostAt = status.state === 'open' ? Date.now() : status.lostAt;
      setStatus({
        state: everOpened ? 'reconnecting' : 'connecting',
        attempt,
        ...(lostAt !== undefined ? { lostAt } : {}),
      });
      const delay = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
      // Jitter so several windows do not hammer the host in lock-step.
      retryTimer = setTimeout(connect, delay * (0.75 + Math.random() * 0.5));
    };
  };

  connect();

  return {
    invoke<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<IpcResult<MethodResult<M>>> {
      const s = socket;
      if (!s || s.readyState !== OPEN) {
        return Promise.resolve({
          ok: false,
          error: { code: 'offline', message: 'Not connected to the terminal host' },
        });
      }
      const id = nextId++;
      const frame: WireRequest = { t: 'req', id, method, args };
      return new Promise((resolve) => {
        pending.set(id, resolve as Pending);
        try {
          s.send(JSON.stringify(frame));
        } catch {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'offline', message: 'Could not send to the terminal host' } });
        }
      });
    },
    on<P extends PushName>(push: P, listener: (payload: PushPayload<P>) => void): () => void {
      let set = pushListeners.get(push);
      if (!set) pushListeners.set(push, (set = new Set()));
      // Payloads are still unknown here; the caller parses them with the push schema.
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onLinkStatus(listener) {
      linkListeners.add(listener);
      listener(status);
      return () => linkListeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const s = socket;
      socket = null;
      failAllPending();
      s?.close();
    },
  };
}
