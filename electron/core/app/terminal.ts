import { IpcRouter } from '../ipc/router';
import { PushHub } from '../ipc/push-hub';
import { registerAppMethods } from './app-methods';
import type { DemoStackLauncher } from './stack-info';

/** Where session tokens rest (Electron: safeStorage; elsewhere: a 0600 file). */
export interface SecretStoreLike {
  get(key: string): string | null | Promise<string | null>;
  set(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

export interface TerminalOptions {
  host: 'electron' | 'web';
  appVersion: string;
  /** The app's user-data folder: cache, secrets and profiles live here. */
  dataDir: string;
  platform?: string;
  secrets?: SecretStoreLike;
  /** How this host starts the embedded demo backend (child process or utility process). */
  launchDemoStack?: DemoStackLauncher;
}

/**
 * The terminal engine, host-neutral: one router and one push hub shared by every window, and
 * the services behind them. Hosts adapt transport only (attach windows to the hub, feed
 * requests to the router) and call the lifecycle hooks (resume, online, quit).
 */
export interface Terminal {
  router: IpcRouter;
  hub: PushHub;
  /** Resume from sleep / network back: reconnect every feed now instead of waiting for backoff. */
  reconnectNow(): void;
  stop(): Promise<void>;
}

export async function createTerminal(options: TerminalOptions): Promise<Terminal> {
  const router = new IpcRouter();
  const hub = new PushHub();
  registerAppMethods(router, {
    name: 'Tradedesk',
    version: options.appVersion,
    host: options.host,
    platform: options.platform ?? process.platform,
    isDemo: () => false,
  });
  return {
    router,
    hub,
    reconnectNow: () => {},
    stop: async () => {},
  };
}
