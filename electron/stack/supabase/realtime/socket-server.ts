import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import { callerFromToken, type Caller } from '../caller';
import type { CatalogCache } from '../rest/catalog';
import { parseChangeFilter } from './filter';
import { decodeFrame, encodeFrame, reply, type PhxMessage, type Vsn } from './phoenix';
import type { Binding, BindingEvent, Subscriber, SubscriberRegistry } from './subscriptions';

/**
 * The Realtime WebSocket endpoint (`/realtime/v1/websocket`): Phoenix channels carrying
 * `postgres_changes` subscriptions, heartbeats and token updates (protocol doc A).
 */

const MAX_FRAME_BYTES = 1024 * 1024;
/** setTimeout's ceiling; longer expiries are re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Like Phoenix: a socket silent for this long (no heartbeat) is dead; its subscriptions go. */
const IDLE_TIMEOUT_MS = 60_000;

const BindingParams = z
  .object({
    event: z.string(),
    schema: z.string(),
    table: z.string().optional(),
    filter: z.string().optional(),
  })
  .catchall(z.unknown());

interface Channel extends Subscriber {
  joinRef: string | null;
  expiryTimer: NodeJS.Timeout | null;
}

interface Connection {
  ws: WebSocket;
  vsn: Vsn;
  /** The URL `apikey`: the identity of joins that carry no `access_token`. */
  socketCaller: Caller;
  channels: Map<string, Channel>;
  /** Frames are handled one after another: a join must finish before a following token update. */
  queue: Promise<void>;
  /** Last frame received (clients heartbeat every 25 s). */
  lastSeen: number;
}

/** Stable non-zero id for a binding (the real server uses `:erlang.phash2(params)`). */
function bindingId(params: unknown): number {
  let h = 0x811c9dc5;
  const s = JSON.stringify(params);
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 0x7ffffff) + 1;
}

function usableToken(t: unknown): t is string {
  // `sb_` publishable/secret keys are not JWTs; the server uses the socket token instead.
  return typeof t === 'string' && t.length > 0 && !t.startsWith('sb_');
}

export class RealtimeSocketServer implements SubscriberRegistry {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly connections = new Set<Connection>();
  private readonly idleSweep: NodeJS.Timeout;

  constructor(
    private readonly jwtSecret: string,
    private readonly catalog: CatalogCache,
  ) {
    this.idleSweep = setInterval(() => {
      const cutoff = Date.now() - IDLE_TIMEOUT_MS;
      for (const conn of this.connections) if (conn.lastSeen < cutoff) conn.ws.terminate();
    }, IDLE_TIMEOUT_MS / 4);
    this.idleSweep.unref();
  }

