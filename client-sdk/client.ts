// The entry point: holds the shared configuration and makes producers, consumers and admin
// clients, each with its own connections and metadata cache (as KafkaJS does).
import { Admin } from './admin/index.js';
import { Consumer, type ConsumerConfig } from './consumer/index.js';
import { MinibrokerInvalidArgumentError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { Cluster, type ClusterOptions } from './network/cluster.js';
import { validateSaslOptions } from './network/sasl.js';
import { Producer, type ProducerConfig } from './producer/index.js';
import type { ClientConfig } from './types.js';

const DEFAULT_REQUEST_TIMEOUT = 30_000;

export class Client {
  private readonly rootLogger: Logger;
  private readonly clientId: string;

  constructor(private readonly config: ClientConfig) {
    if (!config || typeof config !== 'object')
      throw new MinibrokerInvalidArgumentError('new Client() takes { clientId, brokers }');
    if (
      !Array.isArray(config.brokers) ||
      config.brokers.length === 0 ||
      !config.brokers.every((b) => typeof b === 'string')
    ) {
      throw new MinibrokerInvalidArgumentError('brokers must be a non-empty array of "host:port" strings');
    }
    if (config.sasl !== undefined) validateSaslOptions(config.sasl);
    this.clientId = config.clientId ?? 'minibroker-client';
    this.rootLogger = createLogger({ logLevel: config.logLevel, logger: config.logger, clientId: this.clientId });
  }

  producer(config: ProducerConfig = {}): Producer {
    const logger = this.rootLogger.child({ component: 'producer' });
    return new Producer(
      this.cluster(logger, { maxInFlightRequests: config.maxInFlightRequests }),
      config,
      this.config.retry,
      logger,
    );
  }

  consumer(config: ConsumerConfig = {}): Consumer {
    const logger = this.rootLogger.child({ component: 'consumer' });
    const requestTimeout = this.config.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT;
    return new Consumer(
      this.cluster(logger, { retry: { ...this.config.retry, ...config.retry }, metadataMaxAge: config.metadataMaxAge }),
      config,
      this.config.retry,
      requestTimeout,
      logger,
    );
  }

  admin(config: { retry?: ClientConfig['retry'] } = {}): Admin {
    const logger = this.rootLogger.child({ component: 'admin' });
    return new Admin(this.cluster(logger, { retry: { ...this.config.retry, ...config.retry } }));
  }

  logger(): Logger {
    return this.rootLogger;
  }

  private cluster(logger: Logger, overrides: Partial<ClusterOptions>): Cluster {
    return new Cluster({
      brokers: this.config.brokers,
      clientId: this.clientId,
      logger,
      connectionTimeout: this.config.connectionTimeout,
      requestTimeout: this.config.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT,
      maxFrameBytes: this.config.maxFrameBytes,
      ssl: this.config.ssl,
      sasl: this.config.sasl,
      retry: this.config.retry,
      ...overrides,
    });
  }
}
