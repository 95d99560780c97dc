import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminal, type Terminal } from '../../../../electron/core/app/terminal';
import { startSupabaseStack, type SupabaseStack } from '../../../../electron/stack/supabase';
import type { IpcResult, KeymapState } from '../../../../src/shared/contract';
import { DEMO, demoProfile, RecordingWindow, waitFor } from '../trading/harness';

/**
 * The keymap is the signed-in trader's (`global.keymap.<user id>`). A window that opened before
 * the sign-in read the signed-out keymap at start; the sign-in must bring it the trader's own —
 * here a real terminal core on the embedded Supabase gateway (PGlite), signing out and in.
 */
let stack: SupabaseStack;
let terminal: Terminal;
let dir: string;

beforeAll(async () => {
  stack = await startSupabaseStack();
  dir = mkdtempSync(join(tmpdir(), 'tradedesk-keymap-sign-in-'));
  terminal = await createTerminal({
    host: 'web',
    appVersion: '9.9.9-test',
    dataDir: dir,
    demoStack: { ...demoProfile(stack).stack, serviceRoleKey: stack.serviceRoleKey },
    manualProfile: true,
  });
}, 120_000);

afterAll(async () => {
  await terminal?.stop();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function keymapOf(windowId: string): Promise<KeymapState> {
  const r = (await terminal.router.dispatch({ windowId }, 'keymap.get', {})) as IpcResult<KeymapState>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('the keymap across sign-in', () => {
  it('a window open before the sign-in is sent the trader’s keymap when they sign in, and the defaults when they sign out', async () => {
    // The trader rebinds Chart to G while signed in (a previous run).
    await terminal.trading.useProfile(demoProfile(stack));
    expect(terminal.trading.session().state).toBe('signed_in');
    const set = (await terminal.router.dispatch({ windowId: 'setup' }, 'keymap.set', {
      action: 'panel.chart',
      keys: ['G'],
    })) as IpcResult<KeymapState>;
    expect(set.ok).toBe(true);
    await terminal.trading.signOut();

    // A window opens while signed out: it reads this installation's keymap (the defaults).
    const window = new RecordingWindow('w1', terminal.hub);
    expect((await keymapOf(window.id)).keymap['panel.chart']).toEqual(['C']);

    await terminal.trading.signIn(DEMO.email, DEMO.password);
    const changed = await waitFor(
      () => window.of('keymap.changed').find((k) => k.keymap['panel.chart'][0] === 'G'),
      'the trader’s keymap pushed to the window',
    );
    expect(changed.overrides).toEqual({ 'panel.chart': ['G'] });
    // Told once for the sign-in, however many session states it went through.
    expect(window.of('keymap.changed')).toHaveLength(1);

    await terminal.trading.signOut();
    const back = await waitFor(
      () => window.of('keymap.changed').at(-1)?.keymap['panel.chart'][0] === 'C' && window.of('keymap.changed'),
      'the signed-out keymap pushed to the window',
    );
    expect(back).toHaveLength(2);
  }, 120_000);
});
