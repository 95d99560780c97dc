import WebSocket from 'ws';

/** A tiny client speaking the browser host's wire protocol: what the renderer's web bridge does, from Node. */
export class WireClient {
  readonly pushes: Array<{ name: string; payload: unknown }> = [];
  /** Every push frame's text exactly as it came off the socket. */
  readonly pushFrames: string[] = [];
  /** Frames that came as binary (the renderer would refuse them). */
  binaryFrames = 0;
  readonly errors: unknown[] = [];
  /** The close code once the server (or we) closed the socket. */
  closeCode: number | null = null;
  #next = 1;
  #pending = new Map<number, (result: unknown) => void>();
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      // The renderer refuses binary frames (socketBridge): every frame the host sends is text.
      if (isBinary) this.binaryFrames++;
      const frame = JSON.parse(String(data)) as {
        t: string;
        id?: number;
        result?: unknown;
        name?: string;
        payload?: unknown;
        error?: unknown;
      };
      if (frame.t === 'res' && frame.id !== undefined) this.#pending.get(frame.id)?.(frame.result);
      else if (frame.t === 'push') {
        this.pushes.push({ name: frame.name!, payload: frame.payload });
        this.pushFrames.push(String(data));
      } else if (frame.t === 'error') this.errors.push(frame.error);
    });
    ws.on('close', (code) => {
      this.closeCode = code;
    });
  }
  static open(url: string, headers: Record<string, string> = {}): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(new WireClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }
  call(method: string, args: unknown): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.ws.send(JSON.stringify({ t: 'req', id, method, args }));
    });
  }
  raw(text: string | Buffer) {
    this.ws.send(text);
  }
  close() {
    this.ws.close();
  }
}

export async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
