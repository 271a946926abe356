// buildAdminApp: the admin HTTP API, /metrics and the web console as a fastify instance that does
// not listen (tests call app.inject(); startAdminServer listens). Errors: `{ error: { code, message, field? } }`.
import type { TlsOptions } from 'node:tls';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { BrokerServices } from '../broker-services.js';
import { schemaRegistryRoutes } from '../schema-registry/registry-routes.js';
import type { Logger } from '../logger.js';
import { AdminError } from './admin-error.js';
import { registerAdminGuard } from './admin-guard.js';
import type { BrokerMetrics } from './metrics/broker-metrics.js';
import { registerClusterCollectors } from './metrics/cluster-collectors.js';
import { aclRoutes } from './routes/acls.js';
import { consoleRoutes } from './routes/console.js';
import { LagHistory } from './lag-history.js';
import { startLagSampler } from './lag-sampler.js';
import { groupLagHistoryRoutes } from './routes/group-lag-history.js';
import { groupOffsetsResetRoutes } from './routes/group-offsets-reset.js';
import { groupRoutes } from './routes/groups.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { topicMessageRoutes } from './routes/topic-messages.js';
import { transactionRoutes } from './routes/transactions.js';
import { topicProduceRoutes } from './routes/topic-produce.js';
import { topicRoutes } from './routes/topics.js';
import type { ValueDecoder } from './value-decoder.js';

export interface AdminAppOptions {
  /** The broker's request and group-event metrics; without it /metrics has the scrape-time gauges only. */
  metrics?: BrokerMetrics;
  /** Open client connections, for the connections gauge. */
  connections?: () => number;
  logger?: Logger;
  /** Serve the web console at / (default true). */
  console?: boolean;
  /** Serve HTTPS with these options (the broker's --tls-cert/--tls-key/--tls-ca). */
  https?: TlsOptions;
  /** Decodes schema-registry values for the message browser; without it values are shown as stored. */
  valueDecoder?: ValueDecoder;
}

export function buildAdminApp(services: BrokerServices, options: AdminAppOptions = {}): FastifyInstance {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    // fastify's own request lines are at info; ours (onResponse below) are at debug.
    logController: new LogController({ disableRequestLogging: true }),
    // Unknown body fields are errors, not silently dropped (a typo in `execute` must not pass).
    ajv: { customOptions: { removeAdditional: false, allowUnionTypes: true } },
    // Schema registry subjects (topic plus a record's full name) often pass fastify's default of 100.
    routerOptions: { maxParamLength: 2000 },
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;
  const { config } = services;
  registerAdminGuard(app, {
    authenticator: services.authenticator,
    authorizer: services.authorizer,
    adminToken: config.adminToken,
    ownHosts: [config.host, services.advertisedAddress().host],
    allowedHosts: config.adminAllowedHosts,
  });
  // Request logs at debug: the API is polled every second by the console.
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'admin request',
    );
  });
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AdminError) return reply.code(err.statusCode).send(err.toJSON());
    if (err.validation) return reply.code(400).send(validationError(err).toJSON());
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: { code: 'INVALID_REQUEST', message: err.message } });
    }
    request.log.error({ err, url: request.url }, 'admin request failed');
    return reply.code(500).send(new AdminError('INTERNAL_ERROR').toJSON());
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(new AdminError('ROUTE_NOT_FOUND', `no route ${request.method} ${request.url}`).toJSON()),
  );

  const registry = options.metrics?.registry ?? new Registry();
  const beforeScrape = registerClusterCollectors(registry, services, options.connections ?? (() => 0));
  healthRoutes(app, services);
  topicRoutes(app, services);
  topicMessageRoutes(app, services, options.valueDecoder);
  topicProduceRoutes(app, services);
  groupRoutes(app, services);
  const lagHistory = new LagHistory(services.config.lagHistorySamples);
  groupLagHistoryRoutes(app, services, lagHistory);
  // Sampling runs while the app is up (listening, or ready for inject()).
  let stopSampling: (() => void) | undefined;
  app.addHook('onReady', (done) => {
    stopSampling = startLagSampler(services, lagHistory, services.config.lagHistoryIntervalMs, options.logger);
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    stopSampling?.();
    done();
  });
  groupOffsetsResetRoutes(app, services);
  transactionRoutes(app, services);
  aclRoutes(app, services);
  metricsRoutes(app, registry, beforeScrape);
  // Confluent's REST API at the root (/subjects, /schemas, /config, ...), as its clients expect.
  schemaRegistryRoutes(app, services.schemaRegistry);
  if (options.console !== false) consoleRoutes(app);
  return app;
}

/** 400 naming the field: `body.numPartitions must be >= 1`. */
function validationError(err: FastifyError): AdminError {
  const first = err.validation![0]!;
  const params = first.params as { missingProperty?: string; additionalProperty?: string };
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const leaf = params.missingProperty ?? params.additionalProperty;
  const field = [path, leaf].filter(Boolean).join('.') || (err.validationContext ?? 'body');
  const problem = params.additionalProperty
    ? 'is not a known field'
    : params.missingProperty
      ? 'is required'
      : (first.message ?? 'is invalid');
  return new AdminError(
    'INVALID_REQUEST',
    `${err.validationContext ?? 'body'}.${field} ${problem}`.replace(/^(\w+)\.\1 /, '$1 '),
    field,
  );
}
