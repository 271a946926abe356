// What a producer, consumer or admin knows about the cluster: the seed brokers, a metadata cache
// (brokers and topic partitions with their leaders), and one connection per broker address,
// reopened with backoff when it drops.
import type { BrokerNode, MetadataResponse, TopicMetadata } from '../../protocol/messages.js';
import { ErrorCode } from '../../protocol/errors.js';
import {
  MinibrokerConnectionError,
  MinibrokerError,
  MinibrokerInvalidArgumentError,
  MinibrokerProtocolError,
} from '../errors.js';
import { Connection, type ConnectionOptions } from './connection.js';
import { OutageLog } from './outage-log.js';
import { createRetrier, type Retrier, type RetryOptions } from './retry.js';

/** Every connection setting but the address, plus the seed brokers and metadata policy. */
export interface ClusterOptions extends Omit<ConnectionOptions, 'host' | 'port'> {
  brokers: string[];
  retry?: RetryOptions;
  /** Metadata older than this is refreshed before use, as Kafka's metadata.max.age.ms. */
  metadataMaxAge?: number;
}

export function parseBrokerAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  const port = Number(address.slice(at + 1));
  const host = address.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new MinibrokerInvalidArgumentError(`broker address "${address}" is not host:port`);
  }
  return { host, port };
}

export class Cluster {
  readonly retrier: Retrier;
  private readonly outages: OutageLog;
  private readonly connections = new Map<string, Connection>();
  private readonly opening = new Map<string, Promise<Connection>>();
  private brokers = new Map<number, BrokerNode>();
  private readonly topics = new Map<string, TopicMetadata>();
  private readonly targetTopics = new Set<string>();
  private controllerId = -1;
  private seed: string | undefined;
  /** The Metadata request in flight: which topics it asks for and whether it may create them. */
  private inFlightLoad: { topics: Set<string>; autoCreate: boolean; done: Promise<void> } | undefined;
  private refreshedAt = 0;
  private connected = false;
  private closing = false;

