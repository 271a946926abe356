// Assembles a broker: storage, core, handlers and the TCP server, and shuts it down gracefully.
import { hostname } from 'node:os';
import { allApis, type ApiSpec } from '../protocol/apis.js';
import { normalizeConfig, type BrokerConfig } from './config.js';
import { FetchWaiters } from './core/fetch-waiters.js';
import { Fetcher } from './core/fetcher.js';
import { AppendBatcher } from './core/append-batcher.js';
import { ProducerExpiry } from './core/producer-expiry.js';
import { Retention } from './core/retention.js';
import { SummarySaver } from './core/summary-saver.js';
import { TopicRegistry } from './core/topic-registry.js';
import type { AdminServer } from './admin/index.js';
import { createCoordinatorShards } from './group-coordinators.js';
import { logGroupEvents } from './group-event-log.js';
import type { GroupEventListener } from './groups/group-events.js';
import { producerIdAllocator } from './transactions/producer-ids.js';
import { TransactionCoordinator } from './transactions/coordinator.js';
import { SqliteTransactionStore } from './storage/transaction-store.js';
import type { BrokerServices } from './broker-services.js';
import { handlers as defaultHandlers, type ConnectionInfo, type HandlerTable } from './handlers/index.js';
import { componentLogger, createLogger, type Logger } from './logger.js';
import { SchemaRegistry } from './schema-registry/schema-registry.js';
import { createDispatcher } from './network/request-dispatcher.js';
import { createProtocolSwitch } from './network/protocol-switch.js';
import { createKafkaDispatcher, kafkaHandlers } from './kafka/index.js';
import type { ConnectionStats } from './network/connection.js';
import type { RequestInterceptor } from './network/request-interceptor.js';
import { TcpServer } from './network/tcp-server.js';
import { Authenticator } from './security/authenticator.js';
import { authorizeHandlers } from './security/authorize-handlers.js';
import { AclAuthorizer } from './security/authorizer.js';
import { SqliteAclStore } from './storage/acl-store.js';
import { checkListenPolicy } from './security/listen-policy.js';
import { loadTlsOptions } from './security/tls-options.js';
import type { UserSpec } from './security/user-store.js';
import { readUsersFile } from './security/users-file.js';
import type { CheckpointWorkerFactory } from './storage/checkpoint-worker.js';
import { BrokerDatabase } from './storage/database.js';
import { SqliteLogStore } from './storage/log-store.js';
import { SqliteOffsetStore } from './storage/offset-store.js';
import { SqliteSchemaStore } from './storage/schema-store.js';
import { SqliteTopicStore } from './storage/topic-store.js';
import { compressionReady } from '../protocol/compression/index.js';

export interface Broker {
  /** Bootstrap addresses for clients: ['127.0.0.1:PORT']. */
  readonly brokers: string[];
  readonly host: string;
  readonly port: number;
  readonly config: BrokerConfig;
  readonly services: BrokerServices;
  /** The admin HTTP API, /metrics and web console (http://host:port), when httpPort was set. */
  readonly adminUrl: string | undefined;
  /** Closes the matching client connections at once, as a network failure would; returns how many. */
  dropConnections(matches: (connection: ConnectionInfo) => boolean): number;
  /** Each open client connection: requests in flight, response bytes held (and their peak), reading or paused. */
  connectionStats(): ConnectionStats[];
  /** Graceful and idempotent: answers parked fetches, finishes in-flight requests, closes storage. */
  close(): Promise<void>;
}

export interface StartBrokerOptions extends Partial<BrokerConfig> {
  /** Extra or replacement handlers, merged over the built-in table. */
  handlers?: HandlerTable;
  /** A logger to use instead of creating one from logLevel. */
  logger?: Logger;
  /** Wraps every handler call (fault injection for minibroker/testing); none by default. */
  requestInterceptor?: RequestInterceptor;
  /** Users who may connect (SASL PLAIN, SCRAM-SHA-256/512), added to those of usersFile. Kept only salted and hashed. */
  users?: readonly UserSpec[];
  /** Makes the worker that copies the WAL into the database file (fault injection in tests); a worker thread by default. */
  checkpointWorker?: CheckpointWorkerFactory;
}

