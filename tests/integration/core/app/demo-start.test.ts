import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTerminal, type Terminal } from '../../../../electron/core/app/terminal';
import { childProcessStackLauncher } from '../../../../electron/core/app/stack-child';
import { demoStackFromEnv } from '../../../../electron/core/app/demo-override';
import type { PushName } from '../../../../src/shared/contract';
import type { SessionState } from '../../../../src/shared/domain';

/**
 * What `npm start` does with nothing configured: the terminal starts the embedded stack as a
 * child process, signs in as the demo user, and both feeds go live — no profile, no setup.
 */
const root = join(import.meta.dirname, '../../../..');

async function until(check: () => boolean, what: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('demo start (npm start with nothing configured)', () => {
  let terminal: Terminal | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    await terminal?.stop();
    // The demo backend's database lives in here (tens of MB): leave nothing behind.
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('launches the embedded stack as a child, signs in the demo user, and goes live on both feeds', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-demo-start-'));
    terminal = await createTerminal({
      host: 'web',
      appVersion: 'test',
      dataDir,
      demoStack: null,
      launchDemoStack: childProcessStackLauncher(join(root, 'electron/stack/cli.ts')),
    });
    const pushes: Array<{ name: PushName; payload: unknown }> = [];
    terminal.hub.attach('w1', (name, payload) => pushes.push({ name, payload }));
    // Before any network: the (empty) cache is on screen at once, marked stale.
    expect(pushes.find((p) => p.name === 'state.snapshot')?.payload).toMatchObject({ stale: true });
    // A window opened at once learns that the terminal is starting (never a sign-in or a choice
    // of profile), and that it is the demo backend that is starting.
    const firstSession = pushes.find((p) => p.name === 'session.state')?.payload;
    expect(firstSession).toMatchObject({ state: 'starting' });
    await until(
      () =>
        pushes.some(
          (p) =>
            p.name === 'session.state' &&
            (p.payload as SessionState).state === 'starting' &&
            (p.payload as SessionState).profile?.kind === 'demo',
        ),
      'starting the demo backend',
    );

    await terminal.ready;
    const sessions = pushes.filter((p) => p.name === 'session.state').map((p) => p.payload as SessionState);
    // Until signed in, no session state a window saw was "signed out with no profile".
    expect(sessions.every((st) => st.state !== 'signed_out')).toBe(true);
    expect(terminal.trading.session()).toMatchObject({
      state: 'signed_in',
      profile: { kind: 'demo' },
      user: { email: 'demo@tradedesk.local' },
    });
    await until(
      () => terminal!.trading.status().state === 'live' && terminal!.market.status().state === 'live',
      'both feeds live',
    );
    await until(() => terminal!.trading.state().account !== null, 'the demo account');
    expect(terminal.trading.state().account).toMatchObject({ balance: 1_000_000 });
    expect(await terminal.router.dispatch({ windowId: 'w1' }, 'app.info', {})).toMatchObject({
      ok: true,
      value: { demo: true },
    });
    // The header indices tick without any window asking for them.
    await until(() => terminal!.market.quote(26000) !== undefined, 'NIFTY 50 quote');
  }, 180_000);
});

describe('TRADEDESK_DEMO_STACK', () => {
  it('accepts the line `npm run stack` prints and refuses anything else with a clear error', () => {
    const info = {
      supabaseUrl: 'http://127.0.0.1:1',
      anonKey: 'x'.repeat(20),
      serviceRoleKey: 'y'.repeat(20),
      marketUrl: 'http://127.0.0.1:2',
      marketApiKey: 'k',
      demo: { email: 'a@b.c', password: 'p' },
    };
    expect(demoStackFromEnv({ TRADEDESK_DEMO_STACK: JSON.stringify(info) })).toEqual(info);
    expect(demoStackFromEnv({})).toBeNull();
    expect(() => demoStackFromEnv({ TRADEDESK_DEMO_STACK: '{nope' })).toThrow(/not valid JSON/);
    expect(() =>
      demoStackFromEnv({ TRADEDESK_DEMO_STACK: JSON.stringify({ ...info, supabaseUrl: 'not a url' }) }),
    ).toThrow(/not a stack announcement/);
  });
});
