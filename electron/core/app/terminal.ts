import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockFolder, type FolderLock } from '../../lib/folder-lock';
import { AlertService, registerAlertMethods } from '../alerts';
import { GLOBAL_META_PREFIX, openCache, type Cache } from '../cache';
import { ChartService, registerChartMethods, type ChartFeed } from '../chart';
import { IpcRouter } from '../ipc/router';
import { KeymapService } from '../keymap/service';
import { PushHub } from '../ipc/push-hub';
import { createMarketService, registerMarketMethods, type MarketService } from '../market';
import { FileSecretStore, RemoteProfile, type ProfileEndpoints, type SecretStore } from '../session';
import { createTradingService, registerTradingMethods, type TradingService } from '../trading';
import { registerWorkspaceMethods, Workspace } from '../workspace';
import { registerAppMethods } from './app-methods';
import { demoStackFromEnv } from './demo-override';
import type { DemoStackLauncher, RunningStack, StackInfo } from './stack-info';

export interface TerminalOptions {
  host: 'electron' | 'web';
  appVersion: string;
  /** The app's user-data folder: cache, secrets and the demo backend's data live here. */
  dataDir: string;
  platform?: string;
  /** Where session tokens rest (Electron: safeStorage; default: a 0600 file in dataDir). */
  secrets?: SecretStore;
  /** How this host starts the embedded demo backend (child process or utility process). */
  launchDemoStack?: DemoStackLauncher;
  /** An already-running demo backend to use instead of launching one (tests, `npm run stack`). */
  demoStack?: StackInfo | null;
  /** Do not pick a profile at start (tests that drive the session themselves). */
  manualProfile?: boolean;
  /** better-sqlite3 addon to load instead of node_modules' (Electron: see native-binding.ts). */
  sqliteBinding?: string;
}

/**
 * The terminal engine, host-neutral: one router and one push hub shared by every window, one
 * market feed, one trading sync, one cache. Hosts adapt transport only (attach windows to the
 * hub, feed requests to the router) and call the lifecycle hooks (resume, online, quit).
 */
export interface Terminal {
  router: IpcRouter;
  hub: PushHub;
  cache: Cache;
  market: MarketService;
  /** Candles of charted instruments: history joined with candles built from ticks, cached. */
  charts: ChartService;
  trading: TradingService;
  /** Windows, named layouts and links; hosts bind their windows to it and report their geometry. */
  workspace: Workspace;
  /** Price alerts; hosts add their OS notifier (`alerts.onNotify`) and report its clicks. */
  alerts: AlertService;
  /** The trader's keymap; hosts build their menu accelerators from it. */
  keymap: KeymapService;
  /** Resolves when the start-up profile has been applied (or failed, which the UI shows). */
  ready: Promise<void>;
  /** Resume from sleep / network back: reconnect every feed now instead of waiting for backoff. */
  reconnectNow(): void;
  stop(): Promise<void>;
}

/** The remembered profile: which backend this installation talks to (a secret: it holds the API key). */
const PROFILE_KEY = 'tradedesk.profile';

/** How this host names itself in the data folder's lock (what a second process reports). */
const HOST_NAMES = { electron: 'Tradedesk', web: 'Tradedesk browser host' } as const;

/**
 * Throws FolderInUseError (its message is the one sentence to show) when another live process
 * holds `dataDir`: two processes on one cache file and one PGlite folder can damage them.
 */
export async function createTerminal(options: TerminalOptions): Promise<Terminal> {
  mkdirSync(options.dataDir, { recursive: true });
  const folderLock = await lockFolder(options.dataDir, HOST_NAMES[options.host]);
  try {
    return await startTerminal(options, folderLock);
  } catch (error) {
    await folderLock.release();
    throw error;
  }
}