/** Starts a broker. Embedded defaults: in memory unless dataDir is given, logs silent. */
export async function startBroker(options: StartBrokerOptions = {}): Promise<Broker> {
  const { handlers: extraHandlers, logger, requestInterceptor, checkpointWorker, users, ...partial } = options;
  const config = normalizeConfig({
    ...partial,
    memory: partial.memory ?? partial.dataDir === undefined,
    logLevel: partial.logLevel ?? 'silent',
  });
  const root = logger ?? createLogger(config.logLevel);
  const allUsers = [...(config.usersFile === null ? [] : readUsersFile(config.usersFile)), ...(users ?? [])];
  checkListenPolicy(config.host, { usersConfigured: allUsers.length > 0, insecure: config.insecure }, root);
  const tlsOptions = loadTlsOptions(config);
  const securityLog = componentLogger(root, 'security');
  const authenticator = new Authenticator({
    users: allUsers,
    failureDelayMs: config.saslFailureDelayMs,
    log: securityLog,
  });
  const storageLog = componentLogger(root, 'storage');

  await compressionReady();
  // Loaded only with an admin server, so a broker without one pays nothing for fastify or metrics.
  const admin = config.httpPort === false ? undefined : await import('./admin/index.js');
  const metrics = admin?.createBrokerMetrics();
  const groupLog = logGroupEvents(componentLogger(root, 'groups'));
  const groupEvents: GroupEventListener = metrics
    ? (event) => (groupLog(event), metrics.onGroupEvent(event))
    : groupLog;

  const database = new BrokerDatabase({
    memory: config.memory,
    dataDir: config.dataDir,
    checkpointIntervalMs: config.checkpointIntervalMs,
    walMaxBytes: config.walMaxBytes,
    log: storageLog,
    checkpointWorker,
  });
  let server: TcpServer | undefined;
  let adminServer: AdminServer | undefined;
  try {
    const logStore = new SqliteLogStore(database.db, !config.memory);
    const appendBatcher = new AppendBatcher(logStore, storageLog, () => database.markWritten());
    const offsetStore = new SqliteOffsetStore(database.db, { onWrite: () => database.markWritten() });
    const topics = new TopicRegistry({
      topicStore: new SqliteTopicStore(database.db),
      logStore,
      sink: appendBatcher,
      transact: (fn) => database.db.transaction(fn)(),
      maxBatchBytes: config.maxBatchBytes,
      defaultPartitions: config.defaultPartitions,
      autoCreateTopics: config.autoCreateTopics,
      maxBrokerPartitions: config.maxBrokerPartitions,
      log: componentLogger(root, 'topics'),
      onDelete: (name) => offsetStore.deleteTopic(name),
    });
    const summaries = new SummarySaver(topics, storageLog, () => database.markWritten());
    const coordinators = createCoordinatorShards(offsetStore, config, topics, groupEvents);
    const waiters = new FetchWaiters();
    const retention = new Retention(topics, logStore, config, componentLogger(root, 'retention'));
    const producerIds = producerIdAllocator(logStore);
    const transactions = new TransactionCoordinator({
      store: new SqliteTransactionStore(database.db, () => database.markWritten()),
      producerIds,
      partitionLog: (topic, partition) => topics.get(topic)?.partitions[partition],
      groups: (groupId) => coordinators.forGroup(groupId),
      maxTimeoutMs: config.transactionMaxTimeoutMs,
      maxTransactionalIds: config.maxBrokerTransactionalIds,
      offsetMetadataMaxBytes: config.offsetMetadataMaxBytes,
      log: componentLogger(root, 'transactions'),
      onEvent: metrics?.onTransactionEvent,
    });
    const producerExpiry = new ProducerExpiry(topics, logStore, config.producerIdExpirationMs, storageLog);
    const table: HandlerTable = authorizeHandlers({ ...defaultHandlers, ...extraHandlers });
    const authorizer = new AclAuthorizer({
      store: new SqliteAclStore(database.db, () => database.markWritten()),
      enabled: authenticator.required,
      superUsers: config.superUsers,
      log: securityLog,
    });
    const supported: ApiSpec[] = allApis.filter((spec) => spec.name in table);
    const advertised = { host: config.advertisedHost ?? advertisedHost(config.host), port: config.port };
    const services: BrokerServices = {
      config,
      topics,
      fetcher: new Fetcher(topics, waiters),
      coordinators,
      producerIds,
      transactions,
      schemaRegistry: new SchemaRegistry(new SqliteSchemaStore(database.db, () => database.markWritten())),
      clusterId: 'minibroker',
      authenticator,
      authorizer,
      advertisedAddress: () => advertised,
      supportedApis: () => supported,
    };
    const networkLog = componentLogger(root, 'network');
    server = new TcpServer(
      createProtocolSwitch(
        createDispatcher(
          table,
          services,
          componentLogger(root, 'handlers'),
          requestInterceptor,
          metrics?.observeRequest,
        ),
        createKafkaDispatcher(kafkaHandlers, services, componentLogger(root, 'kafka'), metrics?.observeRequest),
      ),
      {
        maxFrameBytes: config.maxFrameBytes,
        maxInFlight: config.maxInFlightPerConnection,
        maxResponseBytes: config.maxResponseBytesPerConnection,
        maxRequestBytes: config.maxRequestBytesPerConnection,
        idleTimeoutMs: config.connectionsMaxIdleMs,
        frameReadTimeoutMs: config.frameReadTimeoutMs,
        newSession: (remoteAddress) => authenticator.newSession(remoteAddress),
        authenticationTimeoutMs: config.saslAuthenticationTimeoutMs,
        tls: tlsOptions,
        maxConnections: config.maxConnections,
        maxConnectionsPerIp: config.maxConnectionsPerIp,
      },
      networkLog,
    );
    const bound = await server.listen(config.host, config.port);
    advertised.port = bound.port;
    const tcp = server;
    if (admin && metrics && config.httpPort !== false) {
      adminServer = await admin.startAdminServer({
        services,
        metrics,
        connections: () => tcp.connectionCount,
        logger: componentLogger(root, 'admin'),
        host: config.host,
        port: config.httpPort,
        https: tlsOptions,
      });
    }
    retention.start(config.retentionCheckIntervalMs);
    producerExpiry.start(config.transactionTimeoutCheckIntervalMs);
    transactions.start(config.transactionTimeoutCheckIntervalMs);
    summaries.start(config.checkpointIntervalMs);
    coordinators.activateAll();

    const http = adminServer;
    let closing: Promise<void> | undefined;
    const close = async () => {
      await http?.close();
      const stopped = tcp.stopAccepting();
      waiters.releaseAll();
      // Parked JoinGroup/SyncGroup requests are answered (COORDINATOR_NOT_AVAILABLE) so connections can drain.
      coordinators.close();
      await tcp.close();
      await stopped;
      retention.stop();
      producerExpiry.stop();
      transactions.stop();
      await transactions.settle();
      summaries.stop();
      appendBatcher.flush();
      summaries.save();
      await database.close();
      root.info('broker stopped');
    };
    return {
      brokers: [`${advertised.host}:${bound.port}`],
      host: advertised.host,
      port: bound.port,
      config: { ...config, port: bound.port },
      services,
      adminUrl: http?.url,
      dropConnections: (matches) => tcp.dropConnections(matches),
      connectionStats: () => tcp.connectionStats(),
      close: () => (closing ??= close()),
    };
  } catch (err) {
    await adminServer?.close().catch(() => {});
    await server?.close().catch(() => {});
    await database.close();
    throw err;
  }
}

/** A wildcard listen address is not somewhere a client can connect to. */
function advertisedHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return hostname();
  return host;
}
