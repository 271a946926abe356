// The consumer facade: the public API over the subscription state, the fetcher (long-poll
// fetches with prefetch), the runner (eachMessage / eachBatch) and the offset manager. Without a
// group for now: partitions come from assign(); group membership will feed the same assign path.
import { ErrorCode } from '../../protocol/errors.js';
import { MinibrokerError, MinibrokerInvalidArgumentError, MinibrokerNotConnectedError } from '../errors.js';
import { InstrumentationEmitter, type EventListener, type RemoveListener } from '../instrumentation/emitter.js';
import type { Logger } from '../logger.js';
import type { Cluster } from '../network/cluster.js';
import { createRetrier, resolveRetryOptions, type ResolvedRetryOptions, type RetryOptions } from '../network/retry.js';
import { validateTopicName } from '../producer/validate.js';
import { ConsumerEvents, type ConsumerEventName } from './events.js';
import { Fetcher } from './fetcher.js';
import { OffsetManager } from './offset-manager.js';
import { Runner, type RunConfig } from './runner.js';
import { SubscriptionState, type OffsetReset, type PartitionState } from './subscription-state.js';

export interface ConsumerConfig {
  /** Accepted for the group consumer to come; unused by assign(). */
  groupId?: string;
  maxBytesPerPartition?: number;
  maxBytes?: number;
  minBytes?: number;
  maxWaitTimeInMs?: number;
  /** Where to start without an explicit offset, and after OFFSET_OUT_OF_RANGE; 'none' crashes. */
  autoOffsetReset?: OffsetReset | 'none';
  retry?: RetryOptions;
}

export type AssignOffset = string | number | OffsetReset;

export interface TopicPartitionAssignment {
  topic: string;
  partition: number;
  /** The first offset to read; absent: per `fromBeginning`, else autoOffsetReset (default earliest). */
  offset?: AssignOffset;
}

export class Consumer {
  readonly events = ConsumerEvents;
  private readonly emitter = new InstrumentationEmitter(Object.values(ConsumerEvents));
  private readonly subscriptions = new SubscriptionState();
  private readonly offsets: OffsetManager;
  private readonly fetcher: Fetcher;
  private readonly retry: ResolvedRetryOptions;
  private readonly autoOffsetReset: OffsetReset | 'none';
  private runner: Runner | undefined;
  private connected = false;

  constructor(private readonly cluster: Cluster, private readonly config: ConsumerConfig, clientRetry: RetryOptions | undefined, requestTimeout: number, private readonly logger: Logger) {
    this.retry = resolveRetryOptions(clientRetry, config.retry);
    this.autoOffsetReset = config.autoOffsetReset ?? 'earliest';
    if (!['earliest', 'latest', 'none'].includes(this.autoOffsetReset)) {
      throw new MinibrokerInvalidArgumentError(`autoOffsetReset must be 'earliest', 'latest' or 'none'`);
    }
    this.offsets = new OffsetManager(cluster);
    this.fetcher = new Fetcher(
      cluster,
      this.subscriptions,
      this.offsets,
      {
        maxWaitTimeInMs: config.maxWaitTimeInMs ?? 5000,
        minBytes: config.minBytes ?? 1,
        maxBytes: config.maxBytes ?? 10 * 1024 * 1024,
        maxBytesPerPartition: config.maxBytesPerPartition ?? 1024 * 1024,
        autoOffsetReset: this.autoOffsetReset,
        requestTimeout,
        retry: this.retry,
      },
      { onData: () => this.runner?.schedule(), onCrash: (error) => this.crash(error) },
      this.emitter,
      logger,
    );
  }

  async connect(): Promise<void> {
    await this.cluster.connect();
    this.connected = true;
    this.emitter.emit(ConsumerEvents.CONNECT, {});
  }

  async disconnect(): Promise<void> {
    await this.stop();
    this.connected = false;
    await this.cluster.disconnect();
    this.emitter.emit(ConsumerEvents.DISCONNECT, {});
  }

  on<T = unknown>(event: ConsumerEventName, listener: EventListener<T>): RemoveListener {
    return this.emitter.on(event, listener);
  }

  /** Reads exactly these partitions (replacing any earlier assignment). */
  assign(partitions: TopicPartitionAssignment[], options: { fromBeginning?: boolean } = {}): void {
    if (!Array.isArray(partitions)) throw new MinibrokerInvalidArgumentError('assign() takes an array of { topic, partition, offset? }');
    const starts = partitions.map((p) => {
      validateTopicName(p?.topic);
      if (!Number.isInteger(p.partition) || p.partition < 0) throw new MinibrokerInvalidArgumentError(`partition must be a non-negative integer, got ${String(p.partition)}`);
      return this.startOffset(p.offset, options.fromBeginning);
    });
    const added = new Set(this.subscriptions.assign(partitions));
    this.subscriptions.all().forEach((state) => {
      const index = partitions.findIndex((p) => p.topic === state.topic && p.partition === state.partition);
      if (added.has(state) || partitions[index]!.offset !== undefined) this.restart(state, starts[index]!);
    });
    this.cluster.addTargetTopics(this.subscriptions.topics());
    if (this.runner?.isRunning) void this.prepare().then(() => this.fetcher.notifyReset(), (error: unknown) => this.crash(error as MinibrokerError));
  }

  assignment(): { topic: string; partition: number }[] {
    return this.subscriptions.all().map(({ topic, partition }) => ({ topic, partition }));
  }

