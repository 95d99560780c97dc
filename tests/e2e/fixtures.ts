import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  _electron,
  chromium,
  test as base,
  type Browser,
  type ElectronApplication,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { StackInfo } from '../../src/shared/contract/stack-info';
import { CHROMIUM, CHROMIUM_ARGS, electronLaunchHere } from './runtime';

/**
 * E2E fixtures, written once for both hosts. A spec asks for `terminal` (the app, opened on a
 * live embedded stack) or for `stack` + `openTerminal` when it needs to stop and restart the
 * backend or reopen the app on the same data folder.
 */
const root = join(import.meta.dirname, '../..');

export interface StackHandle {
  info: StackInfo;
  /** Stops the backend (the app sees its connections drop). */
  stop(): Promise<void>;
  /** Starts it again on the same ports with the same data. */
  start(): Promise<void>;
}

export interface TerminalHandle {
  page: Page;
  dataDir: string;
  host: 'web' | 'electron';
  version: string;
  /** The Electron app (electron project only): main-process evaluation, more windows. */
  electronApp?: ElectronApplication;
  close(): Promise<void>;
  /** Web host only: the host process dies (SIGKILL) while the page stays open. */
  killHost?: () => Promise<void>;
}

export interface OpenOptions {
  /** Reuse a data folder (offline start from the cache). */
  dataDir?: string;
  /** Browser viewport (web host); default 1440×900. */
  viewport?: { width: number; height: number };
  /** Extra command-line switches for the Electron app (e.g. --password-store=basic). */
  electronArgs?: string[];
}

/** The port of a loopback URL the stack announced. */
function portOf(url: string): number {
  return Number(new URL(url).port);
}

/**
 * How long the embedded stack may take to start, and the `stack` fixture's own timeout just
 * above it. A fresh PGlite cluster (initdb, migrations, seed) starts in ~20 s on a quiet
 * machine but took 220 s once while other helpers loaded the 2 shared cores: counted against
 * the 90 s test timeout, that start failed a test that had not begun, and the runner killed
 * the worker with the stack still starting (its ready line then hit a closed pipe). The start
 * has its own budget; the test's 90 s are for the test.
 */
const STACK_START_LIMIT_MS = 300_000;
const STACK_FIXTURE_TIMEOUT_MS = STACK_START_LIMIT_MS + 30_000;

/**
 * Spawns a Node child (through tsx) and resolves with it and the first stdout line matching
 * `pick`. Past `limitMs` the child is killed and, once it has exited, the promise rejects — so
 * the caller can remove its folders knowing nothing writes to them any more.
 */
function spawnUntil<T>(
  args: string[],
  env: NodeJS.ProcessEnv,
  pick: (line: string) => T | null,
  what: string,
  limitMs = 120_000,
): Promise<{ child: ChildProcess; value: T }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          timedOut
            ? `${what} did not become ready within ${limitMs / 1000} s`
            : `${what} exited (${signal ?? `code ${code}`}) before it was ready`,
        ),
      );
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const value = pick(line);
      if (value === null) return;
      clearTimeout(timer);
      resolve({ child, value });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 8_000).unref();
  });
}

/** An environment without unset variables (what `_electron.launch` accepts). */
function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function skipWithoutElectron(testInfo: TestInfo): void {
  if (testInfo.project.name !== 'electron') return;
  const launch = electronLaunchHere();
  // The one line saying why is printed once, by global-setup; each test carries the reason.
  if (launch.kind === 'skip') testInfo.skip(true, `electron e2e skipped: ${launch.reason}`);
}

/** Debian's Chromium: at worker start for the web project, never for the electron project unless a spec asks. */
interface LazyBrowser {
  get(): Promise<Browser>;
}

export const test = base.extend<
  {
    stack: StackHandle;
    openTerminal: (options?: OpenOptions) => Promise<TerminalHandle>;
    terminal: TerminalHandle;
    /** Opens `npm run web` with no backend given (it starts its own demo backend). */
    ownDemo: (beforeLoad?: (page: Page) => Promise<void>) => Promise<Page>;
  },
  { lazyBrowser: LazyBrowser }
