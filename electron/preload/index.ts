import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ELECTRON_INVOKE_CHANNEL, ELECTRON_PUSH_CHANNEL } from '../../src/shared/contract/api';

/**
 * The renderer's only door to main: `window.tradedesk.invoke(method, args)` and
 * `window.tradedesk.on(push, listener)` (returns an unsubscribe). The IPC event object never
 * crosses into the page; payloads are validated by main (requests) and the renderer (pushes).
 */
contextBridge.exposeInMainWorld('tradedesk', {
  invoke: (method: string, args: unknown) => ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, method, args),
  on: (push: string, listener: (payload: unknown) => void) => {
    const relay = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === push) listener(payload);
    };
    ipcRenderer.on(ELECTRON_PUSH_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(ELECTRON_PUSH_CHANNEL, relay);
    };
  },
});
