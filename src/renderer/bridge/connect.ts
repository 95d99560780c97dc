import type { TradedeskBridge } from '../../shared/contract';
import { windowKeyFrom } from '../store/slices/workspace';
import { createSocketBridge, type LinkStatus, type ReconnectingBridge, type SocketBridgeOptions } from './socketBridge';

declare global {
  interface Window {
    /**
     * The page's door to main, `{invoke, on}` on both hosts: the Electron preload installs it
     * (contextBridge); in the browser host `connectToHost` installs the same shape over the
     * loopback WebSocket before the app starts.
     */
    tradedesk?: TradedeskBridge;
  }
}

export interface HostLink {
  bridge: TradedeskBridge;
  host: 'electron' | 'web';
  onLinkStatus(listener: (status: LinkStatus) => void): () => void;
  onReconnect(listener: () => void): () => void;
}

/**
 * `ws://<host>/ipc?token=<token>&window=<key>` for the page the browser host served: the socket
 * says which layout window it is (the page's `?window=`, else the main window), so main binds it
 * before its first push and sends it only the state its panels use.
 */
export function socketUrlFor(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const key = windowKeyFrom(location.search);
  return `${scheme}//${location.host}/ipc?token=${encodeURIComponent(token)}&window=${encodeURIComponent(key)}`;
}

/** What `connectToHost` needs of the page (the real `window`; tests pass a plain object). */
export interface PageLike {
  tradedesk?: TradedeskBridge;
  location: { protocol: string; host: string; search: string };
}

/**
 * Electron gives us `window.tradedesk` (its IPC never drops); the browser host needs a socket
 * that can drop and come back, so only that path reports link status and reconnects. Either way
 * the page ends up with the same `window.tradedesk` — `{invoke, on}`, frozen and not writable,
 * like the preload's contextBridge object — so scripts and tests address both hosts alike.
 */
export function connectToHost(page: PageLike = window, socketOptions: Partial<SocketBridgeOptions> = {}): HostLink {
  if (page.tradedesk) {
    const bridge = page.tradedesk;
    return {
      bridge,
      host: 'electron',
      onLinkStatus: (l) => {
        l({ state: 'open', attempt: 0 });
        return () => {};
      },
      onReconnect: () => () => {},
    };
  }
  const socket: ReconnectingBridge = createSocketBridge({
    url: socketUrlFor(page.location),
    onBadFrame: (reason) => console.warn(`[tradedesk] dropped a frame from the host: ${reason}`),
    ...socketOptions,
  });
  const bridge: TradedeskBridge = Object.freeze({
    invoke: socket.invoke,
    on: socket.on,
  });
  Object.defineProperty(page, 'tradedesk', { value: bridge, enumerable: true, writable: false, configurable: false });
  return { bridge, host: 'web', onLinkStatus: socket.onLinkStatus, onReconnect: socket.onReconnect };
}
