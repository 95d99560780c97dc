import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { MAX_WIRE_FRAME_BYTES, WireRequestSchema, type PushName, type PushPayload } from '../../src/shared/contract';
import { WindowKey } from '../../src/shared/layout';
import type { IpcRouter } from '../core/ipc/router';
import type { PushHub } from '../core/ipc/push-hub';

/**
 * The browser host: serves the built renderer and carries the IPC contract over a loopback
 * WebSocket. It is the same router and push hub the Electron host uses; only the transport
 * differs. Bound to 127.0.0.1 only; a per-run token gates the socket; the Host and Origin
 * headers must name this very server (DNS-rebinding and cross-site defence).
 */
export interface WebHostOptions {
  router: IpcRouter;
  hub: PushHub;
  /** Directory holding the built renderer (index.html + assets). */
  rendererDir?: string;
  /** Serves requests the static handler does not (the Vite dev middleware in `npm run dev`). */
  devMiddleware?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  port?: number;
  token?: string;
  /** Market-tick pushes to a window whose socket has more than this queued are skipped. */
  maxBufferedBytes?: number;
  /**
   * Told which layout window a new connection is (the `window` query parameter of its socket URL,
   * null when absent or malformed) before it attaches to the hub: the workspace's `bindWindow`.
   */
  bindWindow?: (windowId: string, windowKey: string | null) => void;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  /** Counters for tests and diagnostics. */
  stats(): { connections: number; refused: number; badFrames: number; skippedTicks: number };
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const counters = { connections: 0, refused: 0, badFrames: 0, skippedTicks: 0 };
  let port = 0;
  let nextWindow = 1;
  // The UTF-8 bytes of the last push frame sent. The hub hands every window of one fan-out the
  // same string; sent as a string, ws would measure and encode it again for each socket.
  let lastFrame: { text: string; bytes: Buffer } | null = null;
  const bytesOf = (text: string): Buffer => {
    if (lastFrame?.text !== text) lastFrame = { text, bytes: Buffer.from(text, 'utf8') };
    return lastFrame.bytes;
  };

  const allowedHosts = () => [`${HOST}:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  const server: Server = createServer((req, res) => {
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request');
      return;
    }
    void serveStatic(req, res, options.rendererDir, () => {
      if (options.devMiddleware) options.devMiddleware(req, res, () => notFound(res));
      else notFound(res);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const refusal = checkUpgrade(req, token, allowedHosts(), allowedOrigins());
    if (refusal) {
      counters.refused++;
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, windowKeyOf(req)));
  });

  function onConnection(ws: WebSocket, windowKey: string | null): void {
    counters.connections++;
    const windowId = `web-${nextWindow++}`;
    options.bindWindow?.(windowId, windowKey);
    const send = (frame: unknown) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void onMessage(windowId, data, isBinary, send);
    });
    ws.on('close', () => options.hub.detach(windowId));
    ws.on('error', () => options.hub.detach(windowId));
    options.hub.attach(windowId, <P extends PushName>(name: P, _payload: PushPayload<P>, wire: () => string) => {
      // Ticks are coalesced upstream; if this window cannot keep up, skip a batch rather than
      // queue without bound. The next batch carries the latest prices anyway.
      if (name === 'market.ticks' && ws.bufferedAmount > maxBuffered) {
        counters.skippedTicks++;
        return;
      }
      // The hub's frame text: windows sent the same push share one encoding (see PushSink).
      // (A Buffer sent with binary: false is still a text frame, as the renderer expects.)
      if (ws.readyState === WebSocket.OPEN) ws.send(bytesOf(wire()), { binary: false });
    });
  }

  async function onMessage(windowId: string, data: RawData, isBinary: boolean, send: (f: unknown) => void) {
    if (isBinary) {
      counters.badFrames++;
      send({ t: 'error', error: { code: 'invalid_args', message: 'Binary frames are not part of the contract' } });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(rawToString(data));
    } catch {
      counters.badFrames++;
      send({ t: 'error', error: { code: 'invalid_args', message: 'Frame is not valid JSON' } });
      return;
    }
    const frame = WireRequestSchema.safeParse(json);
    if (!frame.success) {
      counters.badFrames++;
      const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : null;
      const error = { code: 'invalid_args' as const, message: 'Frame is not a request {t:"req", id, method, args}' };
      if (id !== null && Number.isInteger(id) && id >= 0) send({ t: 'res', id, result: { ok: false, error } });
      else send({ t: 'error', error });
      return;
    }
    const result = await options.router.dispatch({ windowId }, frame.data.method, frame.data.args);
    send({ t: 'res', id: frame.data.id, result });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    stats: () => ({ ...counters }),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** The layout window a socket says it is (`/ipc?token=…&window=<key>`); null when absent or malformed. */
function windowKeyOf(req: IncomingMessage): string | null {
  try {
    const parsed = WindowKey.safeParse(new URL(req.url ?? '/', 'http://placeholder').searchParams.get('window'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Returns an HTTP status line when the upgrade must be refused, or null to accept it. */
export function checkUpgrade(
  req: IncomingMessage,
  token: string,
  allowedHosts: string[],
  allowedOrigins: string[],
): string | null {
  if (!allowedHosts.includes(req.headers.host ?? '')) return '421 Misdirected Request';
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://placeholder');
  } catch {
    return '400 Bad Request';
  }
  if (url.pathname !== '/ipc') return '404 Not Found';
  // Browsers always send Origin on a WebSocket upgrade; a page from any other origin is refused
  // even if it somehow learned the token. Non-browser clients (tests, tools) send none.
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) return '403 Forbidden';
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '401 Unauthorized';
  return null;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
} as const;

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string | undefined, next: () => void) {
  if (!root || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://placeholder').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (pathname === '/') pathname = '/index.html';
  const base = resolve(root);
  const file = resolve(join(base, normalize(pathname)));
  if (file !== base && !file.startsWith(base + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) return next();
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': pathname === '/index.html' ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  } catch {
    next();
  }
}

function notFound(res: ServerResponse) {
  res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
}
