import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { _electron, chromium, test as base, type Browser, type Page, type TestInfo } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS, electronRuntime } from './runtime';

/**
 * E2E fixtures, written once for both hosts. A spec asks for `terminal` (the app, opened on a
 * live embedded stack) or for `stack` + `openTerminal` when it needs to stop and restart the
 * backend or reopen the app on the same data folder.
 */
const root = join(import.meta.dirname, '../..');

export interface StackInfoJson {
  supabaseUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  marketUrl: string;
  marketApiKey: string;
  demo: { email: string; password: string };
}

export interface StackHandle {
  info: StackInfoJson;
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
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Reuse a data folder (offline start from the cache). */
  dataDir?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns a Node child (through tsx) and resolves with it and the first stdout line matching `pick`. */
function spawnUntil<T>(
  args: string[],
  env: NodeJS.ProcessEnv,
  pick: (line: string) => T | null,
  what: string,
): Promise<{ child: ChildProcess; value: T }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not become ready within 120 s`));
    }, 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with code ${code} before it was ready`));
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
  if (testInfo.project.name !== 'electron' || electronRuntime()) return;
  console.log('electron e2e skipped: Electron runtime not installed');
  testInfo.skip(true, 'electron e2e skipped: Electron runtime not installed');
}

export const test = base.extend<
  { stack: StackHandle; openTerminal: (options?: OpenOptions) => Promise<TerminalHandle>; terminal: TerminalHandle },
  { browser: Browser }
>({
  browser: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  stack: async ({}, use, testInfo) => {
    // Decide the skip before paying for a backend the skipped spec would never use.
    skipWithoutElectron(testInfo);
    const dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-e2e-stack-'));
    const port = await freePort();
    const args = ['electron/stack/cli.ts', '--port', String(port), '--data-dir', dataDir, '--seed', '7'];
    const pick = (line: string) => {
      try {
        const json = JSON.parse(line) as StackInfoJson;
        return typeof json.supabaseUrl === 'string' ? json : null;
      } catch {
        return null;
      }
    };
    let running = await spawnUntil(args, {}, pick, 'the embedded stack');
    const handle: StackHandle = {
      info: running.value,
      stop: async () => stopChild(running.child),
      start: async () => {
        running = await spawnUntil(args, {}, pick, 'the embedded stack');
      },
    };
    await use(handle);
    await stopChild(running.child);
  },

  // `timezoneId` is Playwright's own option (`test.use({ timezoneId })`): the page's zone on the
  // web host, the app process's TZ under Electron.
  openTerminal: async ({ stack, browser, timezoneId }, use, testInfo) => {
    const host = testInfo.project.name === 'electron' ? 'electron' : 'web';
    const opened: Array<() => Promise<void>> = [];
    skipWithoutElectron(testInfo);
    const version = (await import('../../package.json', { with: { type: 'json' } })).default.version as string;

    await use(async (options: OpenOptions = {}) => {
      const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tradedesk-e2e-app-'));
      const env: Record<string, string> = {
        TRADEDESK_DATA_DIR: dataDir,
        TRADEDESK_DEMO_STACK: JSON.stringify(stack.info),
        ...(timezoneId ? { TZ: timezoneId } : {}),
      };
      if (host === 'electron') {
        const app = await _electron.launch({
          executablePath: electronRuntime()!,
          args: [join(root, 'out/main/index.js')],
          env: definedOnly({ ...process.env, ...env }),
        });
        const page = await app.firstWindow();
        const close = () => app.close();
        opened.push(close);
        return { page, dataDir, host, version, close };
      }
      const { child, value: url } = await spawnUntil(
        ['electron/web/cli.ts', '--data-dir', dataDir, '--port', '0'],
        env,
        (line) => line.match(/^Tradedesk ready: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/)?.[1] ?? null,
        'the browser host',
      );
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId });
      const page = await context.newPage();
      await page.goto(url);
      const close = async () => {
        await context.close();
        await stopChild(child);
      };
      opened.push(close);
      return { page, dataDir, host, version, close };
    });
    for (const close of opened.reverse()) await close().catch(() => {});
  },

  terminal: async ({ openTerminal }, use) => {
    await use(await openTerminal());
  },
});

export { expect } from '@playwright/test';
