// Topics and their partition logs: create (explicitly or on first use), delete, add
// partitions, per-topic retention configs. Throws ProtocolError with Kafka's codes. Every path
// that adds partitions (CreateTopics, CreatePartitions, auto-creation, the admin API) comes
// through create() or addPartitions(), where the per-topic and per-broker bounds are enforced.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import { topicNameProblem } from '../../protocol/topic-name.js';
import type { Logger } from '../logger.js';
import type { LogStore, PartitionSummary } from '../storage/log-store.js';
import type { TopicStore } from '../storage/topic-store.js';
import { PartitionLog, type AppendSink } from './partition-log.js';
import { numericTopicConfig, validateTopicConfigs } from './topic-configs.js';

import { MAX_PARTITIONS } from '../config.js';
export const RETENTION_MS = 'retention.ms';
export const RETENTION_BYTES = 'retention.bytes';
export const MAX_MESSAGE_BYTES = 'max.message.bytes';

export interface Topic {
  readonly id: number;
  readonly name: string;
  /** Replaced whole by alterConfigs. */
  configs: Readonly<Record<string, string>>;
  readonly partitions: PartitionLog[];
}

export interface TopicRegistryOptions {
  topicStore: TopicStore;
  logStore: LogStore;
  sink: AppendSink;
  /** Runs fn in one storage transaction. */
  transact: <T>(fn: () => T) => T;
  maxBatchBytes: number;
  defaultPartitions: number;
  autoCreateTopics: boolean;
  /** Most partitions of all topics together (Kafka's max.broker.partitions, KIP-578); unbounded when absent. */
  maxBrokerPartitions?: number;
  /** Told of refusals over maxBrokerPartitions. */
  log?: Logger;
  /** Runs inside the deletion's transaction: state keyed by topic name goes with the topic (committed offsets). */
  onDelete?: (name: string) => void;
}

/** Told the name of a topic created, deleted or grown. */
export type TopicWatcher = (name: string) => void;

