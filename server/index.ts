// The embeddable broker: `import { startBroker } from 'minibroker/server'`.
export { startBroker, type Broker, type StartBrokerOptions } from './broker.js';
export { DEFAULT_CONFIG, configFromEnv, normalizeConfig, type BrokerConfig, type LogLevel } from './config.js';
export type { BrokerServices } from './broker-services.js';
export type { ConnectionInfo, Handler, HandlerContext, HandlerTable } from './handlers/context.js';
export type { ConnectionStats } from './network/connection.js';
export type { InterceptedRequest, RequestInterceptor } from './network/request-interceptor.js';
