// The producer facade: validates, partitions and queues records, and resolves each send() once
// the batches holding its records are acknowledged. Batching, sending and partitioning live in
// their own modules.
import { CompressionTypes, compressionReady } from '../../protocol/compression/index.js';
import { HandleList } from '../../protocol/handle-list.js';
import type { RecordInput } from '../../protocol/record-batch.js';
import { MinibrokerInvalidArgumentError, MinibrokerNotConnectedError, MinibrokerProtocolError } from '../errors.js';
import { InstrumentationEmitter, type EventListener, type RemoveListener } from '../instrumentation/emitter.js';
import type { Logger } from '../logger.js';
import type { Cluster } from '../network/cluster.js';
import { resolveRetryOptions, type ResolvedRetryOptions, type RetryOptions } from '../network/retry.js';
import { untilReachable } from '../network/until-reachable.js';
import type {
  Message,
  PartitionMetadata,
  ProducerBatchRecord,
  ProducerRecord,
  RecordMetadata,
  TopicMessages,
} from '../types.js';
import { Partitioners, type ICustomPartitioner, type Partitioner } from './partitioner.js';
import { RecordAccumulator, type BatchSettings, type ProducerBatch, type SendTracker } from './record-accumulator.js';
import { Sender } from './sender.js';
import { Idempotence, type ProducerIdentity } from './idempotence.js';
import { Transaction } from './transaction.js';
import { TransactionManager } from './transaction-manager.js';
import { validateAcks, validateCompression, validateTopicMessages } from './validate.js';

export interface ProducerConfig {
  /** Wait this long for more records before sending; 0 sends what one event-loop turn queued. */
  lingerMs?: number;
  /** Bytes per record batch, as Kafka's batch.size (default 16384). */
  batchSize?: number;
  maxInFlightRequests?: number | null;
  /** Default acks for sends that do not say: -1 (all), 1 (leader) or 0 (none). */
  acks?: number;
  createPartitioner?: ICustomPartitioner;
  allowAutoTopicCreation?: boolean;
  retry?: RetryOptions;
  /**
   * Every batch carries a producer id and sequence number, so the broker stores a retried batch
   * once (KafkaJS's option). Needs acks -1 (all).
   */
  idempotent?: boolean;
  /**
   * Makes the producer transactional (KafkaJS's option): sends go through producer.transaction().
   * A new producer with the same id fences this one. Implies idempotent.
   */
  transactionalId?: string;
  /** Longest a transaction may stay open before the broker aborts it, ms (default 60000, as KafkaJS). */
  transactionTimeout?: number;
}

export const ProducerEvents = {
  CONNECT: 'producer.connect',
  DISCONNECT: 'producer.disconnect',
} as const;

export type ProducerEventName = (typeof ProducerEvents)[keyof typeof ProducerEvents];

const DEFAULT_TIMEOUT = 30_000;
const DEFAULT_TRANSACTION_TIMEOUT = 60_000;

export class Producer {
  readonly events = ProducerEvents;
  private readonly emitter = new InstrumentationEmitter<Record<ProducerEventName, Record<string, never>>>(
    Object.values(ProducerEvents),
  );
  private readonly partitioner: Partitioner;
  private readonly accumulator: RecordAccumulator;
  private readonly sender: Sender;
  private readonly idempotence: Idempotence | undefined;
  private readonly transactions: TransactionManager | undefined;
  private currentTransaction: Transaction | undefined;
  private readonly retry: ResolvedRetryOptions;
  private readonly lingerMs: number;
  private readonly defaultAcks: number;
  private readonly allowAutoTopicCreation: boolean;
  private readonly partitionViews = new WeakMap<object, PartitionMetadata[]>();
  private flushTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private connected = false;
  // Not a Set: sends join and leave it thousands of times a second (see protocol/handle-list.ts).
  private readonly pending = new HandleList<Promise<unknown>>();

