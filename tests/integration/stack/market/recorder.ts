import { io, type Socket } from 'socket.io-client';

/** A socket payload as recorded: the tests read its fields to check the protocol's shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the wire shape is what the tests examine
export type Payload = Record<string, any>;

/**
 * Records every event a socket.io-client socket receives from the moment it is created, so a
 * test can wait for an event that may already have arrived (no listener races), by polling
 * with a generous timeout rather than sleeping.
 */
export interface Recorded {
  event: string;
  payload: unknown;
  seq: number;
}

export class Recorder {
  readonly events: Recorded[] = [];
  private seq = 0;

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => this.events.push({ event, payload, seq: this.seq++ }));
    socket.on('disconnect', (reason) => this.events.push({ event: 'disconnect', payload: reason, seq: this.seq++ }));
    socket.on('connect_error', (err) =>
      this.events.push({ event: 'connect_error', payload: err.message, seq: this.seq++ }),
    );
  }

  /** Position marker: pass to `waitFor`/`all` to look only at events after this point. */
  mark(): number {
    return this.seq;
  }

  all(event: string, from = 0): Recorded[] {
    return this.events.filter((e) => e.event === event && e.seq >= from);
  }

  async waitFor<T = Payload>(
    event: string,
    pred: (p: T) => boolean = () => true,
    opts: { from?: number; timeoutMs?: number } = {},
  ): Promise<T> {
    const rec = await this.waitForRecord(event, pred, opts);
    return rec.payload as T;
  }

  async waitForRecord<T = Payload>(
    event: string,
    pred: (p: T) => boolean = () => true,
    opts: { from?: number; timeoutMs?: number } = {},
  ): Promise<Recorded> {
    const from = opts.from ?? 0;
    const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
    for (;;) {
      const hit = this.events.find((e) => e.seq >= from && e.event === event && pred(e.payload as T));
      if (hit) return hit;
      if (Date.now() > deadline) {
        const seen = [...new Set(this.events.filter((e) => e.seq >= from).map((e) => e.event))].join(', ');
        throw new Error(`timed out waiting for '${event}' (seen since mark: ${seen || 'nothing'})`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Wait until at least `n` events match. */
  async waitForCount(
    event: string,
    n: number,
    pred: (p: Payload) => boolean = () => true,
    opts: { from?: number; timeoutMs?: number } = {},
  ): Promise<Recorded[]> {
    const from = opts.from ?? 0;
    const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
    for (;;) {
      const hits = this.events.filter((e) => e.seq >= from && e.event === event && pred(e.payload as Payload));
      if (hits.length >= n) return hits;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} '${event}' (got ${hits.length})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Connects the way the platform's client does: namespace `/market-data`, key in the query. */
export function connectMarket(url: string, apiKey?: string, opts: { header?: boolean } = {}): Recorder {
  const socket = io(`${url}/market-data`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(apiKey === undefined
      ? {}
      : opts.header
        ? { extraHeaders: { 'x-api-key': apiKey } }
        : { query: { api_key: apiKey } }),
  });
  return new Recorder(socket);
}
