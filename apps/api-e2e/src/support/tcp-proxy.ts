import { createServer, Server, Socket, connect } from 'node:net';

/**
 * A loopback TCP proxy a test can cut and restore, to simulate a database outage
 * between the API and PostgreSQL without touching the server itself.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async start(targetHost: string, targetPort: number, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(port, targetHost, targetPort);
    const bound = await proxy.listen(port);
    return Object.assign(proxy, { port: bound });
  }

  /** Closes the listener and every connection: the database looks gone. */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port: the database is back. */
  async restore(): Promise<void> {
    await this.listen(this.port);
  }

  private listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer((client) => {
        const upstream = connect(this.targetPort, this.targetHost);
        this.sockets.add(client);
        this.sockets.add(upstream);
        const close = () => {
          client.destroy();
          upstream.destroy();
          this.sockets.delete(client);
          this.sockets.delete(upstream);
        };
        client.on('error', close).on('close', close);
        upstream.on('error', close).on('close', close);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.server = server;
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }
}