  constructor(
    private readonly cluster: Cluster,
    config: ProducerConfig,
    retry: RetryOptions | undefined,
    private readonly logger: Logger,
  ) {
    this.lingerMs = config.lingerMs ?? 0;
    this.defaultAcks = config.acks ?? -1;
    validateAcks(this.defaultAcks);
    this.allowAutoTopicCreation = config.allowAutoTopicCreation ?? true;
    this.partitioner = (config.createPartitioner ?? Partitioners.DefaultPartitioner)();
    this.accumulator = new RecordAccumulator(config.batchSize ?? 16_384, (batch) =>
      this.partitioner.onNewBatch?.(batch.topic, batch.partition),
    );
    this.retry = resolveRetryOptions(retry, config.retry);
    const transactionalId = config.transactionalId;
    if (transactionalId !== undefined) {
      if (typeof transactionalId !== 'string' || transactionalId === '')
        throw new MinibrokerInvalidArgumentError('transactionalId must be a non-empty string');
      if (config.idempotent === false)
        throw new MinibrokerInvalidArgumentError('a transactional producer is idempotent; drop idempotent: false');
      const timeout = config.transactionTimeout ?? DEFAULT_TRANSACTION_TIMEOUT;
      if (!Number.isInteger(timeout) || timeout <= 0)
        throw new MinibrokerInvalidArgumentError('transactionTimeout must be a positive integer (ms)');
      this.transactions = new TransactionManager(cluster, transactionalId, timeout, () => this.identity());
    }
    if (config.idempotent || this.transactions) {
      if (this.defaultAcks !== -1)
        throw new MinibrokerInvalidArgumentError('an idempotent producer needs acks -1 (all)');
      const transactions = this.transactions;
      const init = transactions
        ? () => transactions.initProducerId().finally(() => transactions.reset())
        : () => this.initProducerId();
      this.idempotence = new Idempotence(init, logger, transactions !== undefined);
    }
    this.sender = new Sender(
      cluster,
      this.retry,
      logger,
      undefined,
      this.idempotence,
      this.transactions && ((partitions) => this.transactions!.ensurePartitions(partitions)),
    );
  }

  /**
   * Starts a transaction (transactional producers only): its sends and sendOffsets commit or
   * abort together. One at a time.
   */
  async transaction(): Promise<Transaction> {
    const transactions = this.transactions;
    if (!transactions)
      throw new MinibrokerInvalidArgumentError('transaction() needs a producer with a transactionalId');
    if (!this.connected) throw new MinibrokerNotConnectedError('producer');
    if (this.currentTransaction?.isActive())
      throw new MinibrokerInvalidArgumentError('there is already an ongoing transaction for this producer');
    await this.idempotence!.init();
    this.currentTransaction = new Transaction({
      sendBatch: (batch) => this.track(batch),
      sendOffsets: (offsets) => transactions.sendOffsets(offsets),
      settleSends: async () => {
        this.flush();
        const outcomes = await Promise.allSettled(this.pending.snapshot());
        const failed = outcomes.find((o) => o.status === 'rejected');
        return failed && (failed.reason as Error);
      },
      end: (commit) => transactions.end(commit),
    });
    return this.currentTransaction;
  }

  private identity(): ProducerIdentity {
    const identity = this.idempotence?.current;
    if (!identity) throw new MinibrokerNotConnectedError('producer');
    return identity;
  }

  /** True when the producer was made with `idempotent: true` (or a transactionalId). */
  isIdempotent(): boolean {
    return this.idempotence !== undefined;
  }

  async connect(): Promise<void> {
    await Promise.all([this.cluster.connect(), compressionReady()]);
    await this.idempotence?.init();
    this.connected = true;
    this.emitter.emit(ProducerEvents.CONNECT, {});
  }

  /** Sends what is queued, waits for every send in progress, then closes the connections. */
  async disconnect(): Promise<void> {
    this.flush();
    await Promise.allSettled(this.pending.snapshot());
    this.connected = false;
    await this.cluster.disconnect();
    this.emitter.emit(ProducerEvents.DISCONNECT, {});
  }

