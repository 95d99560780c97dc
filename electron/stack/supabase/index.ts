import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { openDatabase, type ChangeFeed, type Database } from '../db';
import { handleAuth } from './auth/gotrue';
import { CORS_HEADERS, sendJson } from './http';
import { DEFAULT_JWT_SECRET, apiKeysFor } from './jwt';
import { CatalogCache, loadCatalog } from './rest/catalog';
import { DEFAULT_MAX_ROWS, handleRest } from './rest/postgrest';
import { dispatchChanges } from './realtime/dispatch';
import { RealtimeSocketServer } from './realtime/socket-server';

/**
 * The embedded Supabase: GoTrue-compatible Auth, PostgREST-compatible REST and Realtime
 * `postgres_changes`, over PGlite or a PostgreSQL server, on one loopback HTTP port — enough of
 * each protocol that the unmodified `@supabase/supabase-js` client works against it.
 */

export interface SupabaseStackOptions {
  /**
   * Run on this PostgreSQL server (`postgres://user:password@host:port/database`, connecting as
   * a superuser or the database owner) instead of PGlite.
   */
  databaseUrl?: string;
  /** PGlite only: persist the database here; in memory when absent. */
  dataDir?: string;
  /** Server only: pool connections (default 10). */
  poolSize?: number;
  /** Server only: Realtime capture (default `logical-replication`; `outbox` only to show why not). */
  capture?: 'logical-replication' | 'outbox';
  /** Server only: replication slot name (default `tradedesk_realtime_<database>`). */
  slotName?: string;
  /** Loopback port; 0 (default) picks a free one. */
  port?: number;
  jwtSecret?: string;
  /** Access-token lifetime (default 3600 s; keep it > 120 s, the client refreshes below that). */
  accessTokenTtlSec?: number;
  /** Seed a new database with `supabase/seed.sql` (default true). */
  seed?: boolean;
  /**
   * Rows one REST read may return, like a hosted project's "max rows" (default 1,000, as
   * hosted); null turns the cap off.
   */
  maxRows?: number | null;
  /**
   * Answer browser CORS preflights (default false). Only Node talks to this server (the main
   * process owns every socket), and with CORS off a web page cannot drive it with the
   * well-known demo keys.
   */
  cors?: boolean;
}

export interface SupabaseStack {
  url: string;
  port: number;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  db: Database;
  /** How Realtime captures changes on this engine (`outbox` on PGlite, `logical-replication` on a server). */
  capture: ChangeFeed['method'];
  /** Pushes every change committed so far to Realtime subscribers, now. */
  flushChanges(): Promise<void>;
  /**
   * Closes sockets, then the database. A server keeps its replication slot so a restart resumes
   * where this run stopped; `dropSlot` removes it (the gateway is retired).
   */
  stop(opts?: { dropSlot?: boolean }): Promise<void>;
}

export { DEFAULT_JWT_SECRET } from './jwt';

/** Host header names this loopback server answers to (absent: HTTP/1.0 clients, allowed). */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return true;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

export async function startSupabaseStack(opts: SupabaseStackOptions = {}): Promise<SupabaseStack> {
  const jwtSecret = opts.jwtSecret ?? DEFAULT_JWT_SECRET;
  const { anonKey, serviceRoleKey } = apiKeysFor(jwtSecret);
  const db = await openDatabase({
    databaseUrl: opts.databaseUrl,
    dataDir: opts.dataDir,
    seed: opts.seed,
    poolSize: opts.poolSize,
    capture: opts.capture,
    slotName: opts.slotName,
  });
  const catalog = new CatalogCache(() => loadCatalog(db));
  const realtime = new RealtimeSocketServer(jwtSecret, catalog);
  let feed: ChangeFeed;
  try {
    // Changes committed while no gateway ran go first, to nobody: no one has subscribed yet.
    feed = await db.listen((changes) => dispatchChanges(db, catalog, realtime, changes), {
      // The database went away (a server restart): subscribers rejoin and reconcile by snapshot.
      interrupted: (reason) => realtime.failAll(`Realtime lost the database connection (${reason}); rejoin to resync`),
    });
  } catch (e) {
    realtime.close();
    await db.close().catch(() => undefined);
    throw e;
  }

  let baseUrl = '';
  const afterCommit = (): void => feed.kick();
  const authCtx = {
    db,
    jwtSecret,
    baseUrl: () => baseUrl,
    accessTokenTtlSec: opts.accessTokenTtlSec ?? 3600,
    afterCommit,
  };
  const restCtx = {
    db,
    catalog,
    jwtSecret,
    afterCommit,
    maxRows: opts.maxRows === undefined ? DEFAULT_MAX_ROWS : opts.maxRows,
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isLoopbackHost(req.headers.host)) {
      // A DNS-rebinding page reaches 127.0.0.1 under its own host name; refuse it.
      sendJson(res, 403, { message: 'Forbidden host' });
      return;
    }
    if (opts.cors) for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      sendJson(res, 400, { message: 'Bad request' });
      return;
    }
    if (req.method === 'OPTIONS' && opts.cors) {
      res.writeHead(204);
      res.end();
      return;
    }
    const path = url.pathname;
    if (path.startsWith('/auth/v1/')) await handleAuth(req, res, url, path.slice('/auth/v1'.length), authCtx);
    else if (path === '/rest/v1' || path.startsWith('/rest/v1/')) {
      await handleRest(req, res, url, path.slice('/rest/v1'.length), restCtx);
    } else sendJson(res, 404, { message: 'no Route matched with those values' });
  };

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket, head) => {
    if (!isLoopbackHost(req.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      socket.destroy();
      return;
    }
    if (url.pathname.replace(/\/+$/, '') === '/realtime/v1/websocket') realtime.handleUpgrade(req, socket, head, url);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    realtime.close();
    await feed.stop();
    await db.close().catch(() => undefined);
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  let stopping: Promise<void> | null = null;
  return {
    url: baseUrl,
    port,
    anonKey,
    serviceRoleKey,
    jwtSecret,
    db,
    capture: feed.method,
    flushChanges: () => feed.flush(),
    stop: (stopOpts = {}) => {
      stopping ??= (async () => {
        realtime.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive and in-flight sockets would hold the port; end them.
        for (const s of sockets) s.destroy();
        await closed;
        await feed.stop(stopOpts);
        await db.close();
      })();
      return stopping;
    },
  };
}