  /** Starts fetching and processing; resolves once the start offsets are known and fetching has begun. */
  async run(config: RunConfig = {}): Promise<void> {
    if (!this.connected) throw new MinibrokerNotConnectedError('consumer');
    if (this.runner?.isRunning) throw new MinibrokerInvalidArgumentError('the consumer is already running');
    const handlers = [config.eachMessage, config.eachBatch].filter((h) => h !== undefined);
    if (handlers.length !== 1 || typeof handlers[0] !== 'function') {
      throw new MinibrokerInvalidArgumentError('run() needs exactly one of eachMessage or eachBatch, a function');
    }
    await this.prepare();
    this.runner = new Runner(this.subscriptions, this.offsets, this.fetcher, config, createRetrier(this.retry), this.emitter, {
      pause: (state) => {
        this.pause([{ topic: state.topic, partitions: [state.partition] }]);
        return () => this.resume([{ topic: state.topic, partitions: [state.partition] }]);
      },
      onCrash: (error) => this.crash(error),
    });
    this.fetcher.start();
    this.runner.start();
  }

  /** Stops fetching, waits for the handlers in progress; run() may be called again. */
  async stop(): Promise<void> {
    const runner = this.runner;
    if (!runner) return;
    this.runner = undefined;
    await Promise.all([runner.stop(), this.fetcher.stop()]);
    // Prefetched data is dropped; the next run starts where processing stopped.
    for (const state of this.subscriptions.all()) this.rewind(state);
    this.emitter.emit(ConsumerEvents.STOP, {});
  }

  seek({ topic, partition, offset }: { topic: string; partition: number; offset: AssignOffset }): void {
    const state = this.subscriptions.get(topic, partition);
    if (!state) throw new MinibrokerInvalidArgumentError(`${topic}/${partition} is not assigned to this consumer`);
    this.restart(state, this.startOffset(offset, undefined));
    this.fetcher.notifyReset();
  }

  pause(topicPartitions: { topic: string; partitions?: number[] }[]): void {
    for (const { topic, partitions } of this.checkTopicPartitions(topicPartitions)) {
      for (const state of this.subscriptions.pause(topic, partitions)) this.rewind(state);
    }
    this.fetcher.notifyReset();
  }

  resume(topicPartitions: { topic: string; partitions?: number[] }[]): void {
    for (const { topic, partitions } of this.checkTopicPartitions(topicPartitions)) {
      // Resume where processing got to (a handler may have finished after the pause).
      for (const state of this.subscriptions.resume(topic, partitions)) this.rewind(state);
    }
    this.fetcher.notifyReset();
    this.runner?.schedule();
  }

  paused(): { topic: string; partitions: number[] }[] {
    return this.subscriptions.paused();
  }

  private checkTopicPartitions(list: { topic: string; partitions?: number[] }[]) {
    if (!Array.isArray(list)) throw new MinibrokerInvalidArgumentError('expected an array of { topic, partitions? }');
    for (const { topic, partitions } of list) {
      validateTopicName(topic);
      if (partitions !== undefined && !(Array.isArray(partitions) && partitions.every((p) => Number.isInteger(p) && p >= 0))) {
        throw new MinibrokerInvalidArgumentError(`partitions for "${topic}" must be an array of non-negative integers`);
      }
    }
    return list;
  }

  /** Loads metadata for the assigned topics, checks the partitions exist, resolves start offsets. */
  private async prepare(): Promise<void> {
    const states = this.subscriptions.all();
    const topics = this.subscriptions.topics();
    if (topics.length > 0) await this.cluster.ensureTopics(topics, false);
    for (const state of states) {
      const count = this.cluster.topicMetadata(state.topic)?.partitions.length ?? 0;
      if (state.partition >= count) {
        throw new MinibrokerInvalidArgumentError(`partition ${state.partition} does not exist: topic "${state.topic}" has ${count} partitions`, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'UNKNOWN_TOPIC_OR_PARTITION');
      }
    }
    await this.offsets.resolveResets(states);
  }

  private startOffset(offset: AssignOffset | undefined, fromBeginning: boolean | undefined): number | OffsetReset {
    if (offset === 'earliest' || offset === 'latest') return offset;
    if (offset === undefined || offset === null) {
      if (fromBeginning !== undefined) return fromBeginning ? 'earliest' : 'latest';
      if (this.autoOffsetReset === 'none') throw new MinibrokerInvalidArgumentError(`an offset is required when autoOffsetReset is 'none'`);
      return this.autoOffsetReset;
    }
    const n = typeof offset === 'number' ? offset : typeof offset === 'string' && /^\d+$/.test(offset) ? Number(offset) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) throw new MinibrokerInvalidArgumentError(`offset must be a non-negative integer (or 'earliest' / 'latest'), got ${String(offset)}`);
    return n;
  }

  private restart(state: PartitionState, start: number | OffsetReset): void {
    state.restartAt(start);
    state.positionEpoch++;
    if (typeof start === 'number') this.offsets.resolveOffset(state, start);
    else this.offsets.forget([state]);
  }

  /** Drops prefetched data and fetches again from the next offset to process. */
  private rewind(state: PartitionState): void {
    const next = this.offsets.nextOffset(state);
    state.restartAt(next ?? state.reset ?? this.fallbackReset());
  }

  private fallbackReset(): OffsetReset {
    return this.autoOffsetReset === 'none' ? 'earliest' : this.autoOffsetReset;
  }

  private crash(error: MinibrokerError): void {
    this.logger.error({ error: error.message, type: error.type }, 'consumer crashed');
    this.emitter.emit(ConsumerEvents.CRASH, { error, groupId: this.config.groupId, restart: false });
    void this.stop();
  }
}