  /** Connect and disconnect events carry an empty payload. */
  on(event: ProducerEventName, listener: EventListener<Record<string, never>>): RemoveListener;
  /** Kept for code that names the payload type itself: `on<MyPayload>(event, listener)`. */
  on<T>(event: ProducerEventName, listener: EventListener<T>): RemoveListener;
  on(event: ProducerEventName, listener: EventListener<never>): RemoveListener {
    return this.emitter.on(event, listener as EventListener<Record<string, never>>);
  }

  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    if (!record || typeof record !== 'object')
      return Promise.reject(new MinibrokerInvalidArgumentError('send() takes { topic, messages }'));
    return this.sendBatch({
      topicMessages: [{ topic: record.topic, messages: record.messages }],
      acks: record.acks,
      timeout: record.timeout,
      compression: record.compression,
    });
  }

  sendBatch(batch: ProducerBatchRecord): Promise<RecordMetadata[]> {
    if (this.transactions)
      return Promise.reject(
        new MinibrokerInvalidArgumentError('a transactional producer sends inside producer.transaction() only'),
      );
    return this.track(batch);
  }

  /** Sends and keeps the send in `pending` until it settles (disconnect and commit wait for it). */
  private track(batch: ProducerBatchRecord): Promise<RecordMetadata[]> {
    const promise = this.doSend(batch);
    const handle = this.pending.add(promise);
    const untrack = () => void this.pending.remove(handle);
    void promise.then(untrack, untrack);
    return promise;
  }

  // Not async, and no Set or arrays on the way: a send of one record should allocate little, since
  // at tens of thousands of sends a second the young-generation collections show in its latency.
  private doSend({
    topicMessages,
    acks = this.defaultAcks,
    timeout = DEFAULT_TIMEOUT,
    compression = CompressionTypes.None,
  }: ProducerBatchRecord): Promise<RecordMetadata[]> {
    try {
      validateTopicMessages(topicMessages);
      validateAcks(acks);
      if (this.idempotence && acks !== -1)
        throw new MinibrokerInvalidArgumentError('an idempotent producer sends with acks -1 (all) only');
      validateCompression(compression);
      if (!this.connected) throw new MinibrokerNotConnectedError('producer');
    } catch (error) {
      return Promise.reject(error);
    }
    // While the broker is unreachable the send waits, up to its timeout, for metadata and then for delivery.
    const deadline = Date.now() + timeout;
    const topics = topicsWithMessages(topicMessages);
    if (topics.length === 0) return Promise.resolve([]);
    const settings = { acks, timeout, compression };
    if (this.cluster.hasFreshTopics(topics)) return this.enqueue(topicMessages, settings, deadline);
    return untilReachable(() => this.cluster.ensureTopics(topics, this.allowAutoTopicCreation), this.retry, {
      deadline,
    }).then(() => this.enqueue(topicMessages, settings, deadline));
  }

  /** Queues a send's records once its topics' metadata is known; settles when their batches are answered. */
  private enqueue(
    topicMessages: TopicMessages[],
    settings: BatchSettings,
    deadline: number,
  ): Promise<RecordMetadata[]> {
    return new Promise<RecordMetadata[]>((resolve, reject) => {
      const tracker: SendTracker = { remaining: 0, results: [], settled: false, deadline, resolve, reject };
      try {
        for (const { topic, messages } of topicMessages) this.checkExplicitPartitions(topic, messages);
        // Records without a timestamp get the time they were queued, as Kafka's producer gives them.
        const now = Date.now();
        for (const { topic, messages } of topicMessages) this.appendTopic(topic, messages, now, settings, tracker);
      } catch (error) {
        tracker.settled = true;
        reject(error);
      }
      this.scheduleFlush();
    });
  }

  /** A producer id from the broker; waits out an outage for up to the default send timeout. */
  private initProducerId(): Promise<ProducerIdentity> {
    const deadline = Date.now() + DEFAULT_TIMEOUT;
    return untilReachable(
      async () => {
        const connection = await this.cluster.anyConnection();
        const response = await connection.request('InitProducerId', { transactionTimeoutMs: 0 });
        if (response.errorCode !== 0)
          throw new MinibrokerProtocolError(response.errorCode, response.errorMessage || undefined);
        return { producerId: response.producerId, producerEpoch: response.producerEpoch };
      },
      this.retry,
      { deadline },
    );
  }

  private checkExplicitPartitions(topic: string, messages: Message[]): void {
    const count = this.cluster.topicMetadata(topic)!.partitions.length;
    for (const message of messages) {
      if (message.partition != null && message.partition >= count) {
        throw new MinibrokerInvalidArgumentError(
          `partition ${message.partition} does not exist: topic "${topic}" has ${count} partitions`,
        );
      }
    }
  }

  private appendTopic(
    topic: string,
    messages: Message[],
    now: number,
    settings: BatchSettings,
    tracker: SendTracker,
  ): void {
    const partitionMetadata = this.partitionView(topic);
    const count = partitionMetadata.length;
    const entries: (ProducerBatch | undefined)[] = []; // per partition: whether this send has an entry yet
    const args = { topic, partitionMetadata, message: messages[0]! };
    for (const message of messages) {
      const record = normalize(message);
      let partition = message.partition;
      if (partition == null) {
        args.message = record;
        partition = this.partitioner(args);
        if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
          throw new MinibrokerInvalidArgumentError(
            `the partitioner returned ${partition} for topic "${topic}" with ${count} partitions`,
          );
        }
      }
      const batch = this.accumulator.append(topic, partition, record, now, settings, tracker);
      if (entries[partition] === undefined) {
        entries[partition] = batch;
        const metadata: RecordMetadata = {
          topicName: topic,
          topic,
          partition,
          errorCode: 0,
          baseOffset: '-1',
          logAppendTime: '-1',
          logStartOffset: '-1',
        };
        batch.entries.push({ index: batch.count - 1, metadata });
        tracker.results.push(metadata);
      }
    }
    if (this.accumulator.hasFullBatches && this.lingerMs > 0) this.flushSoon();
  }

  /** KafkaJS-shaped partition list for the partitioner, built once per metadata refresh. */
  private partitionView(topic: string): PartitionMetadata[] {
    const metadata = this.cluster.topicMetadata(topic)!;
    let view = this.partitionViews.get(metadata);
    if (!view) {
      view = metadata.partitions.map((p) => ({
        partitionId: p.partition,
        partitionErrorCode: p.errorCode,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
      }));
      this.partitionViews.set(metadata, view);
    }
    return view;
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    if (this.lingerMs > 0) this.flushTimer = setTimeout(() => this.flush(), this.lingerMs);
    else this.flushTimer = setImmediate(() => this.flush());
  }

  private flushSoon(): void {
    if (this.flushTimer && this.lingerMs > 0) clearTimeout(this.flushTimer as NodeJS.Timeout);
    this.flushTimer = setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer as NodeJS.Timeout);
      clearImmediate(this.flushTimer as NodeJS.Immediate);
    }
    this.flushTimer = undefined;
    const batches = this.accumulator.drain();
    if (batches.length > 0) this.sender.dispatch(batches);
  }
}

/** The topics a send has records for, each once. */
function topicsWithMessages(topicMessages: TopicMessages[]): string[] {
  const topics: string[] = [];
  for (const { topic, messages } of topicMessages)
    if (messages.length > 0 && !topics.includes(topic)) topics.push(topic);
  return topics;
}

/** The record to batch: the message itself, unless its timestamp is a string (KafkaJS's type). */
function normalize(message: Message): RecordInput {
  const { timestamp } = message;
  if (typeof timestamp !== 'string') return message as RecordInput;
  return { key: message.key, value: message.value, headers: message.headers, timestamp: Number(timestamp) };
}
