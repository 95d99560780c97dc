import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTerminal, type Terminal } from '../../../electron/core/app/terminal';
import { startWebHost, type WebHost } from '../../../electron/web/server';
import { MAX_WIRE_FRAME_BYTES } from '../../../src/shared/contract';
import { until, WireClient } from './wire-client';

/**
 * The browser host's security suite (the page-side checks for both hosts are in
 * tests/e2e/security.spec.ts): who may connect — the per-run token, this server's own Origin and
 * Host (DNS rebinding), loopback only — and what a connected client may send: no frame over
 * 1 MiB, and no amount of garbage stops the host serving a well-behaved window.
 */
let terminal: Terminal;
let host: WebHost;
let dataDir: string;
let rendererDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-websec-'));
  rendererDir = mkdtempSync(join(tmpdir(), 'tradedesk-websec-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tradedesk</title>');
  terminal = await createTerminal({ host: 'web', appVersion: '9.9.9-test', dataDir, manualProfile: true });
  host = await startWebHost({ router: terminal.router, hub: terminal.hub, rendererDir });
});

afterEach(async () => {
  await host.close();
  await terminal.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

const wsUrl = (token: string, path = '/ipc') => `ws://127.0.0.1:${host.port}${path}?token=${encodeURIComponent(token)}`;

function httpStatus(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('who may connect', () => {
  it('no token, a wrong token, another origin, another path: refused and counted; the page itself is let in', async () => {
    await expect(WireClient.open(`ws://127.0.0.1:${host.port}/ipc`)).rejects.toThrow(/401/);
    await expect(WireClient.open(wsUrl('not-the-token'))).rejects.toThrow(/401/);
    await expect(WireClient.open(wsUrl(`${host.token}x`))).rejects.toThrow(/401/);
    await expect(WireClient.open(wsUrl(host.token), { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(WireClient.open(wsUrl(host.token, '/elsewhere'))).rejects.toThrow(/404/);
    expect(host.stats()).toMatchObject({ refused: 5, connections: 0 });
    const ok = await WireClient.open(wsUrl(host.token), { origin: `http://127.0.0.1:${host.port}` });
    expect(await ok.call('app.info', {})).toMatchObject({ ok: true });
    ok.close();
  });

  it('DNS rebinding: a page served under another name that resolves to 127.0.0.1 is refused, even with the token', async () => {
    // What a rebinding attack looks like on the wire: the right address, a foreign Host (and Origin).
    const rebound = `evil.example:${host.port}`;
    expect(await httpStatus('/', { host: rebound })).toBe(421);
    await expect(WireClient.open(wsUrl(host.token), { host: rebound })).rejects.toThrow(/421/);
    await expect(WireClient.open(wsUrl(host.token), { origin: `http://${rebound}` })).rejects.toThrow(/403/);
    await expect(WireClient.open(wsUrl(host.token), { host: rebound, origin: `http://${rebound}` })).rejects.toThrow(
      /421/,
    );
    // A different port on loopback is another origin too.
    await expect(WireClient.open(wsUrl(host.token), { origin: `http://127.0.0.1:${host.port + 1}` })).rejects.toThrow(
      /403/,
    );
    expect(await httpStatus('/', { host: `127.0.0.1:${host.port}` })).toBe(200);
  });

  it('serves no file outside the renderer folder', async () => {
    const status = await httpStatus('/..%2f..%2f..%2fetc%2fpasswd', { host: `127.0.0.1:${host.port}` });
    expect([403, 404]).toContain(status);
  });

  it('is bound to 127.0.0.1 only', () => {
    expect(host.url.startsWith(`http://127.0.0.1:${host.port}/`)).toBe(true);
  });
});

/**
 * From a non-loopback address: a second network stack on this machine (a network namespace
 * joined to ours by a veth pair), which reaches our side of the pair at 10.231.x.1. A server on
 * 0.0.0.0 is reachable from there (the control); the browser host's port is not.
 */
describe('from a non-loopback address (network namespace)', () => {
  const id = `${process.pid % 10000}`;
  const ns = `tdsec${id}`;
  const outer = `tdo${id}`;
  const inner = `tdi${id}`;
  const subnet = `10.231.${process.pid % 250}`;
  /** Why the namespace could not be made (then the check skips, saying so), or null. */
  let unavailable: string | null = null;

  beforeAll(() => {
    try {
      execFileSync('ip', ['netns', 'add', ns], { stdio: 'pipe' });
      const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
      ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
      ip('link', 'set', inner, 'netns', ns);
      ip('addr', 'add', `${subnet}.1/30`, 'dev', outer);
      ip('link', 'set', outer, 'up');
      ip('-n', ns, 'addr', 'add', `${subnet}.2/30`, 'dev', inner);
      ip('-n', ns, 'link', 'set', inner, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    } catch (error) {
      unavailable = `network namespaces unavailable here (${String((error as Error).message).split('\n')[0]})`;
      console.log(`non-loopback check skipped: ${unavailable}`);
    }
  });

  afterAll(() => {
    for (const args of [
      ['link', 'del', outer],
      ['netns', 'del', ns],
    ]) {
      try {
        execFileSync('ip', args, { stdio: 'pipe' });
      } catch {
        /* not created */
      }
    }
  });

  /** Connects from inside the namespace; resolves with 'connected' or the error code. */
  function connectFromNamespace(port: number): Promise<string> {
    const script = `
      const s = require('node:net').connect(${port}, '${subnet}.1');
      s.setTimeout(5000, () => { console.log('ETIMEDOUT'); process.exit(0); });
      s.on('connect', () => { console.log('connected'); s.destroy(); });
      s.on('error', (e) => console.log(e.code));`;
    return new Promise((resolve, reject) => {
      const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.on('error', reject);
      child.on('exit', () => resolve(out.trim()));
    });
  }

  it('the host refuses a connection that arrives on another interface', async (ctx) => {
    if (unavailable) ctx.skip(`non-loopback check skipped: ${unavailable}`);
    const control = createServer((_req, res) => res.end('control'));
    await new Promise<void>((r) => control.listen(0, '0.0.0.0', r));
    try {
      expect(await connectFromNamespace((control.address() as AddressInfo).port)).toBe('connected');
      expect(await connectFromNamespace(host.port)).toBe('ECONNREFUSED');
    } finally {
      await new Promise<void>((r) => control.close(() => r()));
    }
  });
});

describe('what a connected client may send', () => {
  it('a frame over 1 MiB is refused (the socket is closed with 1009) and parses nothing; others carry on', async () => {
    const big = await WireClient.open(wsUrl(host.token));
    const other = await WireClient.open(wsUrl(host.token));
    // Just under the limit is still read (and answered as a bad request, since it has no id).
    big.raw(JSON.stringify({ pad: 'x'.repeat(MAX_WIRE_FRAME_BYTES - 100) }));
    await until(() => big.errors.length === 1, 'an answer to the large frame');
    const before = host.stats().badFrames;
    big.raw(Buffer.alloc(MAX_WIRE_FRAME_BYTES + 1, 0x7b).toString('latin1'));
    await until(() => big.closeCode !== null, 'the oversized frame to close the socket');
    expect(big.closeCode).toBe(1009);
    expect(host.stats().badFrames).toBe(before); // refused before parsing
    expect(await other.call('app.info', {})).toMatchObject({ ok: true });
    other.close();
  });

  it('10,000 malformed frames leave the host serving the good client, each one answered with a typed error', async () => {
    const bad = await WireClient.open(wsUrl(host.token));
    const good = await WireClient.open(wsUrl(host.token));
    const garbage = [
      () => '{not json',
      () => JSON.stringify({ t: 'req', id: 1, method: 42 }),
      () => JSON.stringify({ t: 'req', id: -1, method: 'app.info', args: {} }),
      () => JSON.stringify([1, 2, 3]),
      () => 'null',
      () => JSON.stringify({ t: 'res', id: 9, result: { ok: true } }),
      () => Buffer.from([0, 255, 1, 2]),
      () => JSON.stringify({ t: 'req', id: 2, method: 'x'.repeat(500), args: {} }),
      () => '{"t":"req","id":3,"method":"app.info","args":' + '['.repeat(2000) + ']'.repeat(2000) + '}',
    ];
    const TOTAL = 10_000;
    const goodAnswers: unknown[] = [];
    for (let i = 0; i < TOTAL; i++) {
      bad.raw(garbage[i % garbage.length]!());
      // The good window keeps working in the middle of the flood.
      if (i % 1000 === 0) goodAnswers.push(await good.call('app.info', {}));
    }
    await until(
      () => host.stats().badFrames >= TOTAL - Math.ceil(TOTAL / garbage.length),
      'the flood to be read',
      60_000,
    );
    expect(goodAnswers).toHaveLength(10);
    for (const answer of goodAnswers) expect(answer).toMatchObject({ ok: true, value: { version: '9.9.9-test' } });
    expect(await good.call('app.hello', { contractVersion: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_args' },
    });
    expect(await good.call('app.info', {})).toMatchObject({ ok: true });
    // The flooding client is still served too, and told what was wrong each time.
    expect(await bad.call('app.info', {})).toMatchObject({ ok: true });
    expect(bad.closeCode).toBeNull();
    expect(bad.errors.length).toBeGreaterThan(TOTAL / 2);
    for (const error of bad.errors.slice(0, 50)) expect(error).toMatchObject({ code: 'invalid_args' });
    bad.close();
    good.close();
  });
});
