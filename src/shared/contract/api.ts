import type { MethodArgs, MethodName, MethodResult } from './methods';
import type { PushName, PushPayload } from './pushes';
import type { IpcResult } from './errors';

/**
 * The only surface a renderer gets (`window.tradedesk`), on both hosts: the Electron preload
 * builds it over ipcRenderer; the browser host's client builds it over a loopback WebSocket.
 * `invoke` never rejects for a server-side failure: it resolves to `{ok:false, error}`.
 */
export interface TradedeskBridge {
  invoke<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<IpcResult<MethodResult<M>>>;
  on<P extends PushName>(push: P, listener: (payload: PushPayload<P>) => void): () => void;
}

/** Channel names used by the Electron host (the browser host frames the same messages). */
export const ELECTRON_INVOKE_CHANNEL = 'tradedesk:invoke';
export const ELECTRON_PUSH_CHANNEL = 'tradedesk:push';

/** Wire frames of the browser host's WebSocket. Parsed with zod on both ends (see wire.ts). */
export type WireRequest = { t: 'req'; id: number; method: string; args: unknown };
export type WireResponse = { t: 'res'; id: number; result: IpcResult };
export type WirePush = { t: 'push'; name: string; payload: unknown };
