import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test, type TerminalHandle } from './fixtures';

/**
 * The page-side security suite, written once for both hosts (the browser host's connection
 * checks are in tests/integration/web/security.test.ts). Checks that only mean something in
 * Electron — a browser tab's navigation and popups belong to the browser — skip in the web
 * project with that reason.
 */

/** A loopback server standing in for "somewhere else": counts every request it gets. */
async function elsewhere(): Promise<{ origin: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'text/javascript' }).end('window.__remoteRan = true;');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A screenshot kept as a file in the test's results folder (and attached to the report). */
async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

async function signedIn(page: Page): Promise<void> {
  await expect(page.getByRole('status', { name: 'Trading feed: Live' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('region', { name: /^Account/ })).toContainText('₹');
}

/** The signed-in session's tokens as main holds them, where this host lets a test read them. */
async function sessionTokens(terminal: TerminalHandle): Promise<string[] | null> {
  let stored: Record<string, string> | null = null;
  if (terminal.host === 'web') {
    const file = join(terminal.dataDir, 'secrets.json');
    await expect.poll(() => existsSync(file) && /auth-token/.test(readFileSync(file, 'utf8'))).toBe(true);
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } else if (terminal.electronApp) {
    // Electron keeps them in session.enc through safeStorage; on a Linux box without a keychain
    // (basic_text) they are in main's memory only, and only the pattern checks below apply.
    const file = join(terminal.dataDir, 'session.enc');
    if (!existsSync(file)) return null;
    const json = await terminal.electronApp.evaluate(async ({ safeStorage }, path) => {
      const fs = process.getBuiltinModule('node:fs') as { readFileSync(path: string): Buffer };
      return (await safeStorage.decryptStringAsync(fs.readFileSync(path))).result;
    }, file);
    stored = JSON.parse(json) as Record<string, string>;
  }
  if (!stored) return null;
  const tokens: string[] = [];
  for (const [key, value] of Object.entries(stored)) {
    if (!key.endsWith('auth-token')) continue;
    const session = JSON.parse(value) as { access_token?: string; refresh_token?: string };
    if (session.access_token) tokens.push(session.access_token);
    if (session.refresh_token) tokens.push(session.refresh_token);
  }
  return tokens;
}

/** Every string the page can reach without the network: DOM, storage, IndexedDB, cookies, globals. */
async function reachableStrings(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [document.documentElement.outerHTML, document.cookie, location.href];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)!;
        out.push(key, storage.getItem(key) ?? '');
      }
    }
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error);
        });
        out.push(JSON.stringify(rows));
      }
      db.close();
    }
    // Globals, a few levels deep (the store, the bridge, anything a library left behind).
    const seen = new WeakSet<object>();
    const walk = (value: unknown, depth: number) => {
      if (typeof value === 'string') out.push(value);
      if (!value || (typeof value !== 'object' && typeof value !== 'function') || depth > 4) return;
      if (seen.has(value) || value instanceof Node) return;
      seen.add(value);
      for (const key of Object.getOwnPropertyNames(value)) {
        try {
          walk((value as Record<string, unknown>)[key], depth + 1);
        } catch {
          /* a getter that throws */
        }
      }
    };
    for (const key of Object.getOwnPropertyNames(window)) {
      if (/^(webkit|on)/.test(key)) continue;
      try {
        walk((window as unknown as Record<string, unknown>)[key], 0);
      } catch {
        /* ignore */
      }
    }
    return out.join('\n');
  });
}

/** Every string in the renderer's JavaScript heap, from a heap snapshot over CDP. */
async function heapStrings(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const snapshot = JSON.parse(chunks.join('')) as { strings: string[] };
  return snapshot.strings.join('\n');
}

/** A JWT: what an access token is (the demo's anon key is one too, and is public by design). */
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/g;