export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();
  private readonly watchers = new Set<TopicWatcher>();
  private partitionTotal = 0;

  constructor(private readonly options: TopicRegistryOptions) {
    // O(partitions): each partition's summary row and the few batches appended after it was saved.
    for (const row of options.topicStore.all()) {
      const partitions = Array.from({ length: row.partitionCount }, (_, p) =>
        this.newLog(row.id, row.name, p, row.configs, options.logStore.loadSummary(row.id, p)),
      );
      this.topics.set(row.name, { id: row.id, name: row.name, configs: row.configs, partitions });
      this.partitionTotal += partitions.length;
    }
  }

  /** Partitions of all topics together. */
  get totalPartitions(): number {
    return this.partitionTotal;
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  /** The topic, created with the defaults when missing and `autoCreate` and the broker allow it. */
  resolve(name: string, autoCreate: boolean): Topic {
    const existing = this.topics.get(name);
    if (existing) return existing;
    const problem = topicNameProblem(name);
    if (problem) throw new ProtocolError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
    if (!autoCreate || !this.options.autoCreateTopics)
      throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${name}`);
    return this.create(name);
  }

  /** The partition's log; throws UNKNOWN_TOPIC_OR_PARTITION when there is none. */
  partition(topic: Topic, partition: number): PartitionLog {
    const log = Number.isInteger(partition) && partition >= 0 ? topic.partitions[partition] : undefined;
    if (!log)
      throw new ProtocolError(
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        `topic ${topic.name} has no partition ${partition}`,
      );
    return log;
  }

  /** numPartitions <= 0 means the broker default. */
  create(name: string, numPartitions = 0, configs: Record<string, string> = {}, validateOnly = false): Topic {
    const problem = topicNameProblem(name);
    if (problem) throw new ProtocolError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
    if (this.topics.has(name)) throw new ProtocolError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic ${name} already exists`);
    const count = numPartitions === 0 || numPartitions === -1 ? this.options.defaultPartitions : numPartitions;
    if (!Number.isInteger(count) || count < 1 || count > MAX_PARTITIONS) {
      throw new ProtocolError(
        ErrorCode.INVALID_PARTITIONS,
        `partition count must be from 1 to ${MAX_PARTITIONS}, got ${numPartitions}`,
      );
    }
    validateTopicConfigs(configs);
    this.checkBrokerPartitions(name, count);
    const clean = { ...configs };
    if (validateOnly) return { id: -1, name, configs: clean, partitions: [] };
    const id = this.options.topicStore.create(name, count, clean);
    const topic: Topic = {
      id,
      name,
      configs: clean,
      partitions: Array.from({ length: count }, (_, p) => this.newLog(id, name, p, clean)),
    };
    this.topics.set(name, topic);
    this.partitionTotal += count;
    this.changed(name);
    return topic;
  }

  delete(name: string): void {
    const topic = this.topics.get(name);
    if (!topic) {
      const problem = topicNameProblem(name);
      if (problem) throw new ProtocolError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
      throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${name}`);
    }
    this.options.transact(() => {
      this.options.logStore.deleteTopic(topic.id);
      this.options.topicStore.delete(topic.id);
      this.options.onDelete?.(name);
    });
    this.topics.delete(name);
    this.partitionTotal -= topic.partitions.length;
    for (const log of topic.partitions) log.markDeleted();
    this.changed(name);
  }

  /** Grows the topic to `count` partitions in total. */
  addPartitions(name: string, count: number, validateOnly = false): void {
    const topic = this.topics.get(name);
    if (!topic) throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${name}`);
    const current = topic.partitions.length;
    if (!Number.isInteger(count) || count <= current || count > MAX_PARTITIONS) {
      throw new ProtocolError(
        ErrorCode.INVALID_PARTITIONS,
        `topic ${name} has ${current} partitions; the new count must be above that and at most ${MAX_PARTITIONS}, got ${count}`,
      );
    }
    this.checkBrokerPartitions(name, count - current);
    if (validateOnly) return;
    this.options.topicStore.setPartitionCount(topic.id, count);
    for (let p = current; p < count; p++) topic.partitions.push(this.newLog(topic.id, name, p, topic.configs));
    this.partitionTotal += count - current;
    this.changed(name);
  }

  /** Replaces the topic's configs (what AlterConfigs does; IncrementalAlterConfigs computes the whole set first). */
  setConfigs(name: string, configs: Record<string, string>, validateOnly = false): void {
    const topic = this.topics.get(name);
    if (!topic) throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${name}`);
    validateTopicConfigs(configs);
    if (validateOnly) return;
    const clean = { ...configs };
    this.options.topicStore.setConfigs(topic.id, clean);
    topic.configs = clean;
    for (const log of topic.partitions) log.maxBatchBytes = this.maxBatchBytes(clean);
  }

  /** Saves the summary of every partition appended to since the last save; returns how many. */
  saveSummaries(): number {
    const unsaved = this.list().flatMap((topic) => topic.partitions.filter((log) => log.unsaved));
    this.options.logStore.saveSummaries(unsaved.map((log) => log.summary()));
    for (const log of unsaved) log.unsaved = false;
    return unsaved.length;
  }

  /** Calls `watcher` with the name of every topic created, deleted or grown; returns the unwatch function. */
  watch(watcher: TopicWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private checkBrokerPartitions(topic: string, adding: number): void {
    const max = this.options.maxBrokerPartitions ?? Number.POSITIVE_INFINITY;
    if (this.partitionTotal + adding <= max) return;
    const message = `the broker holds ${this.partitionTotal} partitions; ${adding} more for topic ${topic} would exceed maxBrokerPartitions (${max})`;
    this.options.log?.warn(
      { topic, partitions: this.partitionTotal, adding, maxBrokerPartitions: max },
      'partitions refused: broker partition limit reached',
    );
    throw new ProtocolError(ErrorCode.INVALID_PARTITIONS, message);
  }

  private changed(name: string): void {
    for (const watcher of this.watchers) watcher(name);
  }

  private maxBatchBytes(configs: Readonly<Record<string, string>>): number {
    return numericTopicConfig(configs, MAX_MESSAGE_BYTES) ?? this.options.maxBatchBytes;
  }

  private newLog(
    topicId: number,
    name: string,
    partition: number,
    configs: Readonly<Record<string, string>>,
    stored?: PartitionSummary,
  ): PartitionLog {
    return new PartitionLog(
      topicId,
      name,
      partition,
      this.options.logStore,
      this.options.sink,
      this.maxBatchBytes(configs),
      stored,
    );
  }
}

/** A topic's retention setting, or undefined when the topic does not set it. */
export function topicRetention(topic: Topic, key: typeof RETENTION_MS | typeof RETENTION_BYTES): number | undefined {
  const raw = topic.configs[key];
  return raw === undefined ? undefined : Number(raw);
}
