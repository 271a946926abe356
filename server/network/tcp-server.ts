// Accepts TCP connections within the connection limits and hands each to a Connection; refuses
// the others with a notice; closes them all gracefully.
import net from 'node:net';
import tls from 'node:tls';
import { encodeResponseFrame } from '../../protocol/envelope.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { Logger } from '../logger.js';
import { Connection, type ConnectionOptions, type ConnectionStats } from './connection.js';
import { ConnectionLimits, type ConnectionLimitOptions } from './connection-limits.js';
import { RateLimitedLog } from '../rate-limited-log.js';
import type { Dispatcher } from './request-dispatcher.js';

export type TcpServerOptions = ConnectionOptions &
  ConnectionLimitOptions & {
    /** Serve TLS instead of plain TCP. */
    tls?: tls.TlsOptions;
  };

/** How long a refused socket may take to read its notice before it is destroyed. */
const REFUSED_LINGER_MS = 1000;

export class TcpServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private readonly limits: ConnectionLimits;
  private readonly refusals: RateLimitedLog;
  private nextId = 1;
  private closed: Promise<void> | undefined;

  constructor(
    dispatch: Dispatcher,
    options: TcpServerOptions,
    private readonly log: Logger,
  ) {
    this.limits = new ConnectionLimits(options);
    this.refusals = new RateLimitedLog(log);
    const slowClients = new RateLimitedLog(log);
    const onSocket = (socket: net.Socket) => {
      const address = socket.remoteAddress ?? 'unknown';
      const refusal = this.limits.admit(address);
      if (refusal) return this.refuse(socket, address, refusal);
      const connection = new Connection(this.nextId++, socket, dispatch, options, log, slowClients);
      this.connections.add(connection);
      log.debug({ connection: connection.id, remoteAddress: connection.remoteAddress }, 'connection opened');
      socket.once('close', () => {
        this.connections.delete(connection);
        this.limits.release(address);
        log.debug({ connection: connection.id }, 'connection closed');
      });
    };
    if (options.tls) {
      const server = tls.createServer(options.tls, onSocket);
      // A failed handshake (untrusted client certificate, not TLS at all) closes that socket only.
      server.on('tlsClientError', (err, socket) =>
        this.refusals.warn({ remoteAddress: socket.remoteAddress, err: err.message }, 'TLS handshake failed'),
      );
      this.server = server;
    } else this.server = net.createServer(onSocket);
    this.server.on('error', (err) => log.error({ err }, 'server socket error'));
  }

  /** Tells the client why (a retriable error: connections may free up), then closes. */
  private refuse(socket: net.Socket, address: string, reason: string): void {
    this.refusals.warn({ remoteAddress: address, reason, open: this.limits.open }, 'connection refused');
    socket.on('error', () => {});
    socket.resume(); // discard whatever the client sends meanwhile
    socket.end(encodeResponseFrame(0, new Uint8Array(0), ErrorCode.NETWORK_EXCEPTION, `connection refused: ${reason}`));
    const timer = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
    socket.once('close', () => clearTimeout(timer));
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

  connectionStats(): ConnectionStats[] {
    return [...this.connections].map((connection) => connection.stats());
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