>({
  lazyBrowser: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use, workerInfo) => {
      const launch = () => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      // The web project needs it in every test: launch it here, in the worker's setup, so its
      // start-up is not spent from each test's time budget. Elsewhere only on first use.
      const state: { launched: Promise<Browser> | null } = {
        launched: workerInfo.project.name === 'web' ? Promise.resolve(await launch()) : null,
      };
      await use({ get: () => (state.launched ??= launch()) });
      if (state.launched) await (await state.launched).close();
    },
    { scope: 'worker' },
  ],

  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use, testInfo) => {
      // Decide the skip before paying for a backend the skipped spec would never use.
      skipWithoutElectron(testInfo);
      const dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-e2e-stack-'));
      // Every port comes from the OS (port 0): the gateway's and the market simulator's. A restart
      // reuses the very ports the OS gave, so the app reconnects to the URLs it already has.
      // --test-controls: specs move a price through the market's API (POST /api/test/price).
      const args = [
        'electron/stack/cli.ts',
        '--port',
        '0',
        '--market-port',
        '0',
        '--data-dir',
        dataDir,
        '--seed',
        '7',
        '--test-controls',
      ];
      const pick = (line: string) => {
        try {
          const parsed = StackInfo.safeParse(JSON.parse(line));
          return parsed.success ? parsed.data : null;
        } catch {
          return null;
        }
      };
      let running: { child: ChildProcess; value: StackInfo };
      try {
        running = await spawnUntil(args, {}, pick, 'the embedded stack', STACK_START_LIMIT_MS);
      } catch (error) {
        rmSync(dataDir, { recursive: true, force: true }); // the child has exited: nothing writes here
        throw error;
      }
      const again = [
        'electron/stack/cli.ts',
        '--port',
        String(portOf(running.value.supabaseUrl)),
        '--market-port',
        String(portOf(running.value.marketUrl)),
        '--data-dir',
        dataDir,
        '--seed',
        '7',
        '--test-controls',
      ];
      const handle: StackHandle = {
        info: running.value,
        stop: async () => stopChild(running.child),
        start: async () => {
          running = await spawnUntil(again, {}, pick, 'the embedded stack', STACK_START_LIMIT_MS);
        },
      };
      try {
        await use(handle);
      } finally {
        await stopChild(running.child);
        // The backend's database (tens of MB) goes with the test that made it.
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { timeout: STACK_FIXTURE_TIMEOUT_MS },
  ],

  // `timezoneId` is Playwright's own option (`test.use({ timezoneId })`): the page's zone on the
  // web host, the app process's TZ under Electron.
  openTerminal: async ({ stack, lazyBrowser, timezoneId }, use, testInfo) => {
    const host = testInfo.project.name === 'electron' ? 'electron' : 'web';
    const opened: Array<() => Promise<void>> = [];
    /** Data folders made here (not those a spec passed in): removed once every app is closed. */
    const made: string[] = [];
    skipWithoutElectron(testInfo);
    const version = (await import('../../package.json', { with: { type: 'json' } })).default.version as string;

    await use(async (options: OpenOptions = {}) => {
      const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tradedesk-e2e-app-'));
      if (!options.dataDir) made.push(dataDir);
      const env: Record<string, string> = {
        TRADEDESK_DATA_DIR: dataDir,
        TRADEDESK_DEMO_STACK: JSON.stringify(stack.info),
        ...(timezoneId ? { TZ: timezoneId } : {}),
      };
      if (host === 'electron') {
        const launch = electronLaunchHere();
        if (launch.kind === 'skip') throw new Error(`electron e2e cannot launch: ${launch.reason}`);
        // The project folder (or the packaged app itself), never out/main/index.js; no
        // executablePath for the unpacked build, so Playwright's loader is injected.
        const app = await _electron.launch({
          ...(launch.kind === 'packaged' ? { executablePath: launch.executablePath } : {}),
          args: [...launch.args, ...(options.electronArgs ?? [])],
          cwd: launch.cwd,
          env: definedOnly({ ...process.env, ...env }),
        });
        const page = await app.firstWindow();
        const close = () => app.close();
        opened.push(close);
        return { page, dataDir, host, version, electronApp: app, close };
      }
      const { child, value: url } = await spawnUntil(
        ['electron/web/cli.ts', '--data-dir', dataDir, '--port', '0'],
        env,
        (line) => line.match(/^Tradedesk ready: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/)?.[1] ?? null,
        'the browser host',
      );
      const browser = await lazyBrowser.get();
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1440, height: 900 },
        timezoneId,
      });
      const page = await context.newPage();
      await page.goto(url);
      const close = async () => {
        await context.close();
        await stopChild(child);
      };
      const killHost = async () => {
        await new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.removeAllListeners('exit');
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        });
      };
      opened.push(close);
      return { page, dataDir, host, version, close, killHost };
    });
    for (const close of opened.reverse()) await close().catch(() => {});
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  },

  terminal: async ({ openTerminal }, use) => {
    await use(await openTerminal());
  },

  // The browser host exactly as `npm run web` runs it: no backend given, so it starts its own
  // demo backend; the page is opened the moment the ready line is printed.
  ownDemo: async ({ lazyBrowser }, use, testInfo) => {
    skipWithoutElectron(testInfo);
    const browser = await lazyBrowser.get();
    const dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-e2e-own-demo-'));
    const env: NodeJS.ProcessEnv = { TRADEDESK_DATA_DIR: dataDir, TRADEDESK_DEMO_STACK: '' };
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    let child: ChildProcess | null = null;
    try {
      await use(async (beforeLoad) => {
        const started = await spawnUntil(
          ['electron/web/cli.ts', '--data-dir', dataDir, '--port', '0'],
          env,
          (line) => line.match(/^Tradedesk ready: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/)?.[1] ?? null,
          'the browser host',
        );
        child = started.child;
        const page = await context.newPage();
        await beforeLoad?.(page);
        await page.goto(started.value);
        return page;
      });
    } finally {
      await context.close();
      if (child) await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
