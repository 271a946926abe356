// Listens with the admin app on its own port; the broker starts it when httpPort is a number.
import type { TlsOptions } from 'node:tls';
import type { BrokerServices } from '../broker-services.js';
import type { Logger } from '../logger.js';
import { buildAdminApp } from './admin-app.js';
import { BrokerMetrics } from './metrics/broker-metrics.js';
import { RegistryValueDecoder } from '../schema-registry/registry-value-decoder.js';

export interface AdminServer {
  /** http://host:port */
  readonly url: string;
  close(): Promise<void>;
}

export interface AdminServerOptions {
  services: BrokerServices;
  metrics: BrokerMetrics;
  connections: () => number;
  logger: Logger;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Serve HTTPS. */
  https?: TlsOptions;
}

export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const app = buildAdminApp(options.services, {
    metrics: options.metrics,
    connections: options.connections,
    logger: options.logger,
    valueDecoder: new RegistryValueDecoder(options.services.schemaRegistry),
    https: options.https,
  });
  // fastify logs the address itself; not as "listening", which is the broker's own start line.
  await app.listen({
    host: options.host,
    port: options.port,
    listenTextResolver: (address) => `admin API, metrics and console on ${address}`,
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  // A wildcard address is not somewhere a browser can go; the loopback is.
  const host =
    options.host === '0.0.0.0' || options.host === '::'
      ? '127.0.0.1'
      : options.host.includes(':')
        ? `[${options.host}]`
        : options.host;
  return { url: `${options.https ? 'https' : 'http'}://${host}:${port}`, close: () => app.close() };
}

export function createBrokerMetrics(): BrokerMetrics {
  return new BrokerMetrics();
}