async function startTerminal(options: TerminalOptions, folderLock: FolderLock): Promise<Terminal> {
  const router = new IpcRouter();
  const hub = new PushHub();

  const { cache, recovered } = openCache(join(options.dataDir, 'cache.sqlite'), {
    nativeBinding: options.sqliteBinding,
  });
  if (recovered) {
    // Never fatal: the old file is kept beside the new one and the server refills the cache.
    console.warn(
      `[tradedesk] the local cache could not be read (${recovered.reason}); it was moved to ${recovered.movedTo} and will be rebuilt from the server.`,
    );
  }

  const market = createMarketService({ hub, quoteStore: cache });
  const charts = new ChartService({ hub, market, cache });
  const secrets = options.secrets ?? new FileSecretStore(join(options.dataDir, 'secrets.json'));

  let demo: RunningStack | null = null;
  let stopped = false;
  let demoStarting: Promise<StackInfo> | null = null;
  const override = options.demoStack ?? demoStackFromEnv();
  const demoStack = (): Promise<StackInfo> => {
    if (override) return Promise.resolve(override);
    if (demo) return Promise.resolve(demo.info);
    if (!options.launchDemoStack) return Promise.reject(new Error('this host cannot start the demo backend'));
    demoStarting ??= options.launchDemoStack(join(options.dataDir, 'demo-backend')).then(
      (started) => {
        demo = started;
        demoStarting = null;
        started.onExit?.((code) => {
          if (demo !== started || stopped) return;
          // Crashed after it was ready: forget it, so the next use of the demo profile starts a
          // new one instead of pointing at dead ports (and quitting does not wait on it).
          console.error(`[tradedesk] the demo backend exited unexpectedly (code ${code})`);
          demo = null;
        });
        return started.info;
      },
      (error: unknown) => {
        demoStarting = null;
        throw error;
      },
    );
    return demoStarting;
  };

  const trading = createTradingService({
    hub,
    cache,
    market,
    secrets,
    demoStack,
    onProfile: (endpoints) => {
      market.configure(endpoints ? { url: endpoints.marketUrl, apiKey: endpoints.marketApiKey } : null);
      charts.configure(endpoints ? chartFeedOf(endpoints) : null);
      // Remember a remote profile (not the demo: its ports change with every launch).
      if (endpoints?.kind === 'remote') {
        const { name, supabaseUrl, anonKey, marketUrl, marketApiKey } = endpoints;
        void secrets.set(
          PROFILE_KEY,
          JSON.stringify({ kind: 'remote', name, supabaseUrl, anonKey, marketUrl, marketApiKey }),
        );
      } else if (endpoints?.kind === 'demo') {
        void secrets.remove(PROFILE_KEY);
      }
    },
  });

  registerAppMethods(router, {
    name: 'Tradedesk',
    version: options.appVersion,
    host: options.host,
    platform: options.platform ?? process.platform,
    isDemo: () => trading.session().profile?.kind === 'demo',
  });
  const workspace = new Workspace({ hub, cache, market, snapshot: () => trading.state() });
  const alerts = new AlertService({ hub, cache, trading, market, installationId: installationId(cache) });
  const keymap = new KeymapService({
    cache,
    hub,
    userId: () => trading.session().user?.id ?? null,
    platform: process.platform === 'darwin' ? 'mac' : 'other',
  });
  // The keymap is the signed-in trader's: a sign-in after a window opened changes it.
  trading.onSession(() => keymap.sessionChanged());

  registerMarketMethods(router, market);
  registerTradingMethods(router, trading, {
    market,
    projectState: (windowId, snapshot) => workspace.projectSnapshot(windowId, snapshot),
  });
  registerWorkspaceMethods(router, workspace);
  registerChartMethods(router, { hub, charts, market });
  registerAlertMethods(router, alerts, keymap);
  router.handle('connection.get', () => [market.status(), trading.status()]);

  // Start-up: the cache is already on screen for any window that attaches (stale, with its
  // age); the profile connects in the background so a slow or absent network never blocks it.
  // Until the profile is applied, windows that attach are told it is starting (not offered a
  // sign-in or a choice of profile they never needed).
  if (!options.manualProfile) trading.announceStarting();
  const ready = options.manualProfile ? Promise.resolve() : startProfile();

  async function startProfile(): Promise<void> {
    try {
      const remote = override ? null : rememberedRemote(await secrets.get(PROFILE_KEY));
      if (remote) await trading.useProfile(remote);
      else await trading.useDemoProfile();
    } catch (error) {
      console.error('[tradedesk] could not connect the start-up profile:', error);
    }
  }

  return {
    router,
    hub,
    cache,
    market,
    charts,
    trading,
    workspace,
    alerts,
    keymap,
    ready,
    reconnectNow: () => {
      market.reconnectNow();
      trading.reconnectNow();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await ready.catch(() => {});
      // Layouts first: the quit flush must reach the cache before it closes.
      workspace.stop();
      alerts.stop();
      await trading.stop();
      charts.stop(); // saves the last live candles before the cache closes
      await market.stop();
      cache.close();
      await demo?.stop();
      await folderLock.release();
    },
  };
}

/**
 * The chart feed of a profile. The demo's candles are keyed `demo` (its port changes with every
 * launch, its walk does not); a remote service's by its origin, so two services never mix.
 */
function chartFeedOf(endpoints: ProfileEndpoints): ChartFeed {
  const key = endpoints.kind === 'demo' ? 'demo' : new URL(endpoints.marketUrl).origin;
  return { key, url: endpoints.marketUrl, apiKey: endpoints.marketApiKey };
}

/**
 * This installation's id (a data folder's): names it to trigger_alert, so its retries of a fire
 * are recognised as the same caller. Device state: survives sign-out.
 */
function installationId(cache: Cache): string {
  const key = `${GLOBAL_META_PREFIX}installationId`;
  const known = cache.getMeta(key);
  if (known !== null && known.length > 0 && known.length <= 64) return known;
  const id = randomUUID();
  cache.setMeta(key, id);
  return id;
}

function rememberedRemote(stored: string | null): RemoteProfile | null {
  if (!stored) return null;
  try {
    const parsed = RemoteProfile.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // unreadable: fall back to the demo profile rather than fail to start
  }
}