test.describe('security (both hosts)', () => {
  test('the page has no require, process, Node or Electron APIs; the only bridge is invoke/on', async ({
    terminal,
  }) => {
    const found = await terminal.page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const names = ['require', 'process', 'module', 'exports', 'Buffer', 'global', '__dirname', '__filename'];
      names.push('setImmediate', 'electron', 'ipcRenderer', 'nodeRequire');
      const present = names.filter((n) => typeof w[n] !== 'undefined');
      const bridge = w.tradedesk as Record<string, unknown> | undefined;
      return { present, bridge: bridge ? Object.keys(bridge).sort() : null };
    });
    expect(found.present).toEqual([]);
    if (terminal.host === 'electron') expect(found.bridge).toEqual(['invoke', 'on']);
    else expect(found.bridge === null || found.bridge.every((k) => ['invoke', 'on'].includes(k))).toBe(true);
  });

  test('the CSP refuses an injected inline script, a remote script and eval', async ({ terminal }, testInfo) => {
    const { page } = terminal;
    const remote = await elsewhere();
    try {
      const result = await page.evaluate(async (src) => {
        const violations: string[] = [];
        // Violation reports are queued as tasks: wait for the two script ones, not for a clock.
        const reported = new Promise<void>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => {
            violations.push(e.effectiveDirective);
            if (violations.filter((d) => d.startsWith('script-src')).length >= 2) resolve();
          });
        });
        const inline = document.createElement('script');
        inline.textContent = 'window.__inlineRan = true;';
        document.body.append(inline);
        const external = document.createElement('script');
        external.src = `${src}/x.js`;
        const loaded = new Promise<string>((resolve) => {
          external.onload = () => resolve('loaded');
          external.onerror = () => resolve('refused');
        });
        document.body.append(external);
        const outcome = await loaded;
        let evalResult = 'ran';
        try {
          // The point: the page's policy must refuse it.
          (0, eval)('1 + 1');
        } catch (error) {
          evalResult = (error as Error).name;
        }
        await reported;
        const w = window as unknown as Record<string, unknown>;
        return { violations, outcome, inlineRan: w.__inlineRan, remoteRan: w.__remoteRan, evalResult };
      }, remote.origin);
      expect(result.inlineRan).toBeUndefined();
      expect(result.remoteRan).toBeUndefined();
      expect(result.outcome).toBe('refused');
      expect(result.evalResult).toBe('EvalError');
      expect(result.violations.filter((d) => d.startsWith('script-src')).length).toBeGreaterThanOrEqual(2);
      expect(remote.hits()).toBe(0); // refused before any request left the page
      await snap(page, testInfo, 'after-injected-scripts');
    } finally {
      await remote.close();
    }
  });

  test('no access or refresh token anywhere the renderer can reach: DOM, storage, IndexedDB, globals, heap', async ({
    terminal,
    stack,
  }, testInfo) => {
    const { page } = terminal;
    await signedIn(page);
    const tokens = await sessionTokens(terminal);
    if (tokens) {
      // The session really exists: two tokens of real length, so "not found" below means something.
      expect(tokens).toHaveLength(2);
      for (const token of tokens) expect(token.length).toBeGreaterThan(20);
    }
    // A positive control: a marker string put into the page's memory must be found by the same search.
    const marker = await page.evaluate(() => {
      const value = ['tradedesk', 'heap', 'marker', String(Math.random()).slice(2)].join('-');
      (window as unknown as { __marker: string[] }).__marker = [value];
      return value;
    });
    const reachable = await reachableStrings(page);
    const heap = await heapStrings(page);
    expect(reachable).toContain(marker);
    expect(heap).toContain(marker);
    for (const token of tokens ?? []) {
      expect(reachable.includes(token), 'a session token in the DOM, storage or globals').toBe(false);
      expect(heap.includes(token), 'a session token in the renderer heap').toBe(false);
      expect(heap.includes(token.slice(-24)), 'a piece of a session token in the renderer heap').toBe(false);
    }
    const jwts = new Set([...reachable.matchAll(JWT), ...heap.matchAll(JWT)].map((m) => m[0]));
    jwts.delete(stack.info.anonKey);
    expect([...jwts], 'JWT-shaped strings other than the public anon key').toEqual([]);
    expect(reachable).not.toContain(stack.info.serviceRoleKey);
    expect(heap).not.toContain(stack.info.serviceRoleKey);
    await snap(page, testInfo, 'signed-in-no-token-in-page');
  });
});

test.describe('security (Electron host)', () => {
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  test.beforeEach(({}, testInfo) => {
    test.skip(
      testInfo.project.name !== 'electron',
      "Electron host only: a browser tab's navigation and popups are the browser's",
    );
  });

  test('navigation away and window.open are refused; https links go to the OS browser and nothing else', async ({
    terminal,
  }) => {
    const { page, electronApp } = terminal;
    const app = electronApp!;
    const remote = await elsewhere();
    try {
      await app.evaluate(({ shell }) => {
        const opened: string[] = [];
        (globalThis as unknown as { __opened: string[] }).__opened = opened;
        shell.openExternal = async (url: string) => {
          opened.push(url);
        };
      });
      const before = page.url();
      await page.evaluate((url) => {
        location.href = url;
      }, `${remote.origin}/away`);
      const popups = await page.evaluate(
        (urls) => urls.map((u) => window.open(u) === null),
        [`${remote.origin}/popup`, 'https://docs.example/orders', 'file:///etc/passwd', 'javascript:alert(1)'],
      );
      await page.waitForTimeout(500);
      expect(page.url()).toBe(before);
      expect(popups).toEqual([true, true, true, true]);
      expect(app.windows()).toHaveLength(1);
      expect(remote.hits()).toBe(0);
      expect(await app.evaluate(() => (globalThis as unknown as { __opened: string[] }).__opened)).toEqual([
        'https://docs.example/orders',
      ]);
    } finally {
      await remote.close();
    }
  });

  test('a frame that is not our main frame gets no bridge of its own', async ({ terminal }) => {
    const { page } = terminal;
    const inFrame = await page.evaluate(async () => {
      const frame = document.createElement('iframe');
      frame.srcdoc = '<p>child</p>';
      const loaded = new Promise((r) => (frame.onload = r));
      document.body.append(frame);
      await loaded;
      const child = frame.contentWindow as unknown as Record<string, unknown> | null;
      const result = child ? typeof child.tradedesk : 'no window';
      frame.remove();
      return result;
    });
    expect(inFrame).toBe('undefined');
  });
});