  constructor(private readonly options: ClusterOptions) {
    if (!Array.isArray(options.brokers) || options.brokers.length === 0) {
      throw new MinibrokerInvalidArgumentError('brokers must be a non-empty list of "host:port" strings');
    }
    options.brokers.forEach(parseBrokerAddress);
    this.retrier = createRetrier(options.retry);
    this.outages = new OutageLog(options.logger);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Connects to the first reachable seed broker and loads the broker list. */
  async connect(): Promise<void> {
    this.closing = false;
    let lastError: unknown;
    for (const address of this.options.brokers) {
      try {
        await this.connectionTo(address);
        this.seed = address;
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (!this.seed) throw lastError;
    this.connected = true;
    await this.refreshMetadata();
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    this.closing = true;
    const connections = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(connections.map((connection) => connection.close()));
  }

  /** A connection for cluster-wide requests (metadata, admin): the controller if known, else a seed. */
  async anyConnection(): Promise<Connection> {
    const controller = this.brokers.get(this.controllerId);
    const candidates = [controller && `${controller.host}:${controller.port}`, this.seed, ...this.options.brokers];
    let lastError: unknown;
    // Each address once: during an outage every attempt costs a whole reconnect budget.
    for (const address of new Set(candidates.filter((a): a is string => a !== undefined))) {
      try {
        return await this.connectionTo(address);
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  async connectionForNode(nodeId: number): Promise<Connection> {
    let broker = this.brokers.get(nodeId);
    if (!broker) {
      await this.refreshMetadata();
      broker = this.brokers.get(nodeId);
    }
    if (!broker)
      throw new MinibrokerProtocolError(ErrorCode.LEADER_NOT_AVAILABLE, `broker ${nodeId} is not in the metadata`);
    return this.connectionTo(`${broker.host}:${broker.port}`);
  }

  /** Adds topics to those the metadata cache tracks. */
  addTargetTopics(topics: Iterable<string>): void {
    for (const topic of topics) this.targetTopics.add(topic);
  }

  topicMetadata(topic: string): TopicMetadata | undefined {
    return this.topics.get(topic);
  }

  leaderFor(topic: string, partition: number): number {
    return this.topics.get(topic)?.partitions.find((p) => p.partition === partition)?.leader ?? -1;
  }

  /**
   * Refreshes metadata for every tracked topic. Concurrent callers share one request while it asks
   * for all of them (and may create them, if asked to): a burst of sends to a new topic waits on
   * one Metadata request, not one per send.
   */
  refreshMetadata(allowAutoTopicCreation = false): Promise<void> {
    const topics = [...this.targetTopics];
    const current = this.inFlightLoad;
    if (
      current &&
      (current.autoCreate || !allowAutoTopicCreation) &&
      topics.every((topic) => current.topics.has(topic))
    )
      return current.done;
    const done = this.loadMetadata(topics, allowAutoTopicCreation).finally(() => {
      if (this.inFlightLoad?.done === done) this.inFlightLoad = undefined;
    });
    this.inFlightLoad = { topics: new Set(topics), autoCreate: allowAutoTopicCreation, done };
    return done;
  }

  async refreshIfStale(): Promise<void> {
    if (Date.now() - this.refreshedAt > (this.options.metadataMaxAge ?? 300_000)) await this.refreshMetadata();
  }

  /**
   * Makes sure `topics` are in the cache with leaders for every partition, creating them when
   * allowed; retries while they are unknown or leaderless, fails at once on an invalid name.
   */
  async ensureTopics(topics: string[], allowAutoTopicCreation: boolean): Promise<void> {
    const missing = () => topics.filter((topic) => !this.isUsable(topic));
    if (topics.some((topic) => !this.targetTopics.has(topic))) this.addTargetTopics(topics);
    else await this.refreshIfStale();
    if (missing().length === 0) return;
    await this.retrier(async () => {
      await this.refreshMetadata(allowAutoTopicCreation);
      for (const topic of missing()) {
        const errorCode = this.topics.get(topic)?.errorCode ?? ErrorCode.LEADER_NOT_AVAILABLE;
        throw new MinibrokerProtocolError(
          errorCode || ErrorCode.LEADER_NOT_AVAILABLE,
          `topic "${topic}": ${describe(errorCode)}`,
        );
      }
    });
  }

  /** True when every topic is cached with leaders and the cache is fresh: no request needed. */
  hasFreshTopics(topics: string[]): boolean {
    return (
      Date.now() - this.refreshedAt <= (this.options.metadataMaxAge ?? 300_000) &&
      topics.every((topic) => this.isUsable(topic))
    );
  }

  /** Fetches metadata without caching it (admin views). */
  async fetchMetadata(topics: string[] | undefined): Promise<MetadataResponse> {
    return this.retrier(async () => {
      const connection = await this.anyConnection();
      return connection.request('Metadata', {
        topics: topics ?? [],
        allTopics: topics === undefined,
        allowAutoTopicCreation: false,
      });
    });
  }

  forgetTopics(topics: string[]): void {
    for (const topic of topics) {
      this.topics.delete(topic);
      this.targetTopics.delete(topic);
    }
  }

  private isUsable(topic: string): boolean {
    const metadata = this.topics.get(topic);
    return (
      !!metadata &&
      metadata.errorCode === 0 &&
      metadata.partitions.length > 0 &&
      metadata.partitions.every((p) => p.leader >= 0)
    );
  }

  private async loadMetadata(topics: string[], allowAutoTopicCreation: boolean): Promise<void> {
    const connection = await this.anyConnection();
    const response = await connection.request('Metadata', { topics, allTopics: false, allowAutoTopicCreation });
    this.brokers = new Map(response.brokers.map((broker) => [broker.nodeId, broker]));
    this.controllerId = response.controllerId;
    for (const topic of response.topics) {
      topic.partitions.sort((a, b) => a.partition - b.partition);
      this.topics.set(topic.name, topic);
    }
    this.refreshedAt = Date.now();
  }

  /** The open connection to `address`, opening (with backoff) a new one when needed. */
  private async connectionTo(address: string): Promise<Connection> {
    const existing = this.connections.get(address);
    if (existing?.isConnected) return existing;
    let opening = this.opening.get(address);
    if (!opening) {
      opening = this.open(address).finally(() => this.opening.delete(address));
      this.opening.set(address, opening);
    }
    return opening;
  }

  private async open(address: string): Promise<Connection> {
    const { host, port } = parseBrokerAddress(address);
    return this.retrier(
      async ({ bail }) => {
        if (this.closing) bail(new MinibrokerConnectionError('the client is disconnecting', address));
        const connection = new Connection({
          host,
          port,
          clientId: this.options.clientId,
          logger: this.options.logger,
          connectionTimeout: this.options.connectionTimeout,
          requestTimeout: this.options.requestTimeout,
          maxFrameBytes: this.options.maxFrameBytes,
          maxInFlightRequests: this.options.maxInFlightRequests,
          socketFactory: this.options.socketFactory,
          ssl: this.options.ssl,
          sasl: this.options.sasl,
        });
        try {
          await connection.connect();
        } catch (error) {
          if (!this.closing) this.outages.unreachable(address, error as Error);
          throw error;
        }
        this.outages.reachable(address);
        if (this.closing) {
          await connection.close();
          bail(new MinibrokerConnectionError('the client is disconnecting', address));
        }
        this.connections.set(address, connection);
        return connection;
      },
      {
        onRetry: (error, attempt, delay) =>
          this.options.logger.debug({ broker: address, attempt, delay, error: error.message }, 'reconnecting'),
      },
    ).catch((error: unknown) => {
      throw error instanceof MinibrokerError ? error : new MinibrokerConnectionError(String(error), address, error);
    });
  }
}

function describe(errorCode: number): string {
  return errorCode === 0 ? 'no leader yet' : new MinibrokerProtocolError(errorCode).message;
}
