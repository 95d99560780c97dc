import type { TradedeskBridge } from '../../shared/contract';
import { createSocketBridge, type LinkStatus, type ReconnectingBridge } from './socketBridge';

declare global {
  interface Window {
    /** Installed by the Electron preload (contextBridge); absent in the browser host. */
    tradedesk?: TradedeskBridge;
  }
}

export interface HostLink {
  bridge: TradedeskBridge;
  host: 'electron' | 'web';
  onLinkStatus(listener: (status: LinkStatus) => void): () => void;
  onReconnect(listener: () => void): () => void;
}

/** `ws://<host>/ipc?token=<token>` for the page the browser host served. */
export function socketUrlFor(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ipc?token=${encodeURIComponent(token)}`;
}

/**
 * Electron gives us `window.tradedesk` (its IPC never drops); the browser host needs a socket
 * that can drop and come back, so only that path reports link status and reconnects.
 */
export function connectToHost(): HostLink {
  if (window.tradedesk) {
    const bridge = window.tradedesk;
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
    url: socketUrlFor(window.location),
    onBadFrame: (reason) => console.warn(`[tradedesk] dropped a frame from the host: ${reason}`),
  });
  return { bridge: socket, host: 'web', onLinkStatus: socket.onLinkStatus, onReconnect: socket.onReconnect };
}
