import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy that can misbehave on command, to drop a connection mid-call:
 * - `forward`: a plain pipe;
 * - `swallow`: requests reach the server, answers are thrown away (the call lands, the reply is lost);
 * - `blackhole`: nothing passes either way (the call never lands).
 * `cut()` destroys every open connection (both sides), as a network drop would.
 */
export class TcpProxy {
  mode: 'forward' | 'swallow' | 'blackhole' = 'forward';
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  port = 0;

  private constructor(targetPort: number) {
    this.#server = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      this.#track(client);
      this.#track(upstream);
      client.on('data', (chunk) => {
        if (this.mode !== 'blackhole') upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (this.mode === 'forward') client.write(chunk);
      });
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end);
      upstream.on('close', end);
      client.on('error', end);
      upstream.on('error', end);
    });
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    const address = proxy.#server.address();
    proxy.port = typeof address === 'object' && address ? address.port : 0;
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  cut(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
  }
}
