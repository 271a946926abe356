// The admin server's entry points; the broker imports this module only when httpPort is set,
// so a broker without one never loads fastify or prom-client.
export { buildAdminApp, type AdminAppOptions } from './admin-app.js';
export { createBrokerMetrics, startAdminServer, type AdminServer, type AdminServerOptions } from './admin-server.js';
export { BrokerMetrics } from './metrics/broker-metrics.js';