  *subscribers(): Iterable<Subscriber> {
    for (const c of this.connections) yield* c.channels.values();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Accepts or refuses (401, like the real server) an upgrade to `/realtime/v1/websocket`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const headerKey = req.headers['x-api-key'];
    const key = url.searchParams.get('apikey') ?? (typeof headerKey === 'string' ? headerKey : null);
    const caller = key ? callerFromToken(key, this.jwtSecret) : { error: 'No API key found', expired: false };
    if ('error' in caller) {
      const body = JSON.stringify({ error: caller.error });
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const vsn: Vsn = url.searchParams.get('vsn') === '2.0.0' ? '2.0.0' : '1.0.0';
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, vsn, caller));
  }

  private accept(ws: WebSocket, vsn: Vsn, socketCaller: Caller): void {
    const conn: Connection = {
      ws,
      vsn,
      socketCaller,
      channels: new Map(),
      queue: Promise.resolve(),
      lastSeen: Date.now(),
    };
    this.connections.add(conn);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      conn.lastSeen = Date.now();
      if (isBinary) return; // only user broadcast uses binary frames; we carry none
      const msg = decodeFrame(data.toString(), vsn);
      if (msg) {
        // A bad frame never takes the socket down.
        conn.queue = conn.queue.then(() => this.onMessage(conn, msg)).catch(() => undefined);
      }
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      for (const ch of conn.channels.values()) this.dropChannel(conn, ch);
      this.connections.delete(conn);
    });
  }

  private send(conn: Connection, msg: PhxMessage): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(encodeFrame(msg, conn.vsn));
  }

  private async onMessage(conn: Connection, msg: PhxMessage): Promise<void> {
    if (msg.topic === 'phoenix' && msg.event === 'heartbeat') {
      this.send(conn, reply(msg, 'ok', {}));
      return;
    }
    if (msg.event === 'phx_join') {
      await this.join(conn, msg);
      return;
    }
    const channel = conn.channels.get(msg.topic);
    // Phoenix drops pushes whose join_ref is not the channel's current one.
    if (!channel || (msg.joinRef !== null && channel.joinRef !== null && msg.joinRef !== channel.joinRef)) {
      if (msg.ref !== null) this.send(conn, reply(msg, 'error', { reason: 'unmatched topic' }));
      return;
    }
    switch (msg.event) {
      case 'phx_leave':
        this.dropChannel(conn, channel);
        conn.channels.delete(msg.topic);
        this.send(conn, reply(msg, 'ok', {}));
        return;
      case 'access_token':
        this.updateToken(conn, channel, msg.payload.access_token);
        return;
      default:
        // broadcast / presence: accepted and ignored (this server carries postgres_changes only).
        if (msg.ref !== null) this.send(conn, reply(msg, 'ok', {}));
    }
  }

  private async join(conn: Connection, msg: PhxMessage): Promise<void> {
    if (!msg.topic.startsWith('realtime:')) {
      this.send(conn, reply(msg, 'error', { reason: 'unmatched topic' }));
      return;
    }
    const token = msg.payload.access_token;
    const caller = usableToken(token) ? callerFromToken(token, this.jwtSecret) : conn.socketCaller;
    if ('error' in caller) {
      this.send(conn, reply(msg, 'error', { reason: `Unauthorized: ${caller.error}` }));
      return;
    }
    const config = (msg.payload.config ?? {}) as Record<string, unknown>;
    const requested = Array.isArray(config.postgres_changes) ? (config.postgres_changes as unknown[]) : [];
    const echoed: Record<string, unknown>[] = [];
    const bindings: Binding[] = [];
    const problems: string[] = [];
    for (const raw of requested) {
      const parsed = BindingParams.safeParse(raw);
      if (!parsed.success) {
        problems.push('Unable to subscribe to changes with given parameters: invalid binding');
        continue;
      }
      const params = parsed.data;
      const id = bindingId(params);
      echoed.push({ ...params, id });
      const event = params.event.toUpperCase();
      const filter = parseChangeFilter(params.filter);
      const table = params.table ?? '*';
      const known =
        table === '*' || (await this.catalog.table(params.schema === 'public' ? table : `${params.schema}.${table}`));
      if (!['*', 'INSERT', 'UPDATE', 'DELETE'].includes(event)) problems.push(`Invalid event: ${params.event}`);
      else if (!filter.ok) problems.push(filter.message);
      else if (!known)
        problems.push(
          `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [schema: ${params.schema}, table: ${table}, filters: ${params.filter ?? ''}]`,
        );
      else bindings.push({ id, event: event as BindingEvent, schema: params.schema, table, filter: filter.filter });
    }

    const previous = conn.channels.get(msg.topic);
    if (previous) this.dropChannel(conn, previous);
    const name = msg.topic.slice('realtime:'.length);
    const channel: Channel = {
      topic: msg.topic,
      joinRef: msg.joinRef ?? msg.ref,
      caller,
      bindings,
      expiryTimer: null,
      push: (payload) => {
        // A change captured before a leave must not reach the left channel.
        if (conn.channels.get(msg.topic) !== channel) return;
        this.send(conn, { joinRef: null, ref: null, topic: msg.topic, event: 'postgres_changes', payload });
      },
      fail: (message) => {
        if (conn.channels.get(msg.topic) !== channel) return;
        this.errorChannel(conn, channel, message);
      },
    };
    conn.channels.set(msg.topic, channel);
    this.armExpiry(conn, channel);
    this.send(conn, reply(msg, 'ok', { postgres_changes: echoed }));
    if (requested.length > 0) {
      this.send(conn, {
        joinRef: channel.joinRef,
        ref: null,
        topic: msg.topic,
        event: 'system',
        payload:
          problems.length === 0
            ? { extension: 'postgres_changes', status: 'ok', message: 'Subscribed to PostgreSQL', channel: name }
            : { extension: 'postgres_changes', status: 'error', message: problems.join('; '), channel: name },
      });
    }
    const presence = config.presence as { enabled?: unknown } | undefined;
    if (presence?.enabled === true) {
      this.send(conn, { joinRef: channel.joinRef, ref: null, topic: msg.topic, event: 'presence_state', payload: {} });
    }
  }

  private updateToken(conn: Connection, channel: Channel, token: unknown): void {
    if (!usableToken(token)) return;
    const caller = callerFromToken(token, this.jwtSecret);
    if ('error' in caller) {
      this.closeChannel(conn, channel, caller.expired ? 'Token has expired' : `Invalid token: ${caller.error}`);
      return;
    }
    channel.caller = caller;
    this.armExpiry(conn, channel);
  }

  /** Closes the channel the way the real server does on a bad or expired token. */
  private closeChannel(conn: Connection, channel: Channel, message: string): void {
    const name = channel.topic.slice('realtime:'.length);
    this.send(conn, {
      joinRef: channel.joinRef,
      ref: null,
      topic: channel.topic,
      event: 'system',
      payload: { extension: 'system', status: 'error', message, channel: name },
    });
    this.send(conn, {
      joinRef: channel.joinRef,
      ref: channel.joinRef,
      topic: channel.topic,
      event: 'phx_close',
      payload: {},
    });
    this.dropChannel(conn, channel);
    conn.channels.delete(channel.topic);
  }

  /**
   * Realtime lost track (the database went away): the client hears a `system` error, then
   * `phx_error`, which makes realtime-js rejoin with backoff (CHANNEL_ERROR, then SUBSCRIBED).
   */
  private errorChannel(conn: Connection, channel: Channel, message: string): void {
    const name = channel.topic.slice('realtime:'.length);
    this.send(conn, {
      joinRef: channel.joinRef,
      ref: null,
      topic: channel.topic,
      event: 'system',
      payload: { extension: 'postgres_changes', status: 'error', message, channel: name },
    });
    this.send(conn, {
      joinRef: channel.joinRef,
      ref: channel.joinRef,
      topic: channel.topic,
      event: 'phx_error',
      payload: {},
    });
    this.dropChannel(conn, channel);
    conn.channels.delete(channel.topic);
  }

  /** Every channel with postgres_changes bindings fails (see errorChannel); returns how many. */
  failAll(message: string): number {
    let n = 0;
    for (const conn of this.connections) {
      for (const channel of [...conn.channels.values()]) {
        if (channel.bindings.length === 0) continue;
        this.errorChannel(conn, channel, message);
        n++;
      }
    }
    return n;
  }

  private armExpiry(conn: Connection, channel: Channel): void {
    if (channel.expiryTimer) clearTimeout(channel.expiryTimer);
    const ms = channel.caller.claims.exp * 1000 - Date.now();
    channel.expiryTimer = setTimeout(
      () => {
        if (channel.caller.claims.exp * 1000 <= Date.now()) this.closeChannel(conn, channel, 'Token has expired');
        else this.armExpiry(conn, channel);
      },
      Math.max(0, Math.min(ms, MAX_TIMER_MS)),
    );
    channel.expiryTimer.unref();
  }

  private dropChannel(_conn: Connection, channel: Channel): void {
    if (channel.expiryTimer) clearTimeout(channel.expiryTimer);
    channel.expiryTimer = null;
    channel.bindings = [];
  }

  /** Closes every socket (the clients see a transport close and will reconnect). */
  close(): void {
    clearInterval(this.idleSweep);
    for (const conn of this.connections) {
      for (const ch of conn.channels.values()) this.dropChannel(conn, ch);
      conn.ws.terminate();
    }
    this.connections.clear();
    this.wss.close();
  }
}
