// Accepts TCP connections and hands each to a Connection; closes them all gracefully.
import net from 'node:net';
import type { Logger } from '../logger.js';
import { Connection, type ConnectionOptions } from './connection.js';
import type { Dispatcher } from './request-dispatcher.js';

export class TcpServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private nextId = 1;
  private closed: Promise<void> | undefined;

  constructor(dispatch: Dispatcher, options: ConnectionOptions, private readonly log: Logger) {
    this.server = net.createServer((socket) => {
      const connection = new Connection(this.nextId++, socket, dispatch, options, log);
      this.connections.add(connection);
      log.debug({ connection: connection.id, remoteAddress: connection.remoteAddress }, 'connection opened');
      socket.once('close', () => {
        this.connections.delete(connection);
        log.debug({ connection: connection.id }, 'connection closed');
      });
    });
    this.server.on('error', (err) => log.error({ err }, 'server socket error'));
  }

  /** Listens and returns the bound address (port 0 picks a free port). */
  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const address = this.server.address() as net.AddressInfo;
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Destroys the matching connections at once (fault injection); returns how many. */
  dropConnections(matches: (connection: Connection) => boolean): number {
    let dropped = 0;
    for (const connection of this.connections) {
      if (!matches(connection)) continue;
      connection.destroy();
      dropped++;
    }
    return dropped;
  }

  /** Stops accepting now. */
  stopAccepting(): Promise<void> {
    this.closed ??= new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
    return this.closed;
  }

  /** Stops accepting, lets every connection finish its in-flight requests, then closes it. */
  async close(): Promise<void> {
    const stopped = this.stopAccepting();
    await Promise.all([...this.connections].map((c) => c.close()));
    await stopped;
  }
}
